import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup, names, DeployRegion } from "@baseline/lib";

export interface RemediationFlowLogsArgs {
    readonly region: DeployRegion;
    /** The logs key: its policy lets logs.<region>.amazonaws.com use it for this account's log groups. */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly retentionInDays: number;
}

/**
 * The destination of the automatic VPC_FLOW_LOGS_ENABLED remediation (EC2.6). The remediation fires
 * on every VPC without a flow log as soon as the rule exists, which is in this layer, before
 * `network`: on a fresh account that means each region's default VPC. Pointing it at the network
 * layer's group would fail (the group does not exist yet) and would later mix other VPCs' traffic
 * into the baseline VPC's flow logs; this group exists from the start and holds only remediated
 * VPCs. The network layer adopts and closes the default VPC (it is not deleted: see docs/deploying.md,
 * "What a fresh account changes"), whose flow log then lands here.
 */
export class RemediationFlowLogs extends pulumi.ComponentResource {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly logGroupArn: pulumi.Output<string>;

    constructor(name: string, args: RemediationFlowLogsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:RemediationFlowLogs", name, {}, opts);
        this.logGroup = encryptedLogGroup(
            `${name}-group`,
            { name: names.remediationFlowLogGroup(args.region), kmsKeyId: args.kmsKeyArn, retentionInDays: args.retentionInDays },
            { parent: this },
        );
        this.logGroupArn = this.logGroup.arn;
        this.registerOutputs({ logGroupName: this.logGroup.name });
    }
}
