/**
 * Every config key of the log-archive layer, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import {
    AuditObjectLock,
    CommonConfig,
    ConfigReader,
    ConfigSource,
    LAYERS,
    pulumiConfigSource,
    readCommonConfig,
    readDeploymentMode,
    requireAccountKind,
} from "@baseline/lib";

export const PROJECT = LAYERS["log-archive"].project;

export interface LogArchiveConfig extends CommonConfig {
    readonly auditBucketExpirationDays: number;
    /** Object Lock default retention of the organization trail's records. */
    readonly auditObjectLock: AuditObjectLock;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): LogArchiveConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(reader, { homeOnly: true, layer: "log-archive" });
    requireAccountKind(reader, common.account, "log-archive", "log-archive");
    const auditBucketExpirationDays = reader.number("auditBucketExpirationDays", { default: 2557, min: 365, max: 3653 });
    const deploymentMode = readDeploymentMode(reader);
    const configuredLockMode = reader.oneOf("auditObjectLockMode", ["COMPLIANCE", "GOVERNANCE"] as const, "COMPLIANCE");
    const auditObjectLock: AuditObjectLock = {
        // Rehearsal mode: GOVERNANCE whatever auditObjectLockMode says, so that a sandbox organization's
        // records can be deleted (s3:BypassGovernanceRetention) when the rehearsal is destroyed.
        mode: deploymentMode === "rehearsal" ? "GOVERNANCE" : configuredLockMode,
        days: reader.number("auditObjectLockDays", { default: 365, min: 1, max: 3653 }),
        deploymentMode,
    };
    // A record locked beyond its lifecycle expiration is kept (and billed) until the lock ends anyway.
    reader.check(
        auditObjectLock.days <= auditBucketExpirationDays,
        "auditObjectLockDays",
        auditObjectLock.days,
        `at most auditBucketExpirationDays (${auditBucketExpirationDays}): records cannot expire while locked`,
    );
    return reader.finish({ ...common, auditBucketExpirationDays, auditObjectLock });
}
