/**
 * CloudWatch alarms on the database, notifying the security layer's encrypted
 * SNS topic (CloudWatch.15/.17: an alarm action, actions enabled).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AlarmSettings } from "./config";
import { alarmNotifications } from "@baseline/lib";

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

export interface DatabaseAlarmsArgs {
    readonly dbInstanceIdentifier: pulumi.Input<string>;
    readonly allocatedStorageGiB: number;
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly thresholds: AlarmSettings;
}

/**
 * Free storage that means autoscaling did not help: RDS grows storage once free
 * space is at or below 10% of the allocation, so alarm at 5% (at least 5 GiB),
 * which is reached only at the ceiling or during the 6-hour autoscaling cooldown.
 */
export function freeStorageThresholdBytes(allocatedStorageGiB: number): number {
    return Math.max(5, Math.floor(allocatedStorageGiB * 0.05)) * GIB;
}

export class DatabaseAlarms extends pulumi.ComponentResource {
    public readonly alarms: aws.cloudwatch.MetricAlarm[];

    constructor(name: string, args: DatabaseAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:DatabaseAlarms", name, {}, opts);
        const t = args.thresholds;
        const alarm = (
            suffix: string,
            a: { metric: string; comparison: string; threshold: number; statistic: string; description: string },
        ) =>
            new aws.cloudwatch.MetricAlarm(
                `${name}-${suffix}`,
                {
                    name: pulumi.interpolate`${args.dbInstanceIdentifier}-${suffix}`,
                    alarmDescription: a.description,
                    namespace: "AWS/RDS",
                    metricName: a.metric,
                    dimensions: { DBInstanceIdentifier: args.dbInstanceIdentifier },
                    statistic: a.statistic,
                    period: 300,
                    evaluationPeriods: 3,
                    datapointsToAlarm: 3,
                    comparisonOperator: a.comparison,
                    threshold: a.threshold,
                    ...alarmNotifications(args.alarmTopicArn),
                    // RDS publishes these every minute while the instance runs; silence means it
                    // is stopped, failed over badly or gone, which is worth a page in production.
                    treatMissingData: "breaching",
                },
                { parent: this },
            );

        this.alarms = [
            alarm("cpu-high", {
                metric: "CPUUtilization",
                comparison: "GreaterThanThreshold",
                threshold: t.cpuPercent,
                statistic: "Average",
                description: `CPU above ${t.cpuPercent}% for 15 minutes`,
            }),
            alarm("free-storage-low", {
                metric: "FreeStorageSpace",
                comparison: "LessThanThreshold",
                threshold: freeStorageThresholdBytes(args.allocatedStorageGiB),
                statistic: "Minimum",
                description: "Free storage low although storage autoscaling is on: ceiling reached or autoscaling in cooldown",
            }),
            alarm("connections-high", {
                metric: "DatabaseConnections",
                comparison: "GreaterThanThreshold",
                threshold: t.maxConnections,
                statistic: "Maximum",
                description: `More than ${t.maxConnections} connections for 15 minutes`,
            }),
            alarm("free-memory-low", {
                metric: "FreeableMemory",
                comparison: "LessThanThreshold",
                threshold: t.freeMemoryMiB * MIB,
                statistic: "Minimum",
                description: `Freeable memory below ${t.freeMemoryMiB} MiB for 15 minutes`,
            }),
        ];
        this.registerOutputs({});
    }
}
