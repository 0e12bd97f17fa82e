import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const TYPE = "aws:securityhub/automationRule:AutomationRule";

/**
 * Baseline conformance: no Security Hub automation rule of the baseline's projects changes what the
 * findings rule forwards. Security Hub's guide ("Automations in Security Hub CSPM"): "Automation rules
 * take effect before EventBridge rules are applied. That is, automation rules are triggered and update a
 * finding before EventBridge receives the finding." So a rule that sets any workflow status (NOTIFIED
 * included: the findings rule forwards NEW findings only, and its marker sets NOTIFIED afterwards),
 * lowers severity, or rewrites verification state or confidence hides findings from the alarm topic
 * before anyone is told. An automation rule "can apply a variety of rule actions, such as suppressing
 * findings, changing their severity" (Security Hub user guide, "Understanding automation rules"); notes
 * and user-defined fields change nothing the routing reads.
 *
 * Controls: none (the findings routing is the baseline's own promise).
 */
export const automationRuleNoSilencing = resourcePolicy({
    name: "securityhub-automation-rule-no-silencing",
    description:
        "Baseline conformance: Security Hub automation rules never change a finding's workflow status, severity, verification state or confidence before the findings rule sees it.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "securityhub",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [TYPE],
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPE || !inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        for (const action of asArray(args.props["actions"] as unknown[])) {
            const update = (action as Record<string, unknown> | undefined)?.["findingFieldsUpdate"] as
                Record<string, unknown> | undefined;
            if (!update) continue;
            const status = (update["workflow"] as Record<string, unknown> | undefined)?.["status"];
            if (status !== undefined)
                reportViolation(
                    `The automation rule sets Workflow.Status ${String(status)} before the findings rule sees the finding: the findings rule forwards NEW findings only.`,
                );
            if (update["severity"] !== undefined)
                reportViolation("The automation rule changes findings' severity before the findings rule sees them.");
            if (update["verificationState"] !== undefined || update["confidence"] !== undefined)
                reportViolation("The automation rule rewrites findings' verification state or confidence.");
        }
    },
});
