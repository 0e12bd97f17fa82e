import { resourcePolicy } from "../../policy";
import { actionPatterns, hasBroadResources, isAllActions, parseDocument, statementLabel } from "../../iam";
import { IDENTITY_POLICY_TYPES, identityDocuments } from "./documents";

/**
 * No identity policy allows every action of every service (`*`, `*:*`) on broad
 * resources (`*`, or an ARN pattern naming no resource). Documents are parsed,
 * not pattern-matched; a document that is not a valid IAM policy is reported
 * too, since no policy of the pack can judge it. Checks `aws.iam.Policy`,
 * `RolePolicy`, `UserPolicy`, `GroupPolicy`, `aws.iam.Role.inlinePolicies` and
 * Identity Center permission-set inline policies.
 *
 * Controls: IAM.1 (FSBP).
 */
export const noAdminStatements = resourcePolicy({
    name: "iam-no-admin-statements",
    description: "No IAM policy statement allows '*' actions on '*' resources; every IAM policy document parses.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: ["IAM.1"],
    onUnknown: "defer",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) => {
        for (const { where, doc } of identityDocuments(args)) {
            const parsed = parseDocument(doc);
            if ("error" in parsed) {
                reportViolation(`${where}: the document ${parsed.error}; the pack cannot judge it.`);
                continue;
            }
            for (const s of parsed.statements) {
                const { patterns, not } = actionPatterns(s);
                if (s.isAllow() && !not && patterns.some(isAllActions) && hasBroadResources(s))
                    reportViolation(`${where}: ${statementLabel(s)} allows '*' actions on '*' resources.`);
            }
        }
    },
});
