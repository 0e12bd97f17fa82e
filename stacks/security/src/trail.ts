import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup, names } from "@baseline/lib";
import { AccessLogTarget, AuditBucket, AuditObjectLock } from "./auditBucket";
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
    /** The security layer's server access log bucket of this region (CloudTrail.7 / CIS 3.4). */
    readonly accessLogs?: AccessLogTarget;
}

/**
 * Advanced event selectors of the trail: every management event (CloudTrail.1), and S3 object-level
 * data events, read and write (CIS 3.8 / 3.9, S3.22 / S3.23), for every bucket except the trail's
 * own and the access-log bucket its server access logs go to. The CloudTrail user guide ("Filtering
 * data events by using advanced event selectors"): "if you were logging S3 data events, you could
 * exclude logging for the S3 bucket for your trail". Logging the trail bucket would write an event
 * for every log file delivered, which is itself delivered to the bucket: a loop that only costs.
 */
export function trailEventSelectors(excludedBuckets: readonly string[]): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    return [
        { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        {
            name: "S3 data events except the trail's own buckets",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                // Object ARNs are arn:aws:s3:::<bucket>/<key>: the trailing slash keeps a prefix from matching another bucket.
                { field: "resources.ARN", notStartsWiths: excludedBuckets.map((b) => `arn:aws:s3:::${b}/`) },
            ],
        },
    ];
}

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
                advancedEventSelectors: trailEventSelectors([
                    bucketName,
                    ...(args.accessLogs ? [args.accessLogs.bucketName] : []),
                ]),
            },
            // CloudTrail validates the bucket policy and the key when the trail is created.
            { parent: this, dependsOn: [bucket.policy] },
        );
        this.registerOutputs({});
    }
}
