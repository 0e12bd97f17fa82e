import { networkTiers } from "../../src/policies/ec2/networkTiers";
import { vpcEndpointPolicy } from "../../src/policies/ec2/vpcEndpointPolicy";
import { DATA_BUCKET, Res } from "../fixtures";
import { runMeaningCases } from "../meaningCases";
import { defaultSecurityGroupClosed } from "../../src/policies/ec2/defaultSecurityGroupClosed";
import { securityGroupIngress } from "../../src/policies/ec2/securityGroupIngress";
import { subnetNoPublicIp } from "../../src/policies/ec2/subnetNoPublicIp";
import { vpcFlowLogs } from "../../src/policies/ec2/vpcFlowLogs";
import { splitInternetIngress } from "../../src/policies/ec2/splitInternetIngress";
import { noUnrestrictedEgress } from "../../src/policies/ec2/noUnrestrictedEgress";
import { defaultSecurityGroupNoRules } from "../../src/policies/ec2/defaultSecurityGroupNoRules";
import { runAddedResourceCases, runResourcePolicyCases, runStackPolicyCases } from "../cases";

const TAGS = { Environment: "Production" };
import { patched, without } from "../fixtures";

/** The /8 blocks `from.0.0.0/8` up to (not including) `to.0.0.0/8`. */
const slash8s = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `${from + i}.0.0.0/8`);
const sgRuleBlocks = (name: string, cidrBlocks: string[], sg = "sg-1") => ({
    type: "aws:ec2/securityGroupRule:SecurityGroupRule",
    name,
    inputs: { type: "ingress", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks, securityGroupId: sg },
});

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

const sgRule = (name: string, cidr: string, port = 22, sg = "sg-1") => ({
    type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    name,
    inputs: { ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr, securityGroupId: sg, tags: TAGS },
});

runResourcePolicyCases([
    [
        securityGroupIngress,
        [
            [
                "CIDR halves in one group cover the internet",
                "app-sg",
                {
                    ingress: [
                        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["0.0.0.0/1"] },
                        { protocol: "tcp", fromPort: 5432, toPort: 5432, cidrBlocks: ["128.0.0.0/1"] },
                    ],
                },
                ["Ingress opens restricted port(s) 5432 from 0.0.0.0/1 + 128.0.0.0/1 (protocol tcp)."],
            ],
            [
                "EC2.19's high-risk Elasticsearch port",
                "app-sg",
                { ingress: [{ protocol: "tcp", fromPort: 9200, toPort: 9200, cidrBlocks: ["0.0.0.0/0"] }] },
                ["Ingress opens restricted port(s) 9200 from 0.0.0.0/0 (protocol tcp)."],
            ],
            [
                "a NACL entry admitting SSH from the internet",
                "public-nacl",
                { ingress: [{ ruleNo: 90, action: "allow", protocol: "tcp", fromPort: 22, toPort: 22, cidrBlock: "0.0.0.0/0" }] },
                ["Ingress opens restricted port(s) 22 from 0.0.0.0/0 (protocol tcp)."],
            ],
            [
                "the baseline NACL's ephemeral return ports are not EC2.21 ports",
                "public-nacl",
                {
                    ingress: [
                        { ruleNo: 200, action: "allow", protocol: "tcp", fromPort: 1024, toPort: 3388, cidrBlock: "0.0.0.0/0" },
                    ],
                },
                [],
            ],
        ],
    ],
    [
        noUnrestrictedEgress,
        [
            [
                "all traffic to anywhere, separate rule",
                "https-out",
                { ipProtocol: "-1", fromPort: undefined, toPort: undefined },
                ["Egress to 0.0.0.0/0 on all ports (protocol -1): name the ports and destinations the workload needs."],
            ],
            [
                "inline TCP 0-65535 to ::/0",
                "app-sg",
                { egress: [{ protocol: "tcp", fromPort: 0, toPort: 65535, ipv6CidrBlocks: ["::/0"] }] },
                ["Egress to ::/0 on all ports (protocol tcp): name the ports and destinations the workload needs."],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        securityGroupIngress,
        [
            [
                "a NetworkAclRule admitting RDP from ::/0",
                [
                    {
                        type: "aws:ec2/networkAclRule:NetworkAclRule",
                        name: "rdp",
                        inputs: {
                            networkAclId: "acl-1",
                            ruleNumber: 50,
                            egress: false,
                            protocol: "tcp",
                            ruleAction: "allow",
                            fromPort: 3389,
                            toPort: 3389,
                            ipv6CidrBlock: "::/0",
                        },
                    },
                ],
                [["rdp", "Ingress opens restricted port(s) 3389 from ::/0 (protocol tcp)."]],
            ],
            [
                "a NetworkAclRule that denies passes",
                [
                    {
                        type: "aws:ec2/networkAclRule:NetworkAclRule",
                        name: "deny-ssh",
                        inputs: {
                            networkAclId: "acl-1",
                            ruleNumber: 50,
                            egress: false,
                            protocol: "tcp",
                            ruleAction: "deny",
                            fromPort: 22,
                            toPort: 22,
                            cidrBlock: "0.0.0.0/0",
                        },
                    },
                ],
                [],
            ],
        ],
    ],
    [
        splitInternetIngress,
        [
            [
                // No block is broader than /8 (which alone would be the resource policy's finding): 128 each.
                "two rule resources whose CIDRs together are the internet",
                [sgRuleBlocks("low-half", slash8s(0, 128)), sgRuleBlocks("high-half", slash8s(128, 256))],
                [
                    [
                        "db-from-app",
                        `Rules of sg-1 split over 'db-from-app', 'https-v6', 'https-out', 'low-half', 'high-half' together open restricted port(s) 22 from ${slash8s(0, 256).join(" + ")}.`,
                    ],
                ],
            ],
            [
                "the same halves on two different groups pass",
                [sgRuleBlocks("low-half", slash8s(0, 128), "sg-a"), sgRuleBlocks("high-half", slash8s(128, 256), "sg-b")],
                [],
            ],
            [
                // Each /2 alone is the internet (broader than /8): ec2-no-public-admin-db-ingress reports each.
                "NACL rules 0.0.0.0/2 .. 192.0.0.0/2 on one ACL are each the resource policy's finding",
                ["0.0.0.0/2", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/2"].map((cidr, i) => ({
                    type: "aws:ec2/networkAclRule:NetworkAclRule",
                    name: `q${i}`,
                    inputs: {
                        networkAclId: "acl-1",
                        ruleNumber: 10 + i,
                        egress: false,
                        protocol: "-1",
                        ruleAction: "allow",
                        fromPort: 0,
                        toPort: 0,
                        cidrBlock: cidr,
                    },
                })),
                [],
            ],
        ],
    ],
    [
        defaultSecurityGroupNoRules,
        [
            [
                "an ingress rule resource on the default security group",
                [sgRule("into-default", "10.0.0.0/16", 443, "sg-default")],
                [
                    [
                        "into-default",
                        "Rule 'into-default' adds a rule to the default security group (sg-default), which must stay empty.",
                    ],
                ],
            ],
        ],
    ],
]);

const tier = (Tier: string) => ({ tags: { Environment: "Production", Tier } });
const network: Res[] = [
    { type: "aws:ec2/internetGateway:InternetGateway", name: "igw", id: "igw-1", inputs: { vpcId: "vpc-0a1b2c" } },
    {
        type: "aws:ec2/routeTable:RouteTable",
        name: "public-rt",
        id: "rtb-pub",
        inputs: { vpcId: "vpc-0a1b2c", ...tier("public") },
    },
    {
        type: "aws:ec2/routeTable:RouteTable",
        name: "private-rt",
        id: "rtb-priv",
        inputs: { vpcId: "vpc-0a1b2c", ...tier("private") },
    },
    {
        type: "aws:ec2/routeTable:RouteTable",
        name: "isolated-rt",
        id: "rtb-iso",
        inputs: { vpcId: "vpc-0a1b2c", ...tier("isolated") },
    },
    { type: "aws:ec2/subnet:Subnet", name: "pub-a", id: "subnet-pub", inputs: { vpcId: "vpc-0a1b2c", ...tier("public") } },
    { type: "aws:ec2/subnet:Subnet", name: "iso-a", id: "subnet-iso", inputs: { vpcId: "vpc-0a1b2c", ...tier("isolated") } },
    { type: "aws:ec2/eip:Eip", name: "nat-eip", id: "eipalloc-1", inputs: { domain: "vpc" } },
    {
        type: "aws:ec2/natGateway:NatGateway",
        name: "nat",
        id: "nat-1",
        inputs: { allocationId: "eipalloc-1", subnetId: "subnet-pub" },
    },
    {
        type: "aws:ec2/route:Route",
        name: "public-default",
        inputs: { routeTableId: "rtb-pub", destinationCidrBlock: "0.0.0.0/0", gatewayId: "igw-1" },
    },
    {
        type: "aws:ec2/route:Route",
        name: "private-default",
        inputs: { routeTableId: "rtb-priv", destinationCidrBlock: "0.0.0.0/0", natGatewayId: "nat-1" },
    },
    {
        type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
        name: "iso-assoc",
        inputs: { routeTableId: "rtb-iso", subnetId: "subnet-iso" },
    },
];
const route = (routeTableId: string, target: Record<string, string>): Res => ({
    type: "aws:ec2/route:Route",
    name: "added-route",
    inputs: { routeTableId, destinationCidrBlock: "0.0.0.0/0", ...target },
});
runMeaningCases(
    networkTiers,
    [
        { title: "the tiers as built", added: network, expected: null },
        {
            title: "a private table routed to the internet gateway",
            added: [...network, route("rtb-priv", { gatewayId: "igw-1" })],
            expected: /route to the internet gateway in private route table 'private-rt'/,
        },
        {
            title: "an isolated table routed to a NAT gateway",
            added: [...network, route("rtb-iso", { natGatewayId: "nat-1" })],
            expected: /through natGatewayId in isolated route table 'isolated-rt'/,
        },
        {
            title: "an isolated subnet on the public table",
            added: [
                ...network,
                {
                    type: "aws:ec2/routeTableAssociation:RouteTableAssociation",
                    name: "bad-assoc",
                    inputs: { routeTableId: "rtb-pub", subnetId: "subnet-iso" },
                },
            ],
            expected: /isolated subnet 'iso-a' is associated with public route table 'public-rt'/,
        },
        {
            title: "a NAT gateway in the isolated subnet",
            added: [
                ...network,
                {
                    type: "aws:ec2/natGateway:NatGateway",
                    name: "nat-2",
                    inputs: { allocationId: "eipalloc-2", subnetId: "subnet-iso" },
                },
            ],
            expected: /NAT gateway 'nat-2' sits in isolated subnet/,
        },
        {
            title: "an EIP on an instance",
            added: [...network, { type: "aws:ec2/eip:Eip", name: "eip-2", inputs: { instance: "i-1" } }],
            expected: /attached through instance/,
        },
        {
            title: "a default VPC adopted without its security group",
            added: [{ type: "aws:ec2/defaultVpc:DefaultVpc", name: "dvpc", id: "vpc-def", inputs: {} }],
            expected: /without its default security group/,
        },
    ],
    true,
);

const endpoint = (policy: unknown): Res => ({
    type: "aws:ec2/vpcEndpoint:VpcEndpoint",
    name: "ep",
    inputs: {
        vpcId: "vpc-0a1b2c",
        serviceName: "com.amazonaws.us-east-1.s3",
        ...(policy === undefined ? {} : { policy: JSON.stringify(policy) }),
    },
});
const allow = (statement: Record<string, unknown>) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", ...statement }],
});
runMeaningCases(
    vpcEndpointPolicy,
    [
        {
            title: "own bucket's objects",
            added: [endpoint(allow({ Action: "s3:GetObject", Resource: `arn:aws:s3:::${DATA_BUCKET}/*` }))],
            expected: null,
        },
        {
            title: "anything of the account's own resources",
            added: [
                endpoint(
                    allow({
                        Action: "s3:*",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } },
                    }),
                ),
            ],
            expected: null,
        },
        { title: "no policy", added: [endpoint(undefined)], expected: /has no policy: it allows full access/ },
        {
            title: "everything",
            added: [endpoint(allow({ Action: "*", Resource: "*" }))],
            expected: /with no condition naming the account/,
        },
        {
            title: "another account's resources",
            added: [
                endpoint(
                    allow({
                        Action: "s3:*",
                        Resource: "*",
                        Condition: { StringEquals: { "aws:ResourceAccount": "999999999999" } },
                    }),
                ),
            ],
            expected: /names another account \(999999999999\)/,
        },
        {
            title: "a wildcard account condition",
            added: [
                endpoint(allow({ Action: "s3:*", Resource: "*", Condition: { StringLike: { "aws:ResourceAccount": "*" } } })),
            ],
            expected: /with no condition naming the account/,
        },
    ],
    true,
);
