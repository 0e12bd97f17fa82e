import { findingsRouting } from "../../src/policies/cloudwatch/findingsRouting";
import { metricFilterAlarmed } from "../../src/policies/cloudwatch/metricFilterAlarmed";
import { Res } from "../fixtures";
import { runMeaningCases } from "../meaningCases";
import { alarmActions } from "../../src/policies/cloudwatch/alarmActions";
import { logGroupKms } from "../../src/policies/cloudwatch/logGroupKms";
import { logGroupRetention } from "../../src/policies/cloudwatch/logGroupRetention";
import { runResourcePolicyCases, runStackPolicyCases } from "../cases";
import { compliantResources, evaluate, patched } from "../fixtures";
import { UNKNOWN_SENTINEL } from "../../src/offline";

runResourcePolicyCases([
    [
        logGroupKms,
        [
            [
                "no key",
                "api-access",
                { kmsKeyId: undefined },
                ["Log group is not encrypted with a customer-managed key: set kmsKeyId to the logs CMK."],
            ],
        ],
    ],
    [
        logGroupRetention,
        [
            [
                "30 days",
                "api-access",
                { retentionInDays: 30 },
                ["Log group retentionInDays is 30; it must be at least 365 (or 0 to never expire)."],
            ],
            // @pulumi/aws: with logGroupClass DELIVERY, retentionInDays "is ignored and ... forcibly set to 2".
            ["a DELIVERY log group with retentionInDays 2", "api-access", { logGroupClass: "DELIVERY", retentionInDays: 2 }, []],
            [
                "a DELIVERY log group with retentionInDays unset",
                "api-access",
                { logGroupClass: "DELIVERY", retentionInDays: undefined },
                [],
            ],
            [
                "a STANDARD log group with retentionInDays 2",
                "api-access",
                { logGroupClass: "STANDARD", retentionInDays: 2 },
                ["Log group retentionInDays is 2; it must be at least 365 (or 0 to never expire)."],
            ],
            [
                "a log group class unknown at preview: deferred to pulumi up, not a violation",
                "api-access",
                { logGroupClass: UNKNOWN_SENTINEL, retentionInDays: 2 },
                ["can't run policy 'cloudwatch-log-group-retention' during preview: logGroupClass is unknown"],
            ],
        ],
    ],
]);

it("cloudwatch-log-group-retention defers a log group class unknown at preview at advisory level", () => {
    const report = evaluate(logGroupRetention, patched("api-access", { logGroupClass: UNKNOWN_SENTINEL, retentionInDays: 2 }));
    expect(report.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
});

const NO_ACTIONS =
    "Alarm has no alarmActions: it would change state without notifying anyone (and no composite alarm, deployment or health check of the stack acts on it).";
const childAlarm = (name: string, inputs: Record<string, unknown> = {}): Res => ({
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    name,
    inputs: {
        name,
        metricName: "CPUUtilization",
        namespace: "AWS/ECS",
        comparisonOperator: "GreaterThanThreshold",
        evaluationPeriods: 1,
        ...inputs,
    },
});
/** A composite alarm over `rule`, notifying the alarm topic unless `actions` is false. */
const composite = (rule: string, actions = true, name = "orders-degraded"): Res => ({
    type: "aws:cloudwatch/compositeAlarm:CompositeAlarm",
    name,
    inputs: {
        alarmName: name,
        alarmRule: rule,
        ...(actions ? { alarmActions: ["arn:aws:sns:us-east-1:123456789012:alarms"] } : {}),
    },
});
runStackPolicyCases([
    [
        alarmActions,
        [
            ["no action", patched("api-5xx", { alarmActions: [] }), [["api-5xx", NO_ACTIONS]]],
            [
                "actions disabled",
                patched("api-5xx", { actionsEnabled: false }),
                [["api-5xx", "Alarm actions are disabled: set actionsEnabled: true."]],
            ],
            [
                "the children of a composite alarm that notifies (CloudWatch's own advice against alarm noise)",
                [
                    ...compliantResources(),
                    childAlarm("orders-cpu-high"),
                    childAlarm("orders-mem-high"),
                    composite(
                        'ALARM(orders-cpu-high) AND ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-mem-high")',
                    ),
                ],
                [],
            ],
            [
                "the rollback alarms of an ECS service and a CodeDeploy group, and a health check's alarm",
                [
                    ...compliantResources(),
                    childAlarm("orders-5xx"),
                    childAlarm("orders-canary-errors"),
                    childAlarm("orders-primary-healthy"),
                    {
                        type: "aws:ecs/service:Service",
                        name: "orders",
                        inputs: { name: "orders", alarms: { alarmNames: ["orders-5xx"], enable: true, rollback: true } },
                    },
                    {
                        type: "aws:codedeploy/deploymentGroup:DeploymentGroup",
                        name: "orders-canary",
                        inputs: { alarmConfiguration: { alarms: ["orders-canary-errors"], enabled: true } },
                    },
                    {
                        type: "aws:route53/healthCheck:HealthCheck",
                        name: "primary",
                        inputs: {
                            type: "CLOUDWATCH_METRIC",
                            cloudwatchAlarmName: "orders-primary-healthy",
                            cloudwatchAlarmRegion: "us-east-1",
                        },
                    },
                ],
                [],
            ],
            [
                "an AppConfig environment's rollback monitors and an Auto Scaling group's instance refresh alarms",
                [
                    ...compliantResources(),
                    childAlarm("orders-config-errors"),
                    childAlarm("orders-refresh-5xx"),
                    {
                        type: "aws:appconfig/environment:Environment",
                        name: "orders-production",
                        inputs: {
                            applicationId: "abc1234",
                            monitors: [
                                {
                                    alarmArn: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-config-errors",
                                    alarmRoleArn: "arn:aws:iam::123456789012:role/appconfig-monitor",
                                },
                            ],
                        },
                    },
                    {
                        type: "aws:autoscaling/group:Group",
                        name: "orders-workers",
                        inputs: {
                            maxSize: 4,
                            minSize: 1,
                            instanceRefresh: {
                                strategy: "Rolling",
                                preferences: { alarmSpecification: { alarms: ["orders-refresh-5xx"] }, autoRollback: true },
                            },
                        },
                    },
                ],
                [],
            ],
            [
                "an AppConfig monitor's alarm unknown at preview (alarm.arn of an alarm the update creates): judged at pulumi up",
                [
                    ...compliantResources(),
                    childAlarm("orders-config-errors"),
                    {
                        type: "aws:appconfig/environment:Environment",
                        name: "orders-production",
                        inputs: { applicationId: "abc1234", monitors: [{ alarmArn: UNKNOWN_SENTINEL }] },
                    },
                ],
                [["(stack)", "can't run policy 'cloudwatch-alarm-actions' during preview: monitors.0.alarmArn is unknown"]],
            ],
            [
                "an instance refresh's alarms unknown at preview: judged at pulumi up",
                [
                    ...compliantResources(),
                    childAlarm("orders-refresh-5xx"),
                    {
                        type: "aws:autoscaling/group:Group",
                        name: "orders-workers",
                        inputs: {
                            maxSize: 4,
                            minSize: 1,
                            instanceRefresh: {
                                strategy: "Rolling",
                                preferences: { alarmSpecification: { alarms: UNKNOWN_SENTINEL } },
                            },
                        },
                    },
                ],
                [
                    [
                        "(stack)",
                        "can't run policy 'cloudwatch-alarm-actions' during preview: instanceRefresh.preferences.alarmSpecification.alarms is unknown",
                    ],
                ],
            ],
            [
                "an alarm nothing acts on, beside one a composite alarm uses, and one of a disabled CodeDeploy configuration",
                [
                    ...compliantResources(),
                    childAlarm("orders-cpu-high"),
                    childAlarm("orders-forgotten"),
                    childAlarm("orders-canary-errors"),
                    composite("ALARM(orders-cpu-high)"),
                    {
                        type: "aws:codedeploy/deploymentGroup:DeploymentGroup",
                        name: "orders-canary",
                        inputs: { alarmConfiguration: { alarms: ["orders-canary-errors"], enabled: false } },
                    },
                ],
                [
                    ["orders-forgotten", NO_ACTIONS],
                    ["orders-canary-errors", NO_ACTIONS],
                ],
            ],
            [
                "a composite alarm without actions over a child without actions: the composite tells nobody",
                [...compliantResources(), childAlarm("orders-cpu-high"), composite("ALARM(orders-cpu-high)", false)],
                [["orders-degraded", NO_ACTIONS]],
            ],
            [
                "an ECS service's deployment alarms turned off, and an unnamed alarm beside a composite's named child",
                [
                    ...patched("api-5xx", { alarmActions: [] }),
                    childAlarm("orders-5xx"),
                    {
                        type: "aws:ecs/service:Service",
                        name: "orders",
                        inputs: { name: "orders", alarms: { alarmNames: ["orders-5xx"], enable: false, rollback: false } },
                    },
                    childAlarm("orders-cpu-high"),
                    composite("ALARM(orders-cpu-high)"),
                ],
                // api-5xx has no name in the program (the provider would generate one), and the only alarm acted on
                // is the named orders-cpu-high: api-5xx is none of them.
                [
                    ["api-5xx", NO_ACTIONS],
                    ["orders-5xx", NO_ACTIONS],
                ],
            ],
            [
                "a composite alarm's rule unknown at preview: judged at pulumi up",
                [...compliantResources(), childAlarm("orders-cpu-high"), composite(UNKNOWN_SENTINEL)],
                [["(stack)", "can't run policy 'cloudwatch-alarm-actions' during preview: alarmRule is unknown"]],
            ],
            [
                "an alarm's actions unknown at preview: judged at pulumi up",
                patched("api-5xx", { alarmActions: UNKNOWN_SENTINEL }),
                [["(stack)", "can't run policy 'cloudwatch-alarm-actions' during preview: alarmActions is unknown"]],
            ],
        ],
    ],
]);

const eventRule = (name: string, source: string, patch: Record<string, unknown> = {}): Res => ({
    type: "aws:cloudwatch/eventRule:EventRule",
    name,
    inputs: { name: `baseline-${name}`, eventPattern: JSON.stringify({ source: [source] }), state: "ENABLED", ...patch },
});
const eventTarget = (rule: string): Res => ({
    type: "aws:cloudwatch/eventTarget:EventTarget",
    name: `${rule}-target`,
    inputs: { rule: `baseline-${rule}`, arn: "arn:aws:sns:us-east-1:123456789012:baseline-alarms" },
});
const rdsEvents = (sourceType: string): Res => ({
    type: "aws:rds/eventSubscription:EventSubscription",
    name: `rds-${sourceType}`,
    inputs: { sourceType, snsTopic: "arn:aws:sns:us-east-1:123456789012:baseline-alarms", enabled: true },
});
const subscriptions = ["db-instance", "db-parameter-group", "db-security-group"].map(rdsEvents);
const routed = [eventRule("gd", "aws.guardduty"), eventTarget("gd"), eventRule("sh", "aws.securityhub"), eventTarget("sh")];
const home = { detectionProject: "baseline-test" };
runMeaningCases(
    findingsRouting,
    [
        { title: "both sources routed", added: [...routed, ...subscriptions], expected: null, config: home },
        {
            title: "an RDS event source without a subscription",
            added: [...routed, ...subscriptions.slice(1)],
            expected: /No RDS event subscription covers db-instance events/,
            config: home,
        },
        {
            title: "a rule disabled",
            added: [eventRule("gd", "aws.guardduty", { state: "DISABLED" }), ...routed.slice(1)],
            expected: /'gd' is disabled/,
        },
        {
            title: "a target removed",
            added: [...routed.slice(0, 3), ...subscriptions],
            expected: /No enabled EventBridge rule with an SNS topic target routes aws.securityhub/,
            config: home,
        },
        {
            title: "the topic target removed, another target left (the findings marker)",
            added: [
                ...routed.slice(0, 3),
                {
                    type: "aws:cloudwatch/eventTarget:EventTarget",
                    name: "sh-marker",
                    inputs: {
                        rule: "baseline-sh",
                        arn: "arn:aws:states:us-east-1:123456789012:stateMachine:baseline-mark-forwarded-findings",
                        roleArn: "arn:aws:iam::123456789012:role/baseline/marker-start",
                    },
                },
                ...subscriptions,
            ],
            expected: /No enabled EventBridge rule with an SNS topic target routes aws.securityhub/,
            config: home,
        },
        {
            title: "a source without a rule",
            added: [...routed.slice(0, 2), ...subscriptions],
            expected: /No EventBridge rule routes aws.securityhub/,
            config: home,
        },
    ],
    true,
);

const filter = (namespace: string, pattern = '{ $.errorCode = "AccessDenied" }'): Res => ({
    type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    name: "denied",
    inputs: { logGroupName: "/trail", pattern, metricTransformation: { name: "Denied", namespace, value: "1" } },
});
const alarmOn: Res = {
    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
    name: "denied-alarm",
    inputs: { metricName: "Denied", namespace: "CIS", alarmActions: ["arn:aws:sns:us-east-1:123456789012:baseline-alarms"] },
};
runMeaningCases(
    metricFilterAlarmed,
    [
        { title: "a filter and its alarm", added: [filter("CIS"), alarmOn], expected: null },
        {
            title: "the filter's namespace moved",
            added: [filter("Elsewhere"), alarmOn],
            expected: /No alarm of the stack watches Elsewhere\/Denied/,
        },
        { title: "an empty pattern", added: [filter("CIS", ""), alarmOn], expected: /empty pattern/ },
    ],
    true,
);
