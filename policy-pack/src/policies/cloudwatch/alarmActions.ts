import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const TYPES = ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm"];

/**
 * Every CloudWatch alarm notifies someone: at least one `alarmActions` target,
 * and actions not switched off (`actionsEnabled: false` keeps the alarm
 * evaluating while telling nobody).
 *
 * Controls: CloudWatch.15, CloudWatch.17 (NIST).
 */
export const alarmActions = resourcePolicy({
    name: "cloudwatch-alarm-actions",
    description: "CloudWatch alarms have an ALARM action and their actions are enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "cloudwatch",
    controls: ["CloudWatch.15", "CloudWatch.17"],
    onUnknown: "defer",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return;
        if (asArray(args.props["alarmActions"] as unknown[]).length === 0)
            reportViolation("Alarm has no alarmActions: it would change state without notifying anyone.");
        if (args.props["actionsEnabled"] === false) reportViolation("Alarm actions are disabled: set actionsEnabled: true.");
    },
});
