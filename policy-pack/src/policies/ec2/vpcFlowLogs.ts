import { StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { referrers } from "../../util";

/**
 * Every VPC has an `aws.ec2.FlowLog` (tied through `vpcId`) that captures
 * rejected traffic (`trafficType` ALL or REJECT).
 *
 * Controls: EC2.6 (FSBP, CIS v3.0.0 3.7).
 */
export const vpcFlowLogs = stackPolicy({
    name: "ec2-vpc-flow-logs",
    description: "Every VPC has a flow log capturing at least rejected traffic.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ec2",
    controls: ["EC2.6"],
    onUnknown: "defer",
    resourceTypes: ["aws:ec2/vpc:Vpc", "aws:ec2/flowLog:FlowLog"],
    remediationSteps: "Add an aws.ec2.FlowLog with vpcId, trafficType 'ALL' and a CloudWatch Logs or S3 destination.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        for (const vpc of args.resources.filter((r) => r.type === "aws:ec2/vpc:Vpc")) {
            const logs = referrers(args.resources, ["aws:ec2/flowLog:FlowLog"], "vpcId", vpc);
            if (logs.length === 0) reportViolation(`VPC '${vpc.name}' has no flow log.`, vpc.urn);
            else if (!logs.some((l) => ["ALL", "REJECT"].includes(String(l.props["trafficType"]))))
                reportViolation(
                    `VPC '${vpc.name}' flow logs do not capture rejected traffic: set trafficType 'ALL' or 'REJECT'.`,
                    vpc.urn,
                );
        }
    },
});
