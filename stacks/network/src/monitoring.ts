/**
 * Network alarms, all notifying the security layer's encrypted SNS topic:
 * a spike of REJECTed flows (scanning, or a broken security group after a
 * change) and NAT gateway port-allocation errors and dropped packets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmNotifications, NAME_PREFIX } from "@baseline/lib";

/** Space-delimited filter over the default flow-log record format (version 2). */
export const REJECT_PATTERN =
    '[version, account, eni, source, destination, srcport, destport, protocol, packets, bytes, windowstart, windowend, action="REJECT", flowlogstatus]';
export const METRIC_NAMESPACE = "Baseline/Network";
export const REJECTED_FLOWS_METRIC = "RejectedFlowRecords";

export interface NetworkMonitoringArgs {
    readonly flowLogGroupName: pulumi.Input<string>;
    readonly alarmTopicArn: pulumi.Input<string>;
    readonly natGateways: readonly { readonly az: string; readonly id: pulumi.Input<string> }[];
    /** Rejected flow records per 5 minutes that raise the alarm. */
    readonly rejectedFlowsThreshold: number;
    /** Packets a NAT gateway may drop per 5 minutes before the alarm fires. */
    readonly natPacketsDropThreshold: number;
}

export class NetworkMonitoring extends pulumi.ComponentResource {
    public readonly alarms: aws.cloudwatch.MetricAlarm[] = [];

    constructor(name: string, args: NetworkMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:network:Monitoring", name, {}, opts);
        const common = {
            ...alarmNotifications(args.alarmTopicArn),
            comparisonOperator: "GreaterThanThreshold",
            period: 300,
            evaluationPeriods: 1,
            statistic: "Sum",
        };

        const filter = new aws.cloudwatch.LogMetricFilter(
            `${name}-rejected-flows`,
            {
                logGroupName: args.flowLogGroupName,
                pattern: REJECT_PATTERN,
                metricTransformation: {
                    name: REJECTED_FLOWS_METRIC,
                    namespace: METRIC_NAMESPACE,
                    value: "1",
                    defaultValue: "0",
                    unit: "Count",
                },
            },
            { parent: this },
        );
        this.alarms.push(
            new aws.cloudwatch.MetricAlarm(
                `${name}-rejected-flows`,
                {
                    ...common,
                    name: `${NAME_PREFIX}-network-rejected-flows`,
                    alarmDescription: `More than ${args.rejectedFlowsThreshold} rejected flow records in 5 minutes: scanning, or a security group or NACL change blocking real traffic.`,
                    namespace: METRIC_NAMESPACE,
                    metricName: REJECTED_FLOWS_METRIC,
                    threshold: args.rejectedFlowsThreshold,
                    // No data means no flow records arrived (a quiet VPC), not an attack.
                    treatMissingData: "notBreaching",
                },
                { parent: this, dependsOn: [filter] },
            ),
        );

        for (const nat of args.natGateways) {
            const natAlarm = (metric: string, threshold: number, description: string) =>
                new aws.cloudwatch.MetricAlarm(
                    `${name}-nat-${metric.toLowerCase()}-${nat.az}`,
                    {
                        ...common,
                        name: `${NAME_PREFIX}-network-nat-${nat.az}-${metric}`,
                        alarmDescription: description,
                        namespace: "AWS/NATGateway",
                        metricName: metric,
                        dimensions: { NatGatewayId: nat.id },
                        threshold,
                        // NAT gateways publish only while traffic flows; silence is healthy.
                        treatMissingData: "notBreaching",
                    },
                    { parent: this },
                );
            this.alarms.push(
                natAlarm(
                    "ErrorPortAllocation",
                    0,
                    `NAT gateway in ${nat.az} could not allocate a source port (too many connections to one destination).`,
                ),
                natAlarm(
                    "PacketsDropCount",
                    args.natPacketsDropThreshold,
                    `NAT gateway in ${nat.az} dropped more than ${args.natPacketsDropThreshold} packets in 5 minutes.`,
                ),
            );
        }
        this.registerOutputs({});
    }
}
