import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * Subnets do not auto-assign public IPv4 or IPv6 addresses to instances
 * (`mapPublicIpOnLaunch` and `assignIpv6AddressOnCreation` not true), public
 * subnets included: load balancers and NAT gateways get their addresses explicitly.
 *
 * Controls: EC2.15 (FSBP).
 */
export const subnetNoPublicIp = resourcePolicy({
    name: "ec2-subnet-no-auto-public-ip",
    description: "Subnets do not auto-assign public IP addresses.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "ec2",
    controls: ["EC2.15"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.ec2.Subnet, (subnet, _args, reportViolation) => {
        if (subnet.mapPublicIpOnLaunch === true)
            reportViolation("Subnet auto-assigns public IPv4 addresses: set mapPublicIpOnLaunch: false.");
        if (subnet.assignIpv6AddressOnCreation === true)
            reportViolation("Subnet auto-assigns IPv6 addresses: set assignIpv6AddressOnCreation: false.");
    }),
});
