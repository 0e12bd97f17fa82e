/**
 * Shared by the S3 encryption policies: the default-encryption rules that apply
 * to a bucket, whether set on a separate BucketServerSideEncryptionConfiguration
 * (pulumi-aws v7's way) or on the bucket's deprecated inline argument.
 */
import { PolicyResource } from "@pulumi/policy";
import { asArray, referrers } from "../../util";

export const SSE_CONFIG_TYPES = [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
] as const;

export interface SseDefault {
    readonly sseAlgorithm?: string;
    readonly kmsMasterKeyId?: string;
}

interface SseRule {
    readonly applyServerSideEncryptionByDefault?: SseDefault;
}

/** Every default-encryption setting that applies to `bucket` (one per rule). */
export function encryptionDefaults(resources: readonly PolicyResource[], bucket: PolicyResource): SseDefault[] {
    const rules: SseRule[] = [];
    for (const cfg of referrers(resources, SSE_CONFIG_TYPES, "bucket", bucket))
        rules.push(...asArray<SseRule>(cfg.props["rules"]));
    const inline = bucket.props["serverSideEncryptionConfiguration"] as { rule?: SseRule; rules?: SseRule[] } | undefined;
    if (inline) rules.push(...asArray(inline.rule), ...asArray(inline.rules));
    return rules.map((r) => r.applyServerSideEncryptionByDefault ?? {});
}
