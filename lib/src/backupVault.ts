/**
 * An AWS Backup vault under Vault Lock, shared by the data layer (each
 * region's own vault) and the recovery layer (each partner region's
 * copy-target vault), with the config keys that set the lock.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigReader } from "./config";
import { DeploymentMode, deploymentModeTags } from "./deploymentMode";

/**
 * AWS Backup Developer Guide, "AWS Backup Vault Lock": the grace time
 * (`ChangeableForDays`) "must be at least 3 days"; after it the lock is in
 * compliance mode and "cannot be changed or deleted by any user or by AWS".
 */
export const MIN_CHANGEABLE_DAYS = 3;
/** Upper bound of a lock's retention settings (100 years). */
export const MAX_RETENTION_DAYS = 36500;

export interface VaultLockSettings {
    /**
     * `production`: compliance mode after the grace period. `rehearsal`: governance mode (no
     * grace period, no compliance lock): the lock can be removed, so the rehearsal can be destroyed.
     */
    readonly mode: DeploymentMode;
    /** Grace period in days; compliance mode after it. Not set on the lock in rehearsal mode. */
    readonly changeableForDays: number;
    /** A recovery point with a shorter retention is refused by the vault (the backup or copy job fails). */
    readonly minRetentionDays: number;
    readonly maxRetentionDays: number;
}

/**
 * Reads and checks `vaultLockChangeableDays`, `vaultLockMinRetentionDays`, `vaultLockMaxRetentionDays`;
 * `mode` is the stack's `deploymentMode`, read once by the stack's config.
 */
export function readVaultLock(r: ConfigReader, mode: DeploymentMode): VaultLockSettings {
    const changeableForDays = r.number("vaultLockChangeableDays", {
        default: 3,
        min: MIN_CHANGEABLE_DAYS,
        max: MAX_RETENTION_DAYS,
    });
    const minRetentionDays = r.number("vaultLockMinRetentionDays", { default: 7, min: 1, max: MAX_RETENTION_DAYS });
    const maxRetentionDays = r.number("vaultLockMaxRetentionDays", { default: 365, min: 1, max: MAX_RETENTION_DAYS });
    r.check(
        maxRetentionDays >= minRetentionDays,
        "vaultLockMaxRetentionDays",
        maxRetentionDays,
        `at least vaultLockMinRetentionDays (${minRetentionDays})`,
    );
    return { mode, changeableForDays, minRetentionDays, maxRetentionDays };
}

/** Problems (one line each) of a retention that a vault under `lock` would refuse. */
export function retentionOutsideLock(days: number, lock: Pick<VaultLockSettings, "minRetentionDays" | "maxRetentionDays">) {
    return days >= lock.minRetentionDays && days <= lock.maxRetentionDays
        ? undefined
        : `inside the vault lock's retention range ${lock.minRetentionDays}-${lock.maxRetentionDays} days, or AWS Backup refuses the recovery point`;
}

export interface LockedVaultArgs {
    readonly vaultName: string;
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly lock: VaultLockSettings;
}

export class LockedVault extends pulumi.ComponentResource {
    readonly vault: aws.backup.Vault;
    readonly lock: aws.backup.VaultLockConfiguration;

    constructor(name: string, args: LockedVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:backup:LockedVault", name, {}, opts);
        this.vault = new aws.backup.Vault(
            name,
            // A vault that still holds recovery points cannot be deleted anyway; never force it.
            {
                name: args.vaultName,
                kmsKeyArn: args.kmsKeyArn,
                forceDestroy: false,
                ...(args.lock.mode === "rehearsal" ? { tags: deploymentModeTags(args.lock.mode) } : {}),
            },
            { parent: this, protect: true },
        );
        // changeableForDays set = compliance mode once the grace time ends (governance mode has none).
        // Rehearsal mode leaves it out: a lock in governance mode can be deleted
        // (backup:DeleteBackupVaultLockConfiguration), so the rehearsal can be destroyed.
        this.lock = new aws.backup.VaultLockConfiguration(
            `${name}-lock`,
            {
                backupVaultName: this.vault.name,
                ...(args.lock.mode === "rehearsal" ? {} : { changeableForDays: args.lock.changeableForDays }),
                minRetentionDays: args.lock.minRetentionDays,
                maxRetentionDays: args.lock.maxRetentionDays,
            },
            { parent: this, protect: true },
        );
        this.registerOutputs({ name: this.vault.name, arn: this.vault.arn });
    }
}
