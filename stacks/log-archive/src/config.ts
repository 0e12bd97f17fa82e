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
    readAuditRetention,
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
    const { auditBucketExpirationDays, auditObjectLock } = readAuditRetention(reader);
    return reader.finish({ ...common, auditBucketExpirationDays, auditObjectLock });
}
