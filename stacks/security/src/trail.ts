import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmNotifications, encryptedLogGroup, NAME_PREFIX, names } from "@baseline/lib";
import { AuditBucket, AuditObjectLock } from "./auditBucket";
import { PolicyContext, cloudTrailBucketPolicy } from "./policies";

export interface TrailArgs extends PolicyContext {
    /** Object Lock default retention of the records in the bucket. */
    readonly objectLock?: AuditObjectLock;
    /** The logs key: encrypts log files (CloudTrail.2), the bucket and the log group. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** cloudTrailLogsRoleArn from global-iam. */
    readonly cloudWatchLogsRoleArn: string;
    readonly logRetentionDays: number;
    readonly bucketExpirationDays: number;
    /** When set, CIS metric filters and alarms notify this topic. */
    readonly alarmTopicArn?: pulumi.Input<string>;
}

/** CIS 4.x metric filters (CloudWatch.1, .2, .4) on the trail's log group. */
export const CIS_METRIC_FILTERS = {
    "root-account-usage":
        '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    "unauthorized-api-calls": '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    "iam-policy-changes":
        "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || " +
        "($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || " +
        "($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || " +
        "($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || " +
        "($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || " +
        "($.eventName = DetachGroupPolicy) }",
} as const;

/** The multi-region CloudTrail trail of the account (home region): CloudTrail.1/2/4/5. */
export class Trail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    readonly logGroup: aws.cloudwatch.LogGroup;

    constructor(name: string, args: TrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:Trail", name, {}, opts);
        const bucketName = names.cloudTrailBucket(args.accountId);
        const bucket = new AuditBucket(
            `${name}-bucket`,
            {
                bucketName,
                kmsKeyArn: args.kmsKeyArn,
                expirationDays: args.bucketExpirationDays,
                objectLock: args.objectLock,
                policy: cloudTrailBucketPolicy(args, bucketName),
            },
            { parent: this },
        );
        this.logGroup = encryptedLogGroup(
            `${name}-logs`,
            { name: names.cloudTrailLogGroup, kmsKeyId: args.kmsKeyArn, retentionInDays: args.logRetentionDays },
            { parent: this },
        );
        this.trail = new aws.cloudtrail.Trail(
            `${name}-trail`,
            {
                name: names.cloudTrail,
                s3BucketName: bucket.bucket.bucket,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogging: true,
                enableLogFileValidation: true,
                kmsKeyId: args.kmsKeyArn,
                // CloudTrail wants the log group ARN with its stream wildcard.
                cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: args.cloudWatchLogsRoleArn,
                eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
            },
            // CloudTrail validates the bucket policy and the key when the trail is created.
            { parent: this, dependsOn: [bucket.policy] },
        );
        if (args.alarmTopicArn) {
            for (const [metric, pattern] of Object.entries(CIS_METRIC_FILTERS)) {
                const metricName = metric.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
                new aws.cloudwatch.LogMetricFilter(
                    `${name}-${metric}`,
                    {
                        name: `${NAME_PREFIX}-${metric}`,
                        logGroupName: this.logGroup.name,
                        pattern,
                        metricTransformation: { name: metricName, namespace: "CISBenchmark", value: "1" },
                    },
                    { parent: this },
                );
                new aws.cloudwatch.MetricAlarm(
                    `${name}-${metric}-alarm`,
                    {
                        name: `${NAME_PREFIX}-${metric}`,
                        alarmDescription: `CIS: ${metric.replace(/-/g, " ")}`,
                        namespace: "CISBenchmark",
                        metricName,
                        statistic: "Sum",
                        period: 300,
                        evaluationPeriods: 1,
                        threshold: 1,
                        comparisonOperator: "GreaterThanOrEqualToThreshold",
                        treatMissingData: "notBreaching",
                        ...alarmNotifications(args.alarmTopicArn),
                    },
                    { parent: this },
                );
            }
        }
        this.registerOutputs({});
    }
}
