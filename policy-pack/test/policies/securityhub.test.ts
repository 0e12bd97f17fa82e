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
            title: "a rule that only adds a note",
            added: [automationRule(update({ note: { text: "triaged by the platform team", updatedBy: "platform" } }))],
            expected: null,
        },
        {
            // Applied before EventBridge: the findings rule (NEW only) would never see these findings.
            title: "a rule that marks new findings NOTIFIED",
            added: [automationRule(update({ workflow: { status: "NOTIFIED" } }))],
            expected: /sets Workflow.Status NOTIFIED before the findings rule sees the finding/,
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
            added: [automationRule(update({ severity: { label: "LOW" } }))],
            expected: /changes findings' severity before the findings rule sees them/,
        },
        {
            title: "a disabled rule that would suppress findings: enabling it is one call",
            added: [automationRule(update({ workflow: { status: "SUPPRESSED" } }), "DISABLED")],
            expected: /sets Workflow.Status SUPPRESSED/,
        },
    ],
    true,
);
