import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";

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
 * Controls: none in Security Hub (CIS v3.0.0 3.x relies on it for trail integrity).
 */
export const objectLockCompliance = resourcePolicy({
    name: "s3-object-lock-compliance",
    description: "Baseline conformance: Object Lock configurations are enabled, COMPLIANCE mode, with the retention floor.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: [],
    configKeys: ["conformanceProjects", "minObjectLockDays"],
    onUnknown: "fail",
    resourceTypes: [TYPE, TYPE_V2],
    validateResource: (args, reportViolation) => {
        const cfg = args.getConfig<Config>();
        if ((args.type !== TYPE && args.type !== TYPE_V2) || !inConformanceScope(args.urn, cfg)) return;
        const p = args.props;
        if (p["objectLockEnabled"] !== undefined && p["objectLockEnabled"] !== "Enabled")
            reportViolation(`objectLockEnabled is ${JSON.stringify(p["objectLockEnabled"])}: it must be Enabled.`);
        const retention = (p["rule"] as { defaultRetention?: { mode?: string; days?: number; years?: number } } | undefined)
            ?.defaultRetention;
        if (!retention) {
            reportViolation("rule.defaultRetention is not set: new objects would not be locked.");
            return;
        }
        if (retention.mode !== "COMPLIANCE")
            reportViolation(
                `defaultRetention.mode is ${JSON.stringify(retention.mode)}: only COMPLIANCE binds every user, root included.`,
            );
        const days = (retention.days ?? 0) + (retention.years ?? 0) * 365;
        if (days < cfg.minObjectLockDays)
            reportViolation(`defaultRetention keeps objects ${days} days; the floor is ${cfg.minObjectLockDays}.`);
    },
});
