/**
 * What the data layer sends to its partner region: S3 replication, AWS Backup
 * with Vault Lock and partner copies, replicated RDS automated backups; and the
 * cross-region read of the recovery layer that feeds them.
 */
import { Region, names, partnerOf, stackName } from "@baseline/lib";
import {
    DEFAULT_ACCOUNT_ID,
    StackRunError,
    StackRunResult,
    contractFixture,
    findResource,
    runStack,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import program from "../index";

const PROJECT = "baseline-data";
const acct = DEFAULT_ACCOUNT_ID;

function run(region: Region, config: Record<string, string> = {}, stackOutputs = upstreamOutputsFor("data", region)) {
    return runStack({
        project: PROJECT,
        stack: stackName("data", region),
        config: {
            "aws:region": region,
            ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
        },
        stackOutputs,
        program,
    });
}

const runs = new Map<Region, StackRunResult>();
beforeAll(async () => {
    for (const region of ["us-east-1", "eu-central-1"] as const) runs.set(region, await run(region));
});

describe.each(["us-east-1", "eu-central-1"] as const)("data in %s", (region) => {
    const partner = partnerOf(region);
    const recovery = contractFixture("recovery", partner);
    const security = contractFixture("security", region);
    const one = (type: string, name: string) => findResource(runs.get(region)!.resources, type, name);

    it("keeps EU data in the EU and US data in the US", () => {
        expect(partner).toBe(region === "eu-central-1" ? "eu-west-1" : "us-west-2");
        expect(runs.get(region)!.outputs.recoveryRegion).toBe(partner);
    });

    it("replicates the data bucket to the partner's replica: KMS on both sides, RTC with metrics, delete markers kept back", () => {
        const cfg = one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-replication").inputs as {
            bucket: string;
            role: string;
            rules: Record<string, unknown>[];
        };
        expect(cfg.bucket).toBe(names.dataBucket(acct, region));
        expect(cfg.role).toBe(`arn:aws:iam::${acct}:role/baseline/${names.replicationRole(region)}`);
        expect(cfg.rules).toEqual([
            expect.objectContaining({
                status: "Enabled",
                filter: { prefix: "" },
                deleteMarkerReplication: { status: "Disabled" },
                sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
                destination: {
                    bucket: `arn:aws:s3:::${names.replicaBucket(acct, region)}`,
                    storageClass: "STANDARD",
                    encryptionConfiguration: { replicaKmsKeyId: recovery.replicaKeyArn },
                    metrics: { status: "Enabled", eventThreshold: { minutes: 15 } },
                    replicationTime: { status: "Enabled", time: { minutes: 15 } },
                },
            }),
        ]);
        // After versioning: S3 refuses a replication configuration on an unversioned bucket.
        const replication = one("aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-replication");
        const versioning = one("aws:s3/bucketVersioning:BucketVersioning", "data-versioning");
        expect(replication.dependencies).toContain(versioning.urn);
        expect(runs.get(region)!.outputs.replicaBucketName).toBe(names.replicaBucket(acct, region));
        // Failed replication is watched here, where S3 publishes OperationsFailedReplication (the source
        // region); ReplicationLatency is published in the destination region and alarmed by the recovery layer.
        expect(one("aws:cloudwatch/metricAlarm:MetricAlarm", "data-replication-failed").inputs).toMatchObject({
            name: `${names.dataBucket(acct, region)}-replication-failed`,
            namespace: "AWS/S3",
            metricName: "OperationsFailedReplication",
            dimensions: {
                SourceBucket: names.dataBucket(acct, region),
                DestinationBucket: names.replicaBucket(acct, region),
                RuleId: "to-partner-region",
            },
            statistic: "Sum",
            comparisonOperator: "GreaterThanThreshold",
            threshold: 0,
            treatMissingData: "notBreaching",
            alarmActions: [security.alarmTopicArn],
            okActions: [security.alarmTopicArn],
            actionsEnabled: true,
        });
        const alarms = runs
            .get(region)!
            .resources.filter((r) => r.type === "aws:cloudwatch/metricAlarm:MetricAlarm")
            .map((r) => r.inputs.metricName);
        expect(alarms).not.toContain("ReplicationLatency");
    });

    it("locks this region's vault (own CMK, compliance mode after 3 days) and backs up bucket and database daily, copied to the partner vault", () => {
        const vault = one("aws:backup/vault:Vault", "backup-vault");
        expect(vault.protect).toBe(true);
        expect(vault.inputs).toMatchObject({ name: names.backupVault, forceDestroy: false });
        const key = one("aws:kms/key:Key", "backup-vault-key");
        expect(vault.inputs.kmsKeyArn).toBe(key.outputs.arn);
        expect(key.inputs).toMatchObject({ enableKeyRotation: true });
        expect(one("aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backup-vault-lock").inputs).toMatchObject({
            backupVaultName: names.backupVault,
            changeableForDays: 3,
            minRetentionDays: 7,
            maxRetentionDays: 365,
        });
        const daily = one("aws:backup/plan:Plan", "backup-daily").inputs as { rules: Record<string, unknown>[] };
        expect(daily.rules).toEqual([
            expect.objectContaining({
                targetVaultName: names.backupVault,
                lifecycle: { deleteAfter: 35 },
                copyActions: [{ destinationVaultArn: recovery.vaultArn, lifecycle: { deleteAfter: 35 } }],
            }),
        ]);
        const pitr = one("aws:backup/plan:Plan", "backup-point-in-time").inputs as { rules: Record<string, unknown>[] };
        expect(pitr.rules).toEqual([expect.objectContaining({ enableContinuousBackup: true, lifecycle: { deleteAfter: 35 } })]);
        // One copy of the bucket a night, the daily rule's: a copy action on the continuous rule would send a second.
        expect(pitr.rules[0].copyActions).toBeUndefined();
        const role = `arn:aws:iam::${acct}:role/baseline/${names.backupRole(region)}`;
        expect(one("aws:backup/selection:Selection", "backup-daily-selection").inputs).toMatchObject({
            iamRoleArn: role,
            resources: [
                `arn:aws:s3:::${names.dataBucket(acct, region)}`,
                `arn:aws:rds:${region}:${acct}:db:${names.dbIdentifier}`,
            ],
        });
        expect(one("aws:backup/selection:Selection", "backup-point-in-time-selection").inputs).toMatchObject({
            resources: [`arn:aws:s3:::${names.dataBucket(acct, region)}`],
        });
    });

    it("replicates RDS automated backups into the partner region with the partner's key", () => {
        const r = one(
            "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
            "postgres-backup-replication",
        );
        expect(r.protect).toBe(true);
        expect(r.inputs).toMatchObject({
            region: partner,
            kmsKeyId: recovery.databaseBackupKeyArn,
            retentionPeriod: 14,
            sourceDbInstanceArn: `arn:aws:rds:${region}:${acct}:db:${names.dbIdentifier}`,
        });
        expect(String(runs.get(region)!.outputs.dbReplicatedBackupsArn)).toMatch(new RegExp(`^arn:aws:rds:${partner}:`));
        // The source key stays the security layer's, in this region.
        expect(one("aws:rds/instance:Instance", "postgres").inputs.kmsKeyId).toBe(security.databaseKeyArn);
    });
});

it("turns RTC off and sets every retention from config", async () => {
    const r = await run("us-west-2", {
        replicationTimeControl: "false",
        backupDailyRetentionDays: "60",
        backupCopyRetentionDays: "90",
        backupPointInTimeDays: "14",
        dbBackupReplicationRetentionDays: "7",
        vaultLockChangeableDays: "10",
    });
    const dest = (
        findResource(r.resources, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "data-replication").inputs as {
            rules: { destination: Record<string, unknown> }[];
        }
    ).rules[0].destination;
    expect(dest.replicationTime).toBeUndefined();
    expect(dest.metrics).toEqual({ status: "Enabled", eventThreshold: { minutes: 15 } });
    const daily = findResource(r.resources, "aws:backup/plan:Plan", "backup-daily").inputs as {
        rules: { lifecycle: unknown; copyActions: { lifecycle: unknown }[] }[];
    };
    expect(daily.rules[0].lifecycle).toEqual({ deleteAfter: 60 });
    expect(daily.rules[0].copyActions[0].lifecycle).toEqual({ deleteAfter: 90 });
    expect(
        (findResource(r.resources, "aws:backup/plan:Plan", "backup-point-in-time").inputs as { rules: { lifecycle: unknown }[] })
            .rules[0].lifecycle,
    ).toEqual({ deleteAfter: 14 });
    expect(
        findResource(r.resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "backup-vault-lock").inputs
            .changeableForDays,
    ).toBe(10);
    expect(
        findResource(
            r.resources,
            "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
            "postgres-backup-replication",
        ).inputs.retentionPeriod,
    ).toBe(7);
});

describe("refused before any resource", () => {
    const failure = async (p: Promise<unknown>) => {
        const err = await p.then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StackRunError);
        expect((err as StackRunError).resources.filter((r) => r.custom && !r.read)).toHaveLength(0);
        return (err as Error).message;
    };

    it("retentions outside this vault's lock, a grace time under 3 days, a continuous window over 35 days", async () => {
        const msg = await failure(
            run("us-east-1", {
                vaultLockChangeableDays: "2",
                vaultLockMinRetentionDays: "40",
                backupDailyRetentionDays: "30",
                backupPointInTimeDays: "36",
                dbBackupReplicationRetentionDays: "0",
            }),
        );
        expect(msg).toContain("baseline-data:vaultLockChangeableDays = 2");
        expect(msg).toContain("baseline-data:backupDailyRetentionDays = 30: inside the vault lock's retention range 40-365");
        expect(msg).toContain("baseline-data:backupPointInTimeDays = 36");
        expect(msg).toContain("baseline-data:dbBackupReplicationRetentionDays = 0");
    });

    it("a copy retention the PARTNER vault's lock would refuse", async () => {
        const msg = await failure(run("us-east-1", { backupCopyRetentionDays: "400" }));
        expect(msg).toMatch(
            /backupCopyRetentionDays = 400: inside the vault lock's retention range 7-365 .*baseline-recovery in us-west-2/,
        );
    });

    it("a missing partner recovery stack, named with its region and the layer to deploy", async () => {
        const msg = await failure(run("eu-central-1", {}, upstreamOutputsFor("data", "eu-central-1", { recovery: null })));
        expect(msg).toContain("cross-region upstream of data in eu-central-1 (partner region eu-west-1)");
        expect(msg).toContain("organization/baseline-recovery/production-eu-west-1");
        expect(msg).toContain("--layers recovery");
    });

    it("a recovery stack from the wrong region", async () => {
        const outputs = upstreamOutputsFor("data", "eu-central-1", { recovery: { region: "us-east-1" } });
        const msg = await failure(run("eu-central-1", {}, outputs));
        expect(msg).toContain("is in region us-east-1, but this stack is in eu-west-1");
    });

    it("a recovery stack that holds no replica for this region", async () => {
        const outputs = upstreamOutputsFor("data", "eu-central-1", { recovery: { replicaBucketNames: {} } });
        const msg = await failure(run("eu-central-1", {}, outputs));
        expect(msg).toContain("an entry for eu-central-1: redeploy recovery/eu-west-1");
    });
});
