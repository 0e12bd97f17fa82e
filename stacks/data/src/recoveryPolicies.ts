/**
 * IAM documents of the data layer's recovery roles (AWS Backup, S3
 * replication) and of its backup vault key, as plain JSON built by pure
 * functions so tests can simulate exactly what each role may do.
 */
import { DeployRegion, PolicyDocument, Region, Statement, names, policyDocument, serviceKeyPolicy } from "@baseline/lib";

export interface RecoveryContext {
    readonly accountId: string;
    /** This stack's region (the source). */
    readonly region: Region;
    /** Its partner region (its partner in topology.yaml). */
    readonly partnerRegion: DeployRegion;
}

/**
 * Trust of a service role: one service principal, and confused-deputy protection
 * through `aws:SourceAccount` / `aws:SourceArn`. With `IfExists`: the S3 user
 * guide ("Setting up permissions for live replication") and the AWS Backup guide
 * show these roles' trust policies without any condition and do not say the
 * services send the keys when they assume the role, and a plain condition on a key
 * that is absent denies, which would stop every replication and backup. A request
 * that carries another account or bucket is still refused.
 */
export function serviceTrustPolicy(service: string, accountId: string, sourceArn?: string): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
            StringEqualsIfExists: { "aws:SourceAccount": accountId },
            ...(sourceArn ? { ArnLikeIfExists: { "aws:SourceArn": sourceArn } } : {}),
        },
    });
}

/** This region's backup vault key: AWS Backup of this region uses it and keeps grants for its jobs. */
export function backupVaultKeyPolicy(ctx: RecoveryContext): PolicyDocument {
    return serviceKeyPolicy({ accountId: ctx.accountId, region: ctx.region, services: ["backup"], grantServices: ["backup"] });
}

export interface ReplicationRoleArgs extends RecoveryContext {
    readonly sourceBucketArn: string;
    readonly sourceKeyArn: string;
    readonly replicaBucketArn: string;
    readonly replicaKeyArn: string;
}

/**
 * S3 replication of the data bucket to its replica: read the source's
 * replication configuration and object versions, replicate into the replica,
 * decrypt with the source key and encrypt with the replica key, each key only
 * through S3 of its own region. Nothing else: no plain GetObject, no delete, no
 * other bucket or key.
 *
 * No `kms:EncryptionContext:aws:s3:arn` condition: through S3 the data key
 * encrypts only the data bucket (the access-log bucket is SSE-S3, the other use
 * of the key is SQS) and the replica key only replicas, so key ARN plus
 * `kms:ViaService` already pin each key to its bucket, and the policy simulator
 * the tests use cannot evaluate encryption-context keys, so such a condition
 * would ship unproven.
 */
export function replicationRolePolicy(a: ReplicationRoleArgs): PolicyDocument {
    return policyDocument(
        {
            Sid: "ReadSourceReplicationConfiguration",
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: a.sourceBucketArn,
        },
        {
            Sid: "ReadSourceVersionsForReplication",
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: `${a.sourceBucketArn}/*`,
        },
        {
            Sid: "ReplicateIntoReplica",
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: `${a.replicaBucketArn}/*`,
        },
        {
            Sid: "DecryptSourceObjects",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: a.sourceKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
        },
        {
            Sid: "EncryptReplicas",
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey"],
            Resource: a.replicaKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.partnerRegion}.amazonaws.com` } },
        },
    );
}

export interface BackupRoleArgs extends RecoveryContext {
    readonly dataBucketArn: string;
    readonly dataKeyArn: string;
    readonly databaseKeyArn: string;
    readonly dbInstanceArn: string;
    readonly vaultKeyArn: string;
    readonly partnerVaultArn: string;
    readonly partnerVaultKeyArn: string;
}

/**
 * The role AWS Backup runs this region's plans with: snapshots of the one RDS
 * instance, backups of the one data bucket (the S3 statements of the AWS
 * Backup developer guide's "Amazon S3 backup policy", the managed
 * AWSBackupServiceRolePolicyForS3Backup, narrowed from every bucket to this one),
 * tags on the recovery points it makes in both regions, copies into the partner
 * region's vault only, and deletion of the recovery points it made when their
 * lifecycle ends.
 */
export function backupRolePolicy(a: BackupRoleArgs): PolicyDocument {
    const snapshots = (r: DeployRegion) => `arn:aws:rds:${r}:${a.accountId}:snapshot:awsbackup:*`;
    const bothSnapshots = [snapshots(a.region), snapshots(a.partnerRegion)];
    const via = (services: string[], regions: DeployRegion[]) =>
        services.flatMap((s) => regions.map((r) => `${s}.${r}.amazonaws.com`));
    const statements: Statement[] = [
        {
            Sid: "RdsSnapshotsOfTheInstance",
            Effect: "Allow",
            Action: ["rds:CreateDBSnapshot", "rds:DescribeDBInstances", "rds:ListTagsForResource", "rds:AddTagsToResource"],
            Resource: [a.dbInstanceArn, snapshots(a.region)],
        },
        {
            // The bucket's backups and their copies are AWS Backup recovery points (arn:aws:backup:...:recovery-point:*),
            // and the bucket is tagged: AWS Backup developer guide, "Troubleshooting": "For resources that support full
            // AWS Backup management with recovery points in the format arn:aws:backup:{{region}}:{{account-id}}:
            // recovery-point:* and all continuous backups, ensure your IAM role has permission to perform
            // backup:TagResource if your source resources contain tags"; a copy carries the tags to the partner region.
            Sid: "TagRecoveryPoints",
            Effect: "Allow",
            Action: "backup:TagResource",
            Resource: [a.region, a.partnerRegion].map((r) => `arn:aws:backup:${r}:${a.accountId}:recovery-point:*`),
        },
        {
            Sid: "RdsCopyAndExpireBackupSnapshots",
            Effect: "Allow",
            Action: ["rds:CopyDBSnapshot", "rds:DescribeDBSnapshots", "rds:DeleteDBSnapshot", "rds:AddTagsToResource"],
            Resource: bothSnapshots,
        },
        {
            Sid: "S3BucketBackupPermissions",
            Effect: "Allow",
            Action: [
                "s3:GetInventoryConfiguration",
                "s3:PutInventoryConfiguration",
                "s3:ListBucketVersions",
                "s3:ListBucket",
                "s3:GetBucketVersioning",
                "s3:GetBucketNotification",
                "s3:PutBucketNotification",
                "s3:GetBucketLocation",
                "s3:GetBucketTagging",
                "s3:GetBucketAcl",
            ],
            Resource: a.dataBucketArn,
        },
        {
            Sid: "S3ObjectBackupPermissions",
            Effect: "Allow",
            Action: [
                "s3:GetObjectAcl",
                "s3:GetObject",
                "s3:GetObjectVersionTagging",
                "s3:GetObjectVersionAcl",
                "s3:GetObjectTagging",
                "s3:GetObjectVersion",
            ],
            Resource: `${a.dataBucketArn}/*`,
        },
        {
            // Continuous S3 backups follow changes through an EventBridge rule AWS Backup manages.
            Sid: "S3ContinuousBackupEventRule",
            Effect: "Allow",
            Action: [
                "events:DeleteRule",
                "events:PutTargets",
                "events:DescribeRule",
                "events:EnableRule",
                "events:PutRule",
                "events:RemoveTargets",
                "events:ListTargetsByRule",
                "events:DisableRule",
            ],
            Resource: `arn:aws:events:${a.region}:${a.accountId}:rule/AwsBackupManagedRule*`,
        },
        {
            // These three actions support no resource-level permissions (Service Authorization Reference), so "*".
            Sid: "ActionsWithoutResourceLevelPermissions",
            Effect: "Allow",
            Action: ["s3:ListAllMyBuckets", "events:ListRules", "cloudwatch:GetMetricData"],
            Resource: "*",
        },
        {
            Sid: "DecryptDataBucketObjects",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:DescribeKey"],
            Resource: a.dataKeyArn,
            Condition: { StringEquals: { "kms:ViaService": `s3.${a.region}.amazonaws.com` } },
        },
        {
            // Snapshot and cross-region copy of an encrypted instance: RDS uses the source key here
            // and the partner vault's key there, through grants for the copy.
            Sid: "RdsKeysThroughRds",
            Effect: "Allow",
            Action: [
                "kms:CreateGrant",
                "kms:DescribeKey",
                "kms:Decrypt",
                "kms:GenerateDataKeyWithoutPlaintext",
                "kms:ReEncrypt*",
            ],
            Resource: [a.databaseKeyArn, a.partnerVaultKeyArn],
            Condition: { StringEquals: { "kms:ViaService": via(["rds"], [a.region, a.partnerRegion]) } },
        },
        {
            Sid: "VaultKeysThroughBackup",
            Effect: "Allow",
            Action: ["kms:CreateGrant", "kms:DescribeKey", "kms:Decrypt", "kms:GenerateDataKey", "kms:ReEncrypt*"],
            Resource: [a.vaultKeyArn, a.partnerVaultKeyArn],
            Condition: { StringEquals: { "kms:ViaService": via(["backup"], [a.region, a.partnerRegion]) } },
        },
        {
            // Cross-region copy: the copy job needs CopyIntoBackupVault on the destination vault, and only that vault.
            Sid: "CopyIntoPartnerVault",
            Effect: "Allow",
            Action: ["backup:CopyIntoBackupVault", "backup:DescribeBackupVault"],
            Resource: a.partnerVaultArn,
        },
    ];
    return policyDocument(...statements);
}

/** The RDS instance's ARN (its identifier is fixed: names.dbIdentifier). */
export const dbInstanceArn = (region: Region, accountId: string): string =>
    `arn:aws:rds:${region}:${accountId}:db:${names.dbIdentifier}`;
