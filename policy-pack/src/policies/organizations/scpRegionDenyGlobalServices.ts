import { ResourceValidationArgs } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";
import { expandAction, grantsAction, Statement, statementLabel } from "../../iam";
import { actionMatches } from "../../iamDocument";
import { negatedConditionsOn, ORG_POLICY_TYPE, orgPolicyKind, orgPolicyStatements, someOf } from "../../organizations";

/**
 * True when a NotAction pattern leaves the whole entry out of the Deny: every action of the
 * entry (from the service authorization data) is matched; for a service the data does not
 * know, the pattern covers the entry as written (`iam:*` covers `iam:*`, `s3:*` covers
 * `s3:ListAllMyBuckets`).
 */
function entryDenied(statement: Statement, entry: string): boolean {
    const actions = expandAction(entry);
    if (actions.length > 0) return actions.some((a) => grantsAction(statement, a));
    if (statement.isNotActionStatement()) return !statement.notActions().some((p) => actionMatches(entry, p.value()));
    return statement.actions().some((p) => actionMatches(entry, p.value()) || actionMatches(p.value(), entry));
}

/**
 * A service control policy that denies requests outside the allowed regions
 * (`aws:RequestedRegion` with a negated operator) leaves the global services out of the
 * Deny with `NotAction`: "Because global services have endpoints that are physically hosted
 * by the us-east-1 Region, they must be exempted in this way" (AWS Organizations User Guide,
 * "Deny access to AWS based on the requested AWS Region"). Without them every account under
 * the policy loses IAM, STS, Organizations, Route 53, CloudFront and Support. The entries are
 * AWS's list (`regionDenyExemptActions`, src/organizations.ts); an organization removes one only
 * for a global service it never uses, in its configuration.
 *
 * Also reports an SCP or RCP whose content is not a valid policy document: the pack cannot
 * judge it (the Organizations API refuses it at apply).
 *
 * Controls: none in Security Hub (an organization's own guardrail).
 */
export const scpRegionDenyGlobalServices = resourcePolicy({
    name: "org-scp-region-deny-global-services",
    description: "An SCP that denies requests outside the allowed regions exempts the global services AWS documents (NotAction).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "organizations",
    controls: [],
    onUnknown: "defer",
    configKeys: ["regionDenyExemptActions"],
    resourceTypes: [ORG_POLICY_TYPE],
    remediationSteps:
        'Write the region deny as "Effect": "Deny" with "NotAction" listing the global services (the regionDenyExemptActions entries) and "Resource": "*".',
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (args.type !== ORG_POLICY_TYPE) return;
        const kind = orgPolicyKind(args);
        if (kind === undefined) return;
        const parsed = orgPolicyStatements(args.props["content"]);
        if ("error" in parsed) {
            reportViolation(`content: the ${kind} ${parsed.error}; the pack cannot judge it.`);
            return;
        }
        if (kind !== "SCP") return;
        const exempt = args.getConfig<{ regionDenyExemptActions: string[] }>().regionDenyExemptActions;
        for (const s of parsed.statements) {
            if (!s.isDeny() || negatedConditionsOn(s, ["aws:requestedregion"]).length === 0) continue;
            const missing = exempt.filter((e) => entryDenied(s, e));
            if (missing.length === 0) continue;
            reportViolation(
                `content: ${statementLabel(s)} denies requests outside its regions (aws:RequestedRegion) without exempting the global services ${someOf(missing, 6)}: list them in its NotAction.`,
            );
        }
    },
});
