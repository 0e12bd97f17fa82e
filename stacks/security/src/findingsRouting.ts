import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Region } from "@baseline/lib";
import { FindingsRule, findingsRuleName } from "./topicPublishers";

/**
 * HIGH (7.0-8.9) and CRITICAL (9.0-10.0) GuardDuty findings of this region. GuardDuty sends every
 * finding to EventBridge as source `aws.guardduty`, detail-type `GuardDuty Finding`, with a numeric
 * `detail.severity` (GuardDuty user guide, "Creating custom responses to GuardDuty findings with
 * Amazon EventBridge", and "Severity levels of GuardDuty findings").
 */
export function guardDutyFindingsPattern(): object {
    return {
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", 7] }] },
    };
}

/**
 * New, active HIGH and CRITICAL Security Hub findings raised in this region, except GuardDuty's own
 * (Security Hub imports them too; the GuardDuty rule already forwards them). Security Hub sends every
 * new or updated finding as `Security Hub Findings - Imported` (Security Hub user guide, "EventBridge
 * event formats"); `detail.findings[].Region` is the finding's region, so in the aggregation region the
 * rule does not forward the other regions' findings a second time (their own rule forwards them).
 */
export function securityHubFindingsPattern(region: Region): object {
    return {
        source: ["aws.securityhub"],
        "detail-type": ["Security Hub Findings - Imported"],
        detail: {
            findings: {
                Region: [region],
                Severity: { Label: ["HIGH", "CRITICAL"] },
                Workflow: { Status: ["NEW"] },
                RecordState: ["ACTIVE"],
                ProductName: [{ "anything-but": "GuardDuty" }],
            },
        },
    };
}

export interface FindingsRoutingArgs {
    readonly region: Region;
    readonly alarmTopicArn: pulumi.Input<string>;
    /** The topic policy that lets these rules publish: targets fail until it exists. */
    readonly dependsOn: pulumi.Resource[];
}

/** EventBridge rules that send HIGH and CRITICAL GuardDuty and Security Hub findings to the alarm topic. */
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
            "guardduty-findings": route(
                "guardduty-findings",
                "GuardDuty findings of HIGH or CRITICAL severity to the alarm topic",
                guardDutyFindingsPattern(),
            ),
            "securityhub-findings": route(
                "securityhub-findings",
                "New, active HIGH or CRITICAL Security Hub findings of this region to the alarm topic",
                securityHubFindingsPattern(args.region),
            ),
        };
        this.registerOutputs({});
    }
}
