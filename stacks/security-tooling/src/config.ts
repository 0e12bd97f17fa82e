/**
 * Every config key of the security-tooling layer, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import {
    AlarmSubscription,
    ConfigReader,
    ConfigSource,
    DATA_EVENT_SCOPES,
    DataEventScope,
    FINDING_FREQUENCIES,
    FindingFrequency,
    HOME_REGION,
    LAYERS,
    readTrailLogRetentionDays,
    PartnerCommonConfig,
    pulumiConfigSource,
    readAlarmSubscriptions,
    readPartnerCommonConfig,
    requireAccountKind,
} from "@baseline/lib";

export const PROJECT = LAYERS["security-tooling"].project;

/** The layer runs in every baseline and recovery-only region (layers.ts `everywhere`), in the security-tooling account. */
export interface SecurityToolingConfig extends PartnerCommonConfig {
    /** Whether this stack owns the organization-wide resources (home region only). */
    readonly isHome: boolean;
    readonly guardDutyFindingFrequency: FindingFrequency;
    /** Retention of the organization trail's CloudWatch Logs group (home region). */
    readonly cloudTrailLogRetentionDays: number;
    /** Which buckets the organization trail logs S3 data events of (home region). */
    readonly cloudTrailS3DataEvents: DataEventScope;
    /** Who the organization alarm topic reaches (home region); empty plans, and the pack reports it. */
    readonly alarmSubscriptions: readonly AlarmSubscription[];
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): SecurityToolingConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readPartnerCommonConfig(reader, "security-tooling");
    requireAccountKind(reader, common.account, "security-tooling", "security-tooling");
    const guardDutyFindingFrequency = reader.oneOf("guardDutyFindingFrequency", FINDING_FREQUENCIES, "FIFTEEN_MINUTES");
    // The same bounds as the security layer's account trail.
    const cloudTrailLogRetentionDays = readTrailLogRetentionDays(reader);
    const cloudTrailS3DataEvents = reader.oneOf("cloudTrailS3DataEvents", DATA_EVENT_SCOPES, "baseline");
    const alarmSubscriptions = readAlarmSubscriptions(reader);
    reader.check(
        alarmSubscriptions.length === 0 || common.region === HOME_REGION,
        "alarmSubscriptions",
        alarmSubscriptions.map((s) => `${s.protocol}=${s.endpoint}`).join(", "),
        `empty outside ${HOME_REGION}: the organization alarm topic is in the home region only`,
    );
    return reader.finish({
        ...common,
        isHome: common.region === HOME_REGION,
        guardDutyFindingFrequency,
        cloudTrailLogRetentionDays,
        cloudTrailS3DataEvents,
        alarmSubscriptions,
    });
}
