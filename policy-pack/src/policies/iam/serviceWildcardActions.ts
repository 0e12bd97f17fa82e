import { resourcePolicy } from "../../policy";
import { actionPatterns, hasBroadResources, isServiceWildcard } from "../../iam";
import { eachAllowStatement, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * No identity policy allows every action of a service (`s3:*`, `kms:*`) on broad
 * resources. `*` on its own is `iam-no-admin-statements`'s finding.
 *
 * Controls: IAM.21 (FSBP; Config rule IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS).
 */
export const serviceWildcardActions = resourcePolicy({
    name: "iam-no-service-wildcard-actions",
    description: "No IAM policy statement allows 'service:*' on broad resources.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: ["IAM.21"],
    onUnknown: "defer",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) =>
        eachAllowStatement(args, reportViolation, (s) => {
            const { patterns, not } = actionPatterns(s);
            const full = patterns.filter(isServiceWildcard);
            if (not || full.length === 0 || !hasBroadResources(s)) return undefined;
            return `allows every action of a service (${full.join(", ")}) on broad resources: list the actions and resources it needs.`;
        }),
});
