/**
 * The facts every layer shares: where the baseline runs (derived from topology.yaml at the
 * repository root, validated by lib/src/topology.ts), which region owns the account-wide
 * resources, and the environment it describes. Nothing here lists a region: adding one is an
 * entry in topology.yaml (docs/regions.md, "Adding a fourth region").
 */
import { AccountEntry, AccountKind, DEFAULT_DEPLOY_ROLE_NAME, Topology, loadTopology } from "./topology";

/**
 * The shape of an AWS region name. Region names are data (topology.yaml), so the type can no
 * longer be a union of literals; a template type still keeps an unchecked `string` (a config
 * value, a CLI argument, an upstream output) out of every parameter that takes a region: it must
 * pass `isRegion` or `isDeployRegion`, which check it against the topology, first.
 */
export type RegionName = `${string}-${string}-${number}`;
/** A region some stack of the baseline lives in (a baseline region or a recovery-only one). */
export type DeployRegion = RegionName;
/** A baseline region: every layer is deployed there. */
export type Region = RegionName;

/** The validated topology (topology.yaml, or the file $BASELINE_TOPOLOGY names). Read once, at load. */
export const TOPOLOGY: Topology = loadTopology();

/** The regions the baseline is deployed to, in the order of topology.yaml. */
export const REGIONS: readonly Region[] = TOPOLOGY.regions.map((r) => r.region as Region);

/**
 * The home region holds the account-wide resources: IAM (global-iam), the
 * multi-region CloudTrail trail and AWS Config's recording of global types.
 */
export const HOME_REGION: Region = TOPOLOGY.homeRegion as Region;

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
export const RECOVERY_ONLY_REGIONS: readonly DeployRegion[] = TOPOLOGY.recoveryOnlyRegions.map((r) => r.region as DeployRegion);

/** Every region a stack of the baseline may live in. */
export const DEPLOY_REGIONS: readonly DeployRegion[] = [...REGIONS, ...RECOVERY_ONLY_REGIONS];

export function isDeployRegion(value: unknown): value is DeployRegion {
    return typeof value === "string" && (DEPLOY_REGIONS as readonly string[]).includes(value);
}

/**
 * The legal area a region's data must stay in. Replication and backup copies
 * cross regions, so the partner of a region shares its jurisdiction (the topology
 * validator refuses anything else): EU data (GDPR) never leaves the EU.
 */
export const JURISDICTION: Readonly<Record<DeployRegion, string>> = Object.fromEntries([
    ...TOPOLOGY.regions.map((r) => [r.region, r.jurisdiction] as const),
    ...TOPOLOGY.recoveryOnlyRegions.map((r) => [r.region, r.jurisdiction] as const),
]);

/**
 * Where each region's data survives the loss of that region: the S3 replica,
 * the copies of its AWS Backup recovery points and its replicated RDS automated
 * backups. The layer graph, the stacks, the plan and the deploy script read it.
 */
export const PARTNER_REGIONS: Readonly<Record<Region, DeployRegion>> = Object.fromEntries(
    TOPOLOGY.regions.map((r) => [r.region, r.partner as DeployRegion] as const),
);

/** Each baseline region's VPC range (the network layer's default of `vpcCidrs`). */
export const VPC_CIDRS: Readonly<Record<Region, string>> = Object.fromEntries(
    TOPOLOGY.regions.map((r) => [r.region, r.vpcCidr] as const),
);

export function partnerOf(region: Region): DeployRegion {
    return PARTNER_REGIONS[region];
}

/** The baseline regions whose partner is `region` (the sources a recovery stack serves). */
export function sourcesOf(region: DeployRegion, regions: readonly Region[] = REGIONS): Region[] {
    return regions.filter((r) => PARTNER_REGIONS[r] === region);
}

/**
 * Organization mode: the topology declares accounts (management, log-archive, security tooling,
 * workloads). Without them the baseline covers the one account its credentials reach, as before.
 */
export const ORGANIZATION_MODE: boolean = TOPOLOGY.accounts !== undefined;

/** The accounts of organization mode, management first; empty for a single account. */
export const ACCOUNTS: readonly AccountEntry[] = TOPOLOGY.accounts?.accounts ?? [];

/** The accounts the baseline's own layers (global-iam … api) run in under organization mode. */
export const WORKLOAD_ACCOUNTS: readonly AccountEntry[] = ACCOUNTS.filter((a) => a.kind === "workload");

/**
 * The role the deploy pipeline assumes in every account (provider `assumeRoles`); the guardrails
 * exempt exactly this role. Declared in topology.yaml (`accounts.deployRoleName`).
 */
export const DEPLOY_ROLE_NAME: string = TOPOLOGY.accounts?.deployRoleName ?? DEFAULT_DEPLOY_ROLE_NAME;

/** The one account of a kind; throws in single-account mode, where there is none. */
export function accountByKind(kind: Exclude<AccountKind, "workload">): AccountEntry {
    const found = ACCOUNTS.find((a) => a.kind === kind);
    if (!found) throw new Error(`no ${kind} account: ${TOPOLOGY.file} has no accounts section (organization mode is off)`);
    return found;
}

export function accountByName(name: string): AccountEntry | undefined {
    return ACCOUNTS.find((a) => a.name === name);
}

/** The role ARN the deploy pipeline assumes in `account`. */
export function deployRoleArn(account: AccountEntry): string {
    return `arn:aws:iam::${account.id}:role/${DEPLOY_ROLE_NAME}`;
}
