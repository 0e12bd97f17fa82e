/**
 * Every config key of the security-tooling layer, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import {
    ConfigReader,
    ConfigSource,
    FINDING_FREQUENCIES,
    FindingFrequency,
    HOME_REGION,
    LAYERS,
    PartnerCommonConfig,
    pulumiConfigSource,
    readPartnerCommonConfig,
    requireAccountKind,
} from "@baseline/lib";

export const PROJECT = LAYERS["security-tooling"].project;

/** The layer runs in every baseline and recovery-only region (layers.ts `everywhere`), in the security-tooling account. */
export interface SecurityToolingConfig extends PartnerCommonConfig {
    /** Whether this stack owns the organization-wide resources (home region only). */
    readonly isHome: boolean;
    readonly guardDutyFindingFrequency: FindingFrequency;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): SecurityToolingConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readPartnerCommonConfig(reader, "security-tooling");
    requireAccountKind(reader, common.account, "security-tooling", "security-tooling");
    const guardDutyFindingFrequency = reader.oneOf("guardDutyFindingFrequency", FINDING_FREQUENCIES, "FIFTEEN_MINUTES");
    return reader.finish({ ...common, isHome: common.region === HOME_REGION, guardDutyFindingFrequency });
}
