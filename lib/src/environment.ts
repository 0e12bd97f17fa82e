/**
 * The facts every layer shares, defined once: where the baseline runs, which
 * region owns the account-wide resources, and the environment it describes.
 */

/** The regions the baseline is deployed to. Adding a fourth region starts here. */
export const REGIONS = ["us-east-1", "us-west-2", "eu-central-1"] as const;
export type Region = (typeof REGIONS)[number];

/**
 * The home region holds the account-wide resources: IAM (global-iam), the
 * multi-region CloudTrail trail and AWS Config's recording of global types.
 */
export const HOME_REGION: Region = "us-east-1";

/** The value of the `Environment` tag on every resource; the policy pack requires it. */
export const ENVIRONMENT = "Production";

/** Stack name prefix: `production` for global stacks, `production-<region>` for regional ones. */
export const STACK_PREFIX = "production";

/** Short name used as a prefix of physical resource names (buckets, roles, aliases, log groups). */
export const NAME_PREFIX = "baseline";

export function isRegion(value: unknown): value is Region {
    return typeof value === "string" && (REGIONS as readonly string[]).includes(value);
}

/**
 * Regions that hold only recovery targets (replica bucket, copy-target backup
 * vault, replicated RDS automated backups) for a baseline region whose partner
 * lies outside `REGIONS`. Only the `recovery` layer is deployed there.
 */
export const RECOVERY_ONLY_REGIONS = ["eu-west-1"] as const;
export type RecoveryOnlyRegion = (typeof RECOVERY_ONLY_REGIONS)[number];

/** Every region a stack of the baseline may live in. */
export type DeployRegion = Region | RecoveryOnlyRegion;
export const DEPLOY_REGIONS: readonly DeployRegion[] = [...REGIONS, ...RECOVERY_ONLY_REGIONS];

export function isDeployRegion(value: unknown): value is DeployRegion {
    return typeof value === "string" && (DEPLOY_REGIONS as readonly string[]).includes(value);
}

/**
 * The legal area a region's data must stay in. Replication and backup copies
 * cross regions, so the partner of a region must share its jurisdiction: EU
 * data (GDPR) never leaves the EU by default.
 */
export const JURISDICTION: Readonly<Record<DeployRegion, "us" | "eu">> = {
    "us-east-1": "us",
    "us-west-2": "us",
    "eu-central-1": "eu",
    "eu-west-1": "eu",
};

/**
 * Checks a partner map: every baseline region has exactly one partner, a known
 * region of the same jurisdiction and never itself; every recovery-only region is
 * somebody's partner (an unused one would be deployed for nothing). Returns one
 * line per problem, empty when the map is valid.
 */
export function partnerMapProblems(
    map: Readonly<Record<string, string>>,
    regions: readonly string[] = REGIONS,
    recoveryOnly: readonly string[] = RECOVERY_ONLY_REGIONS,
): string[] {
    const problems: string[] = [];
    const known = [...regions, ...recoveryOnly];
    const jurisdiction = JURISDICTION as Readonly<Record<string, string>>;
    for (const region of regions) if (!(region in map)) problems.push(`${region} has no partner region`);
    for (const [region, partner] of Object.entries(map)) {
        if (!regions.includes(region)) problems.push(`${region} is not a baseline region (${regions.join(", ")})`);
        else if (partner === region) problems.push(`${region} is its own partner: a copy in the same region dies with it`);
        else if (!known.includes(partner)) problems.push(`${region} -> ${partner}: unknown region (one of ${known.join(", ")})`);
        else if (jurisdiction[region] !== jurisdiction[partner])
            problems.push(
                `${region} -> ${partner}: data would leave its jurisdiction (${jurisdiction[region]} -> ${jurisdiction[partner]})`,
            );
    }
    for (const r of recoveryOnly)
        if (!Object.values(map).includes(r)) problems.push(`${r} is a recovery-only region but no region's partner`);
    return problems;
}

/** Validates a partner map once, at definition: one error listing every problem. */
export function definePartners<M extends Readonly<Record<Region, DeployRegion>>>(map: M): M {
    const problems = partnerMapProblems(map);
    if (problems.length > 0) throw new Error(`invalid partner region map:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return map;
}

/**
 * Where each region's data survives the loss of that region: the S3 replica,
 * the copies of its AWS Backup recovery points and its replicated RDS automated
 * backups. Defined once; the layer graph, the stacks, the plan and the deploy
 * script read it. eu-central-1 pairs with eu-west-1 (Ireland), so EU data stays
 * in the EU; the US regions back each other up.
 */
export const PARTNER_REGIONS: Readonly<Record<Region, DeployRegion>> = definePartners({
    "us-east-1": "us-west-2",
    "us-west-2": "us-east-1",
    "eu-central-1": "eu-west-1",
});

export function partnerOf(region: Region): DeployRegion {
    return PARTNER_REGIONS[region];
}

/** The baseline regions whose partner is `region` (the sources a recovery stack serves). */
export function sourcesOf(region: DeployRegion, regions: readonly Region[] = REGIONS): Region[] {
    return regions.filter((r) => PARTNER_REGIONS[r] === region);
}
