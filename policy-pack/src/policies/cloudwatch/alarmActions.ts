import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { asArray } from "../../util";

const METRIC_ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const COMPOSITE_ALARM = "aws:cloudwatch/compositeAlarm:CompositeAlarm";
const ECS_SERVICE = "aws:ecs/service:Service";
const DEPLOYMENT_GROUP = "aws:codedeploy/deploymentGroup:DeploymentGroup";
const HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck";
const APPCONFIG_ENVIRONMENT = "aws:appconfig/environment:Environment";
const AUTOSCALING_GROUP = "aws:autoscaling/group:Group";

/** An alarm named in a composite alarm's rule (`ALARM(name)`, `OK("name")`, or by ARN). */
const RULE_FUNCTION = /\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g;

/**
 * The names of the alarms another resource of the stack acts on:
 * - a composite alarm's rule: "You can create multiple metric alarms, and also create a composite alarm and set up
 *   alerts only for the composite alarm" (CloudWatch user guide, "Combining alarms");
 * - an ECS service's deployment alarms (`alarms.alarmNames`) and a CodeDeploy deployment group's
 *   (`alarmConfiguration.alarms`): the service watches them and rolls the deployment back;
 * - an AppConfig environment's monitors (`monitors[].alarmArn`): "if one or more CloudWatch alarms go into the
 *   ALARM or INSUFFICIENT_DATA state during a deployment, AWS AppConfig automatically rolls back your
 *   configuration data" (AppConfig user guide, "Monitoring deployments for automatic rollback");
 * - an Auto Scaling group's instance refresh alarms (`instanceRefresh.preferences.alarmSpecification.alarms`,
 *   alarm names): "If any of these alarms goes into ALARM state, Instance Refresh is failed" (@pulumi/aws), and
 *   with `autoRollback` rolled back;
 * - a Route 53 health check on an alarm (`cloudwatchAlarmName`): DNS failover acts on it.
 * A reference unknown at preview throws, and the policy defers to `pulumi up`.
 */
function alarmsActedOn(resources: readonly PolicyResource[]): Set<string> {
    const names = new Set<string>();
    const add = (v: unknown) => {
        for (const n of asArray(v as unknown[]))
            if (typeof n === "string") names.add(n.replace(/^arn:[^:]+:cloudwatch:[^:]*:\d*:alarm:/, ""));
    };
    for (const r of resources) {
        if (r.type === COMPOSITE_ALARM) {
            const rule = r.props["alarmRule"];
            if (typeof rule === "string") add([...rule.matchAll(RULE_FUNCTION)].map((m) => m[1]));
        }
        if (r.type === ECS_SERVICE) {
            // `enable: false` turns the deployment alarms off: ECS then watches none of them.
            const c = r.props["alarms"] as { alarmNames?: unknown; enable?: unknown } | undefined;
            if (c?.enable !== false) add(c?.alarmNames);
        }
        if (r.type === DEPLOYMENT_GROUP) {
            const c = r.props["alarmConfiguration"] as { alarms?: unknown; enabled?: unknown } | undefined;
            if (c?.enabled !== false) add(c?.alarms);
        }
        if (r.type === HEALTH_CHECK) add(r.props["cloudwatchAlarmName"]);
        if (r.type === APPCONFIG_ENVIRONMENT)
            // AppConfig has no switch for its monitors: every one listed is watched during each deployment.
            for (const m of asArray(r.props["monitors"] as unknown[])) add((m as { alarmArn?: unknown } | undefined)?.alarmArn);
        if (r.type === AUTOSCALING_GROUP) {
            const refresh = r.props["instanceRefresh"] as
                { preferences?: { alarmSpecification?: { alarms?: unknown } } } | undefined;
            add(refresh?.preferences?.alarmSpecification?.alarms);
        }
    }
    return names;
}

/**
 * Every CloudWatch alarm notifies someone: at least one `alarmActions` target, and actions not switched off
 * (`actionsEnabled: false` keeps the alarm evaluating while telling nobody). An alarm that another resource of
 * the stack acts on (a composite alarm's rule, an ECS, CodeDeploy or AppConfig deployment's rollback alarms, an
 * Auto Scaling instance refresh's alarms, a Route 53 health check) needs no actions of its own: that resource is what it tells. When an alarm's actions, or the
 * alarms those resources name, are unknown at preview, the policy is judged at `pulumi up`.
 *
 * Controls: CloudWatch.15, CloudWatch.17 (NIST).
 */
export const alarmActions = stackPolicy({
    name: "cloudwatch-alarm-actions",
    description:
        "CloudWatch alarms have an ALARM action and their actions are enabled, unless a composite alarm, a deployment or a health check in the stack acts on them.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "cloudwatch",
    controls: ["CloudWatch.15", "CloudWatch.17"],
    onUnknown: "defer",
    resourceTypes: [
        METRIC_ALARM,
        COMPOSITE_ALARM,
        ECS_SERVICE,
        DEPLOYMENT_GROUP,
        HEALTH_CHECK,
        APPCONFIG_ENVIRONMENT,
        AUTOSCALING_GROUP,
    ],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const alarms = args.resources.filter((r) => r.type === METRIC_ALARM || r.type === COMPOSITE_ALARM);
        if (alarms.length === 0) return;
        // A metric alarm's name is `name`, a composite alarm's `alarmName` (@pulumi/aws).
        const nameOf = (a: PolicyResource): unknown => (a.type === COMPOSITE_ALARM ? a.props["alarmName"] : a.props["name"]);
        let actedOn: Set<string> | undefined;
        for (const a of alarms) {
            if (a.props["actionsEnabled"] === false)
                reportViolation("Alarm actions are disabled: set actionsEnabled: true.", a.urn);
            if (asArray(a.props["alarmActions"] as unknown[]).length > 0) continue;
            actedOn ??= alarmsActedOn(args.resources);
            // Without its name (one the provider generates, not yet in the program's inputs), an alarm may be one
            // that another resource names, if some name acted on belongs to no named alarm of the stack.
            const name = nameOf(a);
            if (typeof name === "string") {
                if (actedOn.has(name)) continue;
            } else {
                const named = new Set(alarms.map(nameOf).filter((n): n is string => typeof n === "string"));
                if ([...actedOn].some((n) => !named.has(n))) continue;
            }
            reportViolation(
                "Alarm has no alarmActions: it would change state without notifying anyone (and no composite alarm, deployment or health check of the stack acts on it).",
                a.urn,
            );
        }
    },
});
