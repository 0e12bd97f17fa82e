import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";

type Config = Pick<PackConfig, "minBackupRetentionDays">;

/**
 * RDS instances keep automated backups for at least `minBackupRetentionDays`
 * (default 7). An unset `backupRetentionPeriod` is a violation: the API default
 * is 1 day.
 *
 * Controls: RDS.11 (FSBP).
 */
export const rdsBackupRetention = resourcePolicy({
    name: "rds-backup-retention",
    description: "RDS instances retain automated backups for at least the configured number of days (default 7).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: ["RDS.11"],
    onUnknown: "fail",
    configKeys: ["minBackupRetentionDays"],
    validateResource: validateResourceOfType(aws.rds.Instance, (db, args, reportViolation) => {
        const { minBackupRetentionDays: min } = args.getConfig<Config>();
        const days = db.backupRetentionPeriod;
        if (days === undefined)
            reportViolation(`RDS instance does not set backupRetentionPeriod; it must be at least ${min} days.`);
        else if (days < min) reportViolation(`RDS instance backupRetentionPeriod is ${days} days; it must be at least ${min}.`);
    }),
});
