import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeployRegion, NAME_PREFIX } from "@baseline/lib";
import { FindingsRule, findingsRuleName } from "./topicPublishers";

/** Severity labels that reach a person through the alarm topic. */
export const FORWARDED_SEVERITIES = ["HIGH", "CRITICAL"] as const;

/** The workflow status a forwarded finding is given, so that its later updates are not forwarded again. */
export const FORWARDED_STATUS = "NOTIFIED";

/**
 * New, active HIGH and CRITICAL Security Hub findings raised in this region, GuardDuty's included, each
 * forwarded ONCE. Security Hub sends every new finding and every update of one as `Security Hub Findings
 * - Imported` (Security Hub user guide, "Using EventBridge for automated response and remediation":
 * "Security Hub CSPM automatically sends all new findings and all updates to existing findings to
 * EventBridge"); a finding that stays open is re-imported on every evaluation with the same workflow
 * status. The automation rule below moves each finding this pattern forwards from NEW to NOTIFIED, and
 * the pattern matches NEW only, so the updates that follow (NOTIFIED) are not forwarded. A finding that
 * is resolved and fails again returns to NEW (Security Hub resets the workflow of a control finding that
 * goes from PASSED back to FAILED) and is forwarded again: that is a new incident.
 *
 * GuardDuty findings go through Security Hub too, not through a rule of their own: GuardDuty re-sends an
 * existing finding to EventBridge with every new occurrence, at the detector's publishing frequency, and
 * its first event may already count several occurrences (GuardDuty user guide, "Processing GuardDuty
 * findings with Amazon EventBridge"), so no field of a GuardDuty event tells the first from a repeat;
 * Security Hub imports them (ProductName GuardDuty) and its workflow status does.
 *
 * `detail.findings[].Region` is the finding's region, so in the aggregation region the rule does not
 * forward the other regions' findings a second time (their own rule forwards them).
 */
export function securityHubFindingsPattern(region: DeployRegion): object {
    return {
        source: ["aws.securityhub"],
        "detail-type": ["Security Hub Findings - Imported"],
        detail: {
            findings: {
                Region: [region],
                Severity: { Label: [...FORWARDED_SEVERITIES] },
                Workflow: { Status: ["NEW"] },
                RecordState: ["ACTIVE"],
            },
        },
    };
}

/**
 * The Security Hub automation rule that marks what the pattern forwards as NOTIFIED: the same criteria
 * (severity, workflow NEW, record ACTIVE), so every finding the rule forwards leaves NEW exactly once.
 * Security Hub user guide, "Understanding automation rules": "Rules apply to both new findings and
 * updated findings"; criteria values of one field are alternatives (EQUALS), fields are all required.
 * One rule in every region's stack: the same guide (Security Hub CSPM automation rules): "An automation
 * rule applies only in the AWS Region in which it's created. To apply a rule in multiple Regions, the
 * delegated administrator must create the rule in each Region."
 */
export function markNotifiedRule(): Pick<aws.securityhub.AutomationRuleArgs, "criteria" | "actions"> {
    const eq = (value: string) => ({ comparison: "EQUALS", value });
    return {
        criteria: {
            severityLabels: FORWARDED_SEVERITIES.map(eq),
            workflowStatuses: [eq("NEW")],
            recordStates: [eq("ACTIVE")],
        },
        actions: [
            {
                type: "FINDING_FIELDS_UPDATE",
                findingFieldsUpdate: {
                    workflow: { status: FORWARDED_STATUS },
                    note: {
                        text: "Sent to the baseline's alarm topic; later updates of this finding are not sent again.",
                        updatedBy: `${NAME_PREFIX}-findings-routing`,
                    },
                },
            },
        ],
    };
}

export interface FindingsRoutingArgs {
    readonly region: DeployRegion;
    readonly alarmTopicArn: pulumi.Input<string>;
    /** The topic policy that lets these rules publish: targets fail until it exists. */
    readonly dependsOn: pulumi.Resource[];
    /** Security Hub of this region: automation rules need it enabled. */
    readonly securityHub?: pulumi.Resource;
}

/**
 * The EventBridge rule that sends HIGH and CRITICAL findings (Security Hub's own and GuardDuty's) to the
 * alarm topic, once each, and the automation rule that makes it once.
 */
export class FindingsRouting extends pulumi.ComponentResource {
    readonly rules: Record<FindingsRule, aws.cloudwatch.EventRule>;

    constructor(name: string, args: FindingsRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:FindingsRouting", name, {}, opts);
        const route = (rule: FindingsRule, description: string, pattern: object) => {
            const r = new aws.cloudwatch.EventRule(
                `${name}-${rule}`,
                { name: findingsRuleName(rule), description, eventPattern: JSON.stringify(pattern), state: "ENABLED" },
                { parent: this },
            );
            // SNS targets need no role: EventBridge publishes as events.amazonaws.com, which the topic policy admits by rule ARN.
            new aws.cloudwatch.EventTarget(
                `${name}-${rule}-to-alarm-topic`,
                { rule: r.name, arn: args.alarmTopicArn, targetId: "alarm-topic" },
                { parent: r, dependsOn: args.dependsOn },
            );
            return r;
        };
        this.rules = {
            "securityhub-findings": route(
                "securityhub-findings",
                "New, active HIGH or CRITICAL Security Hub and GuardDuty findings of this region to the alarm topic, once",
                securityHubFindingsPattern(args.region),
            ),
        };
        new aws.securityhub.AutomationRule(
            `${name}-mark-notified`,
            {
                ruleName: `${NAME_PREFIX}-mark-forwarded-findings-notified`,
                description:
                    "Moves each HIGH or CRITICAL finding the findings rule sent to the alarm topic from NEW to NOTIFIED, so its updates are not sent again",
                ruleOrder: 1,
                ruleStatus: "ENABLED",
                isTerminal: false,
                ...markNotifiedRule(),
            },
            { parent: this, dependsOn: args.securityHub ? [args.securityHub] : [] },
        );
        this.registerOutputs({});
    }
}
