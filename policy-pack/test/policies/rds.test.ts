import { eventSubscriptionEnabled } from "../../src/policies/rds/eventSubscriptionEnabled";
import { parameterGroupTls } from "../../src/policies/rds/parameterGroupTls";
import { subnetGroupMultiAz } from "../../src/policies/rds/subnetGroupMultiAz";
import { runMeaningCases } from "../meaningCases";
import { rdsBackupRetention } from "../../src/policies/rds/backupRetention";
import { rdsDeletionProtection } from "../../src/policies/rds/deletionProtection";
import { rdsNotPubliclyAccessible } from "../../src/policies/rds/notPubliclyAccessible";
import { rdsStorageEncryptedCmk } from "../../src/policies/rds/storageEncryptedCmk";
import { rdsBackupReplication } from "../../src/policies/rds/backupReplication";
import * as f from "../fixtures";
import { rdsSnapshotNotPublic } from "../../src/policies/rds/snapshotNotPublic";
import { rdsProductionResilience } from "../../src/policies/rds/productionResilience";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";
import { Res } from "../fixtures";
import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";
import { planWithProvider } from "../providerPlan";
import type { BaselinePolicy } from "../../src/policy";

runResourcePolicyCases([
    [
        rdsStorageEncryptedCmk,
        [
            [
                "storage not encrypted",
                "postgres",
                { storageEncrypted: false },
                ["RDS instance storage is not encrypted: set storageEncrypted: true."],
            ],
            [
                "no CMK",
                "postgres",
                { kmsKeyId: undefined },
                ["RDS instance storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK."],
            ],
        ],
    ],
    [
        rdsNotPubliclyAccessible,
        [
            [
                "public",
                "postgres",
                { publiclyAccessible: true },
                ["RDS instance is publicly accessible: set publiclyAccessible: false."],
            ],
        ],
    ],
    [
        rdsDeletionProtection,
        [
            [
                "off",
                "postgres",
                { deletionProtection: false },
                ["RDS instance has no deletion protection: set deletionProtection: true."],
            ],
        ],
    ],
    [
        rdsBackupRetention,
        [
            [
                "1 day",
                "postgres",
                { backupRetentionPeriod: 1 },
                ["RDS instance backupRetentionPeriod is 1 days; it must be at least 7."],
            ],
            [
                "unset",
                "postgres",
                { backupRetentionPeriod: undefined },
                ["RDS instance does not set backupRetentionPeriod; it must be at least 7 days."],
            ],
            [
                "7 days under a 14-day config",
                "postgres",
                {},
                ["RDS instance backupRetentionPeriod is 7 days; it must be at least 14."],
                { minBackupRetentionDays: 14 },
            ],
            // PostgreSQL read replicas support no automated backups: their source's backups recover them.
            ["a read replica without backups", "postgres", { replicateSourceDb: "orders-db", backupRetentionPeriod: 0 }, []],
            [
                "a cross-region read replica without backups",
                "postgres",
                { replicateSourceDb: "arn:aws:rds:us-west-2:123456789012:db:orders-db", backupRetentionPeriod: undefined },
                [],
            ],
        ],
    ],
]);

describe("rds-automated-backup-replication", () => {
    it("passes the compliant baseline", () => {
        expect(f.found(f.evaluate(rdsBackupReplication, f.compliantResources()))).toEqual([]);
    });
    it("reports an instance whose backups are not replicated, or replicated from another instance", () => {
        const msg = "RDS instance 'postgres' does not replicate its automated backups to another region.";
        expect(f.found(f.evaluate(rdsBackupReplication, f.without("postgres-backup-replication")))).toEqual([["postgres", msg]]);
        expect(
            f.found(
                f.evaluate(
                    rdsBackupReplication,
                    f.patched("postgres-backup-replication", {
                        sourceDbInstanceArn: "arn:aws:rds:us-east-1:123456789012:db:other",
                    }),
                ),
            ),
        ).toEqual([["postgres", msg]]);
    });
    it("is configurable: only the recovery environments", () => {
        expect(
            f.found(
                f.evaluate(rdsBackupReplication, f.without("postgres-backup-replication"), { recoveryEnvironments: ["Staging"] }),
            ),
        ).toEqual([]);
    });
});
const KEY = "arn:aws:kms:us-east-1:123456789012:key/1111-2222";
const PROD = { Environment: "Production" };
const cluster = (inputs: Record<string, unknown>): Res => ({
    type: "aws:rds/cluster:Cluster",
    name: "aurora",
    inputs: {
        engine: "aurora-postgresql",
        storageEncrypted: true,
        kmsKeyId: KEY,
        deletionProtection: true,
        backupRetentionPeriod: 14,
        iamDatabaseAuthenticationEnabled: true,
        tags: PROD,
        ...inputs,
    },
});

const SOURCE_ARN = "arn:aws:rds:us-east-1:123456789012:db:baseline-postgres";
const WEST_KEY = "arn:aws:kms:us-west-2:123456789012:key/3333-4444";
const CROSS_REGION_NO_KEY =
    "RDS instance is a cross-region read replica without kmsKeyId, so its storage is not encrypted (storageEncrypted is ignored for cross-region replicas): set kmsKeyId to a customer-managed key of its region.";
const replica = (inputs: Record<string, unknown>): Res => ({
    type: "aws:rds/instance:Instance",
    name: "postgres-dr",
    inputs: { instanceClass: "db.r6g.large", publiclyAccessible: false, tags: PROD, ...inputs },
});

runAddedResourceCases([
    [
        rdsStorageEncryptedCmk,
        [
            [
                "an unencrypted Aurora cluster",
                [cluster({ storageEncrypted: false })],
                [["aurora", "RDS cluster storage is not encrypted: set storageEncrypted: true."]],
            ],
            // CreateDBInstanceReadReplica: "A read replica in the same AWS Region is always encrypted with the
            // same KMS key as the source DB instance or cluster" (and takes no KmsKeyId).
            [
                "a same-region read replica of the stack's database (by identifier)",
                [replica({ replicateSourceDb: "baseline-postgres" })],
                [],
            ],
            [
                "a same-region read replica named by ARN (with a subnet group)",
                [replica({ replicateSourceDb: SOURCE_ARN, dbSubnetGroupName: "baseline-db" })],
                [],
            ],
            [
                "a same-region read replica of a database of another stack: not knowable here",
                [replica({ replicateSourceDb: "payments-db" })],
                [],
            ],
            // rds.Instance: storageEncrypted "is ignored" for a cross-region read replica, which takes kmsKeyId.
            [
                "a cross-region read replica with a customer-managed key of its region",
                [replica({ replicateSourceDb: SOURCE_ARN, region: "us-west-2", kmsKeyId: WEST_KEY })],
                [],
            ],
            [
                "a cross-region read replica without kmsKeyId (storageEncrypted is ignored)",
                [replica({ replicateSourceDb: SOURCE_ARN, region: "us-west-2", storageEncrypted: true })],
                [["postgres-dr", CROSS_REGION_NO_KEY]],
            ],
            // RestoreDBClusterFromSnapshot, KmsKeyId: "If the DB snapshot or DB cluster snapshot in SnapshotIdentifier
            // is encrypted, then the restored DB cluster is encrypted using the KMS key that was used to encrypt the
            // DB snapshot": without kmsKeyId the snapshot decides, and the pack cannot see it.
            [
                "a cluster restored from a snapshot without kmsKeyId or storageEncrypted, and an instance restored the same way",
                [
                    cluster({ snapshotIdentifier: "orders-before-upgrade", storageEncrypted: undefined, kmsKeyId: undefined }),
                    replica({ snapshotIdentifier: "rds:orders-2026-01-05-06-05" }),
                ],
                [],
            ],
            [
                "a cluster and an instance restored to a point in time without kmsKeyId: encrypted as their source is",
                [
                    cluster({
                        restoreToPointInTime: { sourceClusterIdentifier: "orders", useLatestRestorableTime: true },
                        storageEncrypted: undefined,
                        kmsKeyId: undefined,
                    }),
                    replica({ restoreToPointInTime: { sourceDbInstanceIdentifier: "orders-db", useLatestRestorableTime: true } }),
                ],
                [],
            ],
            [
                "a cluster restored from a snapshot with its customer-managed key",
                [cluster({ snapshotIdentifier: "orders-before-upgrade", storageEncrypted: undefined })],
                [],
            ],
            [
                "a cluster restored from a snapshot with the AWS-managed key: the key it names is judged",
                [cluster({ snapshotIdentifier: "orders-before-upgrade", kmsKeyId: "alias/aws/rds" })],
                [
                    [
                        "aurora",
                        "RDS cluster storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.",
                    ],
                ],
            ],
            [
                "a database imported from S3 is created with its own storageEncrypted (RestoreDBClusterFromS3 takes it)",
                [
                    cluster({
                        s3Import: {
                            bucketName: "orders-backups",
                            ingestionRole: "arn:aws:iam::123456789012:role/rds-import",
                            sourceEngine: "mysql",
                            sourceEngineVersion: "8.0.36",
                        },
                        storageEncrypted: undefined,
                    }),
                ],
                [["aurora", "RDS cluster storage is not encrypted: set storageEncrypted: true."]],
            ],
            [
                "a snapshot to restore unknown at preview: judged at pulumi up",
                [cluster({ snapshotIdentifier: UNKNOWN_SENTINEL, storageEncrypted: undefined, kmsKeyId: undefined })],
                [["aurora", "can't run policy 'rds-storage-encrypted-cmk' during preview: snapshotIdentifier is unknown"]],
            ],
            [
                "a cross-region read replica with the AWS-managed key",
                [replica({ replicateSourceDb: SOURCE_ARN, region: "us-west-2", kmsKeyId: "alias/aws/rds" })],
                [
                    [
                        "postgres-dr",
                        "RDS instance storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.",
                    ],
                ],
            ],
        ],
    ],
    [
        rdsDeletionProtection,
        [
            [
                "a cluster without deletion protection",
                [cluster({ deletionProtection: undefined })],
                [["aurora", "RDS cluster has no deletion protection: set deletionProtection: true."]],
            ],
        ],
    ],
    [
        rdsBackupRetention,
        [
            [
                "a cluster with one day of backups",
                [cluster({ backupRetentionPeriod: 1 })],
                [["aurora", "RDS cluster backupRetentionPeriod is 1 days; it must be at least 7."]],
            ],
        ],
    ],
    [
        rdsNotPubliclyAccessible,
        [
            [
                "a public cluster instance",
                [
                    cluster({}),
                    {
                        type: "aws:rds/clusterInstance:ClusterInstance",
                        name: "aurora-1",
                        inputs: { clusterIdentifier: "aurora", publiclyAccessible: true, tags: PROD },
                    },
                ],
                [["aurora-1", "RDS cluster instance is publicly accessible: set publiclyAccessible: false."]],
            ],
        ],
    ],
    [
        rdsSnapshotNotPublic,
        [
            [
                "a snapshot shared with all accounts",
                [
                    {
                        type: "aws:rds/snapshot:Snapshot",
                        name: "before-upgrade",
                        inputs: {
                            dbInstanceIdentifier: "db",
                            dbSnapshotIdentifier: "before-upgrade",
                            sharedAccounts: ["all"],
                            tags: PROD,
                        },
                    },
                ],
                [
                    [
                        "before-upgrade",
                        "Snapshot is shared with 'all': every AWS account can restore it. Share it with named accounts only.",
                    ],
                ],
            ],
            [
                "a cluster snapshot shared with a named account passes",
                [
                    {
                        type: "aws:rds/clusterSnapshot:ClusterSnapshot",
                        name: "dr",
                        inputs: {
                            dbClusterIdentifier: "aurora",
                            dbClusterSnapshotIdentifier: "dr",
                            sharedAccounts: ["111111111111"],
                            tags: PROD,
                        },
                    },
                ],
                [],
            ],
        ],
    ],
    [
        rdsProductionResilience,
        [
            [
                "a production cluster without IAM authentication",
                [cluster({ iamDatabaseAuthenticationEnabled: false })],
                [["aurora", "Production RDS cluster: iamDatabaseAuthenticationEnabled must be true."]],
            ],
            [
                "a non-production cluster is not judged",
                [cluster({ iamDatabaseAuthenticationEnabled: false, tags: { Environment: "Staging" } })],
                [],
            ],
        ],
    ],
]);

runResourcePolicyCases([
    [
        rdsProductionResilience,
        [
            [
                "a single-AZ production instance that stops minor upgrades",
                "postgres",
                { multiAz: false, autoMinorVersionUpgrade: false },
                ["Production RDS instance: multiAz must be true; autoMinorVersionUpgrade must not be false."],
            ],
            [
                "no IAM authentication",
                "postgres",
                { iamDatabaseAuthenticationEnabled: undefined },
                ["Production RDS instance: iamDatabaseAuthenticationEnabled must be true."],
            ],
            [
                "SQL Server has no IAM authentication to require",
                "postgres",
                { iamDatabaseAuthenticationEnabled: undefined, engine: "sqlserver-se" },
                [],
            ],
        ],
    ],
]);

runMeaningCases(eventSubscriptionEnabled, [
    {
        title: "enabled",
        added: [
            {
                type: "aws:rds/eventSubscription:EventSubscription",
                name: "ev",
                inputs: { enabled: true, snsTopic: "arn:aws:sns:us-east-1:123456789012:t" },
            },
        ],
        expected: null,
    },
    {
        title: "disabled",
        added: [
            {
                type: "aws:rds/eventSubscription:EventSubscription",
                name: "ev",
                inputs: { enabled: false, snsTopic: "arn:aws:sns:us-east-1:123456789012:t" },
            },
        ],
        expected: /disabled: set enabled: true/,
    },
]);

const LOGGING = [
    { name: "log_connections", value: "1" },
    { name: "log_disconnections", value: "1" },
];
const params = (family: string, parameters: { name: string; value: string }[]): Res => ({
    type: "aws:rds/parameterGroup:ParameterGroup",
    name: "params",
    inputs: { family, parameters },
});
runMeaningCases(
    parameterGroupTls,
    [
        {
            title: "postgres forcing TLS",
            added: [params("postgres16", [{ name: "rds.force_ssl", value: "1" }, ...LOGGING])],
            expected: null,
        },
        {
            title: "postgres not forcing TLS",
            added: [params("postgres16", [{ name: "rds.force_ssl", value: "0" }, ...LOGGING])],
            expected: /rds.force_ssl is "0"/,
        },
        { title: "postgres without the parameter", added: [params("postgres16", LOGGING)], expected: /rds.force_ssl is not set/ },
        {
            title: "mysql without secure transport",
            added: [params("mysql8.0", [])],
            expected: /require_secure_transport is not set/,
        },
    ],
    true,
);

const subnets = (subnetIds: string[]): Res => ({
    type: "aws:rds/subnetGroup:SubnetGroup",
    name: "subnets",
    inputs: { subnetIds },
});
runMeaningCases(
    subnetGroupMultiAz,
    [
        { title: "two subnets", added: [subnets(["subnet-a", "subnet-b"])], expected: null },
        { title: "one subnet", added: [subnets(["subnet-a"])], expected: /has 1 subnet/ },
    ],
    true,
);

describe("rds-storage-encrypted-cmk: read replicas", () => {
    it("judges a same-region replica's source where it is declared: an unencrypted source is reported, its replica is not", () => {
        const resources = [
            ...f.patched("postgres", { storageEncrypted: false }),
            replica({ replicateSourceDb: "baseline-postgres" }),
        ];
        expect(f.found(f.evaluate(rdsStorageEncryptedCmk, resources))).toEqual([
            ["postgres", "RDS instance storage is not encrypted: set storageEncrypted: true."],
        ]);
    });
    it("takes the replica's region from its provider", () => {
        const plan = planWithProvider([replica({ replicateSourceDb: SOURCE_ARN })], { region: "us-west-2" }, ["postgres-dr"]);
        const report = evaluatePlans([plan], undefined, { policies: [rdsStorageEncryptedCmk] });
        expect(f.found(report)).toEqual([["postgres-dr", CROSS_REGION_NO_KEY]]);
        // The same replica on a provider of its source's region is a same-region one.
        const home = planWithProvider([replica({ replicateSourceDb: SOURCE_ARN })], { region: "us-east-1" }, ["postgres-dr"]);
        expect(f.found(evaluatePlans([home], undefined, { policies: [rdsStorageEncryptedCmk] }))).toEqual([]);
    });
    it("defers a replica whose source is created in the same update (replicateSourceDb unknown at preview)", () => {
        const report = evaluatePlans([f.planOf([replica({ replicateSourceDb: UNKNOWN_SENTINEL })])], undefined, {
            policies: [rdsStorageEncryptedCmk],
        });
        expect(report.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
            ["advisory", "can't run policy 'rds-storage-encrypted-cmk' during preview: replicateSourceDb is unknown"],
        ]);
    });
});

describe("Production through the provider's defaultTags (rds-production-resilience, rds-automated-backup-replication)", () => {
    const DEFAULT_PRODUCTION = { region: "us-east-1", defaultTags: JSON.stringify({ tags: { Environment: "Production" } }) };
    const ownTags = { Project: "aws-secure-baseline" };
    const judge = (policy: BaselinePolicy, resources: Res[], providerInputs: Record<string, unknown> = DEFAULT_PRODUCTION) =>
        evaluatePlans([planWithProvider(resources, providerInputs, ["postgres"])], undefined, {
            policies: [policy],
            policyPackConfig: f.underBaseline([policy]),
        }).violations.map((v) => [v.enforcementLevel, v.urn?.slice(v.urn.lastIndexOf("::") + 2), v.message.split("\n")[0]]);

    it("judges a database tagged Production only by its provider's defaultTags", () => {
        const db = f.patched("postgres", { tags: ownTags, multiAz: false });
        expect(judge(rdsProductionResilience, db)).toEqual([
            ["mandatory", "postgres", "Production RDS instance: multiAz must be true."],
        ]);
        expect(judge(rdsBackupReplication, f.without("postgres-backup-replication", db))).toEqual([
            ["mandatory", "postgres", "RDS instance 'postgres' does not replicate its automated backups to another region."],
        ]);
    });
    it("lets the database's own Environment tag override the default one", () => {
        const db = f.patched("postgres", { tags: { Environment: "Staging" }, multiAz: false });
        expect(judge(rdsProductionResilience, db)).toEqual([]);
        expect(judge(rdsBackupReplication, f.without("postgres-backup-replication", db))).toEqual([]);
    });
    it("defers when the defaultTags that would decide it are unknown at preview", () => {
        const db = f.patched("postgres", { tags: ownTags, multiAz: false });
        const unknown = { region: "us-east-1", defaultTags: UNKNOWN_SENTINEL };
        expect(judge(rdsProductionResilience, db, unknown)).toEqual([
            ["advisory", "postgres", "can't run policy 'rds-production-resilience' during preview: defaultTags is unknown"],
        ]);
        expect(judge(rdsBackupReplication, f.without("postgres-backup-replication", db), unknown)).toEqual([
            ["advisory", undefined, "can't run policy 'rds-automated-backup-replication' during preview: defaultTags is unknown"],
        ]);
    });
});

test("rds-backup-retention: a replica of a database created in the same update is judged at pulumi up, not refused at preview", () => {
    const report = f.evaluate(
        rdsBackupRetention,
        f.patched("postgres", { replicateSourceDb: UNKNOWN_SENTINEL, backupRetentionPeriod: 7 }),
    );
    expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
});
