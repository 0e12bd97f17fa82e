import { resourcePolicy } from "../../policy";
import {
    actionPatterns,
    expandAction,
    hasBroadResources,
    isAllActions,
    isPermissionsManagement,
    isServiceWildcard,
} from "../../iam";
import { eachAllowStatement, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * No identity policy uses an action wildcard (`iam:*Policy*`, `iam:Put*`,
 * `*:Attach*`) that covers admin-level actions on broad resources. Each pattern
 * is expanded against the IAM service authorization data; admin-level means the
 * access level "Permissions management" (the actions that change who may do
 * what: attaching policies, editing trust and resource policies, creating
 * credentials). `*` and `service:*` are reported by their own policies.
 *
 * Controls: IAM.1 (FSBP) in spirit: a wildcard that grants permission management
 * on everything is administrator access by another name.
 */
export const privilegedActionWildcards = resourcePolicy({
    name: "iam-no-privileged-action-wildcards",
    description: "No IAM policy action wildcard covers permissions-management actions on broad resources.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: ["IAM.1"],
    onUnknown: "defer",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) =>
        eachAllowStatement(args, reportViolation, (s) => {
            const { patterns, not } = actionPatterns(s);
            if (not || !hasBroadResources(s)) return undefined;
            const wild = patterns.filter((p) => /[*?]/.test(p) && !isAllActions(p) && !isServiceWildcard(p));
            const admin = [...new Set(wild.flatMap(expandAction).filter(isPermissionsManagement))].sort();
            if (admin.length === 0) return undefined;
            const shown = admin.slice(0, 4).join(", ") + (admin.length > 4 ? `, and ${admin.length - 4} more` : "");
            return `uses ${wild.join(", ")}, which grants permissions-management actions (${shown}) on broad resources.`;
        }),
});
