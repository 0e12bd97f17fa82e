/**
 * What the data layer sends to its partner region: S3 replication of the data
 * bucket into the recovery layer's replica, and replication of the RDS
 * instance's automated backups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DeployRegion, RTC_MINUTES, alarmNotifications, names } from "@baseline/lib";
import { ReplicationRoleArgs, replicationRolePolicy, serviceTrustPolicy } from "./recoveryPolicies";

/** S3 Replication Time Control, in minutes (defined once in lib: the recovery layer's latency alarm uses it too). */
export { RTC_MINUTES };

/** The one replication rule; the replication metrics carry it as the RuleId dimension. */
export const REPLICATION_RULE_ID = names.replicationRuleId;

export interface BucketReplicationArgs extends ReplicationRoleArgs {
    readonly sourceBucketName: pulumi.Input<string>;
    readonly replicationTimeControl: boolean;
    /** The security layer's alarm topic of this (the source) region: failed replication pages someone. */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** Versioning of the source bucket: S3 refuses a replication configuration before it. */
    readonly dependsOn: pulumi.Input<pulumi.Resource>[];
}

export class BucketReplication extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly config: aws.s3.BucketReplicationConfig;
    readonly failedAlarm: aws.cloudwatch.MetricAlarm;

    constructor(name: string, args: BucketReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:BucketReplication", name, {}, opts);
        const child = { parent: this };
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: names.replicationRole(args.region),
                path: names.rolePath,
                description: "S3 replication of this region's data bucket to its replica in the partner region",
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("s3.amazonaws.com", args.accountId, args.sourceBucketArn)),
                maxSessionDuration: 3600,
            },
            child,
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            { role: this.role.name, policy: JSON.stringify(replicationRolePolicy(args)) },
            child,
        );
        this.config = new aws.s3.BucketReplicationConfig(
            name,
            {
                bucket: args.sourceBucketName,
                role: this.role.arn,
                rules: [
                    {
                        id: REPLICATION_RULE_ID,
                        status: "Enabled",
                        priority: 1,
                        // Every object, in the V2 rule form (Filter), which delete-marker settings and RTC need;
                        // an empty prefix rather than an empty block, as the lifecycle rules write it.
                        filter: { prefix: "" },
                        // Delete markers are NOT replicated: a delete in this region (by mistake, by a
                        // compromised principal or an administrator) leaves the replica readable, which is
                        // what the replica is for. Version-specific deletes are never replicated by S3.
                        // The cost: after a failover the replica still shows every object deleted here since
                        // replication began; only the source's delete markers say which, and they are in the
                        // lost region (docs/recovery.md, "What a region loss looks like").
                        deleteMarkerReplication: { status: "Disabled" },
                        // Every object is SSE-KMS with the data key: without this S3 would skip them all.
                        sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                        destination: {
                            bucket: args.replicaBucketArn,
                            storageClass: "STANDARD",
                            encryptionConfiguration: { replicaKmsKeyId: args.replicaKeyArn },
                            // Metrics (latency, pending bytes and operations) are what the RPO can be watched by;
                            // RTC requires them.
                            metrics: { status: "Enabled", eventThreshold: { minutes: RTC_MINUTES } },
                            ...(args.replicationTimeControl
                                ? { replicationTime: { status: "Enabled", time: { minutes: RTC_MINUTES } } }
                                : {}),
                        },
                    },
                ],
            },
            { ...child, dependsOn: [...args.dependsOn, policy] },
        );
        // Replication that fails, watched here. S3 user guide, "Using S3 Replication metrics": Operations
        // Failed Replication is "the number of operations that failed replication for a given replication
        // rule", and "This metric is published in the Region of the source bucket", so its alarm lives in
        // this layer, on this region's alarm topic. Its dimensions are the replication metrics' own
        // ("Metrics and dimensions", "S3 Replication dimensions in CloudWatch": SourceBucket,
        // DestinationBucket, RuleId).
        // The latency of replication is NOT watched here: the same table says Replication Latency "is
        // published in the Region of the destination bucket", and an alarm watches only metrics of its own
        // Region, so the recovery layer of the partner region holds that alarm (stacks/recovery/src/replicationAlarms.ts).
        this.failedAlarm = new aws.cloudwatch.MetricAlarm(
            `${name}-failed`,
            {
                name: `${names.dataBucket(args.accountId, args.region)}-replication-failed`,
                alarmDescription: `Objects of this region's data bucket failed to replicate to the ${args.partnerRegion} replica`,
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                dimensions: {
                    SourceBucket: args.sourceBucketName,
                    DestinationBucket: args.replicaBucketArn.replace("arn:aws:s3:::", ""),
                    RuleId: REPLICATION_RULE_ID,
                },
                // Any failed operation in a 5-minute period: each is an object, delete marker or tag change
                // the replica lacks, i.e. the RPO broken for it, whatever the latency says.
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                datapointsToAlarm: 1,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                ...alarmNotifications(args.alarmTopicArn),
                // The same table: the metric is not published if replication doesn't occur; no data is no failure.
                treatMissingData: "notBreaching",
            },
            child,
        );
        this.registerOutputs({});
    }
}

export interface DatabaseBackupReplicationArgs {
    readonly sourceDbInstanceArn: pulumi.Input<string>;
    /** Created in the partner region: the replication is a resource of the destination region. */
    readonly partnerRegion: DeployRegion;
    /** The recovery layer's key in the partner region (an encrypted instance's backups need one there). */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly retentionDays: number;
}

/**
 * RDS automated backups replicated to the partner region: snapshots and
 * transaction logs, so the database can be restored to a point in time there.
 */
export class DatabaseBackupReplication extends pulumi.ComponentResource {
    readonly replication: aws.rds.InstanceAutomatedBackupsReplication;

    constructor(name: string, args: DatabaseBackupReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:DatabaseBackupReplication", name, {}, opts);
        this.replication = new aws.rds.InstanceAutomatedBackupsReplication(
            name,
            {
                region: args.partnerRegion,
                sourceDbInstanceArn: args.sourceDbInstanceArn,
                kmsKeyId: args.kmsKeyArn,
                retentionPeriod: args.retentionDays,
            },
            // Deleting it deletes the replicated backups in the partner region.
            { parent: this, protect: true },
        );
        this.registerOutputs({ arn: this.replication.id });
    }
}
