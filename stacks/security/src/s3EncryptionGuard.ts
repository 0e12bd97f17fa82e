/**
 * The S3 default-encryption rule of AWS Config as a custom policy rule in Guard (CUSTOM_POLICY,
 * runtime guard-2.x.x): a bucket is compliant with SSE-KMS (or DSSE-KMS), or with SSE-S3 (AES256) when
 * it carries the baseline's one declared exemption tag. The exempt access-log buckets are therefore
 * compliant and never remediated, which lets the S3 encryption remediation run automatically.
 *
 * The input is the bucket's configuration item: `tags` is its tag map, and the encryption rules are
 * `supplementaryConfiguration.ServerSideEncryptionConfiguration.rules[].applyServerSideEncryptionByDefault
 * .sseAlgorithm` (awslabs/aws-config-resource-schema, AWS::S3::Bucket properties). A bucket whose item has
 * no encryption configuration fails: every clause must find a value. An exemption tag with any other
 * value is no exemption. Tested against sample items in test/s3EncryptionGuard.test.ts.
 */
import { ACCESS_LOG_EXEMPTION, ENCRYPTION_EXEMPTION_TAG } from "@baseline/lib";

const SSE =
    "supplementaryConfiguration.ServerSideEncryptionConfiguration.rules[*].applyServerSideEncryptionByDefault.sseAlgorithm";
const TAG = `tags.'${ENCRYPTION_EXEMPTION_TAG}'`;

export const S3_ENCRYPTION_GUARD_RULE = "s3_default_encryption_kms_or_declared_exemption";

export const S3_ENCRYPTION_GUARD_POLICY = `# SSE-KMS everywhere; SSE-S3 only where the access-log exemption is declared.
rule ${S3_ENCRYPTION_GUARD_RULE} when resourceType == "AWS::S3::Bucket" {
    when ${TAG} == "${ACCESS_LOG_EXEMPTION}" {
        ${SSE} == "AES256"
    }
    when ${TAG} !exists or
         ${TAG} != "${ACCESS_LOG_EXEMPTION}" {
        ${SSE} in ["aws:kms", "aws:kms:dsse"]
    }
}
`;
