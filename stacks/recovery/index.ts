import * as pulumi from "@pulumi/pulumi";
import { Exports, LockedVault, RecoveryOutputs, applyBaselineTags, names, resolveUpstream } from "@baseline/lib";
import { readConfig } from "./src/config";
import { replicaBucketPolicy } from "./src/policies";
import { RecoveryKeys } from "./src/recoveryKeys";
import { ReplicaBucket } from "./src/replicaBucket";

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
        });
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
        vaultMinRetentionDays: cfg.vaultLock.minRetentionDays,
        vaultMaxRetentionDays: cfg.vaultLock.maxRetentionDays,
        databaseBackupKeyArn: keys.databaseBackups.arn,
    };
};
