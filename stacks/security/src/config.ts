/**
 * Every config key of the security layer, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import {
    CommonConfig,
    ConfigReader,
    ConfigSource,
    HOME_REGION,
    LAYERS,
    LOG_RETENTION_DAYS,
    pulumiConfigSource,
    readCommonConfig,
} from "@baseline/lib";
import type { AuditObjectLock } from "./auditBucket";

export const PROJECT = LAYERS.security.project;

export interface SecurityConfig extends CommonConfig {
    /** Whether this stack owns the account-wide resources (home region only). */
    readonly isHome: boolean;
    readonly enableCloudTrail: boolean;
    readonly enableCisAlarms: boolean;
    readonly cloudTrailLogRetentionDays: number;
    readonly auditBucketExpirationDays: number;
    /** Object Lock default retention of the CloudTrail and Config buckets. */
    readonly auditObjectLock: AuditObjectLock;
    readonly remediationMaxAttempts: number;
    readonly remediationRetrySeconds: number;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): SecurityConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(reader, { layer: "security" });
    const isHome = common.region === HOME_REGION;
    const enableCloudTrail = reader.bool("enableCloudTrail", isHome);
    reader.check(
        !enableCloudTrail || isHome,
        "enableCloudTrail",
        enableCloudTrail,
        `false outside ${HOME_REGION}: the multi-region trail is an account-wide resource of the home region`,
    );
    const enableCisAlarms = reader.bool("enableCisAlarms", enableCloudTrail);
    reader.check(
        !enableCisAlarms || enableCloudTrail,
        "enableCisAlarms",
        enableCisAlarms,
        "false unless enableCloudTrail is true (the alarms read the trail's log group)",
    );
    const cloudTrailLogRetentionDays = reader.number("cloudTrailLogRetentionDays", {
        default: 365,
        min: 365,
        max: 3653,
        oneOf: LOG_RETENTION_DAYS.filter((d) => d >= 365),
    });
    const auditBucketExpirationDays = reader.number("auditBucketExpirationDays", { default: 2557, min: 365, max: 3653 });
    const auditObjectLock: AuditObjectLock = {
        mode: reader.oneOf("auditObjectLockMode", ["COMPLIANCE", "GOVERNANCE"] as const, "COMPLIANCE"),
        days: reader.number("auditObjectLockDays", { default: 365, min: 1, max: 3653 }),
    };
    // A record locked beyond its lifecycle expiration is kept (and billed) until the lock ends anyway.
    reader.check(
        auditObjectLock.days <= auditBucketExpirationDays,
        "auditObjectLockDays",
        auditObjectLock.days,
        `at most auditBucketExpirationDays (${auditBucketExpirationDays}): records cannot expire while locked`,
    );
    const remediationMaxAttempts = reader.number("remediationMaxAttempts", { default: 5, min: 1, max: 25 });
    const remediationRetrySeconds = reader.number("remediationRetrySeconds", { default: 60, min: 1, max: 2678000 });
    return reader.finish({
        ...common,
        isHome,
        enableCloudTrail,
        enableCisAlarms,
        cloudTrailLogRetentionDays,
        auditBucketExpirationDays,
        auditObjectLock,
        remediationMaxAttempts,
        remediationRetrySeconds,
    });
}
