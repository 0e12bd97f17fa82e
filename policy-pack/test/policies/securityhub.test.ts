import { controlsNotSilenced } from "../../src/policies/securityhub/controlsNotSilenced";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";
import { automationRuleNoSilencing } from "../../src/policies/securityhub/automationRuleNoSilencing";
import { runMeaningCases } from "../meaningCases";
import type { Res } from "../fixtures";

runResourcePolicyCases([
    [
        controlsNotSilenced,
        [
            [
                "new controls no longer enabled",
                "securityhub",
                { autoEnableControls: false },
                ["Security Hub account does not auto-enable new controls: set autoEnableControls: true."],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        controlsNotSilenced,
        [
            [
                "a control disabled without a reason",
                [
                    {
                        type: "aws:securityhub/standardsControlAssociation:StandardsControlAssociation",
                        name: "no-cloudtrail-1",
                        inputs: {
                            securityControlId: "CloudTrail.1",
                            standardsArn:
                                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                            associationStatus: "DISABLED",
                        },
                    },
                ],
                [["no-cloudtrail-1", "Security Hub control CloudTrail.1 is DISABLED without an updatedReason."]],
            ],
            [
                "a control disabled with its reason passes",
                [
                    {
                        type: "aws:securityhub/standardsControlAssociation:StandardsControlAssociation",
                        name: "no-guardduty-5",
                        inputs: {
                            securityControlId: "GuardDuty.5",
                            standardsArn:
                                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                            associationStatus: "DISABLED",
                            updatedReason: "EKS is not used in this account.",
                        },
                    },
                ],
                [],
            ],
        ],
    ],
]);

const automationRule = (actions: unknown[], ruleStatus = "ENABLED"): Res => ({
    type: "aws:securityhub/automationRule:AutomationRule",
    name: "mark-notified",
    inputs: {
        ruleName: "baseline-findings-notified",
        ruleOrder: 1,
        ruleStatus,
        criteria: { workflowStatuses: [{ comparison: "EQUALS", value: "NEW" }] },
        actions,
    },
});
const update = (findingFieldsUpdate: Record<string, unknown>) => [{ type: "FINDING_FIELDS_UPDATE", findingFieldsUpdate }];

runMeaningCases(
    automationRuleNoSilencing,
    [
        {
            title: "the baseline's rule: mark NOTIFIED with a note",
            added: [automationRule(update({ workflow: { status: "NOTIFIED" }, note: { text: "sent", updatedBy: "baseline" } }))],
            expected: null,
        },
        {
            title: "a rule that suppresses findings",
            added: [automationRule(update({ workflow: { status: "SUPPRESSED" } }))],
            expected: /sets Workflow.Status SUPPRESSED/,
        },
        {
            title: "a rule that resolves findings",
            added: [automationRule(update({ workflow: { status: "RESOLVED" } }))],
            expected: /sets Workflow.Status RESOLVED/,
        },
        {
            title: "a rule that lowers severity",
            added: [automationRule(update({ workflow: { status: "NOTIFIED" }, severity: { label: "LOW" } }))],
            expected: /changes findings' severity/,
        },
        {
            title: "the rule disabled",
            added: [automationRule(update({ workflow: { status: "NOTIFIED" } }), "DISABLED")],
            expected: /is DISABLED/,
        },
    ],
    true,
);
