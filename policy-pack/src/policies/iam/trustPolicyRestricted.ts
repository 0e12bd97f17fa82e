import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { resourceAccounts } from "../../accounts";
import { accountOf, conditionFacts, hasPinningCondition, parseDocument, PINNING_CONDITION_KEYS, statementLabel } from "../../iam";

type Config = Pick<PackConfig, "accountIds">;

/**
 * The claim that says WHO an OIDC token was issued to, for a federated principal, as its condition key:
 * `<provider>:sub` for an IAM OIDC provider (arn:...:oidc-provider/<host>), `cognito-identity.amazonaws.com:aud`
 * (the identity pool) for Cognito. A token's other claims say nothing of it: GitHub's `aud` is
 * `sts.amazonaws.com` for every repository. GitHub's guide to OIDC in AWS: "AWS Identity and Access
 * Management (IAM) recommends that users evaluate the IAM condition key,
 * token.actions.githubusercontent.com:sub, in the trust policy of any role that trusts GitHub's OIDC
 * identity provider (IdP)". Pulumi Cloud (`api.pulumi.com/oidc`) issues its tokens for AWS to an audience
 * that is the organization: "the value is the name of your Pulumi organization prefixed with `aws:`" (Pulumi
 * ESC, "Configuring OIDC: AWS"; the organization's name alone for Pulumi Deployments), and its `sub` starts
 * with the organization too (`pulumi:environments:org:<org>:...`): either names who may assume the role.
 * SAML providers: none (any condition counts, as before). The first key is the one a message names.
 */
export function subjectKeysOf(federated: string): string[] {
    if (federated === "cognito-identity.amazonaws.com") return ["cognito-identity.amazonaws.com:aud"];
    const host = /:oidc-provider\/(.+)$/.exec(federated)?.[1];
    if (host === "api.pulumi.com/oidc") return [`${host}:aud`, `${host}:sub`];
    return host ? [`${host}:sub`] : [];
}

/**
 * Issuers shared by many tenants, and how a subject names the tenant: GitHub `repo:<owner>/...` (custom
 * subject templates start with other claims, so only a `repo:` subject is held to it), GitLab.com
 * `project_path:<group>/...`, HCP Terraform `organization:<org>:...`. A wildcard in the tenant admits another
 * tenant's workflows (`repo:octo*` admits `octo-evil`).
 */
const TENANT_SUBJECTS: readonly { key: RegExp; claim: RegExp; named: RegExp }[] = [
    { key: /^token\.actions\.githubusercontent\.com(\/[^:]+)?:sub$/, claim: /^repo:/, named: /^repo:[^/*?]+\// },
    { key: /^gitlab\.com:sub$/, claim: /^project_path:/, named: /^project_path:[^/*?]+\// },
    { key: /^app\.terraform\.io:sub$/, claim: /^organization:/, named: /^organization:[^:*?]+:/ },
];

/** True when a subject value names its tenant: no leading wildcard (`*:ref:refs/heads/main` is every repository's main) and, for a shared issuer, a literal tenant. */
function namesTenant(key: string, value: string): boolean {
    if (/^[*?]/.test(value)) return false;
    if (/^repo:[^/]*[*?]/.test(value)) return false;
    const tenant = TENANT_SUBJECTS.find((t) => t.key.test(key));
    return !tenant || !tenant.claim.test(value) || tenant.named.test(value);
}

/**
 * True when a positive, non-IfExists condition on the subject claim names someone: no bare or leading
 * wildcard, no policy variable, for a shared issuer no wildcard in the tenant (namesTenant), and for Pulumi
 * Cloud no wildcard in the audience at all (it is one organization's name: `aws:acme*` or `acme*` admits
 * `acme-evil` too) and a subject that names the organization literally (`pulumi:<kind>:org:<org>:...`).
 */
function pinsSubject(s: Parameters<typeof conditionFacts>[0], key: string): boolean {
    return conditionFacts(s).some(
        (c) =>
            c.key === key.toLowerCase() &&
            !c.ifExists &&
            !c.negated &&
            c.values.length > 0 &&
            c.values.every(
                (v) =>
                    !/^[*?]*$/.test(v) &&
                    !v.includes("${") &&
                    namesTenant(key.toLowerCase(), v) &&
                    !(key === "api.pulumi.com/oidc:aud" && /[*?]/.test(v)) &&
                    !(key === "api.pulumi.com/oidc:sub" && !/^pulumi:[^:*?]+:org:[^:*?]+:/.test(v)),
            ),
    );
}

/**
 * A role's trust policy admits named principals only: no `Principal: *` (or
 * `AWS: *`) unless a condition pins the caller (aws:PrincipalOrgID,
 * aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount/SourceArn, ...), no
 * Allow with NotPrincipal, no principal of another account without a condition
 * (sts:ExternalId, MFA, an organization, ...), and no federated principal without
 * a condition on its token's claims; for an OIDC provider, a condition on the claim
 * that names the subject (`<provider>:sub`; the pool, `aud`, for Cognito): one on
 * `aud` alone admits every repository or tenant of that provider (subjectKeysOf). "Another account" is one
 * not in `accountIds`, the provider's `allowedAccountIds`, or the account of the
 * role the provider assumes (see accounts.ts). When none of them names the
 * stack's account, an account principal is not judged as another account (it
 * may be the stack's own); a principal that names no account still needs a
 * condition, and aws-no-foreign-principals judges account principals against
 * the declared accounts, and against the account the stack's ARNs name only in
 * the baseline's own projects (`conformanceProjects`).
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
        // aws-no-foreign-principals, a stack policy, judges the principal against the declared accounts, and
        // against the account the stack's ARNs name only in the baseline's own projects.
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
                    const subjects = subjectKeysOf(p.value());
                    if (!conditioned)
                        reportViolation(`${where} trusts the federated principal ${p.value()} without conditions on its token.`);
                    else if (subjects.length > 0 && !subjects.some((k) => pinsSubject(s, k)))
                        reportViolation(
                            `${where} trusts ${p.value()} without a condition on ${subjects[0]} that names who may assume it: every identity the provider issues tokens to (for GitHub, every repository) may.`,
                        );
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
