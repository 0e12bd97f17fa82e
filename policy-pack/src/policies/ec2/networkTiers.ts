import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { stackPolicy } from "../../policy";
import { asArray, refersTo } from "../../util";

const ROUTE = "aws:ec2/route:Route";
const TABLE = "aws:ec2/routeTable:RouteTable";
const ASSOCIATION = "aws:ec2/routeTableAssociation:RouteTableAssociation";
const SUBNET = "aws:ec2/subnet:Subnet";
const IGW = "aws:ec2/internetGateway:InternetGateway";
const NAT = "aws:ec2/natGateway:NatGateway";
const EIP = "aws:ec2/eip:Eip";
const DEFAULT_VPC = "aws:ec2/defaultVpc:DefaultVpc";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

const tierOf = (r: PolicyResource | undefined): string | undefined => {
    const t = r ? (r.props["tags"] as Record<string, unknown> | undefined)?.["Tier"] : undefined;
    return typeof t === "string" ? t : undefined;
};

/** Route targets that leave the VPC (a gateway endpoint's `vpcEndpointId` does not). */
const OUTBOUND_TARGETS = [
    "natGatewayId",
    "gatewayId",
    "transitGatewayId",
    "vpcPeeringConnectionId",
    "networkInterfaceId",
    "egressOnlyGatewayId",
    "carrierGatewayId",
    "localGatewayId",
    "coreNetworkArn",
    "instanceId",
];

/**
 * Baseline conformance: the network's tiers keep their meaning (README: public
 * subnets route to the internet gateway, private ones only through a NAT
 * gateway, isolated ones nowhere). Judged from the `Tier` tags of subnets and
 * route tables:
 * - a route to an internet gateway (any destination: split CIDRs are the internet too) only in a `public` table;
 * - no route out of the VPC at all (NAT, transit gateway, peering, ...) in an `isolated` table;
 * - a `private` or `isolated` subnet never associated with a `public` table;
 * - NAT gateways only in `public` subnets; Elastic IPs on NAT gateways only (not
 *   on an instance or network interface);
 * - every adopted default VPC keeps its default security group (which
 *   ec2-default-security-group-closed empties).
 * Resources without a Tier tag are not judged here.
 *
 * Controls: none in Security Hub (RDS.46's isolated subnets; EC2.2 for the default VPC).
 */
export const networkTiers = stackPolicy({
    name: "ec2-network-tiers-kept",
    description:
        "Baseline conformance: only public tables route to the internet gateway, isolated ones nowhere; NAT and EIPs stay public-tier.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ec2",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [ROUTE, TABLE, ASSOCIATION, IGW, NAT, EIP, DEFAULT_VPC],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        if (!inConformanceScope(args.resources[0]?.urn, args.getConfig<ConformanceConfig>())) return;
        const of = (t: string) => args.resources.filter((r) => r.type === t);
        const tables = of(TABLE);
        const igws = of(IGW);
        const nats = of(NAT);
        const subnets = of(SUBNET);
        const target = (r: PolicyResource, key: string, among: PolicyResource[]) => among.find((x) => refersTo(r, key, x));
        const judgeRoute = (
            owner: PolicyResource,
            table: PolicyResource | undefined,
            route: Record<string, unknown>,
            r: PolicyResource,
        ) => {
            const gw = route["gatewayId"];
            const tier = tierOf(table);
            if (tier === undefined || tier === "public") return;
            const toIgw =
                (typeof gw === "string" && gw.startsWith("igw-")) ||
                (r.type === ROUTE && target(r, "gatewayId", igws) !== undefined);
            // Whatever the destination: a split (0.0.0.0/1 + 128.0.0.0/1) is the internet too.
            if (toIgw) reportViolation(`A route to the internet gateway in ${tier} route table '${table?.name}'.`, owner.urn);
            else if (tier === "isolated") {
                const via = OUTBOUND_TARGETS.find((k) => typeof route[k] === "string" && route[k] !== "");
                if (via)
                    reportViolation(
                        `A route through ${via} in isolated route table '${table?.name}': isolated subnets route nowhere.`,
                        owner.urn,
                    );
            }
        };
        for (const r of of(ROUTE)) judgeRoute(r, target(r, "routeTableId", tables), r.props, r);
        for (const t of tables)
            for (const route of asArray<Record<string, unknown>>(t.props["routes"] as never)) judgeRoute(t, t, route, t);
        for (const a of of(ASSOCIATION)) {
            const table = target(a, "routeTableId", tables);
            const subnet = target(a, "subnetId", subnets);
            const st = tierOf(subnet);
            if (tierOf(table) === "public" && st !== undefined && st !== "public")
                reportViolation(`${st} subnet '${subnet?.name}' is associated with public route table '${table?.name}'.`, a.urn);
        }
        for (const n of nats) {
            const subnet = target(n, "subnetId", subnets);
            const st = tierOf(subnet);
            if (n.props["connectivityType"] !== "private" && st !== undefined && st !== "public")
                reportViolation(`Public NAT gateway '${n.name}' sits in ${st} subnet '${subnet?.name}'.`, n.urn);
        }
        for (const e of of(EIP))
            for (const k of ["instance", "networkInterface", "associateWithPrivateIp"])
                if (e.props[k])
                    reportViolation(
                        `Elastic IP '${e.name}' is attached through ${k}: the baseline gives public addresses to NAT gateways only.`,
                        e.urn,
                    );
        for (const v of of(DEFAULT_VPC))
            if (!of(DEFAULT_SG).some((sg) => refersTo(sg, "vpcId", v)))
                reportViolation(
                    `Default VPC '${v.name}' is adopted without its default security group: it would keep its open default rules.`,
                    v.urn,
                );
    },
});
