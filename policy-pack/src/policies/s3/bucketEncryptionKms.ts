import { StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { isCustomerManagedKey, label, S3_BUCKET_TYPES } from "../../util";
import { encryptionDefaults, SSE_CONFIG_TYPES } from "./encryption";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * Every S3 bucket has default encryption SSE-KMS (or DSSE-KMS) with a
 * customer-managed key. In pulumi-aws v7 encryption is a separate
 * `aws.s3.BucketServerSideEncryptionConfiguration`, so this is a stack policy that
 * ties each bucket to its configuration through the `bucket` argument (recorded
 * property dependency, or the same physical name / id).
 *
 * An organization opinion (src/roles.ts): S3 encrypts every bucket with SSE-S3
 * when nothing else is set. A bucket that cannot use SSE-KMS (an S3 server access
 * log target: logging cannot deliver to SSE-KMS targets) gets an exemption in the
 * pack's configuration, which every run reports.
 *
 * Controls: S3.17 (NIST; SSE-S3 fails it).
 */
export const bucketEncryptionKms = stackPolicy({
    name: "s3-bucket-sse-kms-cmk",
    description: "S3 buckets use default encryption SSE-KMS with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: ["S3.17"],
    onUnknown: "defer",
    resourceTypes: [...S3_BUCKET_TYPES, ...SSE_CONFIG_TYPES],
    remediationSteps:
        "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with sseAlgorithm 'aws:kms' and kmsMasterKeyId set to a customer-managed key.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            const what = label("Bucket", bucket);
            const defaults = encryptionDefaults(args.resources, bucket);
            if (defaults.length === 0) {
                reportViolation(
                    `${what} has no default encryption configuration: add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm 'aws:kms' and a customer-managed kmsMasterKeyId.`,
                    bucket.urn,
                );
                continue;
            }
            for (const d of defaults) {
                const kms = KMS_ALGORITHMS.includes(d.sseAlgorithm ?? "");
                if (!kms) {
                    reportViolation(
                        `${what} uses sseAlgorithm '${d.sseAlgorithm ?? "(none)"}'; it must be 'aws:kms' with a customer-managed key.`,
                        bucket.urn,
                    );
                } else if (!isCustomerManagedKey(d.kmsMasterKeyId)) {
                    reportViolation(
                        `${what} uses SSE-KMS without a customer-managed key (kmsMasterKeyId '${d.kmsMasterKeyId ?? "(AWS-managed aws/s3)"}').`,
                        bucket.urn,
                    );
                }
            }
        }
    },
});
