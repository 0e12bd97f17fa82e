import { StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { deferred } from "../../unknown";
import { S3_BUCKET_TYPES, refersTo } from "../../util";
import { DEPLOYMENT_MODE_TAG } from "../general/rehearsalMode";
import { tagOf } from "../../tags";

const TYPE = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const TYPE_V2 = "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2";

type Config = ConformanceConfig & Pick<PackConfig, "minObjectLockDays">;

/**
 * Baseline conformance: the audit buckets' Object Lock stays in COMPLIANCE mode
 * with a default retention of at least `minObjectLockDays`. "In governance
 * mode, users can't overwrite or delete an object version or alter its lock
 * settings unless they have special permissions"; "in compliance mode, a
 * protected object version can't be overwritten or deleted by any user,
 * including the root user" (Amazon S3 User Guide, Object Lock retention modes).
 *
 * A lock on a bucket tagged `baseline:deployment-mode=rehearsal` may be in
 * GOVERNANCE mode: a stack deployed in rehearsal mode (deploymentMode=rehearsal,
 * in a sandbox account destroyed afterwards) sets it on purpose, and
 * deployment-mode-rehearsal reports every such bucket of a production
 * environment, as backup-vault-lock-compliance leaves a rehearsal vault to it.
 * Its retention floor still holds. A stack policy, since the tag is on the
 * bucket and the lock configuration has none.
 *
 * Controls: none in Security Hub (CIS v3.0.0 3.x relies on it for trail integrity).
 */
export const objectLockCompliance = stackPolicy({
    name: "s3-object-lock-compliance",
    description: "Baseline conformance: Object Lock configurations are enabled, COMPLIANCE mode, with the retention floor.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: [],
    configKeys: ["conformanceProjects", "minObjectLockDays"],
    onUnknown: "fail",
    resourceTypes: [TYPE, TYPE_V2],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const buckets = args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type));
        for (const lock of args.resources.filter((r) => r.type === TYPE || r.type === TYPE_V2)) {
            if (!inConformanceScope(lock.urn, cfg)) continue;
            const p = lock.props;
            if (p["objectLockEnabled"] !== undefined && p["objectLockEnabled"] !== "Enabled")
                reportViolation(`objectLockEnabled is ${JSON.stringify(p["objectLockEnabled"])}: it must be Enabled.`, lock.urn);
            const retention = (p["rule"] as { defaultRetention?: { mode?: string; days?: number; years?: number } } | undefined)
                ?.defaultRetention;
            if (!retention) {
                reportViolation("rule.defaultRetention is not set: new objects would not be locked.", lock.urn);
                continue;
            }
            // Which bucket the lock is on matters only for a GOVERNANCE lock; a reference unknown at
            // preview is judged at `pulumi up` on the resolved name.
            // The tag as AWS sets it, the provider's defaultTags included (src/tags.ts), as
            // backup-vault-lock-compliance reads it for a vault.
            const rehearsal = () =>
                deferred(() => buckets.filter((b) => refersTo(lock, "bucket", b))).some(
                    (b) => tagOf(b, DEPLOYMENT_MODE_TAG) === "rehearsal",
                );
            if (retention.mode !== "COMPLIANCE" && !(retention.mode === "GOVERNANCE" && rehearsal()))
                reportViolation(
                    `defaultRetention.mode is ${JSON.stringify(retention.mode)}: only COMPLIANCE binds every user, root included.`,
                    lock.urn,
                );
            const days = (retention.days ?? 0) + (retention.years ?? 0) * 365;
            if (days < cfg.minObjectLockDays)
                reportViolation(`defaultRetention keeps objects ${days} days; the floor is ${cfg.minObjectLockDays}.`, lock.urn);
        }
    },
});
