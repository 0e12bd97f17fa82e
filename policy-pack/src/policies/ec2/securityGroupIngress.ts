import { ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

type Config = Pick<PackConfig, "restrictedIngressPorts">;

const OPEN_IPV4 = "0.0.0.0/0";
const OPEN_IPV6 = "::/0";

/** One ingress permission, normalised from any of the three ways to write it. */
export interface IngressRule {
    readonly protocol: string;
    readonly fromPort?: number;
    readonly toPort?: number;
    readonly cidrs: readonly string[];
}

/** Restricted ports that `rule` opens to the whole internet. */
export function openRestrictedPorts(rule: IngressRule, restricted: readonly number[]): number[] {
    const open = rule.cidrs.filter((c) => c === OPEN_IPV4 || c === OPEN_IPV6);
    if (open.length === 0) return [];
    const p = String(rule.protocol).toLowerCase();
    if (p === "-1" || p === "all") return [...restricted];
    if (!["tcp", "udp", "6", "17"].includes(p)) return [];
    const from = rule.fromPort ?? 0;
    const to = rule.toPort ?? 65535;
    return restricted.filter((port) => port >= from && port <= to);
}

function rulesOf(args: ResourceValidationArgs): IngressRule[] {
    const p = args.props;
    switch (args.type) {
        case "aws:ec2/securityGroup:SecurityGroup":
            return asArray<Record<string, unknown>>(p["ingress"] as Record<string, unknown>[]).map((r) => ({
                protocol: String(r["protocol"]),
                fromPort: r["fromPort"] as number | undefined,
                toPort: r["toPort"] as number | undefined,
                cidrs: [...asArray<string>(r["cidrBlocks"] as string[]), ...asArray<string>(r["ipv6CidrBlocks"] as string[])],
            }));
        case "aws:ec2/securityGroupRule:SecurityGroupRule":
            if (p["type"] !== "ingress") return [];
            return [
                {
                    protocol: String(p["protocol"]),
                    fromPort: p["fromPort"],
                    toPort: p["toPort"],
                    cidrs: [...asArray<string>(p["cidrBlocks"]), ...asArray<string>(p["ipv6CidrBlocks"])],
                },
            ];
        case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
            return [
                {
                    protocol: String(p["ipProtocol"]),
                    fromPort: p["fromPort"],
                    toPort: p["toPort"],
                    cidrs: [p["cidrIpv4"], p["cidrIpv6"]].filter((c): c is string => typeof c === "string"),
                },
            ];
        default:
            return [];
    }
}

export const SECURITY_GROUP_INGRESS_TYPES = [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
];

/**
 * No security group ingress from 0.0.0.0/0 or ::/0 to an admin or database port
 * (`restrictedIngressPorts`, default 22, 3389, 1433, 1521, 3306, 5432, 6379,
 * 27017); an all-protocol rule opens every port. Checks the three ways to write
 * ingress: inline `aws.ec2.SecurityGroup.ingress`, `aws.ec2.SecurityGroupRule`
 * and `aws.vpc.SecurityGroupIngressRule`.
 *
 * Controls: EC2.53 (CIS v3.0.0 5.2), EC2.54 (CIS v3.0.0 5.3), EC2.19 (FSBP).
 */
export const securityGroupIngress = resourcePolicy({
    name: "ec2-no-public-admin-db-ingress",
    description: "Security groups allow no ingress from 0.0.0.0/0 or ::/0 to admin (22, 3389) or database ports.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ec2",
    controls: ["EC2.53", "EC2.54", "EC2.19"],
    onUnknown: "defer",
    resourceTypes: SECURITY_GROUP_INGRESS_TYPES,
    configKeys: ["restrictedIngressPorts"],
    validateResource: (args, reportViolation) => {
        if (!SECURITY_GROUP_INGRESS_TYPES.includes(args.type)) return;
        const { restrictedIngressPorts } = args.getConfig<Config>();
        for (const rule of rulesOf(args)) {
            const ports = openRestrictedPorts(rule, restrictedIngressPorts);
            if (ports.length > 0) {
                const cidrs = rule.cidrs.filter((c) => c === OPEN_IPV4 || c === OPEN_IPV6).join(", ");
                reportViolation(
                    `Ingress from ${cidrs} opens restricted port(s) ${ports.join(", ")} (protocol ${rule.protocol}).`,
                );
            }
        }
    },
});
