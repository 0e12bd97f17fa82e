import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    encryptedLogGroup,
    managementEventSelectors,
    NAME_PREFIX,
    names,
    AccessLogTarget,
    AuditBucket,
    AuditObjectLock,
    DataEventScope,
} from "@baseline/lib";
import { PolicyContext, cloudTrailBucketPolicy } from "./policies";

// The selectors are shared with the organization trail (security-tooling layer).
export { managementEventSelectors } from "@baseline/lib";

export interface TrailArgs extends PolicyContext {
    /** Object Lock default retention of the records in the bucket. */
    readonly objectLock?: AuditObjectLock;
    /** The logs key: encrypts log files (CloudTrail.2), the bucket and the log group. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** cloudTrailLogsRoleArn from global-iam. */
    readonly cloudWatchLogsRoleArn: string;
    readonly logRetentionDays: number;
    readonly bucketExpirationDays: number;
    /** The security layer's server access log bucket of this region (CloudTrail.7 / CIS 3.4). */
    readonly accessLogs?: AccessLogTarget;
    /** Which buckets the data-events trail logs (config `cloudTrailS3DataEvents`). */
    readonly dataEvents: DataEventScope;
}

// Which S3 buckets the data-events trail logs object-level calls of: `baseline` (default) the baseline's
// data buckets in every region and their replicas; `all` every bucket of the account except the trail's
// own and its access-log bucket. Declared once in lib, shared with the organization trail.
export { DATA_EVENT_SCOPES } from "@baseline/lib";
export type { DataEventScope } from "@baseline/lib";

/**
 * The data-events trail's selectors: S3 object-level data events, read and write. With `baseline`, only
 * objects of the baseline's data buckets and replicas (by bucket-name prefix, every region): each
 * object-level call is billed by CloudTrail, and again by GuardDuty S3 Protection, and every record is
 * kept for years, so the default logs the buckets the baseline is responsible for. With `all`, every
 * bucket except the excluded ones: the CloudTrail user guide ("Filtering data events by using advanced
 * event selectors"): "if you were logging S3 data events, you could exclude logging for the S3 bucket
 * for your trail"; logging the trail bucket would write an event for every log file delivered, which is
 * itself delivered to the bucket: a loop that only costs.
 */
export function dataEventSelectors(
    scope: DataEventScope,
    accountId: string,
    excludedBuckets: readonly string[],
): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    // Object ARNs are arn:aws:s3:::<bucket>/<key>. The baseline prefixes end in `-`: the data and replica
    // bucket names continue with the region, and no other bucket of the baseline starts with them.
    const arn = (bucketPrefix: string) => `arn:aws:s3:::${bucketPrefix}`;
    const resourceFilter =
        scope === "baseline"
            ? {
                  field: "resources.ARN",
                  startsWiths: [arn(`${NAME_PREFIX}-data-${accountId}-`), arn(`${NAME_PREFIX}-replica-${accountId}-`)],
              }
            : // The trailing slash keeps a prefix from matching another bucket.
              { field: "resources.ARN", notStartsWiths: excludedBuckets.map((b) => arn(`${b}/`)) };
    return [
        {
            name:
                scope === "baseline"
                    ? "S3 data events of the baseline's data and replica buckets"
                    : "S3 data events except the trail's own buckets",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                resourceFilter,
            ],
        },
    ];
}

/**
 * The multi-region CloudTrail trails of the account (home region): management events to the bucket and
 * the CIS alarms' log group (CloudTrail.1/2/4/5), S3 data events to the bucket only.
 */
export class Trail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    readonly dataEventsTrail: aws.cloudtrail.Trail;
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
                // No S3 Bucket Key. The CloudTrail user guide ("Configure AWS KMS key policies for
                // CloudTrail"): "If you are using an existing S3 bucket with an S3 Bucket Key,
                // kms:Decrypt permissions are required to create or update a trail with SSE-KMS
                // encryption enabled." The logs key grants CloudTrail no Decrypt, and need not:
                // the trail encrypts every log file with the key itself (kmsKeyId below), so a
                // bucket key would save nothing on CloudTrail's objects.
                bucketKey: false,
                accessLogs: args.accessLogs,
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
                // Management events only. The CloudTrail user guide ("Sending events to CloudWatch Logs"):
                // "When you configure your trail to send events to CloudWatch Logs, CloudTrail sends only the
                // events that match your trail settings": a trail that also logged data events would send
                // every object-level call into the log group the CIS alarms read (ingestion billed, and
                // routine AccessDenied reads tripping CIS 4.1). The data events have a trail of their own.
                advancedEventSelectors: managementEventSelectors(),
            },
            // CloudTrail validates the bucket policy and the key when the trail is created.
            { parent: this, dependsOn: [bucket.policy] },
        );
        // S3 data events: the same bucket and key, log file validation, every region; no CloudWatch Logs
        // delivery and no management events (the trail above has them). CIS 3.8 / 3.9 (S3.22 / S3.23) ask for
        // every bucket: "NON_COMPLIANT if no multi-Region trail logs all write S3 data event types for all
        // current and future S3 buckets" (AWS Config, cloudtrail-all-write-s3-data-event-check). The default
        // scope (`baseline`) does not, and Security Hub reports both FAILED; see dataEventSelectors for `all`.
        this.dataEventsTrail = new aws.cloudtrail.Trail(
            `${name}-data-events-trail`,
            {
                name: names.cloudTrailDataEvents,
                s3BucketName: bucket.bucket.bucket,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogging: true,
                enableLogFileValidation: true,
                kmsKeyId: args.kmsKeyArn,
                advancedEventSelectors: dataEventSelectors(args.dataEvents, args.accountId, [
                    bucketName,
                    ...(args.accessLogs ? [args.accessLogs.bucketName] : []),
                ]),
            },
            { parent: this, dependsOn: [bucket.policy] },
        );
        this.registerOutputs({});
    }
}
