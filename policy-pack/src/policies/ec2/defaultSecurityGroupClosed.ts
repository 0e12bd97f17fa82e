import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * The VPC's default security group, adopted as `aws.ec2.DefaultSecurityGroup`,
 * has no ingress and no egress rules (adopting it without rules makes the
 * provider remove the ones AWS created).
 *
 * Controls: EC2.2 (FSBP, CIS v3.0.0 5.4).
 */
export const defaultSecurityGroupClosed = resourcePolicy({
    name: "ec2-default-security-group-closed",
    description: "Default security groups have no ingress or egress rules.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ec2",
    controls: ["EC2.2"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.ec2.DefaultSecurityGroup, (sg, _args, reportViolation) => {
        const ingress = sg.ingress?.length ?? 0;
        const egress = sg.egress?.length ?? 0;
        if (ingress + egress > 0)
            reportViolation(`Default security group has ${ingress} ingress and ${egress} egress rule(s); it must have none.`);
    }),
});
