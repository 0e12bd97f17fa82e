/**
 * VPC Flow Logs (EC2.6): ALL traffic to a KMS-encrypted CloudWatch log group
 * with a retention of at least a year, delivered by global-iam's flow-log role
 * (which may write only under names.flowLogGroupPrefix).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup } from "@baseline/lib";

export interface FlowLogsArgs {
    readonly vpcId: pulumi.Input<string>;
    /** names.flowLogGroup(region): the flow-log role's policy is scoped to it. */
    readonly logGroupName: string;
    /** The security layer's logs CMK; its key policy lets logs.<region>.amazonaws.com use it. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** global-iam's role assumed by vpc-flow-logs.amazonaws.com. */
    readonly deliveryRoleArn: pulumi.Input<string>;
    readonly retentionInDays: number;
}

export class FlowLogs extends pulumi.ComponentResource {
    public readonly logGroup: aws.cloudwatch.LogGroup;
    public readonly flowLog: aws.ec2.FlowLog;

    constructor(name: string, args: FlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:network:FlowLogs", name, {}, opts);
        // Audit data: protected in Pulumi and by CloudWatch Logs' own deletion protection.
        this.logGroup = encryptedLogGroup(
            `${name}-group`,
            { name: args.logGroupName, kmsKeyId: args.kmsKeyArn, retentionInDays: args.retentionInDays },
            { parent: this },
        );
        this.flowLog = new aws.ec2.FlowLog(
            name,
            {
                vpcId: args.vpcId,
                trafficType: "ALL",
                logDestinationType: "cloud-watch-logs",
                logDestination: this.logGroup.arn,
                iamRoleArn: args.deliveryRoleArn,
                // The default record format, which the REJECT metric filter parses.
                // 600 s (the AWS default) keeps record volume, and vended-log cost, down;
                // the rejected-traffic alarm therefore reacts within about ten minutes.
                maxAggregationInterval: 600,
            },
            { parent: this },
        );
        this.registerOutputs({ flowLogId: this.flowLog.id, logGroupName: this.logGroup.name });
    }
}
