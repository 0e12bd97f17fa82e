/**
 * Every way to write a security group or network ACL rule, normalised: inline
 * `aws.ec2.SecurityGroup` ingress/egress, `aws.ec2.SecurityGroupRule`,
 * `aws.vpc.SecurityGroupIngressRule` / `SecurityGroupEgressRule`,
 * `aws.ec2.NetworkAcl` / `DefaultNetworkAcl` inline entries and
 * `aws.ec2.NetworkAclRule`.
 */
import { isUnknownValueError } from "../../unknown";
import { asArray } from "../../util";

export interface NetworkRule {
    readonly direction: "ingress" | "egress";
    readonly kind: "security-group" | "network-acl";
    readonly protocol: string;
    readonly fromPort?: number;
    readonly toPort?: number;
    readonly cidrs: readonly string[];
    /** The managed prefix lists a security group rule admits (their ids as written). */
    readonly prefixLists: readonly string[];
    /** The property whose value names those prefix lists (for the engine's property dependencies). */
    readonly prefixListKey?: string;
    /** NACL entries can deny; security group rules only allow. */
    readonly allow: boolean;
    /** The property holding the group or ACL the rule belongs to (separate rule resources). */
    readonly targetKey?: string;
}

export const SECURITY_GROUP_TYPE = "aws:ec2/securityGroup:SecurityGroup";
export const SG_RULE_TYPE = "aws:ec2/securityGroupRule:SecurityGroupRule";
export const SG_INGRESS_RULE_TYPE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
export const SG_EGRESS_RULE_TYPE = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
export const NACL_TYPE = "aws:ec2/networkAcl:NetworkAcl";
export const DEFAULT_NACL_TYPE = "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl";
export const NACL_RULE_TYPE = "aws:ec2/networkAclRule:NetworkAclRule";

export const NETWORK_RULE_TYPES = [
    SECURITY_GROUP_TYPE,
    SG_RULE_TYPE,
    SG_INGRESS_RULE_TYPE,
    SG_EGRESS_RULE_TYPE,
    NACL_TYPE,
    DEFAULT_NACL_TYPE,
    NACL_RULE_TYPE,
];

type Props = Record<string, unknown>;
const strings = (...vs: unknown[]): string[] =>
    vs.flatMap((v) => asArray<unknown>(v as unknown[])).filter((c): c is string => typeof c === "string");
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

/** Stands for a prefix list id unknown at preview (a list the same update creates): resolved by property dependency. */
export const UNKNOWN_PREFIX_LIST = "(a prefix list unknown at preview)";

/** The prefix list ids a rule names; one unknown at preview never stops the judging of the rule's CIDRs. */
function prefixListRefs(read: () => unknown): string[] {
    try {
        return strings(read());
    } catch (e) {
        if (isUnknownValueError(e)) return [UNKNOWN_PREFIX_LIST];
        throw e;
    }
}

export function rulesOf(type: string, p: Props): NetworkRule[] {
    switch (type) {
        case SECURITY_GROUP_TYPE:
            return (["ingress", "egress"] as const).flatMap((direction) =>
                asArray<Props>(p[direction] as Props[]).map((r) => ({
                    direction,
                    kind: "security-group" as const,
                    protocol: String(r["protocol"]),
                    fromPort: num(r["fromPort"]),
                    toPort: num(r["toPort"]),
                    cidrs: strings(r["cidrBlocks"], r["ipv6CidrBlocks"]),
                    prefixLists: prefixListRefs(() => r["prefixListIds"]),
                    prefixListKey: direction,
                    allow: true,
                })),
            );
        case SG_RULE_TYPE:
            return [
                {
                    direction: p["type"] === "egress" ? "egress" : "ingress",
                    kind: "security-group",
                    protocol: String(p["protocol"]),
                    fromPort: num(p["fromPort"]),
                    toPort: num(p["toPort"]),
                    cidrs: strings(p["cidrBlocks"], p["ipv6CidrBlocks"]),
                    prefixLists: prefixListRefs(() => p["prefixListIds"]),
                    prefixListKey: "prefixListIds",
                    allow: true,
                    targetKey: "securityGroupId",
                },
            ];
        case SG_INGRESS_RULE_TYPE:
        case SG_EGRESS_RULE_TYPE:
            return [
                {
                    direction: type === SG_INGRESS_RULE_TYPE ? "ingress" : "egress",
                    kind: "security-group",
                    protocol: String(p["ipProtocol"]),
                    fromPort: num(p["fromPort"]),
                    toPort: num(p["toPort"]),
                    cidrs: strings(p["cidrIpv4"], p["cidrIpv6"]),
                    prefixLists: prefixListRefs(() => p["prefixListId"]),
                    prefixListKey: "prefixListId",
                    allow: true,
                    targetKey: "securityGroupId",
                },
            ];
        case NACL_TYPE:
        case DEFAULT_NACL_TYPE:
            return (["ingress", "egress"] as const).flatMap((direction) =>
                asArray<Props>(p[direction] as Props[]).map((r) => ({
                    direction,
                    kind: "network-acl" as const,
                    protocol: String(r["protocol"]),
                    fromPort: num(r["fromPort"]),
                    toPort: num(r["toPort"]),
                    cidrs: strings(r["cidrBlock"], r["ipv6CidrBlock"]),
                    prefixLists: [],
                    allow: String(r["action"]).toLowerCase() === "allow",
                })),
            );
        case NACL_RULE_TYPE:
            return [
                {
                    direction: p["egress"] === true ? "egress" : "ingress",
                    kind: "network-acl",
                    protocol: String(p["protocol"]),
                    fromPort: num(p["fromPort"]),
                    toPort: num(p["toPort"]),
                    cidrs: strings(p["cidrBlock"], p["ipv6CidrBlock"]),
                    prefixLists: [],
                    allow: String(p["ruleAction"]).toLowerCase() === "allow",
                    targetKey: "networkAclId",
                },
            ];
        default:
            return [];
    }
}

/** True for "every protocol" (`-1`, `all`). */
export function allProtocols(rule: NetworkRule): boolean {
    const p = rule.protocol.toLowerCase();
    return p === "-1" || p === "all";
}

/** The ports of `ports` a rule opens: all of them for every protocol; TCP/UDP by range. */
export function portsOpened(rule: NetworkRule, ports: readonly number[]): number[] {
    if (allProtocols(rule)) return [...ports];
    const p = rule.protocol.toLowerCase();
    if (!["tcp", "udp", "6", "17"].includes(p)) return [];
    const from = rule.fromPort ?? 0;
    const to = rule.toPort ?? 65535;
    // A NACL or security group rule with port 0-0 on TCP/UDP is not "all ports"; only -1 is.
    return ports.filter((port) => port >= from && port <= to);
}
