/**
 * AWS Backup for the data layer of one region: a vault encrypted with its own
 * CMK under Vault Lock, two plans over the data bucket and the database, and
 * a copy of every daily recovery point to the partner region's vault.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LockedVault, VaultLockSettings, customerManagedKey, names } from "@baseline/lib";
import { BackupRoleArgs, backupRolePolicy, backupVaultKeyPolicy, serviceTrustPolicy } from "./recoveryPolicies";

export interface BackupSettings {
    /** Retention of the daily snapshot recovery points in this region's vault. */
    readonly dailyRetentionDays: number;
    /** Retention of the copies in the partner region's vault. */
    readonly copyRetentionDays: number;
    /** Point-in-time window of the data bucket's continuous backup (AWS Backup: at most 35 days). */
    readonly pointInTimeDays: number;
    readonly vaultLock: VaultLockSettings;
}

/**
 * Daily at 05:00 UTC, after the RDS backup window (03:00-04:00) and clear of the weekly maintenance
 * window (database.ts), so none of the three overlap (test/windows.test.ts).
 */
export const DAILY_SCHEDULE = "cron(0 5 ? * * *)";
/** Minutes the daily job may take to start, and then to complete. */
export const DAILY_START_WINDOW = 60;
export const DAILY_COMPLETION_WINDOW = 360;

export interface DataBackupArgs extends Omit<BackupRoleArgs, "vaultKeyArn"> {
    readonly settings: BackupSettings;
}

export class DataBackup extends pulumi.ComponentResource {
    readonly vault: LockedVault;
    readonly role: aws.iam.Role;

    constructor(name: string, args: DataBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:DataBackup", name, {}, opts);
        const child = { parent: this };
        const s = args.settings;

        const key = customerManagedKey(
            `${name}-vault-key`,
            {
                description: "AWS Backup recovery points of this region's data bucket",
                policy: backupVaultKeyPolicy(args),
                alias: names.recoveryKeyAlias.backupVault,
            },
            this,
        );

        this.vault = new LockedVault(
            `${name}-vault`,
            { vaultName: names.backupVault, kmsKeyArn: key.arn, lock: s.vaultLock },
            child,
        );

        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: names.backupRole(args.region),
                path: names.rolePath,
                description: "AWS Backup: this region's data bucket and database, copies to the partner region's vault",
                assumeRolePolicy: JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", args.accountId)),
                maxSessionDuration: 3600,
            },
            child,
        );
        const rolePolicy = new aws.iam.RolePolicy(
            `${name}-role-policy`,
            {
                role: this.role.name,
                policy: key.arn.apply((vaultKeyArn) => JSON.stringify(backupRolePolicy({ ...args, vaultKeyArn }))),
            },
            child,
        );

        // Daily snapshots of both, each copied to the partner region: what survives the loss of this region.
        const daily = new aws.backup.Plan(
            `${name}-daily`,
            {
                name: `${names.backupVault}-daily`,
                rules: [
                    {
                        ruleName: "daily-with-partner-copy",
                        targetVaultName: this.vault.vault.name,
                        schedule: DAILY_SCHEDULE,
                        startWindow: DAILY_START_WINDOW,
                        completionWindow: DAILY_COMPLETION_WINDOW,
                        lifecycle: { deleteAfter: s.dailyRetentionDays },
                        copyActions: [
                            { destinationVaultArn: args.partnerVaultArn, lifecycle: { deleteAfter: s.copyRetentionDays } },
                        ],
                    },
                ],
            },
            { ...child, dependsOn: [this.vault.lock] },
        );
        // Point-in-time restore of the bucket (continuous backup needs versioning, which the bucket has).
        // The database is left out here: RDS's own automated backups already give it point-in-time
        // restore, and a continuous AWS Backup rule would take over the instance's retention setting.
        const pointInTime = new aws.backup.Plan(
            `${name}-point-in-time`,
            {
                name: `${names.backupVault}-point-in-time`,
                rules: [
                    {
                        ruleName: "s3-continuous",
                        targetVaultName: this.vault.vault.name,
                        schedule: DAILY_SCHEDULE,
                        enableContinuousBackup: true,
                        lifecycle: { deleteAfter: s.pointInTimeDays },
                        // No copy action: the daily rule above already copies the bucket to the partner vault
                        // at the same hour. A copy action here would send a second snapshot of it every night
                        // ("If a continuous backup rule also specifies a cross-account or cross-Region copy
                        // ... AWS Backup takes a snapshot of the resource and copies the snapshot to the
                        // destination vault ... in accordance with the frequency set in the backup plan rule",
                        // AWS Backup developer guide, "Copying continuous backups"): twice the transfer and
                        // the partner's storage for the same point. Point-in-time restore stays in this region.
                    },
                ],
            },
            { ...child, dependsOn: [this.vault.lock] },
        );

        // By ARN, not by tag: a tag anyone can add would pull other resources into the plan. By ARN
        // also needs no Region opt-in (an account-wide setting a fresh account may not have): the AWS
        // Backup API reference, UpdateRegionSettings: "If a resource type is explicitly assigned to a
        // backup plan, such as Amazon S3, Amazon EC2, or Amazon RDS, it will be included in the backup
        // even if the opt-in is not enabled for that particular service."
        new aws.backup.Selection(
            `${name}-daily-selection`,
            {
                name: "data-bucket-and-database",
                planId: daily.id,
                iamRoleArn: this.role.arn,
                resources: [args.dataBucketArn, args.dbInstanceArn],
            },
            { ...child, dependsOn: [rolePolicy] },
        );
        new aws.backup.Selection(
            `${name}-point-in-time-selection`,
            { name: "data-bucket", planId: pointInTime.id, iamRoleArn: this.role.arn, resources: [args.dataBucketArn] },
            { ...child, dependsOn: [rolePolicy] },
        );
        this.registerOutputs({ vaultName: this.vault.vault.name });
    }
}
