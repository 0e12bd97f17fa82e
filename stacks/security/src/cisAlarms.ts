// The CIS section 4 filters and alarms are shared with the organization trail (security-tooling layer).
export { CIS_METRIC_FILTERS, CisAlarms, metricNameOf } from "@baseline/lib";
export type { CisAlarmsArgs, CisMetricFilter } from "@baseline/lib";
