/**
 * Every key of the data layer, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 * Defaults are the production values; Pulumi.yaml describes each key.
 */
import {
    CommonConfig,
    ConfigReader,
    ConfigSource,
    LAYERS,
    LOG_RETENTION_DAYS,
    names,
    pulumiConfigSource,
    readCommonConfig,
    readDeploymentMode,
    readVaultLock,
    retentionOutsideLock,
} from "@baseline/lib";
import type { BackupSettings } from "./backup";

export const PROJECT = LAYERS.data.project;

/**
 * Instance class families offered in production: current-generation general
 * purpose (m) and memory optimised (r). Burstable db.t* classes are left out on
 * purpose: a production database that runs out of CPU credits is throttled.
 */
export const INSTANCE_FAMILIES = [
    "m5",
    "m6g",
    "m6gd",
    "m6i",
    "m6id",
    "m7g",
    "m7i",
    "m8g",
    "r5",
    "r6g",
    "r6gd",
    "r6i",
    "r6id",
    "r7g",
    "r7i",
    "r8g",
] as const;
const INSTANCE_SIZES = /^(large|xlarge|[1-9][0-9]?xlarge|metal(-[0-9]+xl)?)$/;

/** PostgreSQL major versions RDS currently offers; the parameter group family is `postgres<major>`. */
export const POSTGRES_MAJORS = [13, 14, 15, 16, 17] as const;

/** Values RDS accepts for an enabled enhanced monitoring interval (0 would turn it off: RDS.6). */
export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

/** Master user names RDS or PostgreSQL reserve, and `postgres`, the default RDS.25 flags. */
const RESERVED_USERNAMES = ["postgres", "admin", "rdsadmin", "rdsrepladmin", "root", "public", "user"];

export interface DatabaseSettings {
    readonly instanceClass: string;
    /** As configured: a major (`16`, minor upgrades automatic) or a full version (`16.4`). */
    readonly engineVersion: string;
    readonly engineMajor: number;
    readonly parameterGroupFamily: string;
    readonly allocatedStorageGiB: number;
    readonly maxAllocatedStorageGiB: number;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
    readonly monitoringIntervalSeconds: number;
    readonly port: number;
    readonly masterUsername: string;
    readonly dbName: string;
    readonly logRetentionDays: number;
}

export interface BucketSettings {
    /** Days a noncurrent version of a data object is kept before it expires. */
    readonly noncurrentVersionDays: number;
    /** Days an incomplete multipart upload may stay before S3 removes its parts. */
    readonly abortIncompleteMultipartDays: number;
    /** Days server access logs are kept. */
    readonly accessLogRetentionDays: number;
}

export interface AlarmSettings {
    readonly cpuPercent: number;
    readonly maxConnections: number;
    readonly freeMemoryMiB: number;
}

/** What the data layer sends to its partner region (its partner in topology.yaml). */
export interface RecoverySettings {
    readonly backup: BackupSettings;
    /** S3 Replication Time Control (15-minute SLA, billed per GB). */
    readonly replicationTimeControl: boolean;
    /** Days the RDS automated backups replicated to the partner region are kept (RDS: 1-35). */
    readonly dbBackupReplicationRetentionDays: number;
}

export interface DataConfig extends CommonConfig {
    readonly recovery: RecoverySettings;
    readonly db: DatabaseSettings;
    readonly buckets: BucketSettings;
    readonly alarms: AlarmSettings;
}

/**
 * The database port is not configurable: it is `names.dbPort` (lib naming.ts),
 * the port the network layer's database and app security group rules open. A
 * `dbPort` that differs would leave the instance listening where no rule lets
 * the Lambda in, so a stack file that still sets one is refused rather than
 * ignored; the value the rules open is accepted, so an old stack file that
 * spells out the default keeps working.
 */
function databasePort(r: ConfigReader): number {
    const raw = r.raw("dbPort");
    r.check(
        raw === undefined || Number(raw) === names.dbPort,
        "dbPort",
        raw,
        `unset: the port is fixed at ${names.dbPort} (names.dbPort in lib naming.ts), the port the network layer's ` +
            `security group rules open; change it there so both layers move together`,
    );
    return names.dbPort;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): DataConfig {
    const r = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(r, { layer: "data" });

    const instanceClass = r.string("dbInstanceClass", { default: "db.m7g.large" });
    const m = /^db\.([a-z0-9]+)\.([a-z0-9-]+)$/.exec(instanceClass);
    if (!m || !(INSTANCE_FAMILIES as readonly string[]).includes(m[1]) || !INSTANCE_SIZES.test(m[2])) {
        r.problem(
            "dbInstanceClass",
            instanceClass,
            `db.<family>.<size> with family one of ${INSTANCE_FAMILIES.join(", ")} and size large or larger ` +
                `(burstable db.t* classes are not offered in production)`,
        );
    }

    const engineVersion = r.string("dbEngineVersion", {
        default: "16",
        pattern: /^\d{2}(\.\d{1,2})?$/,
        describe: `a PostgreSQL major (${POSTGRES_MAJORS.join(", ")}) or major.minor such as 16.4`,
    });
    const engineMajor = Number(engineVersion.split(".")[0]);
    if (/^\d{2}(\.\d{1,2})?$/.test(engineVersion)) {
        r.check(
            (POSTGRES_MAJORS as readonly number[]).includes(engineMajor),
            "dbEngineVersion",
            engineVersion,
            `a major version RDS offers: ${POSTGRES_MAJORS.join(", ")}`,
        );
    }

    const allocatedStorageGiB = r.number("dbAllocatedStorageGiB", { default: 100, min: 20, max: 65536 });
    const maxAllocatedStorageGiB = r.number("dbMaxAllocatedStorageGiB", { default: 200, min: 22, max: 65536 });
    // RDS rejects a storage-autoscaling ceiling less than 10% above the allocation
    // (USER_PIOPS.Autoscaling: "at least 10 percent greater than the current allocated storage").
    const minCeiling = Math.ceil(allocatedStorageGiB * 1.1);
    r.check(
        maxAllocatedStorageGiB >= minCeiling,
        "dbMaxAllocatedStorageGiB",
        maxAllocatedStorageGiB,
        `at least ${minCeiling} GiB: the autoscaling ceiling must be 10% or more above dbAllocatedStorageGiB (${allocatedStorageGiB})`,
    );

    const masterUsername = r.string("dbMasterUsername", {
        default: "baseline_admin",
        pattern: /^[a-z][a-z0-9_]{0,62}$/,
        describe: "1 to 63 lower-case letters, digits or underscores, starting with a letter",
    });
    r.check(
        !RESERVED_USERNAMES.includes(masterUsername),
        "dbMasterUsername",
        masterUsername,
        `not a default or reserved name (${RESERVED_USERNAMES.join(", ")}): Security Hub RDS.25`,
    );

    const dbName = r.string("dbName", {
        default: "app",
        pattern: /^[a-z][a-z0-9_]{0,62}$/,
        describe: "1 to 63 lower-case letters, digits or underscores, starting with a letter",
    });
    r.check(
        !["postgres", "template0", "template1", "rdsadmin"].includes(dbName),
        "dbName",
        dbName,
        "not a PostgreSQL system database",
    );

    const db: DatabaseSettings = {
        instanceClass,
        engineVersion,
        engineMajor,
        parameterGroupFamily: `postgres${engineMajor}`,
        allocatedStorageGiB,
        maxAllocatedStorageGiB,
        multiAz: r.bool("dbMultiAz", true),
        backupRetentionDays: r.number("dbBackupRetentionDays", { default: 14, min: 7, max: 35 }),
        monitoringIntervalSeconds: r.number("dbMonitoringIntervalSeconds", {
            default: 60,
            min: 1,
            max: 60,
            oneOf: MONITORING_INTERVALS,
        }),
        port: databasePort(r),
        masterUsername,
        dbName,
        logRetentionDays: r.number("dbLogRetentionDays", { default: 365, min: 1, max: 3653, oneOf: LOG_RETENTION_DAYS }),
    };

    const buckets: BucketSettings = {
        noncurrentVersionDays: r.number("dataNoncurrentVersionDays", { default: 90, min: 1, max: 3650 }),
        abortIncompleteMultipartDays: r.number("abortIncompleteMultipartDays", { default: 7, min: 1, max: 30 }),
        accessLogRetentionDays: r.number("accessLogRetentionDays", { default: 365, min: 90, max: 3650 }),
    };

    const alarms: AlarmSettings = {
        cpuPercent: r.number("alarmCpuPercent", { default: 80, min: 10, max: 100 }),
        maxConnections: r.number("alarmMaxConnections", { default: 400, min: 1, max: 100000 }),
        freeMemoryMiB: r.number("alarmFreeMemoryMiB", { default: 512, min: 64, max: 1048576 }),
    };

    const vaultLock = readVaultLock(r, readDeploymentMode(r));
    const backup: BackupSettings = {
        dailyRetentionDays: r.number("backupDailyRetentionDays", { default: 35, min: 1, max: 36500 }),
        // The partner vault's lock bounds are checked against this once its stack is read (index.ts).
        copyRetentionDays: r.number("backupCopyRetentionDays", { default: 35, min: 1, max: 36500 }),
        // AWS Backup: continuous backups are kept at most 35 days.
        pointInTimeDays: r.number("backupPointInTimeDays", { default: 35, min: 1, max: 35 }),
        vaultLock,
    };
    for (const [key, days] of [
        ["backupDailyRetentionDays", backup.dailyRetentionDays],
        ["backupPointInTimeDays", backup.pointInTimeDays],
    ] as const) {
        const problem = retentionOutsideLock(days, vaultLock);
        if (problem) r.problem(key, days, problem);
    }
    const recovery: RecoverySettings = {
        backup,
        replicationTimeControl: r.bool("replicationTimeControl", true),
        dbBackupReplicationRetentionDays: r.number("dbBackupReplicationRetentionDays", { default: 14, min: 1, max: 35 }),
    };

    return r.finish({ ...common, recovery, db, buckets, alarms });
}
