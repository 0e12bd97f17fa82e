/**
 * Production or rehearsal: the one switch between a deploy whose retention
 * locks can never be undone and a deploy that a platform team can destroy after
 * checking it in a sandbox account. Everything else is identical in both modes.
 *
 * In rehearsal mode:
 * - S3 Object Lock uses GOVERNANCE instead of COMPLIANCE, with the same retention.
 *   S3 User Guide (as the CDK's ObjectLockMode reference quotes it): "With
 *   governance mode, you protect objects against being deleted by most users, but
 *   you can still grant some users permission to alter the retention settings or
 *   delete the object if necessary. You can also use governance mode to test
 *   retention-period settings before creating a compliance-mode retention period."
 *   Deleting needs `s3:BypassGovernanceRetention` and the request header
 *   `x-amz-bypass-governance-retention: true` (DeleteObject's
 *   BypassGovernanceRetention: "To use this header, you must have the
 *   s3:BypassGovernanceRetention permission").
 * - AWS Backup Vault Lock is set without `changeableForDays`, i.e. in governance
 *   mode. AWS Backup API reference, PutBackupVaultLockConfiguration, ChangeableForDays:
 *   "On and after the lock date, the Vault Lock becomes immutable and cannot be changed
 *   or deleted. If this parameter is not specified, you can delete Vault Lock from the
 *   vault using DeleteBackupVaultLockConfiguration or change the Vault Lock configuration
 *   using PutBackupVaultLockConfiguration at any time." The provider's
 *   `aws.backup.VaultLockConfiguration`: "If omitted creates a vault lock in governance
 *   mode, otherwise it will create a vault lock in compliance mode." A long grace
 *   period instead would also be removable, but turns into compliance mode by itself.
 *
 * The relaxed resources (the locked buckets and the backup vaults) carry the tag
 * `baseline:deployment-mode=rehearsal`, so a plan, `pulumi preview` and the
 * policy pack can see which mode a stack was deployed in.
 */
import type { ConfigReader } from "./config";
import { LayerName } from "./layers";

export const DEPLOYMENT_MODES = ["production", "rehearsal"] as const;
export type DeploymentMode = (typeof DEPLOYMENT_MODES)[number];

/** The config key (in every layer that sets an irreversible lock) and the deploy script's flag. */
export const DEPLOYMENT_MODE_KEY = "deploymentMode";

/**
 * The layers that set an irreversible lock, and so declare `deploymentMode` in their Pulumi.yaml:
 * log-archive and security (S3 Object Lock on the audit buckets), data and recovery (Backup Vault Lock).
 */
export const DEPLOYMENT_MODE_LAYERS: readonly LayerName[] = ["log-archive", "security", "recovery", "data"];

/** The tag on every resource whose lock is relaxed by rehearsal mode. */
export const DEPLOYMENT_MODE_TAG = "baseline:deployment-mode";

/** Reads `deploymentMode` (default `production`). */
export function readDeploymentMode(r: ConfigReader): DeploymentMode {
    return r.oneOf(DEPLOYMENT_MODE_KEY, DEPLOYMENT_MODES, "production");
}

/** Tags that mark a resource as relaxed by rehearsal mode; none in production, so production inputs stay as they are. */
export function deploymentModeTags(mode: DeploymentMode): Record<string, string> {
    return mode === "rehearsal" ? { [DEPLOYMENT_MODE_TAG]: "rehearsal" } : {};
}
