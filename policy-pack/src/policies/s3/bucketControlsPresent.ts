import { StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { stackPolicy } from "../../policy";
import { referrers, S3_BUCKET_TYPES } from "../../util";

const VERSIONING = ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"];
const LIFECYCLE = [
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2",
];

/**
 * Baseline conformance: every bucket of the baseline's stacks keeps a
 * versioning configuration and lifecycle rules (the README's S3.13 "every bucket
 * has lifecycle rules"; versioning guards against deletion). Deleting the
 * configuration resource is the change a resource policy never sees;
 * s3-bucket-versioning-enabled and s3-lifecycle-keeps-retention judge what they say.
 *
 * Controls: none mapped (S3.13 in spirit).
 */
export const bucketControlsPresent = stackPolicy({
    name: "s3-bucket-versioning-and-lifecycle-present",
    description: "Baseline conformance: every bucket keeps its versioning configuration and lifecycle rules.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [...VERSIONING, ...LIFECYCLE],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        if (!inConformanceScope(args.resources[0]?.urn, args.getConfig<ConformanceConfig>())) return;
        for (const b of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            if (referrers(args.resources, VERSIONING, "bucket", b).length === 0)
                reportViolation(`Bucket '${b.name}' has no versioning configuration.`, b.urn);
            if (referrers(args.resources, LIFECYCLE, "bucket", b).length === 0)
                reportViolation(`Bucket '${b.name}' has no lifecycle rules.`, b.urn);
        }
    },
});
