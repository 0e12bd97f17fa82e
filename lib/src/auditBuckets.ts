/**
 * The audit buckets every layer that keeps records builds the same way: the security layer's
 * Config and CloudTrail buckets and their server access log bucket, and the log-archive layer's
 * organization trail bucket and its access log bucket. The component type tokens keep the names
 * they had when these lived in the security layer: a type token is part of every child's URN, so
 * renaming it would replace (or orphan) the protected buckets of every deployed stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigReader } from "./config";
import { DeploymentMode, deploymentModeTags, readDeploymentMode } from "./deploymentMode";
import { DeployRegion, HOME_REGION, NAME_PREFIX } from "./environment";
import { PolicyDocument, Statement, denyInsecureTransport } from "./policyDocument";
import { AccountEntry } from "./topology";

/**
 * What every audit bucket has besides its encryption, lifecycle and policy: all public access blocked, ACLs disabled (`BucketOwnerEnforced`:
 * delivery services are authorized by the bucket policy, not by ACLs), and
 * versioning, on which lifecycle rules and Object Lock depend.
 */

export interface BucketControls {
    readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
    readonly ownership: aws.s3.BucketOwnershipControls;
    readonly versioning: aws.s3.BucketVersioning;
}

export function bucketControls(name: string, bucket: pulumi.Input<string>, parent: pulumi.Resource): BucketControls {
    return {
        publicAccessBlock: new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            { parent },
        ),
        ownership: new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent },
        ),
        versioning: new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket, versioningConfiguration: { status: "Enabled" } },
            { parent },
        ),
    };
}

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
    /** Server access logging (S3.9, CloudTrail.7 / CIS 3.4) to the layer's access log bucket. */
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

/** The tag the policy pack and the S3 encryption Guard rule accept an SSE-S3 bucket by (see data's SecureBucket). */
export const ENCRYPTION_EXEMPTION_TAG = "baseline:encryption-exemption";
export const ACCESS_LOG_EXEMPTION = "s3-server-access-logs";

/** The server access log bucket of a region's audit buckets; unique through account and region. */
export const auditAccessLogBucketName = (accountId: string, region: DeployRegion): string =>
    `${NAME_PREFIX}-audit-access-logs-${accountId}-${region}`;

/**
 * Whether the security stack of `account` in `region` sends its Config bucket's server access logs to
 * the log-archive layer's access-log bucket instead of creating its own: in the log-archive account's
 * home region that bucket already exists under the same name (it logs the organization trail's
 * bucket), and the log-archive layer lists that Config bucket among its sources.
 */
export function sharesLogArchiveAccessLogs(account: AccountEntry | undefined, region: DeployRegion): boolean {
    return account?.kind === "log-archive" && region === HOME_REGION;
}

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

/**
 * The audit records' retention, read the same way wherever audit buckets are created (the security
 * layer's trail and Config buckets, the log archive's organization-trail bucket): how long records
 * live, and their Object Lock, GOVERNANCE whatever `auditObjectLockMode` says in rehearsal mode, so a
 * sandbox's records can be deleted (s3:BypassGovernanceRetention) when the rehearsal is destroyed.
 */
export function readAuditRetention(reader: ConfigReader): {
    auditBucketExpirationDays: number;
    auditObjectLock: AuditObjectLock;
} {
    const auditBucketExpirationDays = reader.number("auditBucketExpirationDays", { default: 2557, min: 365, max: 3653 });
    const deploymentMode = readDeploymentMode(reader);
    const configuredLockMode = reader.oneOf("auditObjectLockMode", ["COMPLIANCE", "GOVERNANCE"] as const, "COMPLIANCE");
    const auditObjectLock: AuditObjectLock = {
        mode: deploymentMode === "rehearsal" ? "GOVERNANCE" : configuredLockMode,
        days: reader.number("auditObjectLockDays", { default: 365, min: 1, max: 3653 }),
        deploymentMode,
    };
    // A record locked beyond its lifecycle expiration is kept (and billed) until the lock ends anyway.
    reader.check(
        auditObjectLock.days <= auditBucketExpirationDays,
        "auditObjectLockDays",
        auditObjectLock.days,
        `at most auditBucketExpirationDays (${auditBucketExpirationDays}): records cannot expire while locked`,
    );
    return { auditBucketExpirationDays, auditObjectLock };
}
