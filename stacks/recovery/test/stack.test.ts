import { CONTRACT_KEYS, DeployRegion, isTaggable, names, partnerRegionsOf, sourcesOf, stackName } from "@baseline/lib";
import {
    DEFAULT_ACCOUNT_ID,
    StackRunError,
    StackRunResult,
    contractFixture,
    findResource,
    ofType,
    runStack,
    simulate,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import program from "../index";
import { readConfig } from "../src/config";

const PROJECT = "baseline-recovery";

function run(region: DeployRegion, config: Record<string, string> = {}) {
    return runStack({
        project: PROJECT,
        stack: stackName("recovery", region),
        config: {
            "aws:region": region,
            ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
        },
        stackOutputs: upstreamOutputsFor("recovery", region),
        program,
    });
}

const runs = new Map<DeployRegion, StackRunResult>();
beforeAll(async () => {
    for (const region of partnerRegionsOf()) runs.set(region, await run(region));
});

it("runs in the three partner regions, eu-west-1 (recovery only) included", () => {
    expect(partnerRegionsOf()).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
});

describe.each(partnerRegionsOf())("recovery layer in %s", (region) => {
    const res = () => runs.get(region)!.resources;

    it("holds one replica bucket per source region, named after its source, versioned and SSE-KMS with its own key", () => {
        const sources = sourcesOf(region);
        expect(sources.length).toBe(1);
        for (const source of sources) {
            const bucket = findResource(res(), "aws:s3/bucket:Bucket", `replica-${source}`);
            expect(bucket.inputs.bucket).toBe(names.replicaBucket(DEFAULT_ACCOUNT_ID, source));
            expect(bucket.protect).toBe(true);
            expect(bucket.inputs.forceDestroy).toBe(false);
            expect(
                findResource(res(), "aws:s3/bucketVersioning:BucketVersioning", `replica-${source}-versioning`).inputs,
            ).toMatchObject({ versioningConfiguration: { status: "Enabled" } });
            const sse = findResource(
                res(),
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                `replica-${source}-encryption`,
            ).inputs as { rules: { applyServerSideEncryptionByDefault: { sseAlgorithm: string; kmsMasterKeyId: string } }[] };
            const replicaKey = findResource(res(), "aws:kms/key:Key", "recovery-keys-replica");
            expect(sse.rules[0].applyServerSideEncryptionByDefault).toEqual({
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: replicaKey.outputs.arn,
            });
            // The key is this region's, not the source region's.
            expect(String(replicaKey.outputs.arn)).toContain(`:kms:${region}:`);
        }
    });

    it("logs every replica bucket's requests to this region's replica log bucket (S3.9), SSE-S3 by the declared exemption", () => {
        const logName = names.replicaAccessLogBucket(DEFAULT_ACCOUNT_ID, region);
        const logBucket = ofType(res(), "aws:s3/bucket:Bucket").find((b) => b.inputs.bucket === logName)!;
        expect(logBucket).toBeDefined();
        expect(logBucket.protect).toBe(true);
        expect(logBucket.inputs.tags).toMatchObject({ "baseline:encryption-exemption": "s3-server-access-logs" });
        const encryptionOf = (bucket: string) =>
            ofType(res(), "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").find(
                (e) => e.inputs.bucket === bucket,
            )!.inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[];
        expect(encryptionOf(logName)[0].applyServerSideEncryptionByDefault.sseAlgorithm).toBe("AES256");
        const logging = ofType(res(), "aws:s3/bucketLogging:BucketLogging");
        const sources = sourcesOf(region).map((s) => names.replicaBucket(DEFAULT_ACCOUNT_ID, s));
        expect(logging.map((l) => l.inputs.bucket).sort()).toEqual([...sources].sort());
        for (const l of logging) {
            expect(l.inputs.targetBucket).toBe(logName);
            expect(l.inputs.targetPrefix).toBe(`${l.inputs.bucket}/`);
            // S3 checks delivery permissions when logging is enabled: the log bucket's policy comes first.
            expect(l.dependencies).toContain(
                findResource(res(), "aws:s3/bucketPolicy:BucketPolicy", "replica-access-logs-policy").urn,
            );
        }
        // The log bucket does not log itself.
        expect(logging.some((l) => l.inputs.bucket === logName)).toBe(false);
    });

    it("lets only the S3 logging service deliver each replica's logs, for this account's replica bucket", async () => {
        const logName = names.replicaAccessLogBucket(DEFAULT_ACCOUNT_ID, region);
        const policy = findResource(res(), "aws:s3/bucketPolicy:BucketPolicy", "replica-access-logs-policy").inputs
            .policy as string;
        const [source] = sourcesOf(region);
        const replica = names.replicaBucket(DEFAULT_ACCOUNT_ID, source);
        const put = (sourceArn: string, sourceAccount: string, key = `${replica}/2026-01-01-log`) =>
            simulate({
                principal: "logging.s3.amazonaws.com",
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${logName}/${key}`,
                resourceAccount: DEFAULT_ACCOUNT_ID,
                resourcePolicy: policy,
                context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceAccount, "aws:SecureTransport": "true" },
            });
        await expect(put(`arn:aws:s3:::${replica}`, DEFAULT_ACCOUNT_ID)).resolves.toBe("Allowed");
        await expect(put(`arn:aws:s3:::${replica}`, "210987654321")).resolves.not.toBe("Allowed");
        await expect(put("arn:aws:s3:::someone-elses-bucket", DEFAULT_ACCOUNT_ID)).resolves.not.toBe("Allowed");
        await expect(put(`arn:aws:s3:::${replica}`, DEFAULT_ACCOUNT_ID, "other-prefix/log")).resolves.not.toBe("Allowed");
    });

    it("alarms on each replica's ReplicationLatency here, where S3 publishes it, on this region's alarm topic", () => {
        // S3 user guide, "Using S3 Replication metrics": Replication Latency "is published in the Region of
        // the destination bucket"; the dimensions are names only, so nothing is read from the data layer.
        const topic = `arn:aws:sns:${region}:${DEFAULT_ACCOUNT_ID}:${names.alarmTopic}`;
        // The ARN built from the name is the one the security layer of this region exports.
        expect(topic).toBe(contractFixture("security", region).alarmTopicArn);
        for (const source of sourcesOf(region)) {
            const alarm = findResource(res(), "aws:cloudwatch/metricAlarm:MetricAlarm", `replication-latency-${source}`);
            expect(alarm.inputs).toMatchObject({
                name: `${names.dataBucket(DEFAULT_ACCOUNT_ID, source)}-replication-latency`,
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                dimensions: {
                    SourceBucket: names.dataBucket(DEFAULT_ACCOUNT_ID, source),
                    DestinationBucket: names.replicaBucket(DEFAULT_ACCOUNT_ID, source),
                    RuleId: "to-partner-region",
                },
                statistic: "Maximum",
                comparisonOperator: "GreaterThanThreshold",
                threshold: 15 * 60,
                evaluationPeriods: 3,
                treatMissingData: "notBreaching",
                actionsEnabled: true,
                alarmActions: [topic],
                okActions: [topic],
            });
        }
        expect(ofType(res(), "aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(sourcesOf(region).length);
    });

    it("owns three rotating, protected CMKs with aliases", () => {
        const keys = ofType(res(), "aws:kms/key:Key");
        expect(keys.map((k) => k.name).sort()).toEqual([
            "recovery-keys-databaseBackups",
            "recovery-keys-replica",
            "recovery-keys-vault",
        ]);
        for (const k of keys) {
            expect(k.protect).toBe(true);
            expect(k.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
        }
        expect(
            ofType(res(), "aws:kms/alias:Alias")
                .map((a) => a.inputs.name)
                .sort(),
        ).toEqual([names.recoveryKeyAlias.databaseBackups, names.recoveryKeyAlias.replica, names.recoveryKeyAlias.vault].sort());
    });

    it("locks the copy-target vault: CMK, compliance mode after the grace time, retention bounds from config", () => {
        const vault = findResource(res(), "aws:backup/vault:Vault", "recovery-vault");
        expect(vault.protect).toBe(true);
        expect(vault.inputs).toMatchObject({ name: names.recoveryVault, forceDestroy: false });
        expect(vault.inputs.kmsKeyArn).toBe(findResource(res(), "aws:kms/key:Key", "recovery-keys-vault").outputs.arn);
        expect(
            findResource(res(), "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "recovery-vault-lock").inputs,
        ).toEqual(
            expect.objectContaining({
                backupVaultName: names.recoveryVault,
                changeableForDays: 3,
                minRetentionDays: 7,
                maxRetentionDays: 365,
            }),
        );
    });

    it("returns exactly the RecoveryOutputs contract, in this region", () => {
        const out = runs.get(region)!.outputs;
        expect(Object.keys(out).sort()).toEqual([...CONTRACT_KEYS.recovery].sort());
        expect(out.region).toBe(region);
        expect(out.sourceRegions).toEqual(sourcesOf(region));
        expect(out.vaultArn).toBe(`arn:aws:backup:${region}:${DEFAULT_ACCOUNT_ID}:backup-vault:${names.recoveryVault}`);
        expect(out.replicaBucketNames).toEqual(
            Object.fromEntries(sourcesOf(region).map((s) => [s, names.replicaBucket(DEFAULT_ACCOUNT_ID, s)])),
        );
    });

    it("tags every taggable resource with its layer", () => {
        const taggable = res().filter((r) => r.custom && !r.read && isTaggable(r.type));
        expect(taggable.length).toBeGreaterThanOrEqual(5);
        for (const r of taggable)
            expect([r.name, r.inputs.tags]).toEqual([r.name, expect.objectContaining({ Layer: "recovery" })]);
    });
});

it("sets the vault lock and the replicas' noncurrent-version expiry from config", async () => {
    const run2 = await run("eu-west-1", {
        vaultLockChangeableDays: "7",
        vaultLockMinRetentionDays: "30",
        vaultLockMaxRetentionDays: "730",
        replicaNoncurrentVersionDays: "30",
    });
    expect(
        findResource(run2.resources, "aws:backup/vaultLockConfiguration:VaultLockConfiguration", "recovery-vault-lock").inputs,
    ).toEqual(expect.objectContaining({ changeableForDays: 7, minRetentionDays: 30, maxRetentionDays: 730 }));
    expect(run2.outputs.vaultMinRetentionDays).toBe(30);
    const lifecycle = findResource(
        run2.resources,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "replica-eu-central-1-lifecycle",
    ).inputs as { rules: { noncurrentVersionExpiration: unknown }[] };
    expect(lifecycle.rules[0].noncurrentVersionExpiration).toEqual({ noncurrentDays: 30 });
});

it("refuses a region that is no partner, a grace time under 3 days and inverted bounds, in one error, before any resource", async () => {
    const err = await run("eu-central-1" as DeployRegion, {
        vaultLockChangeableDays: "1",
        vaultLockMinRetentionDays: "100",
        vaultLockMaxRetentionDays: "10",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackRunError);
    const msg = (err as Error).message;
    expect(msg).toContain("aws:region");
    expect(msg).toContain("us-east-1, us-west-2, eu-west-1");
    expect(msg).toContain("baseline-recovery:vaultLockChangeableDays");
    expect(msg).toContain("baseline-recovery:vaultLockMaxRetentionDays");
    expect((err as StackRunError).resources.filter((r) => r.custom && !r.read)).toHaveLength(0);
});

it("reads the same config as the project files say", () => {
    expect(readConfig({ get: (k) => (k === "aws:region" ? "eu-west-1" : undefined) }, "t").sourceRegions).toEqual([
        "eu-central-1",
    ]);
});

describe("replica bucket policy (simulated)", () => {
    const region = "eu-west-1";
    const bucketName = names.replicaBucket(DEFAULT_ACCOUNT_ID, "eu-central-1");
    const policy = () => {
        const p = findResource(runs.get(region)!.resources, "aws:s3/bucketPolicy:BucketPolicy", "replica-eu-central-1-policy");
        return JSON.parse(String(p.inputs.policy));
    };
    const role = (n: string) => `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/baseline/${n}`;
    const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] };
    const req = (principal: string, action: string, secure = "true") =>
        simulate({
            principal,
            action,
            resource: `arn:aws:s3:::${bucketName}/k`,
            identityPolicies: [allowAll],
            resourcePolicy: policy(),
            context: { "aws:SecureTransport": secure, "aws:PrincipalArn": principal },
        });

    it("lets only the source region's replication role replicate, and nobody without TLS", async () => {
        expect(await req(role(names.replicationRole("eu-central-1")), "s3:ReplicateObject")).toBe("Allowed");
        expect(await req(role(names.replicationRole("us-east-1")), "s3:ReplicateObject")).toBe("ExplicitlyDenied");
        expect(await req(role("admin"), "s3:ReplicateDelete")).toBe("ExplicitlyDenied");
        expect(await req(role(names.replicationRole("eu-central-1")), "s3:ReplicateObject", "false")).toBe("ExplicitlyDenied");
    });
});
