import { resourcePolicy } from "../../policy";
import { grantsAction, hasBroadResources, hasPinningCondition } from "../../iam";
import { eachAllowStatement, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * A statement that grants `iam:PassRole` (by name, through a wildcard or through
 * NotAction) names the roles it may pass: passing any role to any service is
 * privilege escalation. Roles named one by one need nothing more: that is how AWS
 * documents the grant ("Specify the full ARN of your task execution role", ECS
 * developer guide, "Amazon ECS EventBridge IAM Role"), and each role's own trust
 * policy says which service can use it. A pattern of roles (`role/orders-*`) admits
 * roles created later, so it also names the service they may be passed to
 * (`iam:PassedToService`).
 *
 * Controls: none in Security Hub; cloudsplaining and Access Analyzer report it.
 */
export const passRoleRestricted = resourcePolicy({
    name: "iam-pass-role-restricted",
    description: "iam:PassRole is granted only on named roles, or on a pattern of roles with an iam:PassedToService condition.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: [],
    onUnknown: "defer",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) =>
        eachAllowStatement(args, reportViolation, (s) => {
            if (!grantsAction(s, "iam:PassRole")) return undefined;
            const pinned = hasPinningCondition(s, ["iam:PassedToService"]);
            if (hasBroadResources(s))
                return `grants iam:PassRole on broad resources${pinned ? "" : " and without an iam:PassedToService condition"}.`;
            const patterns = s.resources().filter((r) => /[*?]/.test(r.value()));
            if (patterns.length > 0 && !pinned)
                return `grants iam:PassRole on a pattern of roles (${patterns.map((r) => r.value()).join(", ")}) without an iam:PassedToService condition: name the roles, or the service they may be passed to.`;
            return undefined;
        }),
});
