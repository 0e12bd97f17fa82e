import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { resourceAccounts } from "../../accounts";
import { accountOf, conditionFacts, hasPinningCondition, parseDocument, PINNING_CONDITION_KEYS, statementLabel } from "../../iam";

type Config = Pick<PackConfig, "accountIds">;

/**
 * A role's trust policy admits named principals only: no `Principal: *` (or
 * `AWS: *`) unless a condition pins the caller (aws:PrincipalOrgID,
 * aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount/SourceArn, ...), no
 * Allow with NotPrincipal, no principal of another account without a condition
 * (sts:ExternalId, MFA, an organization, ...), and no federated principal without
 * a condition on its token's claims (an OIDC provider trusted without `sub`/`aud`
 * admits every repository or tenant of that provider). "Another account" is one
 * not in `accountIds`, the provider's `allowedAccountIds`, or the account of the
 * role the provider assumes (see accounts.ts). When none of them names the
 * stack's account, an account principal is not judged as another account (it
 * may be the stack's own); a principal that names no account still needs a
 * condition, and aws-no-foreign-principals judges every account principal
 * against the account the stack's ARNs name.
 *
 * Controls: none in Security Hub; IAM Access Analyzer reports such roles as external access.
 */
export const trustPolicyRestricted = resourcePolicy({
    name: "iam-trust-policy-restricted",
    description:
        "Role trust policies admit no '*' principal without a pinning condition and no other account or federation without conditions.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: [],
    configKeys: ["accountIds"],
    onUnknown: "defer",
    resourceTypes: ["aws:iam/role:Role"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:iam/role:Role") return;
        const doc = args.props["assumeRolePolicy"];
        if (doc === undefined) return;
        const parsed = parseDocument(doc);
        if ("error" in parsed) {
            reportViolation(`assumeRolePolicy ${parsed.error}; the pack cannot judge it.`);
            return;
        }
        // The stack's account as this role's own configuration and provider give it. When they give none,
        // an account principal may well be the stack's own (a CI role trusted by the deploy role): unknown
        // is not non-compliant. The pack's other "another account" checks stay silent on an unknown account
        // too (aws-no-foreign-principals, aws-no-foreign-account-references, s3-bucket-key-own-account), and
        // aws-no-foreign-principals, a stack policy, still judges the principal against the account the
        // stack's ARNs name.
        const own = resourceAccounts(args.getConfig<Config>().accountIds, args.provider);
        for (const s of parsed.statements) {
            if (!s.isAllow()) continue;
            const where = `assumeRolePolicy: ${statementLabel(s)}`;
            const conditioned = conditionFacts(s).some((c) => !c.ifExists);
            if (s.isNotPrincipalStatement()) {
                reportViolation(`${where} allows everyone except its NotPrincipal.`);
                continue;
            }
            if (!s.isPrincipalStatement()) continue;
            for (const p of s.principals()) {
                if (p.isWildcardPrincipal()) {
                    if (!hasPinningCondition(s, PINNING_CONDITION_KEYS))
                        reportViolation(
                            `${where} trusts Principal '*' without a condition that pins the caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, ...).`,
                        );
                } else if (p.isFederatedPrincipal()) {
                    if (!conditioned)
                        reportViolation(`${where} trusts the federated principal ${p.value()} without conditions on its token.`);
                } else if (p.type() === "AWS") {
                    const account = accountOf(p.value());
                    const foreign = account === undefined || (own.size > 0 && !own.has(account));
                    if (foreign && !conditioned)
                        reportViolation(
                            `${where} trusts ${p.value()}${own.size > 0 ? ", another account," : ""} without conditions (sts:ExternalId, aws:PrincipalOrgID, MFA, ...).`,
                        );
                }
            }
        }
    },
});
