import { resourcePolicy } from "../../policy";
import { eachAllowStatement, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * No identity policy uses `Allow` with `NotAction` or `NotResource`: both grant
 * everything not listed, including actions and resources that do not exist yet.
 *
 * Controls: none in Security Hub (IAM Access Analyzer policy checks warn on both).
 */
export const noAllowNotAction = resourcePolicy({
    name: "iam-no-allow-not-action",
    description: "No IAM policy statement combines Allow with NotAction or NotResource.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: [],
    onUnknown: "defer",
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) =>
        eachAllowStatement(args, reportViolation, (s) => {
            const parts = [s.isNotActionStatement() ? "NotAction" : "", s.isNotResourceStatement() ? "NotResource" : ""];
            const used = parts.filter((p) => p !== "");
            if (used.length === 0) return undefined;
            return `combines Allow with ${used.join(" and ")}, which grants everything it does not list: list what it allows.`;
        }),
});
