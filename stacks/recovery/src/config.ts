/**
 * Every key of the recovery layer, read once and validated together. The
 * region must be a partner region (a partner in topology.yaml), which may
 * lie outside the three baseline regions.
 */
import {
    ConfigReader,
    ConfigSource,
    LAYERS,
    VaultLockSettings,
    PartnerCommonConfig,
    Region,
    pulumiConfigSource,
    readPartnerCommonConfig,
    readDeploymentMode,
    readVaultLock,
    sourcesOf,
} from "@baseline/lib";

export const PROJECT = LAYERS.recovery.project;

export interface RecoveryConfig extends PartnerCommonConfig {
    /** The baseline regions this stack holds copies for. */
    readonly sourceRegions: readonly Region[];
    readonly vaultLock: VaultLockSettings;
    readonly replicaNoncurrentVersionDays: number;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): RecoveryConfig {
    const r = new ConfigReader(PROJECT, source, stack);
    const common = readPartnerCommonConfig(r, "recovery");
    const vaultLock = readVaultLock(r, readDeploymentMode(r));
    const replicaNoncurrentVersionDays = r.number("replicaNoncurrentVersionDays", { default: 90, min: 1, max: 3650 });
    return r.finish({ ...common, sourceRegions: sourcesOf(common.region), vaultLock, replicaNoncurrentVersionDays });
}
