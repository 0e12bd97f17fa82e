import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { stackPolicy } from "../../policy";
import { readPolicyDocument } from "../../iamDocument";
import { ifKnown } from "../../unknown";
import { jsonInput, ruleHasTopicTarget } from "../../util";

const PLAN = "aws:backup/plan:Plan";
const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

/** The event pattern of an EventBridge rule, or undefined when it is no JSON object. */
function patternOf(r: PolicyResource): { source?: unknown; "detail-type"?: unknown } | undefined {
    const p = r.props["eventPattern"];
    const parsed = typeof p === "string" ? jsonInput(p) : undefined;
    return typeof parsed === "object" && parsed !== null ? (parsed as { source?: unknown }) : undefined;
}

const includes = (v: unknown, s: string) => Array.isArray(v) && v.map(String).includes(s);

/**
 * Whether a bucket policy names S3 replication into its bucket (`s3:ReplicateObject` itself, allowed or denied; not a
 * wildcard such as the `s3:*` of every TLS-only statement): a bucket that receives replicas. A policy unknown at
 * preview is no sign; `pulumi up` judges it known.
 */
function receivesReplicas(r: PolicyResource): boolean {
    const doc = jsonInput(ifKnown(() => r.props["policy"]));
    if (doc === undefined) return false;
    const parsed = ifKnown(() => readPolicyDocument(doc));
    if (parsed === undefined || !("statements" in parsed)) return false;
    return parsed.statements.some((st) => st.actions().some((a) => a.value().toLowerCase() === "s3:replicateobject"));
}

/** Whether some enabled alarm with actions watches `metricName` of AWS/S3. */
function alarmedOn(alarms: readonly PolicyResource[], metricName: string): boolean {
    return alarms.some(
        (a) =>
            a.props["namespace"] === "AWS/S3" &&
            a.props["metricName"] === metricName &&
            Array.isArray(a.props["alarmActions"]) &&
            (a.props["alarmActions"] as unknown[]).length > 0 &&
            a.props["actionsEnabled"] !== false,
    );
}

/**
 * Baseline conformance: what keeps a region's copies of its data is watched, in the stack that makes them.
 * - A stack with an AWS Backup plan has an enabled EventBridge rule on AWS Backup's job events ("Backup Job
 *   State Change", "Copy Job State Change") with an SNS topic target: "AWS Backup sends events to Amazon
 *   EventBridge when the state of a backup or copy job changes" (AWS Backup developer guide), and without
 *   the rule a nightly backup or the copy to the partner's locked vault fails unseen.
 * - A stack with an S3 replication configuration has an alarm with actions on `AWS/S3
 *   OperationsFailedReplication`, which S3 publishes "in the Region of the source bucket" (S3 user guide,
 *   "Using S3 Replication metrics"): replication that stops is otherwise only a growing gap in the replica.
 * - A stack with a bucket that receives replicas (its bucket policy names `s3:ReplicateObject`) has an alarm with
 *   actions on `AWS/S3 ReplicationLatency`, which "is published in the Region of the destination bucket" (same
 *   page): replication that falls behind breaks the RPO before anything fails.
 *
 * Controls: none in Security Hub (the RPOs docs/recovery.md promises).
 */
export const recoveryAlerting = stackPolicy({
    name: "backup-and-replication-alerting",
    description:
        "Baseline conformance: a stack that backs up or replicates data alerts on failed backup and copy jobs, on failed replication, and on replicas falling behind.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "backup",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [PLAN, REPLICATION, RULE, TARGET, ALARM, BUCKET_POLICY],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        if (!inConformanceScope(args.resources[0]?.urn, args.getConfig<ConformanceConfig>())) return;
        const of = (type: string) => args.resources.filter((r) => r.type === type);
        const targets = of(TARGET);
        if (of(PLAN).length > 0) {
            const watched = of(RULE).some((r) => {
                const p = patternOf(r);
                return (
                    p !== undefined &&
                    includes(p.source, "aws.backup") &&
                    includes(p["detail-type"], "Backup Job State Change") &&
                    includes(p["detail-type"], "Copy Job State Change") &&
                    r.props["state"] !== "DISABLED" &&
                    ruleHasTopicTarget(r, targets)
                );
            });
            if (!watched)
                reportViolation(
                    "No enabled EventBridge rule sends this stack's failed AWS Backup and copy jobs (Backup Job State Change, Copy Job State Change) to an SNS topic.",
                );
        }
        if (of(REPLICATION).length > 0 && !alarmedOn(of(ALARM), "OperationsFailedReplication"))
            reportViolation("No alarm with actions watches AWS/S3 OperationsFailedReplication of this stack's replication.");
        if (of(BUCKET_POLICY).some(receivesReplicas) && !alarmedOn(of(ALARM), "ReplicationLatency"))
            reportViolation(
                "No alarm with actions watches AWS/S3 ReplicationLatency of the replicas this stack's buckets receive (S3 publishes it in the destination's Region).",
            );
    },
});
