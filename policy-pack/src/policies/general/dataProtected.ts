import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";

/** Where the baseline's data lives: each is `protect: true` in every stack of the baseline. */
const DATA_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    "aws:kms/key:Key",
    "aws:kms/alias:Alias",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:backup/vault:Vault",
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
];

/**
 * Baseline conformance: data is never lost by accident (CONTRIBUTING: "where
 * data lives, set `protect: true` and the service's own deletion protection and
 * retention"). Buckets, databases, keys and aliases, log groups, backup vaults
 * and their locks stay `protect: true`; a bucket is not `forceDestroy` (which
 * empties it on delete); a database does not delete its automated backups or
 * skip its final snapshot.
 *
 * Controls: none mapped (RDS.8 and the Pulumi `protect` option).
 */
export const dataProtected = resourcePolicy({
    name: "baseline-data-protected",
    description:
        "Baseline conformance: data stores, keys, logs and vaults stay protected, with no force-destroy or skipped final backups.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "general",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "fail",
    resourceTypes: DATA_TYPES,
    validateResource: (args, reportViolation) => {
        if (!DATA_TYPES.includes(args.type) || !inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        if (args.opts.protect !== true)
            reportViolation("The resource is not protected: set protect: true so a delete or replace cannot destroy its data.");
        if (args.type.startsWith("aws:s3/bucket") && args.props["forceDestroy"] === true)
            reportViolation("forceDestroy empties the bucket when it is deleted: leave it false.");
        if (args.type.startsWith("aws:rds/")) {
            if (args.props["deleteAutomatedBackups"] === true)
                reportViolation("deleteAutomatedBackups removes the automated backups with the database: leave it false.");
            if (args.props["skipFinalSnapshot"] === true)
                reportViolation("skipFinalSnapshot drops the last backup on delete: leave it false.");
        }
    },
});
