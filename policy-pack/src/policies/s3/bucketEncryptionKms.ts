import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { isCustomerManagedKey, label, S3_BUCKET_TYPES } from "../../util";
import { encryptionDefaults, exemptionOf, SSE_CONFIG_TYPES } from "./encryption";

type Config = Pick<PackConfig, "encryptionExemptionTagKey" | "encryptionExemptions">;

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/**
 * Every S3 bucket has default encryption SSE-KMS (or DSSE-KMS) with a
 * customer-managed key. In pulumi-aws v7 encryption is a separate
 * `aws.s3.BucketServerSideEncryptionConfiguration`, so this is a stack policy that
 * ties each bucket to its configuration through the `bucket` argument (recorded
 * property dependency, or the same physical name / id).
 *
 * Exemption: a bucket tagged `<encryptionExemptionTagKey>=s3-server-access-logs`
 * (default key `baseline:encryption-exemption`) may use SSE-S3 (`AES256`) and
 * nothing weaker, because S3 server access logging cannot deliver to an SSE-KMS
 * target bucket. An unknown exemption value is a violation; accepted exemptions
 * are reported by the advisory `s3-bucket-encryption-exemption`, never silently.
 *
 * Controls: S3.17 (NIST; SSE-S3 fails it, which is why the exemption is reported).
 */
export const bucketEncryptionKms = stackPolicy({
    name: "s3-bucket-sse-kms-cmk",
    description:
        "S3 buckets use default encryption SSE-KMS with a customer-managed KMS key (SSE-S3 only with a declared exemption).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: ["S3.17"],
    onUnknown: "defer",
    resourceTypes: [...S3_BUCKET_TYPES, ...SSE_CONFIG_TYPES],
    configKeys: ["encryptionExemptionTagKey", "encryptionExemptions"],
    remediationSteps:
        "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with sseAlgorithm 'aws:kms' and kmsMasterKeyId set to a customer-managed key.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            const what = label("Bucket", bucket);
            const defaults = encryptionDefaults(args.resources, bucket);
            const exemption = exemptionOf(bucket, cfg.encryptionExemptionTagKey);
            if (exemption !== undefined && !cfg.encryptionExemptions.includes(exemption)) {
                reportViolation(
                    `${what} declares encryption exemption '${exemption}', which is not one of the accepted exemptions (${cfg.encryptionExemptions.join(", ") || "none"}).`,
                    bucket.urn,
                );
                continue;
            }
            if (defaults.length === 0) {
                reportViolation(
                    `${what} has no default encryption configuration: add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm 'aws:kms' and a customer-managed kmsMasterKeyId.`,
                    bucket.urn,
                );
                continue;
            }
            for (const d of defaults) {
                const kms = KMS_ALGORITHMS.includes(d.sseAlgorithm ?? "");
                if (exemption !== undefined && (d.sseAlgorithm === "AES256" || (kms && isCustomerManagedKey(d.kmsMasterKeyId))))
                    continue;
                if (!kms) {
                    const allowed =
                        exemption !== undefined ? "'AES256' (exemption) or 'aws:kms'" : "'aws:kms' with a customer-managed key";
                    reportViolation(
                        `${what} uses sseAlgorithm '${d.sseAlgorithm ?? "(none)"}'; it must be ${allowed}.`,
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
