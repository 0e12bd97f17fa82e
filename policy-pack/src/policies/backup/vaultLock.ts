import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { tagOf } from "../../tags";
import { label, referrers } from "../../util";
import { DEPLOYMENT_MODE_TAG } from "../general/rehearsalMode";

type Config = Pick<PackConfig, "recoveryEnvironments" | "minVaultLockRetentionDays">;

/**
 * Every AWS Backup vault of a recovery environment (tag `Environment` in
 * `recoveryEnvironments`, on the vault or through its provider's `defaultTags`:
 * src/tags.ts) has an `aws.backup.VaultLockConfiguration` in compliance mode (`changeableForDays`
 * set: after that grace time nobody can delete recovery points early or remove
 * the lock) with `minRetentionDays` of at least `minVaultLockRetentionDays`.
 * Without `changeableForDays` the lock is in governance mode, which a
 * principal with enough IAM permissions can remove; a vault tagged
 * `baseline:deployment-mode=rehearsal` may have one (deployment-mode-rehearsal reports it).
 *
 * Controls: none in Security Hub (AWS Backup Vault Lock, compliance mode).
 */
export const vaultLock = stackPolicy({
    name: "backup-vault-lock-compliance",
    description: "Backup vaults of the recovery environments have a Vault Lock in compliance mode with a minimum retention.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "backup",
    controls: [],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:backup/vault:Vault", "aws:backup/vaultLockConfiguration:VaultLockConfiguration"],
    configKeys: ["recoveryEnvironments", "minVaultLockRetentionDays"],
    remediationSteps:
        "Add an aws.backup.VaultLockConfiguration for the vault with changeableForDays (>= 3) and minRetentionDays.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const { recoveryEnvironments, minVaultLockRetentionDays: min } = args.getConfig<Config>();
        for (const vault of args.resources.filter((r) => r.type === "aws:backup/vault:Vault")) {
            if (!recoveryEnvironments.includes(String(tagOf(vault, "Environment")))) continue;
            const tags = (vault.props["tags"] ?? {}) as Record<string, unknown>;
            const locks = referrers(
                args.resources,
                ["aws:backup/vaultLockConfiguration:VaultLockConfiguration"],
                "backupVaultName",
                vault,
            );
            if (locks.length === 0) {
                reportViolation(`${label("Backup vault", vault)} has no Vault Lock.`, vault.urn);
                continue;
            }
            const compliance = locks.filter((l) => typeof l.props["changeableForDays"] === "number");
            // A vault deployed in rehearsal mode has a governance lock on purpose (it is destroyed after
            // the rehearsal); deployment-mode-rehearsal reports it when its environment is production.
            const rehearsal = tags[DEPLOYMENT_MODE_TAG] === "rehearsal";
            if (compliance.length === 0 && rehearsal) {
                if (!locks.some((l) => Number(l.props["minRetentionDays"]) >= min))
                    reportViolation(`${label("Backup vault", vault)} lock minRetentionDays is below ${min} days.`, vault.urn);
            } else if (compliance.length === 0)
                reportViolation(
                    `${label("Backup vault", vault)} lock is in governance mode: set changeableForDays for compliance mode.`,
                    vault.urn,
                );
            else if (!compliance.some((l) => Number(l.props["minRetentionDays"]) >= min))
                reportViolation(`${label("Backup vault", vault)} lock minRetentionDays is below ${min} days.`, vault.urn);
        }
    },
});
