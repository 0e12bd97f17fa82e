import { defaultSecurityGroupClosed } from "../../src/policies/ec2/defaultSecurityGroupClosed";
import { securityGroupIngress } from "../../src/policies/ec2/securityGroupIngress";
import { subnetNoPublicIp } from "../../src/policies/ec2/subnetNoPublicIp";
import { vpcFlowLogs } from "../../src/policies/ec2/vpcFlowLogs";
import { runResourcePolicyCases, runStackPolicyCases } from "../cases";
import { patched, without } from "../fixtures";

runResourcePolicyCases([
    [
        securityGroupIngress,
        [
            [
                "inline SSH from the internet",
                "app-sg",
                { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
                ["Ingress opens restricted port(s) 22 from 0.0.0.0/0 (protocol tcp)."],
            ],
            [
                "inline all-protocol from ::/0",
                "app-sg",
                { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] },
                [
                    "Ingress opens restricted port(s) 20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888, 9200, 9300, 1521, 6379, 27017 from ::/0 (protocol -1).",
                ],
            ],
            [
                "SecurityGroupRule PostgreSQL from the internet",
                "db-from-app",
                { cidrBlocks: ["0.0.0.0/0"] },
                ["Ingress opens restricted port(s) 5432 from 0.0.0.0/0 (protocol tcp)."],
            ],
            ["egress SecurityGroupRule is ignored", "db-from-app", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }, []],
            [
                "SecurityGroupIngressRule RDP range from ::/0",
                "https-v6",
                { fromPort: 3000, toPort: 4000 },
                ["Ingress opens restricted port(s) 3000, 3306, 3389 from ::/0 (protocol tcp)."],
            ],
        ],
    ],
    [
        defaultSecurityGroupClosed,
        [
            [
                "ingress rule",
                "default-sg",
                { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] },
                ["Default security group has 1 ingress and 0 egress rule(s); it must have none."],
            ],
        ],
    ],
    [
        subnetNoPublicIp,
        [
            [
                "public IPv4",
                "private-a",
                { mapPublicIpOnLaunch: true },
                ["Subnet auto-assigns public IPv4 addresses: set mapPublicIpOnLaunch: false."],
            ],
            [
                "IPv6",
                "private-a",
                { assignIpv6AddressOnCreation: true },
                ["Subnet auto-assigns IPv6 addresses: set assignIpv6AddressOnCreation: false."],
            ],
        ],
    ],
]);

runStackPolicyCases([
    [
        vpcFlowLogs,
        [
            ["no flow log", without("vpc-flow-log"), [["vpc", "VPC 'vpc' has no flow log."]]],
            [
                "ACCEPT only",
                patched("vpc-flow-log", { trafficType: "ACCEPT" }),
                [["vpc", "VPC 'vpc' flow logs do not capture rejected traffic: set trafficType 'ALL' or 'REJECT'."]],
            ],
            ["flow log of another VPC", patched("vpc-flow-log", { vpcId: "vpc-other" }), [["vpc", "VPC 'vpc' has no flow log."]]],
        ],
    ],
]);
