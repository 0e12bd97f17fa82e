import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AccessLogBucket,
    AuditBucket,
    AuditObjectLock,
    HOME_REGION,
    NAME_PREFIX,
    OrganizationTrailPolicyContext,
    customerManagedKey,
    names,
    organizationTrailBucketName,
    organizationTrailBucketPolicy,
    organizationTrailKeyPolicy,
} from "@baseline/lib";

export interface TrailArchiveArgs extends OrganizationTrailPolicyContext {
    readonly objectLock: AuditObjectLock;
    /** Records and access logs expire after this many days. */
    readonly expirationDays: number;
}

/** The organization trail's key alias in the log-archive account. */
export const TRAIL_KEY_ALIAS = `alias/${NAME_PREFIX}-organization-trail`;

/**
 * Where the organization trail's records are kept, in the log-archive account: its own CMK
 * (rotated, protected), the bucket (Object Lock, versioning, SSE-KMS, TLS only, public access
 * blocked, lifecycle, protected) and the SSE-S3 bucket its server access logs go to.
 */
export class TrailArchive extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly bucket: AuditBucket;
    readonly bucketName: string;

    constructor(name: string, args: TrailArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:log-archive:TrailArchive", name, {}, opts);
        this.bucketName = organizationTrailBucketName(args.logArchiveAccountId);
        this.key = customerManagedKey(
            `${name}-key`,
            {
                description: "The organization trail's log files and digests",
                policy: organizationTrailKeyPolicy(args),
                alias: TRAIL_KEY_ALIAS,
            },
            this,
        );
        const accessLogs = new AccessLogBucket(
            `${name}-access-logs`,
            {
                accountId: args.logArchiveAccountId,
                region: HOME_REGION,
                // And the Config bucket of this account's home-region security stack, whose access
                // logs land here: a second bucket of this name cannot exist (lib's sharesLogArchiveAccessLogs).
                sources: [
                    { bucketName: this.bucketName },
                    { bucketName: names.configBucket(args.logArchiveAccountId, HOME_REGION) },
                ],
                expirationDays: args.expirationDays,
            },
            { parent: this },
        );
        this.bucket = new AuditBucket(
            `${name}-bucket`,
            {
                bucketName: this.bucketName,
                kmsKeyArn: this.key.arn,
                expirationDays: args.expirationDays,
                objectLock: args.objectLock,
                policy: organizationTrailBucketPolicy(args, this.bucketName),
                // No S3 Bucket Key, as for the account trail's bucket (security layer, trail.ts): the
                // CloudTrail user guide asks kms:Decrypt of the trail for a bucket with a Bucket Key,
                // and the trail encrypts every file with the key itself.
                bucketKey: false,
                accessLogs: { bucketName: accessLogs.bucketName, dependsOn: [accessLogs.policy] },
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
