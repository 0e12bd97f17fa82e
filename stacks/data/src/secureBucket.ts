/**
 * A private, versioned, encrypted S3 bucket with ACLs disabled, all four
 * public access block settings, a bucket policy, lifecycle rules and
 * (optionally) server access logging. Pulumi protects the bucket itself.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "@baseline/lib";

/**
 * Default encryption. `sse-kms` is the rule (S3.17); `sse-s3` exists only for
 * destinations of S3 server access logs and must say why (see index.ts and the
 * tags it sets), so the policy pack can tell an exemption from an omission.
 */
export type BucketEncryption =
    | { readonly kind: "sse-kms"; readonly kmsKeyArn: pulumi.Input<string> }
    | {
          readonly kind: "sse-s3";
          /** Becomes the `baseline:encryption-exemption` tag the policy pack keys on (a tag-safe value). */
          readonly exemption: string;
      };

/** Tag that marks a bucket whose default encryption is deliberately not SSE-KMS. */
export const ENCRYPTION_EXEMPTION_TAG = "baseline:encryption-exemption";

export interface SecureBucketArgs {
    /** Physical name; other layers' policies match it (lib naming.ts). */
    readonly bucketName: string;
    readonly encryption: BucketEncryption;
    /** Built by a pure function in policies.ts. */
    readonly policy: PolicyDocument;
    readonly lifecycleRules: pulumi.Input<aws.types.input.s3.BucketLifecycleConfigurationRule>[];
    /** Where this bucket's server access logs go; omitted only for a log destination itself. */
    readonly accessLogs?: {
        readonly targetBucket: pulumi.Input<string>;
        readonly targetPrefix: string;
        /** Wait for these (the target's bucket policy) so the first deliveries are allowed. */
        readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
    };
    readonly tags?: Record<string, string>;
}

export class SecureBucket extends pulumi.ComponentResource {
    public readonly bucket: aws.s3.Bucket;
    public readonly bucketName: pulumi.Output<string>;
    public readonly arn: pulumi.Output<string>;
    public readonly policy: aws.s3.BucketPolicy;
    /** S3 replication and AWS Backup both need versioning in place first. */
    public readonly versioning: aws.s3.BucketVersioning;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:SecureBucket", name, {}, opts);
        const child = { parent: this };

        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucket: args.bucketName,
                // Deleting a bucket that holds objects must be a deliberate, manual act.
                forceDestroy: false,
                tags:
                    args.encryption.kind === "sse-s3"
                        ? { ...args.tags, [ENCRYPTION_EXEMPTION_TAG]: args.encryption.exemption }
                        : args.tags,
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
            {
                bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            child,
        );

        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    args.encryption.kind === "sse-kms"
                        ? {
                              applyServerSideEncryptionByDefault: {
                                  sseAlgorithm: "aws:kms",
                                  kmsMasterKeyId: args.encryption.kmsKeyArn,
                              },
                              // One data key per bucket rather than per object: fewer KMS calls, lower cost.
                              bucketKeyEnabled: true,
                              blockedEncryptionTypes: ["SSE-C"],
                          }
                        : {
                              applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" },
                              blockedEncryptionTypes: ["SSE-C"],
                          },
                ],
            },
            child,
        );

        const versioning = (this.versioning = new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" } },
            child,
        ));

        // A lifecycle configuration on a bucket whose versioning is still being set can be rejected.
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            { bucket, rules: args.lifecycleRules },
            { ...child, dependsOn: [versioning] },
        );

        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: JSON.stringify(args.policy) },
            // After the public access block and ownership controls, so no window exists without them.
            { ...child, dependsOn: [publicAccess, ownership] },
        );

        if (args.accessLogs) {
            new aws.s3.BucketLogging(
                `${name}-logging`,
                {
                    bucket,
                    targetBucket: args.accessLogs.targetBucket,
                    targetPrefix: args.accessLogs.targetPrefix,
                    // Date-partitioned keys keep Athena queries over the logs cheap.
                    targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: "EventTime" } },
                },
                { ...child, dependsOn: args.accessLogs.dependsOn },
            );
        }

        this.bucketName = this.bucket.bucket;
        this.arn = this.bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
    }
}
