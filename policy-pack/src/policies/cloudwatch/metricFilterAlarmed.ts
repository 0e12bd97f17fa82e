import { StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { stackPolicy } from "../../policy";

const FILTER = "aws:cloudwatch/logMetricFilter:LogMetricFilter";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

/**
 * Baseline conformance: every metric filter feeds an alarm of the same stack
 * (same metric name and namespace) and has a pattern: CIS's CloudWatch.1-14
 * controls are "a log metric filter and alarm", and a filter whose metric no
 * alarm watches, or whose pattern is empty, alarms no one.
 *
 * Controls: CloudWatch.1, CloudWatch.4 (CIS v1.2/v1.4) in part: the filter-to-alarm link.
 */
export const metricFilterAlarmed = stackPolicy({
    name: "cloudwatch-metric-filter-alarmed",
    description: "Baseline conformance: every log metric filter has a pattern and an alarm on its metric.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "cloudwatch",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [FILTER],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        if (!inConformanceScope(args.resources[0]?.urn, args.getConfig<ConformanceConfig>())) return;
        const watched = new Set(
            args.resources.filter((r) => r.type === ALARM).map((r) => `${r.props["namespace"]}/${r.props["metricName"]}`),
        );
        for (const f of args.resources.filter((r) => r.type === FILTER)) {
            const t = f.props["metricTransformation"] as { name?: string; namespace?: string } | undefined;
            const pattern = f.props["pattern"];
            if (pattern === "") reportViolation(`Metric filter '${f.name}' has an empty pattern.`, f.urn);
            if (t && typeof t.name === "string" && typeof t.namespace === "string" && !watched.has(`${t.namespace}/${t.name}`))
                reportViolation(
                    `No alarm of the stack watches ${t.namespace}/${t.name}, the metric of filter '${f.name}'.`,
                    f.urn,
                );
        }
    },
});
