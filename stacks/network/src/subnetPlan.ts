/**
 * Subnet CIDR planning, pure and unit-tested: the VPC component only
 * instantiates what this plan returns.
 */
import { Cidr, contains, formatCidr, overlaps, size, subnet } from "@baseline/lib";

export const TIERS = ["public", "private", "isolated"] as const;
/** public: NAT gateways only (none by default); private: workloads, internet egress only through NAT when natGateways adds one; isolated: databases, no internet route. */
export type Tier = (typeof TIERS)[number];

/** AWS allows subnets from /16 to /28. */
export const MIN_SUBNET_PREFIX = 16;
export const MAX_SUBNET_PREFIX = 28;

export interface SubnetPlanInput {
    readonly vpcCidr: Cidr;
    readonly azCount: number;
    /** Prefix length of each tier's subnets, e.g. `{ public: 24, private: 20, isolated: 24 }`. */
    readonly prefixes: Readonly<Record<Tier, number>>;
}

export interface PlannedSubnet {
    readonly tier: Tier;
    /** Index of the AZ in the chosen AZ list. */
    readonly azIndex: number;
    readonly cidr: Cidr;
    readonly cidrBlock: string;
}

/** Addresses the plan needs, to compare against the VPC size. */
export function addressesNeeded(input: SubnetPlanInput): number {
    return TIERS.reduce((sum, t) => sum + input.azCount * 2 ** (32 - input.prefixes[t]), 0);
}

/**
 * Why the plan cannot be built, as `[tier or "vpc", message]` pairs; empty when it can.
 * The config reader turns each into a ConfigValidationError problem on the right key.
 */
export function subnetPlanProblems(input: SubnetPlanInput): { tier?: Tier; message: string }[] {
    const problems: { tier?: Tier; message: string }[] = [];
    for (const tier of TIERS) {
        const p = input.prefixes[tier];
        if (!Number.isInteger(p) || p < MIN_SUBNET_PREFIX || p > MAX_SUBNET_PREFIX) {
            problems.push({ tier, message: `a prefix length from /${MIN_SUBNET_PREFIX} to /${MAX_SUBNET_PREFIX}` });
        } else if (p <= input.vpcCidr.prefix) {
            problems.push({
                tier,
                message: `a prefix longer than the VPC's /${input.vpcCidr.prefix} (${formatCidr(input.vpcCidr)}), so that ${input.azCount} subnets fit`,
            });
        }
    }
    if (problems.length > 0) return problems;
    const needed = addressesNeeded(input);
    if (needed > size(input.vpcCidr)) {
        problems.push({
            message:
                `${formatCidr(input.vpcCidr)} holds ${size(input.vpcCidr)} addresses, but ${input.azCount} AZs x ` +
                TIERS.map((t) => `${t} /${input.prefixes[t]}`).join(" + ") +
                ` need ${needed}: use a larger VPC CIDR, fewer AZs or smaller subnets`,
        });
    }
    return problems;
}

/**
 * Carves every tier's subnet per AZ out of the VPC CIDR. Subnets are placed
 * largest first, each at the next free offset; because every size is a power
 * of two and sizes only shrink, each offset is aligned to its subnet's size,
 * so the result is a valid, non-overlapping packing whenever the sizes sum to
 * at most the VPC. Order within a size is tier order then AZ, so the plan is
 * deterministic. Changing azCount or a prefix moves later subnets (a breaking
 * change: subnets are replaced), so pick them before the first deployment.
 */
export function planSubnets(input: SubnetPlanInput): PlannedSubnet[] {
    const problems = subnetPlanProblems(input);
    if (problems.length > 0) {
        throw new Error(
            `cannot plan subnets: ${problems.map((p) => (p.tier ? `${p.tier}: ${p.message}` : p.message)).join("; ")}`,
        );
    }
    const requests = TIERS.flatMap((tier, t) =>
        Array.from({ length: input.azCount }, (_x, azIndex) => ({
            tier,
            azIndex,
            order: t * 100 + azIndex,
            prefix: input.prefixes[tier],
        })),
    ).sort((a, b) => a.prefix - b.prefix || a.order - b.order);
    let offset = 0;
    const planned = requests.map((r) => {
        const blockSize = 2 ** (32 - r.prefix);
        const cidr = subnet(input.vpcCidr, r.prefix, offset / blockSize);
        offset += blockSize;
        return { tier: r.tier, azIndex: r.azIndex, cidr, cidrBlock: formatCidr(cidr) };
    });
    // Invariants, cheap enough to check on every run.
    for (let i = 0; i < planned.length; i++) {
        if (!contains(input.vpcCidr, planned[i].cidr)) throw new Error(`internal: ${planned[i].cidrBlock} outside the VPC`);
        for (let j = i + 1; j < planned.length; j++) {
            if (overlaps(planned[i].cidr, planned[j].cidr)) {
                throw new Error(`internal: ${planned[i].cidrBlock} overlaps ${planned[j].cidrBlock}`);
            }
        }
    }
    return TIERS.flatMap((tier) => planned.filter((s) => s.tier === tier).sort((a, b) => a.azIndex - b.azIndex));
}
