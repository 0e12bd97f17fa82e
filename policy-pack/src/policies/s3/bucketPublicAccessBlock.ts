import { StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { stackPolicy } from "../../policy";
import { label, referrers, S3_BUCKET_TYPES } from "../../util";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/**
 * A bucket's `aws.s3.BucketPublicAccessBlock`, where a stack declares one, has all
 * four settings true; and every bucket of the baseline's own projects (the projects
 * `conformanceProjects` names, `baseline-*` by default) declares one.
 *
 * Another team's bucket need not declare a block: since April 2023 S3 enables all
 * four Block Public Access settings on every new bucket ("By default, new buckets,
 * access points, and objects do not allow public access", S3 User Guide, "Configuring
 * block public access settings for your S3 buckets"), so a bucket without one is
 * private. What can open it is a declared block with a setting off, which this
 * policy (and `s3-public-access-block-settings`) refuses in every project. The
 * baseline declares a block for every bucket so that its plan says so, whatever the
 * bucket's age. The account-level block (S3.1) is a separate resource in global-iam
 * and does not replace the bucket-level one that S3.8 checks.
 *
 * Controls: S3.8 (FSBP, CIS v3.0.0 2.1.4).
 */
export const bucketPublicAccessBlock = stackPolicy({
    name: "s3-bucket-public-access-block",
    description:
        "A declared BucketPublicAccessBlock enables all four settings; every bucket of the conformance projects declares one.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: ["S3.8"],
    onUnknown: "defer",
    resourceTypes: [...S3_BUCKET_TYPES, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    configKeys: ["conformanceProjects"],
    remediationSteps:
        "Set all four settings of the bucket's aws.s3.BucketPublicAccessBlock to true (a bucket of the conformance projects must have one).",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const ownProject = inConformanceScope(args.resources[0]?.urn, args.getConfig<ConformanceConfig>());
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            const blocks = referrers(
                args.resources,
                ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
                "bucket",
                bucket,
            );
            if (blocks.length === 0) {
                if (ownProject) reportViolation(`${label("Bucket", bucket)} has no BucketPublicAccessBlock.`, bucket.urn);
                continue;
            }
            if (blocks.some((b) => FLAGS.every((f) => b.props[f] === true))) continue;
            const off = FLAGS.filter((f) => !blocks.some((b) => b.props[f] === true));
            reportViolation(`${label("Bucket", bucket)} public access block does not enable ${off.join(", ")}.`, bucket.urn);
        }
    },
});
