import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { deferred } from "../../unknown";
import { RDS_CLUSTER, RDS_INSTANCE, rdsLabel } from "./kinds";

type Config = Pick<PackConfig, "minBackupRetentionDays">;

/**
 * RDS instances and clusters keep automated backups for at least
 * `minBackupRetentionDays` (default 7). An unset `backupRetentionPeriod` is a
 * violation: the API default is 1 day. Read replicas (`replicateSourceDb`) are not
 * judged: their source's backups are what recovers them.
 *
 * Controls: RDS.11 (FSBP).
 */
export const rdsBackupRetention = resourcePolicy({
    name: "rds-backup-retention",
    description: "RDS instances and clusters retain automated backups for at least the configured number of days (default 7).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: ["RDS.11"],
    configKeys: ["minBackupRetentionDays"],
    onUnknown: "fail",
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER],
    validateResource: (args, reportViolation) => {
        if (args.type !== RDS_INSTANCE && args.type !== RDS_CLUSTER) return;
        const what = rdsLabel(args.type);
        // A read replica's recovery is its source's backups. The RDS user guide's comparison of read
        // replicas by engine ("Working with DB instance read replicas"): PostgreSQL read replicas do not
        // support automated backups at all, so the setting this policy asks for cannot exist there; and
        // AWS Config's DB_INSTANCE_BACKUP_ENABLED, the rule behind RDS.11, judges read replicas only when
        // asked to (its optional checkReadReplicas parameter).
        // A replica's source is often created in the same update (its ARN unknown at preview): judged at `pulumi up`.
        const source = args.type === RDS_INSTANCE ? deferred(() => args.props["replicateSourceDb"]) : undefined;
        if (typeof source === "string" && source !== "")
            args.notApplicable("a read replica is recovered from its source's automated backups");
        const { minBackupRetentionDays: min } = args.getConfig<Config>();
        const days = args.props["backupRetentionPeriod"] as number | undefined;
        if (days === undefined) reportViolation(`${what} does not set backupRetentionPeriod; it must be at least ${min} days.`);
        else if (days < min) reportViolation(`${what} backupRetentionPeriod is ${days} days; it must be at least ${min}.`);
    },
});
