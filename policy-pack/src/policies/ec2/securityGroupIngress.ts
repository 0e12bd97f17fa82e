import { ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { internetCoverage } from "../../cidr";
import { NETWORK_RULE_TYPES, NetworkRule, portsOpened, rulesOf } from "./rules";

type Config = Pick<PackConfig, "restrictedIngressPorts" | "restrictedNaclIngressPorts">;

/** The restricted ports of a rule's kind: security groups EC2.19's list, network ACLs EC2.21's. */
export function restrictedPortsFor(rules: readonly NetworkRule[], cfg: Config): readonly number[] {
    return rules.some((r) => r.kind === "network-acl") ? cfg.restrictedNaclIngressPorts : cfg.restrictedIngressPorts;
}

/** Restricted ports that `rules` (one group's or ACL's allow-ingress rules) open to the whole internet, with the CIDRs that do it. */
export function internetOpenPorts(rules: readonly NetworkRule[], restricted: readonly number[]): { port: number; via: string }[] {
    const out: { port: number; via: string }[] = [];
    for (const port of restricted) {
        const cidrs = rules
            .filter((r) => r.direction === "ingress" && r.allow && portsOpened(r, [port]).length > 0)
            .flatMap((r) => r.cidrs);
        const via = internetCoverage(cidrs);
        if (via !== undefined) out.push({ port, via });
    }
    return out;
}

/** `22, 3389 from 0.0.0.0/0; 5432 from 0.0.0.0/1 + 128.0.0.0/1` */
export function describeOpenPorts(open: readonly { port: number; via: string }[]): string {
    const byVia = new Map<string, number[]>();
    for (const o of open) byVia.set(o.via, [...(byVia.get(o.via) ?? []), o.port]);
    return [...byVia.entries()].map(([via, ports]) => `${ports.join(", ")} from ${via}`).join("; ");
}

export const SECURITY_GROUP_INGRESS_TYPES = NETWORK_RULE_TYPES;

/**
 * No security group ingress opens a restricted port (`restrictedIngressPorts`:
 * Security Hub EC2.19's 24 high-risk ports, which include SSH, RDP and the
 * database ports, plus Oracle, Redis and MongoDB), and no network ACL ingress
 * allows SSH or RDP (`restrictedNaclIngressPorts`, EC2.21: stateless NACLs must
 * admit return traffic on the ephemeral ports, which EC2.19's list overlaps), to
 * the internet: 0.0.0.0/0, ::/0, or blocks that together cover all addresses
 * (`0.0.0.0/1` + `128.0.0.0/1`). An all-protocols rule opens every port.
 * Checks every way to write a rule: inline SecurityGroup and NetworkAcl /
 * DefaultNetworkAcl entries, SecurityGroupRule, SecurityGroupIngressRule and
 * NetworkAclRule; rules of one group split over several resources are
 * `ec2-no-split-internet-ingress`'s check.
 *
 * Controls: EC2.53 (CIS v3.0.0 5.2), EC2.54 (CIS v3.0.0 5.3), EC2.19 (FSBP), EC2.21 (FSBP, CIS v3.0.0 5.1; NACLs).
 */
export const securityGroupIngress = resourcePolicy({
    name: "ec2-no-public-admin-db-ingress",
    description: "No security group or network ACL opens a high-risk port (EC2.19's list, configurable) to the internet.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ec2",
    controls: ["EC2.53", "EC2.54", "EC2.19", "EC2.21"],
    configKeys: ["restrictedIngressPorts", "restrictedNaclIngressPorts"],
    onUnknown: "defer",
    resourceTypes: SECURITY_GROUP_INGRESS_TYPES,
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (!SECURITY_GROUP_INGRESS_TYPES.includes(args.type)) return;
        const rules = rulesOf(args.type, args.props);
        const open = internetOpenPorts(rules, restrictedPortsFor(rules, args.getConfig<Config>()));
        if (open.length > 0) {
            const protocols = [...new Set(rules.filter((r) => r.direction === "ingress" && r.allow).map((r) => r.protocol))].join(
                ", ",
            );
            reportViolation(`Ingress opens restricted port(s) ${describeOpenPorts(open)} (protocol ${protocols}).`);
        }
    },
});
