import * as pulumi from "@pulumi/pulumi";
import { Exports, LockedVault, RecoveryOutputs, applyBaselineTags, names, resolveUpstream } from "@baseline/lib";
import { readConfig } from "./src/config";
import { replicaAccessLogBucketPolicy, replicaBucketPolicy } from "./src/policies";
import { ReplicaAccessLogs } from "./src/replicaAccessLogs";
import { RecoveryKeys } from "./src/recoveryKeys";
import { ReplicaBucket } from "./src/replicaBucket";
import { ReplicationLatencyAlarm } from "./src/replicationAlarms";

/**
 * The recovery layer, one stack per partner region: what the baseline regions
 * whose partner this region is (environment.ts PARTNER_REGIONS) copy their data
 * into. Deployed before `data`, which reads these outputs across regions.
 */
// `export =`: Pulumi calls a CommonJS module that is a function (see stacks/data/index.ts).
export = async (): Promise<Exports<RecoveryOutputs>> => {
    const cfg = readConfig();
    applyBaselineTags("recovery", cfg.owner);
    const iam = await resolveUpstream("global-iam", cfg.upstream);
    const ctx = { accountId: iam.accountId, region: cfg.region };

    const keys = new RecoveryKeys("recovery-keys", ctx);

    // S3.9: every replica bucket logs its requests to one log bucket in this region, each under its own prefix.
    const logPrefix = (source: (typeof cfg.sourceRegions)[number]) => `${names.replicaBucket(iam.accountId, source)}/`;
    const logBucketName = names.replicaAccessLogBucket(iam.accountId, cfg.region);
    const accessLogs = new ReplicaAccessLogs("replica-access-logs", {
        bucketName: logBucketName,
        expirationDays: cfg.replicaAccessLogRetentionDays,
        policy: replicaAccessLogBucketPolicy({
            bucketArn: names.bucketArn(logBucketName),
            accountId: iam.accountId,
            sources: cfg.sourceRegions.map((source) => ({
                bucketName: names.replicaBucket(iam.accountId, source),
                prefix: logPrefix(source),
            })),
        }),
    });

    const replicaBucketNames: Record<string, string> = {};
    const replicas = cfg.sourceRegions.map((source) => {
        const bucketName = names.replicaBucket(iam.accountId, source);
        replicaBucketNames[source] = bucketName;
        return new ReplicaBucket(`replica-${source}`, {
            bucketName,
            kmsKeyArn: keys.replica.arn,
            policy: replicaBucketPolicy({
                bucketArn: names.bucketArn(bucketName),
                accountId: iam.accountId,
                sourceRegion: source,
            }),
            noncurrentVersionDays: cfg.replicaNoncurrentVersionDays,
            sourceRegion: source,
            accessLogs: {
                targetBucket: accessLogs.bucket.bucket,
                targetPrefix: logPrefix(source),
                dependsOn: [accessLogs.policy],
            },
        });
    });

    // Replication Latency is published in the destination bucket's Region, so each replica's latency
    // alarm lives here (src/replicationAlarms.ts); the data layer alarms on failed replication at the source.
    for (const source of cfg.sourceRegions)
        new ReplicationLatencyAlarm(`replication-latency-${source}`, {
            accountId: iam.accountId,
            region: cfg.region,
            sourceRegion: source,
            replicaBucketName: replicaBucketNames[source],
        });

    const vault = new LockedVault("recovery-vault", {
        vaultName: names.recoveryVault,
        kmsKeyArn: keys.vault.arn,
        lock: cfg.vaultLock,
    });

    return {
        region: cfg.region,
        sourceRegions: [...cfg.sourceRegions],
        // Exported only once every replica bucket exists, so a data stack never replicates into a bucket still being made.
        replicaBucketNames: pulumi.all(replicas.map((r) => r.bucket.bucket)).apply(() => replicaBucketNames),
        replicaKeyArn: keys.replica.arn,
        vaultName: vault.vault.name,
        vaultArn: vault.vault.arn,
        vaultKeyArn: keys.vault.arn,
        // The lock's own values, not the config's: an `up` that could not change the lock (the provider
        // replaces it on any change, which `protect` refuses; docs/recovery.md) leaves the vault's bounds
        // as they were, and the data layers check their copy retention against those.
        vaultMinRetentionDays: vault.lock.minRetentionDays.apply((d) => d ?? cfg.vaultLock.minRetentionDays),
        vaultMaxRetentionDays: vault.lock.maxRetentionDays.apply((d) => d ?? cfg.vaultLock.maxRetentionDays),
        databaseBackupKeyArn: keys.databaseBackups.arn,
    };
};
