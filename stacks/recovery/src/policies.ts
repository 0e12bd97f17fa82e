/**
 * Key and bucket policies of the recovery layer, as plain JSON built by pure
 * functions so tests can run them through the IAM policy simulator.
 */
import { DeployRegion, PolicyDocument, Region, denyInsecureTransport, names, serviceKeyPolicy } from "@baseline/lib";

export interface PolicyContext {
    readonly accountId: string;
    readonly region: DeployRegion;
}

/** Replica key: S3 encrypts replicas with it on the replication role's behalf (kms:ViaService s3 of this region). */
export function replicaKeyPolicy(ctx: PolicyContext): PolicyDocument {
    return serviceKeyPolicy({ ...ctx, services: ["s3"] });
}

/**
 * Vault key: AWS Backup encrypts the recovery points copied into the vault with
 * it, and keeps grants for its background work. RDS snapshot copies are
 * re-encrypted through RDS of this region, so RDS gets the same use.
 */
export function vaultKeyPolicy(ctx: PolicyContext): PolicyDocument {
    return serviceKeyPolicy({ ...ctx, services: ["backup", "rds"], grantServices: ["backup", "rds"] });
}

/** Replicated RDS automated backups: RDS of this region encrypts them and keeps grants for them. */
export function databaseBackupsKeyPolicy(ctx: PolicyContext): PolicyDocument {
    return serviceKeyPolicy({ ...ctx, services: ["rds"], grantServices: ["rds"] });
}

/**
 * A replica bucket: TLS only, and only the source region's replication role
 * (data layer, `names.replicationRole`) may replicate into it, so no other
 * principal of the account can pass writes off as replicas.
 */
export function replicaBucketPolicy(args: { bucketArn: string; accountId: string; sourceRegion: Region }): PolicyDocument {
    const role = `arn:aws:iam::${args.accountId}:role${names.rolePath}${names.replicationRole(args.sourceRegion)}`;
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(args.bucketArn),
            {
                Sid: "OnlyTheSourceReplicationRoleReplicates",
                Effect: "Deny",
                Principal: "*",
                Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:ObjectOwnerOverrideToBucketOwner"],
                Resource: `${args.bucketArn}/*`,
                Condition: { ArnNotEquals: { "aws:PrincipalArn": role } },
            },
        ],
    };
}

/**
 * The replica access-log bucket: TLS only, and delivery by the S3 logging service from this
 * account's replica buckets only, each under its own prefix. The S3 user guide ("Enabling Amazon S3
 * server access logging", permissions for log delivery) grants logging.s3.amazonaws.com
 * s3:PutObject with aws:SourceArn (the source bucket) and aws:SourceAccount.
 */
export function replicaAccessLogBucketPolicy(args: {
    bucketArn: string;
    accountId: string;
    sources: readonly { bucketName: string; prefix: string }[];
}): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(args.bucketArn),
            ...args.sources.map((s, i) => ({
                Sid: `ReplicaAccessLogDelivery${i}`,
                Effect: "Allow" as const,
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${args.bucketArn}/${s.prefix}*`,
                Condition: {
                    ArnLike: { "aws:SourceArn": names.bucketArn(s.bucketName) },
                    StringEquals: { "aws:SourceAccount": args.accountId },
                },
            })),
        ],
    };
}
