import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";

const TYPES = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];

/**
 * Baseline conformance: every bucket's versioning stays `Enabled` (the README's
 * "versioning and Pulumi protect guard against deletion"; replication and
 * Object Lock need it). `Suspended` keeps old versions but stops protecting new
 * writes from overwrite and deletion.
 *
 * Controls: none in Security Hub (AWS Config rule s3-bucket-versioning-enabled).
 */
export const bucketVersioningEnabled = resourcePolicy({
    name: "s3-bucket-versioning-enabled",
    description: "Baseline conformance: bucket versioning configurations keep status Enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "fail",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type) || !inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        const status = (args.props["versioningConfiguration"] as { status?: unknown } | undefined)?.status;
        if (status !== "Enabled")
            reportViolation(
                `versioningConfiguration.status is ${JSON.stringify(status)}: the baseline keeps every bucket's versioning Enabled.`,
            );
    },
});
