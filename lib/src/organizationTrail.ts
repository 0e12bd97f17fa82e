/**
 * The organization trail (organization mode), declared once: its name and ARN, which the
 * security-tooling layer creates it under and the log-archive layer's bucket and key policies
 * admit, and those two policies as plain JSON, so tests can run them through the IAM simulator.
 */
import * as aws from "@pulumi/aws";
import { HOME_REGION, NAME_PREFIX } from "./environment";
import { KEY_ADMINISTRATION_ACTIONS } from "./keyPolicy";
import { PolicyDocument, Statement, denyInsecureTransport, policyDocument } from "./policyDocument";

/** A trail's selectors: every management event, read and write (CloudTrail.1), nothing else. */
export function managementEventSelectors(): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    return [{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
}

/** The organization trail's name (home region, multi-region). */
export const ORGANIZATION_TRAIL_NAME = `${NAME_PREFIX}-organization`;

/** The organization trail's bucket in the log-archive account; unique through the account id. */
export const organizationTrailBucketName = (logArchiveAccountId: string): string =>
    `${NAME_PREFIX}-org-trail-${logArchiveAccountId}`;

/**
 * The organization trail's ARN, in the MANAGEMENT account, whichever account creates it. The
 * CloudTrail user guide ("Creating a trail for an organization with the AWS CLI"): "When creating
 * or updating an organization trail with the AWS CLI, you must use an AWS CLI profile in the
 * management account or delegated administrator account", and for the bucket policy: "In an
 * organization trail, the value of aws:SourceArn must be a trail ARN that is owned by the management
 * account, and uses the management account ID". So the security-tooling account (the CloudTrail
 * delegated administrator) creates the trail, and the policies name the management account's ARN.
 */
export const organizationTrailArn = (managementAccountId: string): string =>
    `arn:aws:cloudtrail:${HOME_REGION}:${managementAccountId}:trail/${ORGANIZATION_TRAIL_NAME}`;

export interface OrganizationTrailPolicyContext {
    /** The organization (`o-...`): log files of member accounts land under AWSLogs/<organization id>/. */
    readonly organizationId: string;
    readonly managementAccountId: string;
    /** The log-archive account, which owns the bucket and the key. */
    readonly logArchiveAccountId: string;
}

/**
 * The organization trail's bucket: TLS only, and delivery by CloudTrail for the organization trail
 * alone. The statements are those of the CloudTrail user guide's bucket policy for an organization
 * trail ("Create or update an Amazon S3 bucket to use to store the log files for an organization
 * trail"): GetBucketAcl on the bucket, PutObject under `AWSLogs/<management account id>/*` ("It also
 * allows logging for the ... account in the event that the trail is changed from an organization
 * trail to a trail for that account only") and under `AWSLogs/<organization id>/*`, each with
 * `s3:x-amz-acl` bucket-owner-full-control and `aws:SourceArn` the trail's ARN. Nobody is granted
 * any delete: the bucket owner's administrators read through IAM, and Object Lock keeps each record
 * for its retention whoever asks.
 */
export function organizationTrailBucketPolicy(ctx: OrganizationTrailPolicyContext, bucketName: string): PolicyDocument {
    const arn = `arn:aws:s3:::${bucketName}`;
    const sourceArn = organizationTrailArn(ctx.managementAccountId);
    const write = (sid: string, prefix: string): Statement => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/AWSLogs/${prefix}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": sourceArn } },
    });
    return policyDocument(
        denyInsecureTransport(arn),
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: arn,
            Condition: { StringEquals: { "aws:SourceArn": sourceArn } },
        },
        write("AWSCloudTrailWriteManagementAccount", ctx.managementAccountId),
        write("AWSCloudTrailWriteOrganization", ctx.organizationId),
    );
}

/**
 * The organization trail's key, in the log-archive account. The CloudTrail user guide ("Configure
 * AWS KMS key policies for CloudTrail"): "As a security best practice, add an aws:SourceArn condition
 * key to the KMS key policy ... The value of aws:SourceArn is always the trail ARN (or array of trail
 * ARNs) that is using the KMS key", and `kms:EncryptionContext:aws:cloudtrail:arn` carries the trail
 * whose files are encrypted. Both name the management account's trail (organizationTrailArn).
 * Decryption: principals of the log-archive account, through S3, of that trail's files only.
 */
export function organizationTrailKeyPolicy(ctx: OrganizationTrailPolicyContext): PolicyDocument {
    const trail = organizationTrailArn(ctx.managementAccountId);
    const root = { AWS: `arn:aws:iam::${ctx.logArchiveAccountId}:root` };
    return policyDocument(
        {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: root,
            // Administration without cryptographic use, and no kms:CreateGrant (keyPolicy.ts says why).
            Action: KEY_ADMINISTRATION_ACTIONS,
            Resource: "*",
        },
        {
            Sid: "OrganizationTrailEncryptsItsLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": trail, "kms:EncryptionContext:aws:cloudtrail:arn": trail },
            },
        },
        {
            Sid: "OrganizationTrailDescribesKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": trail } },
        },
        {
            Sid: "LogArchiveAccountReadsTrailLogsThroughS3",
            Effect: "Allow",
            Principal: root,
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": ctx.logArchiveAccountId,
                    "kms:ViaService": `s3.${HOME_REGION}.amazonaws.com`,
                    "kms:EncryptionContext:aws:cloudtrail:arn": trail,
                },
            },
        },
    );
}
