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
    PRINCIPAL_ARN,
    pulumiConfigSource,
    readCommonConfig,
} from "@baseline/lib";

export const PROJECT = LAYERS.security.project;

export interface SecurityConfig extends CommonConfig {
    /** Whether this stack owns the account-wide resources (home region only). */
    readonly isHome: boolean;
    readonly enableCloudTrail: boolean;
    readonly enableCisAlarms: boolean;
    readonly cloudTrailLogRetentionDays: number;
    readonly auditBucketExpirationDays: number;
    readonly remediationMaxAttempts: number;
    readonly remediationRetrySeconds: number;
    /** Named administrators of the KMS keys; empty = the account administers them through IAM. */
    readonly keyAdministrators: readonly string[];
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): SecurityConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(reader, { layer: "security" });
    const isHome = common.region === HOME_REGION;
    const enableCloudTrail = reader.autoBool("enableCloudTrail", isHome);
    reader.check(
        !enableCloudTrail || isHome,
        "enableCloudTrail",
        enableCloudTrail,
        `false outside ${HOME_REGION}: the multi-region trail is an account-wide resource of the home region`,
    );
    const enableCisAlarms = reader.autoBool("enableCisAlarms", enableCloudTrail);
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
    const remediationMaxAttempts = reader.number("remediationMaxAttempts", { default: 5, min: 1, max: 25 });
    const remediationRetrySeconds = reader.number("remediationRetrySeconds", { default: 60, min: 1, max: 2678000 });
    const keyAdministrators = reader.stringList("keyAdministrators", {
        default: [],
        item: PRINCIPAL_ARN,
        describeItem: "IAM role or user ARNs (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>)",
    });
    return reader.finish({
        ...common,
        isHome,
        enableCloudTrail,
        enableCisAlarms,
        cloudTrailLogRetentionDays,
        auditBucketExpirationDays,
        remediationMaxAttempts,
        remediationRetrySeconds,
        keyAdministrators,
    });
}
