import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { tagOf, Tagged } from "../../tags";
import { S3_BUCKET_TYPES, label, refersTo } from "../../util";

type Config = Pick<PackConfig, "recoveryEnvironments">;

/** The tag the baseline puts on every resource whose lock rehearsal mode relaxes (lib/src/deploymentMode.ts). */
export const DEPLOYMENT_MODE_TAG = "baseline:deployment-mode";

const OBJECT_LOCK_TYPE = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

/**
 * Says which resources of a production environment hold a lock that can be removed: the
 * resources a stack deployed in rehearsal mode (`deploymentMode: rehearsal`, tagged
 * `baseline:deployment-mode=rehearsal`: S3 Object Lock in GOVERNANCE mode, a Backup Vault Lock
 * in governance mode), and any S3 Object Lock in GOVERNANCE mode on a bucket of such an
 * environment. A rehearsal belongs in a sandbox account, destroyed after it has been checked; a
 * production stack left in rehearsal mode keeps audit records and recovery points that an
 * administrator can delete (s3:BypassGovernanceRetention, backup:DeleteBackupVaultLockConfiguration).
 * Advisory, so a rehearsal plans and deploys; `backup-vault-lock-compliance` and
 * `s3-object-lock-compliance` leave a vault or bucket tagged for rehearsal to this report.
 *
 * Controls: none in Security Hub (S3 Object Lock and AWS Backup Vault Lock retention modes).
 */
export const rehearsalMode = stackPolicy({
    name: "deployment-mode-rehearsal",
    description: "Reports production resources deployed in rehearsal mode, whose retention locks can be removed.",
    enforcementLevel: "advisory",
    severity: "high",
    service: "general",
    controls: [],
    // Reads tags and lock modes; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: [OBJECT_LOCK_TYPE],
    configKeys: ["recoveryEnvironments"],
    remediationSteps:
        "Deploy production stacks with deploymentMode production (npm run deploy -- up, without --rehearsal); " +
        "keep rehearsal mode for a sandbox account that is destroyed afterwards.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const { recoveryEnvironments } = args.getConfig<Config>();
        // Tags as AWS sets them, the provider's defaultTags included (src/tags.ts), as the vault and
        // object lock policies that leave these resources to this report read them.
        const production = (r: Tagged) => recoveryEnvironments.includes(String(tagOf(r, "Environment")));
        const rehearsal = (r: Tagged) => tagOf(r, DEPLOYMENT_MODE_TAG) === "rehearsal";
        for (const r of args.resources.filter((x) => rehearsal(x) && production(x))) {
            const kind =
                r.type === "aws:backup/vault:Vault"
                    ? "Backup vault"
                    : (S3_BUCKET_TYPES as readonly string[]).includes(r.type)
                      ? "Bucket"
                      : r.type;
            reportViolation(
                `${label(kind, r)} is deployed in rehearsal mode (${DEPLOYMENT_MODE_TAG}=rehearsal) with Environment=${String(tagOf(r, "Environment"))}: ` +
                    "its retention lock can be removed. Deploy production with deploymentMode production.",
                r.urn,
            );
        }
        const buckets = args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type));
        for (const lock of args.resources.filter((r) => r.type === OBJECT_LOCK_TYPE)) {
            const rule = lock.props["rule"] as { defaultRetention?: { mode?: unknown } } | undefined;
            if (rule?.defaultRetention?.mode !== "GOVERNANCE") continue;
            const bucket = buckets.find((b) => refersTo(lock, "bucket", b));
            // Reported above already when the bucket carries the rehearsal tag.
            if (!bucket || !production(bucket) || rehearsal(bucket)) continue;
            reportViolation(
                `${label("Bucket", bucket)} has S3 Object Lock in GOVERNANCE mode with Environment=${String(tagOf(bucket, "Environment"))}: ` +
                    "principals with s3:BypassGovernanceRetention can delete locked records. Use COMPLIANCE in production.",
                lock.urn,
            );
        }
    },
});
