import { resourcePolicy } from "../../policy";
import { grantsAction, hasBroadResources, hasPinningCondition } from "../../iam";
import { eachAllowStatement, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * A statement that grants `iam:PassRole` (by name, through a wildcard or through
 * NotAction) names the roles it may pass and the service it may pass them to
 * (`iam:PassedToService`): passing any role to any service is privilege escalation.
 *
 * Controls: none in Security Hub; cloudsplaining and Access Analyzer report it.
 */
export const passRoleRestricted = resourcePolicy({
    name: "iam-pass-role-restricted",
    description: "iam:PassRole is granted only on named roles and with an iam:PassedToService condition.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: [],
    onUnknown: "defer",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) =>
        eachAllowStatement(args, reportViolation, (s) => {
            if (!grantsAction(s, "iam:PassRole")) return undefined;
            const problems: string[] = [];
            if (hasBroadResources(s)) problems.push("on broad resources");
            if (!hasPinningCondition(s, ["iam:PassedToService"])) problems.push("without an iam:PassedToService condition");
            return problems.length === 0 ? undefined : `grants iam:PassRole ${problems.join(" and ")}.`;
        }),
});
