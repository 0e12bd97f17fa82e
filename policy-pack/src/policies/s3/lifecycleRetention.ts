import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const TYPES = [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];

type Config = ConformanceConfig & Pick<PackConfig, "minLogRetentionDays">;

interface Rule {
    readonly id?: string;
    readonly status?: string;
    readonly expiration?: { days?: number; date?: string };
}

/**
 * Baseline conformance: no enabled lifecycle rule expires current objects
 * sooner than `minLogRetentionDays` (365, the logs' retention floor) or on a
 * fixed date: the baseline's buckets hold logs and audit records that must
 * outlive that floor (audit buckets keep 2557 days). Noncurrent-version and
 * incomplete-upload cleanups are left alone.
 *
 * Controls: S3.13 (FSBP) asks for lifecycle rules; this keeps them from deleting what must stay.
 */
export const lifecycleRetention = resourcePolicy({
    name: "s3-lifecycle-keeps-retention",
    description: "Baseline conformance: lifecycle rules expire no object before the retention floor, and never on a fixed date.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: [],
    configKeys: ["conformanceProjects", "minLogRetentionDays"],
    onUnknown: "fail",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        const cfg = args.getConfig<Config>();
        if (!TYPES.includes(args.type) || !inConformanceScope(args.urn, cfg)) return;
        asArray<Rule>(args.props["rules"] as Rule[]).forEach((r, i) => {
            if (r.status === "Disabled" || r.expiration === undefined || r.expiration === null) return;
            const name = `rule '${r.id ?? i}'`;
            if (typeof r.expiration.days === "number" && r.expiration.days > 0 && r.expiration.days < cfg.minLogRetentionDays)
                reportViolation(
                    `${name} expires objects after ${r.expiration.days} days; the floor is ${cfg.minLogRetentionDays}.`,
                );
            if (r.expiration.date) reportViolation(`${name} expires every object on ${r.expiration.date}, whatever its age.`);
        });
    },
});
