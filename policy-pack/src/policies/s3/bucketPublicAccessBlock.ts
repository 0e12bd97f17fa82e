import { StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { label, referrers, S3_BUCKET_TYPES } from "../../util";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/**
 * Every S3 bucket has an `aws.s3.BucketPublicAccessBlock` with all four settings
 * true. The account-level block (S3.1) is a separate resource in global-iam and
 * does not replace the bucket-level one that S3.8 checks.
 *
 * Controls: S3.8 (FSBP, CIS v3.0.0 2.1.4).
 */
export const bucketPublicAccessBlock = stackPolicy({
    name: "s3-bucket-public-access-block",
    description: "Every S3 bucket has a BucketPublicAccessBlock with all four settings enabled.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: ["S3.8"],
    onUnknown: "defer",
    resourceTypes: [...S3_BUCKET_TYPES, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with all four settings true.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            const blocks = referrers(
                args.resources,
                ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
                "bucket",
                bucket,
            );
            if (blocks.length === 0) {
                reportViolation(`${label("Bucket", bucket)} has no BucketPublicAccessBlock.`, bucket.urn);
                continue;
            }
            if (blocks.some((b) => FLAGS.every((f) => b.props[f] === true))) continue;
            const off = FLAGS.filter((f) => !blocks.some((b) => b.props[f] === true));
            reportViolation(`${label("Bucket", bucket)} public access block does not enable ${off.join(", ")}.`, bucket.urn);
        }
    },
});
