import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "@baseline/lib";

/** The tag the policy pack and the S3 encryption Guard rule accept an SSE-S3 bucket by (as the other access-log buckets). */
export const ENCRYPTION_EXEMPTION_TAG = "baseline:encryption-exemption";
export const ACCESS_LOG_EXEMPTION = "s3-server-access-logs";

export interface ReplicaAccessLogsArgs {
    readonly bucketName: string;
    readonly policy: PolicyDocument;
    readonly expirationDays: number;
}

/**
 * Server access logs of the replica buckets of this region (S3.9: "target bucket in the same
 * region"). SSE-S3 by the baseline's one declared exemption: the S3 user guide ("Enabling Amazon S3
 * server access logging") allows default encryption of the destination bucket only with SSE-S3, so
 * the bucket carries the exemption tag the policy pack and the Config Guard rule accept for AES256
 * only. No logging on itself (it would log its own deliveries) and no Object Lock or default
 * retention (S3.9: the target must not have a default retention period).
 */
export class ReplicaAccessLogs extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** S3 validates delivery permissions when a source enables logging: sources depend on the policy. */
    readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: ReplicaAccessLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:recovery:ReplicaAccessLogs", name, {}, opts);
        const child = { parent: this };
        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucket: args.bucketName,
                forceDestroy: false,
                tags: { [ENCRYPTION_EXEMPTION_TAG]: ACCESS_LOG_EXEMPTION, "baseline:role": "access-logs" },
            },
            { ...child, protect: true },
        );
        const bucket = this.bucket.bucket;
        const ownership = new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            child,
        );
        const publicAccess = new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            child,
        );
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            child,
        );
        const versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" } },
            child,
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
            { ...child, dependsOn: [versioning] },
        );
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: JSON.stringify(args.policy) },
            { ...child, dependsOn: [publicAccess, ownership, encryption] },
        );
        this.registerOutputs({ bucket });
    }
}
