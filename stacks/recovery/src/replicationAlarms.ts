import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeployRegion, RTC_MINUTES, Region, alarmNotifications, names } from "@baseline/lib";

export interface ReplicationLatencyAlarmArgs {
    readonly accountId: string;
    /** This (the partner, destination) region: where S3 publishes the metric and the alarm lives. */
    readonly region: DeployRegion;
    /** The baseline region whose data bucket replicates into the replica. */
    readonly sourceRegion: Region;
    /** The replica bucket (the DestinationBucket dimension). */
    readonly replicaBucketName: string;
}

/**
 * The RPO of a source region's data bucket, watched where the metric is. S3 user guide, "Using S3
 * Replication metrics": Replication Latency is "the maximum number of seconds by which the replication
 * destination bucket is behind the source bucket for a given replication rule", and "This metric is
 * published in the Region of the destination bucket". A CloudWatch alarm evaluates metrics of its own
 * Region, so the alarm is here, next to the replica, and notifies this region's alarm topic (the
 * security layer runs in every partner region, the recovery-only eu-west-1 included, and its topic
 * policy admits CloudWatch alarms of this account and region).
 *
 * Nothing is read from the data layer, which deploys after this one: the dimensions are names
 * (`SourceBucket`, `DestinationBucket`, `RuleId`, "S3 Replication dimensions in CloudWatch"), and the
 * topic is named after `names.alarmTopic`, so this layer still reads only global-iam. Until the data
 * layer replicates there is no metric, which is not a breach. CloudWatch takes an alarm action that names a
 * topic not created yet (PutMetricAlarm checks the ARN's form: an alarm set on a missing topic is created, its
 * console saying "We could not find the SNS topic for this action", awsdocs/aws-doc-sdk-examples#1015), so
 * this layer may deploy before the partner's security layer; notifications start once the topic exists.
 */
export class ReplicationLatencyAlarm extends pulumi.ComponentResource {
    readonly alarm: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: ReplicationLatencyAlarmArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:recovery:ReplicationLatencyAlarm", name, {}, opts);
        this.alarm = new aws.cloudwatch.MetricAlarm(
            name,
            {
                // Named after the source bucket, as when it lived in the data layer: one per source region.
                name: `${names.dataBucket(args.accountId, args.sourceRegion)}-replication-latency`,
                alarmDescription: `Replication of the ${args.sourceRegion} data bucket into its replica here is more than ${RTC_MINUTES} minutes behind`,
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                dimensions: {
                    SourceBucket: names.dataBucket(args.accountId, args.sourceRegion),
                    DestinationBucket: args.replicaBucketName,
                    RuleId: names.replicationRuleId,
                },
                // Above the RTC threshold for 15 minutes: the replica is older than docs/recovery.md promises.
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 3,
                datapointsToAlarm: 3,
                comparisonOperator: "GreaterThanThreshold",
                threshold: RTC_MINUTES * 60,
                ...alarmNotifications(names.alarmTopicArn(args.region, args.accountId)),
                treatMissingData: "notBreaching",
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
