import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "@baseline/lib";

export interface ReplicaBucketArgs {
    readonly bucketName: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly policy: PolicyDocument;
    readonly noncurrentVersionDays: number;
    /** The source region, for the tag that says whose data this is. */
    readonly sourceRegion: string;
    /** Server access logging (S3.9): the log bucket of this region, this replica's prefix, and what must exist first. */
    readonly accessLogs: {
        readonly targetBucket: pulumi.Input<string>;
        readonly targetPrefix: string;
        readonly dependsOn: pulumi.Resource[];
    };
}

/**
 * The destination of a source region's data bucket replication: versioned (S3
 * replication requires versioning on both buckets), SSE-KMS with this region's
 * replica key, ACLs off, public access blocked, TLS only, server access logs
 * to this region's replica log bucket, protected.
 */
export class ReplicaBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly versioning: aws.s3.BucketVersioning;

    constructor(name: string, args: ReplicaBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:recovery:ReplicaBucket", name, {}, opts);
        const child = { parent: this };
        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucket: args.bucketName,
                forceDestroy: false,
                tags: { "baseline:role": "replica", "baseline:replica-of": args.sourceRegion },
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
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                        bucketKeyEnabled: true,
                        blockedEncryptionTypes: ["SSE-C"],
                    },
                ],
            },
            child,
        );
        this.versioning = new aws.s3.BucketVersioning(
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
                        id: "noncurrent-versions-and-incomplete-uploads",
                        status: "Enabled",
                        // Every object, by an explicit empty prefix: the provider warns that an
                        // empty `filter: {}` will become an error.
                        filter: { prefix: "" },
                        noncurrentVersionExpiration: { noncurrentDays: args.noncurrentVersionDays },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { ...child, dependsOn: [this.versioning] },
        );
        new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: JSON.stringify(args.policy) },
            { ...child, dependsOn: [publicAccess, ownership] },
        );
        new aws.s3.BucketLogging(
            `${name}-logging`,
            {
                bucket,
                targetBucket: args.accessLogs.targetBucket,
                targetPrefix: args.accessLogs.targetPrefix,
                // Date-partitioned keys, as the data layer's access logs.
                targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
            },
            { ...child, dependsOn: args.accessLogs.dependsOn },
        );
        this.registerOutputs({ bucket });
    }
}
