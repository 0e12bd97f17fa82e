import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { ifKnown } from "../../unknown";
import { NETWORK_RULE_TYPES, NetworkRule, rulesOf } from "./rules";
import { describeOpenPorts, internetOpenPorts, restrictedPortsFor } from "./securityGroupIngress";

type Config = Pick<PackConfig, "restrictedIngressPorts" | "restrictedNaclIngressPorts">;

/** The group or ACL a rule resource belongs to: the resource the engine recorded for its target property, else the target's value. */
function targetOf(r: PolicyResource, key: string): string {
    const dep = r.propertyDependencies?.[key]?.[0];
    if (dep) return dep.urn;
    return String(r.props[key]);
}

/** Ids by which a group or ACL is referenced, mapped to its URN. */
function identitiesOf(resources: readonly PolicyResource[]): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of resources)
        if (
            [
                "aws:ec2/securityGroup:SecurityGroup",
                "aws:ec2/networkAcl:NetworkAcl",
                "aws:ec2/defaultNetworkAcl:DefaultNetworkAcl",
            ].includes(r.type)
        )
            for (const k of ["id", "arn"]) {
                const v = ifKnown(() => r.props[k]);
                if (typeof v === "string") out.set(v, r.urn);
            }
    return out;
}

/**
 * The rules of one security group or network ACL, taken together across every
 * resource that writes them, open no restricted port to the internet: two rule
 * resources of 128 /8 blocks each, or an inline rule plus a separate one, each
 * harmless alone, together are the internet. (A single resource that does it
 * alone, `0.0.0.0/1` being a block broader than /8 that reaches the internet, is
 * `ec2-no-public-admin-db-ingress`'s finding: src/cidr.ts.)
 *
 * Controls: EC2.19 (FSBP), EC2.53, EC2.54, EC2.21.
 */
export const splitInternetIngress = stackPolicy({
    name: "ec2-no-split-internet-ingress",
    description:
        "The rules of one security group or network ACL, across all their resources, open no restricted port to the internet.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ec2",
    controls: ["EC2.19", "EC2.53", "EC2.54", "EC2.21"],
    configKeys: ["restrictedIngressPorts", "restrictedNaclIngressPorts"],
    onUnknown: "defer",
    resourceTypes: NETWORK_RULE_TYPES,
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const ids = identitiesOf(args.resources);
        const groups = new Map<string, { rules: NetworkRule[]; resources: PolicyResource[] }>();
        for (const r of args.resources) {
            if (!NETWORK_RULE_TYPES.includes(r.type)) continue;
            const rules = rulesOf(r.type, r.props);
            if (rules.length === 0) continue;
            const key = rules[0].targetKey;
            const raw = key === undefined ? r.urn : targetOf(r, key);
            const target = ids.get(raw) ?? raw;
            const g = groups.get(target) ?? { rules: [], resources: [] };
            g.rules.push(...rules);
            g.resources.push(r);
            groups.set(target, g);
        }
        for (const [target, g] of groups) {
            if (g.resources.length < 2) continue;
            const restrictedIngressPorts = restrictedPortsFor(g.rules, cfg);
            // Ports a single resource already opens alone are reported by the resource policy.
            const alone = new Set(
                g.resources.flatMap((r) =>
                    internetOpenPorts(rulesOf(r.type, r.props), restrictedIngressPorts).map((o) => o.port),
                ),
            );
            const open = internetOpenPorts(g.rules, restrictedIngressPorts).filter((o) => !alone.has(o.port));
            if (open.length === 0) continue;
            const owner = g.resources.find((r) => r.urn === target) ?? g.resources[0];
            reportViolation(
                `Rules of ${target.startsWith("urn:") ? `'${owner.name}'` : target} split over ${g.resources.map((r) => `'${r.name}'`).join(", ")} together open restricted port(s) ${describeOpenPorts(open)}.`,
                owner.urn,
            );
        }
    },
});
