import * as pulumi from "@pulumi/pulumi";
import {
    ConfigValidationError,
    DataOutputs,
    Exports,
    applyBaselineTags,
    names,
    partnerOf,
    resolvePartnerUpstream,
    resolveUpstream,
    retentionOutsideLock,
} from "@baseline/lib";
import { DatabaseAlarms } from "./src/alarms";
import { DataBackup } from "./src/backup";
import { BackupJobNotifications } from "./src/backupEvents";
import { BucketReplication, DatabaseBackupReplication } from "./src/crossRegion";
import { dbInstanceArn } from "./src/recoveryPolicies";
import { readConfig } from "./src/config";
import { Database } from "./src/database";
import { accessLogBucketPolicy, bucketArn, dataBucketPolicy } from "./src/policies";
import { SecureBucket } from "./src/secureBucket";
import { checkInstanceClassZones } from "./src/zones";

/** The data layer: S3 buckets and RDS PostgreSQL, per region. */
// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<DataOutputs>> => {
    const cfg = readConfig();
    applyBaselineTags("data", cfg.owner);
    // Region, upstreamOrg and any upstreamStacks overrides, as read and validated by readCommonConfig.
    const upstream = cfg.upstream;
    // recovery is read from the PARTNER region's stack: the graph's one explicit cross-region edge.
    const [iam, security, network, recovery] = await Promise.all([
        resolveUpstream("global-iam", upstream),
        resolveUpstream("security", upstream),
        resolveUpstream("network", upstream),
        resolvePartnerUpstream("data", "recovery", upstream),
    ]);
    const partnerRegion = partnerOf(cfg.region);
    const replicaBucketName = recovery.replicaBucketNames[cfg.region];
    // Checked before any resource: a copy the partner vault's lock would refuse fails every night, silently.
    const problems = [
        ...(replicaBucketName === undefined
            ? [
                  {
                      key: "recovery.replicaBucketNames",
                      value: recovery.replicaBucketNames,
                      allowed: `an entry for ${cfg.region}: redeploy recovery/${partnerRegion}`,
                  },
              ]
            : []),
        ...[
            retentionOutsideLock(cfg.recovery.backup.copyRetentionDays, {
                minRetentionDays: recovery.vaultMinRetentionDays,
                maxRetentionDays: recovery.vaultMaxRetentionDays,
            }),
        ]
            .filter((p): p is string => p !== undefined)
            .map((p) => ({
                key: "baseline-data:backupCopyRetentionDays",
                value: cfg.recovery.backup.copyRetentionDays,
                allowed: `${p} (the lock of ${recovery.vaultName} in ${partnerRegion})`,
            })),
    ];
    if (problems.length > 0) throw new ConfigValidationError(`baseline-data/production-${cfg.region}`, problems);

    await checkInstanceClassZones({
        instanceClass: cfg.db.instanceClass,
        subnetZones: network.availabilityZones,
        region: cfg.region,
        stack: `${pulumi.getProject()}/${pulumi.getStack()}`,
    });

    // Account and region in both names: unique worldwide and across the three regions.
    const dataBucketName = names.dataBucket(iam.accountId, cfg.region);
    const logBucketName = names.accessLogBucket(iam.accountId, cfg.region);
    const dataLogPrefix = `${dataBucketName}/`;
    const noncurrentAndMultipart = {
        abortIncompleteMultipartUpload: { daysAfterInitiation: cfg.buckets.abortIncompleteMultipartDays },
        // An explicit empty prefix (every object): the provider warns that an empty `filter: {}`
        // "will be an error in a future version", and AWS treats `Prefix: ""` as the whole bucket.
        filter: { prefix: "" },
        status: "Enabled",
    };

    const accessLogs = new SecureBucket("access-logs", {
        bucketName: logBucketName,
        // SSE-S3, deliberately. S3 server access logs are written by the logging
        // service principal, which sends no SSE headers. The AWS S3 user guide,
        // "Enabling Amazon S3 server access logging", says the destination may use
        // default encryption only with SSE-S3 (AES-256), and that default SSE-KMS
        // is not supported. Later AWS and CDK material (aws-cdk#24789) reports
        // SSE-KMS with a customer managed key working once the key policy lets
        // logging.s3.amazonaws.com call kms:GenerateDataKey. The data key's policy
        // belongs to the security layer and grants the logging service nothing, so
        // SSE-KMS here would silently drop every log. SSE-S3 works with no
        // cross-layer change. SecureBucket tags the bucket
        // `baseline:encryption-exemption=s3-server-access-logs`, the value the
        // policy pack accepts and reports, so the exemption can't pass unseen.
        encryption: { kind: "sse-s3", exemption: "s3-server-access-logs" },
        policy: accessLogBucketPolicy({
            bucketArn: bucketArn(logBucketName),
            accountId: iam.accountId,
            sources: [{ bucketArn: bucketArn(dataBucketName), prefix: dataLogPrefix }],
        }),
        lifecycleRules: [
            {
                id: "expire-access-logs",
                ...noncurrentAndMultipart,
                expiration: { days: cfg.buckets.accessLogRetentionDays },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
            },
        ],
        // No access logging on the log bucket itself: it would log its own deliveries
        // (the S3 user guide advises against it); Security Hub S3.9 is suppressed on it.
        tags: { "baseline:role": "access-logs" },
    });

    const data = new SecureBucket("data", {
        bucketName: dataBucketName,
        encryption: { kind: "sse-kms", kmsKeyArn: security.dataKeyArn },
        policy: dataBucketPolicy({ bucketArn: bucketArn(dataBucketName), kmsKeyArn: security.dataKeyArn }),
        lifecycleRules: [
            {
                id: "noncurrent-versions-and-incomplete-uploads",
                ...noncurrentAndMultipart,
                noncurrentVersionExpiration: { noncurrentDays: cfg.buckets.noncurrentVersionDays },
            },
        ],
        accessLogs: { targetBucket: accessLogs.bucketName, targetPrefix: dataLogPrefix, dependsOn: [accessLogs.policy] },
        tags: { "baseline:role": "application-data" },
    });

    const db = new Database("postgres", {
        identifier: names.dbIdentifier,
        settings: cfg.db,
        subnetIds: network.isolatedSubnetIds,
        securityGroupIds: [network.databaseSecurityGroupId],
        databaseKeyArn: security.databaseKeyArn,
        logsKeyArn: security.logsKeyArn,
        monitoringRoleArn: iam.rdsMonitoringRoleArn,
    });

    // Recovery: replica in the partner region, locked backups copied there, replicated RDS backups.
    const dataBucketArn = names.bucketArn(dataBucketName);
    new BucketReplication("data-replication", {
        accountId: iam.accountId,
        region: cfg.region,
        partnerRegion,
        sourceBucketName: data.bucketName,
        sourceBucketArn: dataBucketArn,
        sourceKeyArn: security.dataKeyArn,
        replicaBucketArn: names.bucketArn(replicaBucketName),
        replicaKeyArn: recovery.replicaKeyArn,
        replicationTimeControl: cfg.recovery.replicationTimeControl,
        alarmTopicArn: security.alarmTopicArn,
        dependsOn: [data.versioning],
    });
    const backup = new DataBackup("backup", {
        accountId: iam.accountId,
        region: cfg.region,
        partnerRegion,
        dataBucketArn,
        dataKeyArn: security.dataKeyArn,
        databaseKeyArn: security.databaseKeyArn,
        dbInstanceArn: dbInstanceArn(cfg.region, iam.accountId),
        partnerVaultArn: recovery.vaultArn,
        partnerVaultKeyArn: recovery.vaultKeyArn,
        settings: cfg.recovery.backup,
    });
    // This region's plans start the backup jobs and, by their copy actions, the copy jobs to the partner:
    // their failures go to this region's alarm topic (src/backupEvents.ts).
    new BackupJobNotifications("backup-jobs", { alarmTopicArn: security.alarmTopicArn });
    const dbReplication = new DatabaseBackupReplication("postgres-backup-replication", {
        sourceDbInstanceArn: db.instance.arn,
        partnerRegion,
        kmsKeyArn: recovery.databaseBackupKeyArn,
        retentionDays: cfg.recovery.dbBackupReplicationRetentionDays,
    });

    new DatabaseAlarms("postgres-alarms", {
        dbInstanceIdentifier: db.instance.identifier,
        allocatedStorageGiB: cfg.db.allocatedStorageGiB,
        alarmTopicArn: security.alarmTopicArn,
        thresholds: cfg.alarms,
    });

    return {
        region: cfg.region,
        dataBucketName: data.bucketName,
        dataBucketArn: data.arn,
        accessLogBucketName: accessLogs.bucketName,
        accessLogBucketArn: accessLogs.arn,
        dbAddress: db.instance.address,
        dbPort: db.instance.port,
        dbName: db.instance.dbName,
        dbResourceId: db.instance.resourceId,
        dbSecretArn: db.secretArn,
        recoveryRegion: partnerRegion,
        replicaBucketName,
        backupVaultName: backup.vault.vault.name,
        dbReplicatedBackupsArn: dbReplication.replication.id,
    };
};
