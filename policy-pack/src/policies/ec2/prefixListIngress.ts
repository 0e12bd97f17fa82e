import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { ifKnown, judgeEach } from "../../unknown";
import { asArray } from "../../util";
import { NETWORK_RULE_TYPES, NetworkRule, rulesOf } from "./rules";
import { describeOpenPorts, internetOpenPorts, restrictedPortsFor } from "./securityGroupIngress";

type Config = Pick<PackConfig, "restrictedIngressPorts" | "restrictedNaclIngressPorts">;

const PREFIX_LIST = "aws:ec2/managedPrefixList:ManagedPrefixList";
const PREFIX_LIST_ENTRY = "aws:ec2/managedPrefixListEntry:ManagedPrefixListEntry";

/** The CIDRs of each managed prefix list of the stack (its inline `entries` and its `ManagedPrefixListEntry`s), by URN. */
function prefixListCidrs(resources: readonly PolicyResource[]): Map<string, string[]> {
    const lists = resources.filter((r) => r.type === PREFIX_LIST);
    const out = new Map<string, string[]>();
    for (const l of lists)
        out.set(
            l.urn,
            asArray<{ cidr?: unknown }>(ifKnown(() => l.props["entries"]) as { cidr?: unknown }[]).flatMap((e) => {
                const c = ifKnown(() => e.cidr);
                return typeof c === "string" ? [c] : [];
            }),
        );
    for (const e of resources.filter((r) => r.type === PREFIX_LIST_ENTRY)) {
        const cidr = ifKnown(() => e.props["cidr"]);
        const list = listOf(e, "prefixListId", lists);
        if (typeof cidr === "string" && list) out.get(list)!.push(cidr);
    }
    return out;
}

/** The stack's prefix list a property names: the one the engine recorded for it, else the one with that id. */
function listOf(r: PolicyResource, key: string, lists: readonly PolicyResource[]): string | undefined {
    const dep = (r.propertyDependencies?.[key] ?? []).find((d) => d.type === PREFIX_LIST);
    if (dep) return dep.urn;
    const id = ifKnown(() => r.props[key]);
    return lists.find((l) => ifKnown(() => l.props["id"]) === id)?.urn;
}

/** The rule with the CIDRs of the stack's prefix lists it admits added to its own. */
function expanded(
    rule: NetworkRule,
    r: PolicyResource,
    lists: readonly PolicyResource[],
    cidrs: Map<string, string[]>,
): NetworkRule {
    if (rule.prefixLists.length === 0 || rule.prefixListKey === undefined) return rule;
    const urns = new Set<string>();
    for (const d of r.propertyDependencies?.[rule.prefixListKey] ?? []) if (d.type === PREFIX_LIST) urns.add(d.urn);
    for (const id of rule.prefixLists) {
        const l = lists.find((x) => ifKnown(() => x.props["id"]) === id);
        if (l) urns.add(l.urn);
    }
    return { ...rule, cidrs: [...rule.cidrs, ...[...urns].flatMap((u) => cidrs.get(u) ?? [])] };
}

/**
 * No security group rule opens a restricted port to the internet through a managed prefix list of the stack:
 * a list whose entries are `0.0.0.0/0` (or blocks that cover all addresses) admits the internet as surely as the
 * CIDR written in the rule, which ec2-no-public-admin-db-ingress judges. Lists of other stacks or AWS-managed
 * ones are not seen; a rule or list unknown at preview is judged at `pulumi up`.
 *
 * Controls: EC2.19 (FSBP), EC2.53, EC2.54.
 */
export const prefixListIngress = stackPolicy({
    name: "ec2-no-internet-prefix-list-ingress",
    description: "No security group rule opens a restricted port to the internet through a managed prefix list of the stack.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ec2",
    controls: ["EC2.19", "EC2.53", "EC2.54"],
    configKeys: ["restrictedIngressPorts", "restrictedNaclIngressPorts"],
    onUnknown: "defer",
    resourceTypes: [...NETWORK_RULE_TYPES, PREFIX_LIST, PREFIX_LIST_ENTRY],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const lists = args.resources.filter((r) => r.type === PREFIX_LIST);
        if (lists.length === 0) return;
        const cfg = args.getConfig<Config>();
        const cidrs = prefixListCidrs(args.resources);
        judgeEach(
            args.resources.filter((r) => NETWORK_RULE_TYPES.includes(r.type)),
            (r) => {
                const rules = rulesOf(r.type, r.props).filter((rule) => rule.prefixLists.length > 0);
                if (rules.length === 0) return;
                const open = internetOpenPorts(
                    rules.map((rule) => expanded(rule, r, lists, cidrs)),
                    restrictedPortsFor(rules, cfg),
                );
                if (open.length > 0)
                    reportViolation(
                        `'${r.name}' admits a prefix list of the internet: restricted port(s) ${describeOpenPorts(open)}.`,
                        r.urn,
                    );
            },
        );
    },
});
