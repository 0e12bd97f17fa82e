import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport, NAME_PREFIX, PolicyDocument, DeployRegion, Statement } from "@baseline/lib";
import { bucketControls } from "./bucketControls";

/** The tag the policy pack and the S3 encryption Guard rule accept an SSE-S3 bucket by (see data's SecureBucket). */
export const ENCRYPTION_EXEMPTION_TAG = "baseline:encryption-exemption";
export const ACCESS_LOG_EXEMPTION = "s3-server-access-logs";

/** The security layer's server access log bucket of a region; unique through account and region. */
export const auditAccessLogBucketName = (accountId: string, region: DeployRegion): string =>
    `${NAME_PREFIX}-audit-access-logs-${accountId}-${region}`;

export interface LogSource {
    readonly bucketName: string;
}

/**
 * TLS only, and delivery by the S3 logging service for the named source buckets of this account, each
 * under its own prefix. The S3 user guide ("Permissions for log delivery") grants
 * logging.s3.amazonaws.com s3:PutObject with aws:SourceArn (the source bucket) and aws:SourceAccount.
 */
export function auditAccessLogBucketPolicy(bucketName: string, accountId: string, sources: readonly LogSource[]): PolicyDocument {
    const arn = `arn:aws:s3:::${bucketName}`;
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(arn),
            ...sources.map((s, i): Statement => ({
                Sid: `ServerAccessLogDelivery${i}`,
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${arn}/${s.bucketName}/*`,
                Condition: {
                    ArnLike: { "aws:SourceArn": `arn:aws:s3:::${s.bucketName}` },
                    StringEquals: { "aws:SourceAccount": accountId },
                },
            })),
        ],
    };
}

export interface AccessLogBucketArgs {
    readonly accountId: string;
    readonly region: DeployRegion;
    /** The buckets whose server access logs land here (the Config bucket, and at home the trail's). */
    readonly sources: readonly LogSource[];
    readonly expirationDays: number;
}

/**
 * Server access logs of the audit buckets (S3.9, CloudTrail.7 / CIS 3.4). SSE-S3 by the baseline's one
 * declared exemption: the S3 user guide ("Enabling Amazon S3 server access logging") allows default
 * encryption of the destination only with SSE-S3. The exemption tag makes the policy pack and the Config
 * Guard rule accept it, for AES256 only. No logging on itself: it would log its own deliveries.
 */
export class AccessLogBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly bucketName: string;
    /** S3 validates delivery permissions when a source enables logging: sources depend on the policy. */
    readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: AccessLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:AccessLogBucket", name, {}, opts);
        this.bucketName = auditAccessLogBucketName(args.accountId, args.region);
        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucket: this.bucketName,
                forceDestroy: false,
                tags: { [ENCRYPTION_EXEMPTION_TAG]: ACCESS_LOG_EXEMPTION, "baseline:role": "access-logs" },
            },
            { parent: this, protect: true },
        );
        const bucket = this.bucket.id;
        const { publicAccessBlock: pab, ownership, versioning } = bucketControls(name, bucket, this);
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                rules: [
                    {
                        id: "expire-access-logs",
                        status: "Enabled",
                        // Every object, by an explicit empty prefix: the provider warns that an
                        // empty `filter: {}` will become an error.
                        filter: { prefix: "" },
                        expiration: { days: args.expirationDays },
                        noncurrentVersionExpiration: { noncurrentDays: 30 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { parent: this, dependsOn: [versioning] },
        );
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: JSON.stringify(auditAccessLogBucketPolicy(this.bucketName, args.accountId, args.sources)) },
            { parent: this, dependsOn: [pab, ownership, encryption] },
        );
        this.registerOutputs({});
    }
}
