/**
 * The VPC of one region: subnets per tier and AZ, the internet gateway and the NAT gateways `natGateways` asks for (none by default),
 * route tables per tier, network ACLs per tier, and the default security group
 * and network ACL adopted and emptied.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cidr, formatCidr } from "@baseline/lib";
import { NatMode } from "./config";
import { PlannedSubnet, TIERS, Tier, planSubnets } from "./subnetPlan";

export const ANYWHERE = "0.0.0.0/0";

export interface BaselineVpcArgs {
    /**
     * Plain values, not Inputs: the subnet plan is computed from them while the
     * program runs, so the plan (and any error in it) exists before any resource.
     */
    readonly cidr: Cidr;
    /** The AZs to use, in order; one subnet per tier in each. */
    readonly availabilityZones: readonly string[];
    readonly subnetPrefixes: Readonly<Record<Tier, number>>;
    readonly natGateways: NatMode;
}

export interface NaclEntry {
    readonly ruleNo: number;
    readonly action: "allow" | "deny";
    /** `tcp`, `udp`, `icmp` or `-1` (all). */
    readonly protocol: string;
    readonly cidrBlock: string;
    /** 0 for `-1` and `icmp` entries. */
    readonly fromPort: number;
    readonly toPort: number;
    /** ICMP entries only: AWS rejects an ICMP entry without a type (icmpTypeCode.type). */
    readonly icmpType?: number;
    readonly icmpCode?: number;
}

export interface NaclRules {
    readonly ingress: NaclEntry[];
    readonly egress: NaclEntry[];
}

/**
 * Return traffic from outside the VPC reaches a port the *client side* picked.
 * The Amazon VPC user guide ("Ephemeral ports") lists "A NAT gateway uses ports
 * 1024-65535" and "AWS Lambda functions use ports 1024-65535", so a narrower
 * range (e.g. Linux's 32768-60999) would drop real replies.
 */
export const EPHEMERAL_PORTS = { from: 1024, to: 65535 } as const;

/**
 * Ports no entry may open to 0.0.0.0/0 (EC2.21 / CIS 5.1, Config rule
 * NACL_NO_UNRESTRICTED_SSH_RDP: "NON_COMPLIANT if a NACL inbound entry allows a
 * source TCP or UDP CIDR block for ports 22 or 3389").
 */
export const ADMIN_PORTS = [22, 3389] as const;

/**
 * Network ACL entries per tier. NACLs are stateless: every allowed flow needs
 * an entry for its request and one for its reply, in each NACL it crosses.
 * test/nacl.test.ts walks every flow of the baseline through these entries.
 *
 * - public (NAT gateways only): everything from/to the VPC (private hosts'
 *   packets to the NAT, and the replies the NAT forwards back); to the internet
 *   HTTPS and HTTP; from the internet only replies, on the NAT's ports.
 * - private: the same. Replies through the NAT, and S3 replies through the
 *   gateway endpoint, arrive with the internet or S3 peer's public address, so
 *   they can only be matched as 0.0.0.0/0 (NACLs take no prefix lists).
 * - isolated (databases): only from and to the VPC CIDR, no internet at all.
 *   The S3 gateway route is present on isolated route tables, but S3 is only
 *   reachable from there once entries for the S3 prefix-list ranges are added.
 *
 * The inbound 0.0.0.0/0 reply range skips 3389 to stay EC2.21-compliant (22 is
 * below the range). That is a real trade-off, not a free one: a NAT gateway or
 * a Lambda ENI may pick 3389 as the source port of an outbound connection, and
 * that one connection's replies are then dropped (the client times out; a retry
 * opens a new connection from another port), about 1 in 64,512 connections. Opening 3389 would
 * fail EC2.21 instead; deny-before-allow entries would drop the same replies.
 *
 * ICMP type 3 code 4 (fragmentation needed) is allowed both ways to and from
 * 0.0.0.0/0 on the tiers that talk to the internet: the Amazon VPC user guide
 * ("Path MTU Discovery") says hosts that "communicate with peers over the
 * internet" must have this network ACL rule "both inbound and outbound", or
 * large packets are silently black-holed. It is not TCP or UDP, so EC2.21 is
 * unaffected.
 */
export function naclRules(tier: Tier, vpcCidr: string): NaclRules {
    const all = (ruleNo: number, cidrBlock: string): NaclEntry => ({
        ruleNo,
        action: "allow",
        protocol: "-1",
        cidrBlock,
        fromPort: 0,
        toPort: 0,
    });
    const tcp = (ruleNo: number, cidrBlock: string, fromPort: number, toPort: number): NaclEntry => ({
        ruleNo,
        action: "allow",
        protocol: "tcp",
        cidrBlock,
        fromPort,
        toPort,
    });
    const fragmentationNeeded = (ruleNo: number): NaclEntry => ({
        ruleNo,
        action: "allow",
        protocol: "icmp",
        cidrBlock: ANYWHERE,
        fromPort: 0,
        toPort: 0,
        icmpType: 3,
        icmpCode: 4,
    });
    if (tier === "isolated") return { ingress: [all(100, vpcCidr)], egress: [all(100, vpcCidr)] };
    return {
        ingress: [
            all(100, vpcCidr),
            tcp(200, ANYWHERE, EPHEMERAL_PORTS.from, 3388),
            tcp(210, ANYWHERE, 3390, EPHEMERAL_PORTS.to),
            fragmentationNeeded(300),
        ],
        egress: [all(100, vpcCidr), tcp(200, ANYWHERE, 443, 443), tcp(210, ANYWHERE, 80, 80), fragmentationNeeded(300)],
    };
}

export interface TierSubnet {
    readonly az: string;
    readonly plan: PlannedSubnet;
    readonly subnet: aws.ec2.Subnet;
}

export class BaselineVpc extends pulumi.ComponentResource {
    public readonly vpc: aws.ec2.Vpc;
    public readonly vpcId: pulumi.Output<string>;
    public readonly cidrBlock: string;
    public readonly availabilityZones: readonly string[];
    public readonly subnets: Readonly<Record<Tier, TierSubnet[]>>;
    public readonly subnetIds: Readonly<Record<Tier, pulumi.Output<string>[]>>;
    public readonly routeTables: Readonly<Record<Tier, aws.ec2.RouteTable[]>>;
    public readonly natGateways: { readonly az: string; readonly natGateway: aws.ec2.NatGateway }[];
    public readonly defaultSecurityGroup: aws.ec2.DefaultSecurityGroup;

    constructor(name: string, args: BaselineVpcArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:network:Vpc", name, {}, opts);
        const azs = args.availabilityZones;
        const plan = planSubnets({ vpcCidr: args.cidr, azCount: azs.length, prefixes: args.subnetPrefixes });
        this.cidrBlock = formatCidr(args.cidr);
        this.availabilityZones = [...azs];

        this.vpc = new aws.ec2.Vpc(
            `${name}-vpc`,
            { cidrBlock: this.cidrBlock, enableDnsSupport: true, enableDnsHostnames: true },
            { parent: this },
        );
        this.vpcId = this.vpc.id;

        // EC2.2: adopting the default SG makes the provider remove every rule it
        // has. The explicit empty lists make the rule set authoritative, so a rule
        // added later outside Pulumi shows up as drift and is removed on `up`.
        this.defaultSecurityGroup = new aws.ec2.DefaultSecurityGroup(
            `${name}-default-sg`,
            { vpcId: this.vpc.id, ingress: [], egress: [] },
            { parent: this },
        );
        // The default NACL allows everything from 0.0.0.0/0. No subnet uses it
        // (each tier has its own), so it is emptied: a subnet that ever falls
        // back to it is cut off instead of exposed. subnetIds is ignored because
        // AWS moves subnets to it when their own NACL is deleted.
        new aws.ec2.DefaultNetworkAcl(
            `${name}-default-nacl`,
            { defaultNetworkAclId: this.vpc.defaultNetworkAclId, ingress: [], egress: [] },
            { parent: this, ignoreChanges: ["subnetIds"] },
        );

        const subnets = {} as Record<Tier, TierSubnet[]>;
        for (const tier of TIERS) {
            subnets[tier] = plan
                .filter((p) => p.tier === tier)
                .map((p) => {
                    const az = azs[p.azIndex];
                    const subnet = new aws.ec2.Subnet(
                        `${name}-${tier}-${az}`,
                        {
                            vpcId: this.vpc.id,
                            cidrBlock: p.cidrBlock,
                            availabilityZone: az,
                            // EC2.15: no subnet hands out public IPs, the public tier
                            // included (it holds only NAT gateways, which use EIPs).
                            mapPublicIpOnLaunch: false,
                            tags: { Tier: tier },
                        },
                        { parent: this },
                    );
                    return { az, plan: p, subnet };
                });
        }
        this.subnets = subnets;
        this.subnetIds = {
            public: subnets.public.map((s) => s.subnet.id),
            private: subnets.private.map((s) => s.subnet.id),
            isolated: subnets.isolated.map((s) => s.subnet.id),
        };

        for (const tier of TIERS) {
            const rules = naclRules(tier, this.cidrBlock);
            new aws.ec2.NetworkAcl(
                `${name}-${tier}-nacl`,
                {
                    vpcId: this.vpc.id,
                    subnetIds: this.subnetIds[tier],
                    ingress: rules.ingress,
                    egress: rules.egress,
                    tags: { Tier: tier },
                },
                { parent: this },
            );
        }

        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: this.vpc.id }, { parent: this });

        // One NAT per AZ keeps each AZ's egress independent of the others; the
        // `single` mode trades that for one NAT's hourly charge (documented cost switch);
        // `none` (the default, see config.ts) creates no NAT, address or internet route.
        const natSubnets =
            args.natGateways === "none" ? [] : args.natGateways === "single" ? subnets.public.slice(0, 1) : subnets.public;
        this.natGateways = natSubnets.map(({ az, subnet }) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${az}`, { domain: "vpc" }, { parent: this, dependsOn: [igw] });
            const natGateway = new aws.ec2.NatGateway(
                `${name}-nat-${az}`,
                { allocationId: eip.allocationId, subnetId: subnet.id, connectivityType: "public" },
                { parent: this, dependsOn: [igw] },
            );
            return { az, natGateway };
        });

        // Routes are separate aws.ec2.Route resources; the tables get no inline
        // `routes`, which would make the inline list authoritative and fight them.
        const publicRt = new aws.ec2.RouteTable(
            `${name}-public-rt`,
            { vpcId: this.vpc.id, tags: { Tier: "public" } },
            { parent: this },
        );
        new aws.ec2.Route(
            `${name}-public-default`,
            { routeTableId: publicRt.id, destinationCidrBlock: ANYWHERE, gatewayId: igw.id },
            { parent: this },
        );
        // Private: one table per AZ even with a single NAT, so switching NAT modes
        // changes routes only, never subnet associations.
        const privateRts = subnets.private.map(({ az }) => {
            const rt = new aws.ec2.RouteTable(
                `${name}-private-rt-${az}`,
                { vpcId: this.vpc.id, tags: { Tier: "private" } },
                { parent: this },
            );
            const nat = this.natGateways.find((n) => n.az === az) ?? this.natGateways[0];
            if (nat) {
                new aws.ec2.Route(
                    `${name}-private-default-${az}`,
                    { routeTableId: rt.id, destinationCidrBlock: ANYWHERE, natGatewayId: nat.natGateway.id },
                    { parent: this },
                );
            }
            return rt;
        });
        // Isolated: only the implicit local route (and the S3 gateway endpoint's
        // prefix-list route, added by the endpoint). RDS.46: no route to an IGW.
        const isolatedRt = new aws.ec2.RouteTable(
            `${name}-isolated-rt`,
            { vpcId: this.vpc.id, tags: { Tier: "isolated" } },
            { parent: this },
        );
        this.routeTables = { public: [publicRt], private: privateRts, isolated: [isolatedRt] };

        const tableFor = (tier: Tier, i: number): aws.ec2.RouteTable =>
            tier === "private" ? privateRts[i] : tier === "public" ? publicRt : isolatedRt;
        for (const tier of TIERS) {
            subnets[tier].forEach(({ az, subnet }, i) => {
                new aws.ec2.RouteTableAssociation(
                    `${name}-${tier}-rta-${az}`,
                    { subnetId: subnet.id, routeTableId: tableFor(tier, i).id },
                    { parent: this },
                );
            });
        }

        this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds });
    }
}
