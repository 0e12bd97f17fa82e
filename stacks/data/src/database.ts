/**
 * RDS for PostgreSQL in the isolated subnets: encrypted with the database CMK,
 * master password owned by Secrets Manager (never in config or state), IAM
 * authentication, TLS forced, Multi-AZ, deletion protection, backups, enhanced
 * monitoring, Performance Insights and logs in KMS-encrypted log groups.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DatabaseSettings } from "./config";
import { encryptedLogGroup } from "@baseline/lib";

/**
 * The log group RDS enhanced monitoring writes to, one per region and account (RDS user guide,
 * "Overview of Enhanced Monitoring": metrics are stored in CloudWatch Logs in RDSOSMetrics). RDS creates
 * it on first use, unencrypted; the data layer owns the region's only RDS instance, so it creates it first.
 */
export const ENHANCED_MONITORING_LOG_GROUP = "RDSOSMetrics";

/** Logs RDS exports for PostgreSQL (Security Hub RDS.36). */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade"] as const;

/** RDS automated backups, daily (UTC). */
export const RDS_BACKUP_WINDOW = "03:00-04:00";
/**
 * Weekly RDS maintenance (UTC): clear of the automated backup window and of the AWS Backup daily job
 * (backup.ts: starts 05:00-06:00 and may run six hours from its start, so until 12:00), so a maintenance restart never meets a backup.
 * Sunday 23:00 UTC is midnight in Central Europe and the afternoon in the US.
 */
export const RDS_MAINTENANCE_WINDOW = "sun:23:00-mon:00:00";

/**
 * The server certificate's CA, pinned rather than left to the region's default
 * so that the CA clients must trust is a reviewed change, not drift (rds-ca-2019
 * expired in August 2024; rds-ca-rsa2048-g1 is in the RDS global bundle).
 */
export const DB_CA_CERT_IDENTIFIER = "rds-ca-rsa2048-g1";

/** Parameters of the instance's parameter group: TLS only (RDS.38) and connection logging. */
export function postgresParameters(): aws.types.input.rds.ParameterGroupParameter[] {
    return [
        // Static in some majors: pending-reboot is accepted for static and dynamic parameters alike.
        { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
        { name: "log_connections", value: "1", applyMethod: "pending-reboot" },
        { name: "log_disconnections", value: "1", applyMethod: "pending-reboot" },
    ];
}

export interface DatabaseArgs {
    /** DB instance identifier (lib naming.ts); unique per region, so the same in every region. */
    readonly identifier: string;
    readonly settings: DatabaseSettings;
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    readonly securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Storage, Performance Insights and the master user secret. */
    readonly databaseKeyArn: pulumi.Input<string>;
    /** The exported PostgreSQL log groups. */
    readonly logsKeyArn: pulumi.Input<string>;
    /** Assumed by monitoring.rds.amazonaws.com (global-iam). */
    readonly monitoringRoleArn: pulumi.Input<string>;
}

export class Database extends pulumi.ComponentResource {
    public readonly instance: aws.rds.Instance;
    public readonly secretArn: pulumi.Output<string>;

    constructor(name: string, args: DatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:Database", name, {}, opts);
        const child = { parent: this };
        const s = args.settings;

        const subnetGroup = new aws.rds.SubnetGroup(
            `${name}-subnets`,
            {
                name: `${args.identifier}-isolated`,
                description: "Isolated subnets: no route to an internet or NAT gateway (RDS.46)",
                subnetIds: args.subnetIds,
            },
            child,
        );

        // The family is in the name: a major upgrade creates the new group beside the old one.
        const parameterGroup = new aws.rds.ParameterGroup(
            `${name}-params`,
            {
                name: `${args.identifier}-${s.parameterGroupFamily}`,
                family: s.parameterGroupFamily,
                description: "TLS only, connection logging",
                parameters: postgresParameters(),
            },
            child,
        );

        // RDS creates these on first export, unencrypted and never expiring; created
        // here first, they are KMS-encrypted, expire and survive the instance.
        const logGroups = POSTGRES_LOG_EXPORTS.map((log) =>
            encryptedLogGroup(
                `${name}-log-${log}`,
                {
                    name: `/aws/rds/instance/${args.identifier}/${log}`,
                    retentionInDays: s.logRetentionDays,
                    kmsKeyId: args.logsKeyArn,
                },
                child,
            ),
        );

        const monitoringLogs = encryptedLogGroup(
            `${name}-enhanced-monitoring-logs`,
            { name: ENHANCED_MONITORING_LOG_GROUP, retentionInDays: s.logRetentionDays, kmsKeyId: args.logsKeyArn },
            child,
        );

        this.instance = new aws.rds.Instance(
            name,
            {
                identifier: args.identifier,
                engine: "postgres",
                // A major alone lets RDS apply minor versions without Pulumi seeing drift.
                engineVersion: s.engineVersion,
                autoMinorVersionUpgrade: true,
                allowMajorVersionUpgrade: false,
                instanceClass: s.instanceClass,
                dbName: s.dbName,
                // names.dbPort: the port the network layer's security group rules open.
                port: s.port,
                // Not `postgres` (RDS.25); the password is generated and rotated by Secrets Manager.
                username: s.masterUsername,
                manageMasterUserPassword: true,
                masterUserSecretKmsKeyId: args.databaseKeyArn,
                iamDatabaseAuthenticationEnabled: true,
                caCertIdentifier: DB_CA_CERT_IDENTIFIER,

                dbSubnetGroupName: subnetGroup.name,
                vpcSecurityGroupIds: args.securityGroupIds,
                publiclyAccessible: false,
                multiAz: s.multiAz,
                networkType: "IPV4",

                storageType: "gp3",
                allocatedStorage: s.allocatedStorageGiB,
                maxAllocatedStorage: s.maxAllocatedStorageGiB,
                storageEncrypted: true,
                kmsKeyId: args.databaseKeyArn,

                parameterGroupName: parameterGroup.name,
                enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
                monitoringInterval: s.monitoringIntervalSeconds,
                monitoringRoleArn: args.monitoringRoleArn,
                performanceInsightsEnabled: true,
                performanceInsightsKmsKeyId: args.databaseKeyArn,
                // 7 days is the free tier; longer retention is billed per vCPU-month.
                performanceInsightsRetentionPeriod: 7,

                backupRetentionPeriod: s.backupRetentionDays,
                backupWindow: RDS_BACKUP_WINDOW,
                maintenanceWindow: RDS_MAINTENANCE_WINDOW,
                copyTagsToSnapshot: true,
                deletionProtection: true,
                skipFinalSnapshot: false,
                finalSnapshotIdentifier: `${args.identifier}-final`,
                // Automated backups outlive an accidental delete until their retention ends.
                deleteAutomatedBackups: false,
                // Changes wait for the maintenance window instead of restarting production mid-day.
                applyImmediately: false,
            },
            { ...child, protect: true, dependsOn: [...logGroups, monitoringLogs] },
        );

        this.secretArn = this.instance.masterUserSecrets.apply((secrets) => {
            const arn = secrets?.[0]?.secretArn;
            if (!arn) throw new Error(`RDS instance ${args.identifier} reports no managed master user secret`);
            return arn;
        });
        this.registerOutputs({ address: this.instance.address, secretArn: this.secretArn });
    }
}
