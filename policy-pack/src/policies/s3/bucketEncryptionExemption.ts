import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { label, referrers, S3_BUCKET_TYPES } from "../../util";
import { exemptionOf } from "./encryption";

type Config = Pick<PackConfig, "encryptionExemptionTagKey" | "encryptionExemptions">;

const BUCKET_LOGGING_TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

/**
 * Reports every accepted encryption exemption, so that an SSE-S3 bucket is
 * always visible in the preview and in Pulumi Cloud rather than passing silently.
 * For `s3-server-access-logs` it also says whether the bucket is the target of a
 * BucketLogging in the same stack (a target in another stack cannot be seen here).
 *
 * Controls: S3.17 (NIST), whose finding the exemption knowingly accepts; suppress
 * it in Security Hub for this bucket with the same justification.
 */
export const bucketEncryptionExemption = stackPolicy({
    name: "s3-bucket-encryption-exemption",
    description: "Reports S3 buckets that use a declared encryption exemption (SSE-S3 for server access log targets).",
    enforcementLevel: "advisory",
    severity: "low",
    service: "s3",
    controls: ["S3.17"],
    onUnknown: "defer",
    configKeys: ["encryptionExemptionTagKey", "encryptionExemptions"],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            const exemption = exemptionOf(bucket, cfg.encryptionExemptionTagKey);
            if (exemption === undefined || !cfg.encryptionExemptions.includes(exemption)) continue;
            const isTarget = referrers(args.resources, BUCKET_LOGGING_TYPES, "targetBucket", bucket).length > 0;
            reportViolation(
                `${label("Bucket", bucket)} is exempt from SSE-KMS (${cfg.encryptionExemptionTagKey}=${exemption}): S3 server access logging cannot deliver to SSE-KMS targets, so SSE-S3 (AES256) is accepted` +
                    (isTarget
                        ? "; it is the access-log target of this stack."
                        : "; no BucketLogging in this stack targets it, check that it only receives access logs."),
                bucket.urn,
            );
        }
    },
});
