import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeploymentMode, PolicyDocument, deploymentModeTags } from "@baseline/lib";
import { bucketControls } from "./bucketControls";

/** S3 Object Lock default retention of every new audit record. */
export interface AuditObjectLock {
    /** COMPLIANCE: nobody, root included, can delete or overwrite a locked version before it expires. */
    readonly mode: "COMPLIANCE" | "GOVERNANCE";
    readonly days: number;
    /** Rehearsal mode tags the bucket (`baseline:deployment-mode=rehearsal`); its lock is then GOVERNANCE. */
    readonly deploymentMode: DeploymentMode;
}

export interface AuditBucketArgs {
    readonly bucketName: string;
    /** Default retention of the records (Object Lock); the records then outlive any administrator. */
    readonly objectLock?: AuditObjectLock;
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Objects (and noncurrent versions) expire after this many days. */
    readonly expirationDays: number;
    readonly policy: PolicyDocument;
    /**
     * S3 Bucket Keys on the bucket's default encryption (default true: fewer KMS calls). The
     * CloudTrail bucket turns them off: see Trail.
     */
    readonly bucketKey?: boolean;
    /** Server access logging (S3.9, CloudTrail.7 / CIS 3.4) to the security layer's log bucket. */
    readonly accessLogs?: AccessLogTarget;
}

export interface AccessLogTarget {
    readonly bucketName: string;
    /** S3 checks that it may write to the target when logging is enabled: the target's policy first. */
    readonly dependsOn: pulumi.Resource[];
}

/**
 * A bucket for audit records (Config history, CloudTrail logs): SSE-KMS (with a bucket key unless turned off), TLS-only
 * policy, public access blocked, ACLs disabled, versioned, lifecycle; protected from deletion.
 */
export class AuditBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    /** Delivery services check the policy when their channel or trail is created: depend on it. */
    readonly policy: aws.s3.BucketPolicy;

    constructor(name: string, args: AuditBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:AuditBucket", name, {}, opts);
        const rehearsal = args.objectLock?.deploymentMode === "rehearsal";
        this.bucket = new aws.s3.Bucket(
            name,
            {
                bucket: args.bucketName,
                forceDestroy: false,
                ...(rehearsal ? { tags: deploymentModeTags("rehearsal") } : {}),
            },
            { parent: this, protect: true },
        );
        const bucket = this.bucket.id;
        const { publicAccessBlock: pab, ownership, versioning } = bucketControls(name, bucket, this);
        const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket,
                rules: [
                    {
                        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn },
                        bucketKeyEnabled: args.bucketKey ?? true,
                    },
                ],
            },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket,
                rules: [
                    {
                        id: "expire-audit-records",
                        status: "Enabled",
                        // Every object, spelled as an explicit empty prefix: the provider warns that an
                        // empty `filter: {}` will become an error.
                        filter: { prefix: "" },
                        expiration: { days: args.expirationDays },
                        noncurrentVersionExpiration: { noncurrentDays: 90 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { parent: this, dependsOn: [versioning] },
        );
        if (args.objectLock) {
            // Object Lock through its own resource, not `objectLockEnabled` on the bucket: in the
            // provider that argument forces a NEW bucket, so turning it on for a bucket that already
            // holds years of audit records would replace it (and `protect` would stop the update).
            // The S3 API reference, PutObjectLockConfiguration: "You can enable Object Lock for new or
            // existing buckets"; versioning must be on first, hence the dependency. Once enabled it
            // cannot be turned off. The default retention applies to objects written from then on.
            // MFA delete is not set here: S3 accepts it only from the bucket owner's ROOT user with an
            // MFA device (PutBucketVersioning with x-amz-mfa), which no IaC role can be; Object Lock in
            // compliance mode is the control that IaC can own, and it is stronger.
            new aws.s3.BucketObjectLockConfiguration(
                `${name}-object-lock`,
                {
                    bucket,
                    objectLockEnabled: "Enabled",
                    rule: { defaultRetention: { mode: args.objectLock.mode, days: args.objectLock.days } },
                },
                { parent: this, dependsOn: [versioning], protect: true },
            );
        }
        this.policy = new aws.s3.BucketPolicy(
            `${name}-policy`,
            { bucket, policy: JSON.stringify(args.policy) },
            // A policy put before the public access block could be rejected as public; encryption and
            // ownership must be in place before any service delivers into the bucket.
            { parent: this, dependsOn: [pab, ownership, encryption] },
        );
        if (args.accessLogs) {
            new aws.s3.BucketLogging(
                `${name}-access-logging`,
                { bucket, targetBucket: args.accessLogs.bucketName, targetPrefix: `${args.bucketName}/` },
                { parent: this, dependsOn: args.accessLogs.dependsOn },
            );
        }
        this.registerOutputs({});
    }
}
