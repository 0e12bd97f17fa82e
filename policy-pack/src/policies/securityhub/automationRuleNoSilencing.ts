import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const TYPE = "aws:securityhub/automationRule:AutomationRule";

/** Workflow statuses an automation rule of the baseline may set: a finding is marked as sent, never closed. */
const ALLOWED_STATUSES = ["NOTIFIED"];

/**
 * Baseline conformance: the baseline's Security Hub automation rule only marks a
 * finding as sent to the alarm topic (Workflow NOTIFIED). An automation rule
 * "can apply a variety of rule actions, such as suppressing findings, changing
 * their severity" (Security Hub user guide, "Understanding automation rules"):
 * an edit that suppresses or resolves findings, lowers their severity, or
 * disables the rule silences detection without touching the detectors.
 *
 * Controls: none (the rule itself is the baseline's finding routing).
 */
export const automationRuleNoSilencing = resourcePolicy({
    name: "securityhub-automation-rule-no-silencing",
    description:
        "Baseline conformance: Security Hub automation rules only mark findings NOTIFIED; they never suppress or resolve them, lower their severity, or get disabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "securityhub",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [TYPE],
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPE || !inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        if (args.props["ruleStatus"] === "DISABLED")
            reportViolation("The automation rule is DISABLED: findings are no longer marked as sent.");
        for (const action of asArray(args.props["actions"] as unknown[])) {
            const update = (action as Record<string, unknown> | undefined)?.["findingFieldsUpdate"] as
                Record<string, unknown> | undefined;
            if (!update) continue;
            const status = (update["workflow"] as Record<string, unknown> | undefined)?.["status"];
            if (status !== undefined && !ALLOWED_STATUSES.includes(String(status)))
                reportViolation(
                    `The automation rule sets Workflow.Status ${String(status)}: the baseline's rule may only set NOTIFIED.`,
                );
            if (update["severity"] !== undefined)
                reportViolation("The automation rule changes findings' severity: detection would be silenced.");
            if (update["verificationState"] !== undefined || update["confidence"] !== undefined)
                reportViolation("The automation rule rewrites findings' verification state or confidence.");
        }
    },
});
