import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { tagOf } from "../../tags";
import { label, referrers } from "../../util";

type Config = Pick<PackConfig, "recoveryEnvironments">;

/**
 * Every RDS instance of a recovery environment (tag `Environment` in
 * `recoveryEnvironments`, on the instance or through its provider's `defaultTags`:
 * src/tags.ts) replicates its automated backups to another region
 * (`aws.rds.InstanceAutomatedBackupsReplication` with `sourceDbInstanceArn` the
 * instance), so it can be restored to a point in time there when its region is lost.
 *
 * Controls: none in Security Hub (RDS cross-Region automated backups).
 */
export const rdsBackupReplication = stackPolicy({
    name: "rds-automated-backup-replication",
    description: "RDS instances of the recovery environments replicate their automated backups to another region.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "rds",
    controls: [],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"],
    configKeys: ["recoveryEnvironments"],
    remediationSteps:
        "Add an aws.rds.InstanceAutomatedBackupsReplication in the partner region with sourceDbInstanceArn, kmsKeyId and retentionPeriod.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const { recoveryEnvironments } = args.getConfig<Config>();
        for (const db of args.resources.filter((r) => r.type === "aws:rds/instance:Instance")) {
            if (!recoveryEnvironments.includes(String(tagOf(db, "Environment")))) continue;
            const replications = referrers(
                args.resources,
                ["aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"],
                "sourceDbInstanceArn",
                db,
            );
            if (replications.length === 0)
                reportViolation(
                    `${label("RDS instance", db)} does not replicate its automated backups to another region.`,
                    db.urn,
                );
        }
    },
});
