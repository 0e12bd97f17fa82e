import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { tagOf } from "../../tags";
import { asArray, label, referrers, S3_BUCKET_TYPES } from "../../util";

type Config = Pick<PackConfig, "recoveryEnvironments" | "replicatedBucketRoles">;

/**
 * A data bucket (tag `baseline:role` in `replicatedBucketRoles`) of a recovery
 * environment (tag `Environment` in `recoveryEnvironments`, default Production;
 * either tag on the bucket or through its provider's `defaultTags`: src/tags.ts)
 * has an `aws.s3.BucketReplicationConfig` with an enabled rule to a destination
 * bucket, so its data survives the loss of the region.
 *
 * Controls: S3.7 (NIST 800-53).
 */
export const bucketReplication = stackPolicy({
    name: "s3-bucket-cross-region-replication",
    description: "Data buckets of the recovery environments replicate to another region.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: ["S3.7"],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
    configKeys: ["recoveryEnvironments", "replicatedBucketRoles"],
    remediationSteps:
        "Add an aws.s3.BucketReplicationConfig for the bucket with an Enabled rule whose destination is a bucket in the partner region.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const { recoveryEnvironments, replicatedBucketRoles } = args.getConfig<Config>();
        for (const bucket of args.resources.filter((r) => (S3_BUCKET_TYPES as readonly string[]).includes(r.type))) {
            if (!recoveryEnvironments.includes(String(tagOf(bucket, "Environment")))) continue;
            if (!replicatedBucketRoles.includes(String(tagOf(bucket, "baseline:role")))) continue;
            const configs = referrers(
                args.resources,
                ["aws:s3/bucketReplicationConfig:BucketReplicationConfig"],
                "bucket",
                bucket,
            );
            const enabled = configs.some((c) =>
                asArray(c.props["rules"] as Record<string, unknown>[] | undefined).some(
                    (rule) =>
                        rule["status"] === "Enabled" &&
                        typeof (rule["destination"] as { bucket?: unknown } | undefined)?.bucket === "string",
                ),
            );
            if (configs.length === 0)
                reportViolation(`${label("Bucket", bucket)} has no cross-region replication configuration.`, bucket.urn);
            else if (!enabled)
                reportViolation(
                    `${label("Bucket", bucket)} replication has no enabled rule with a destination bucket.`,
                    bucket.urn,
                );
        }
    },
});
