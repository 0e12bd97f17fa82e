/**
 * The layer graph, defined once. The offline plan, the deploy script, the
 * contract tables of docs/contracts.md and the README's Mermaid diagram all read it.
 *
 * Security groups that several layers use live in `network`, so the graph stays
 * acyclic: every edge points from a layer to one deployed before it.
 */
import {
    ACCOUNTS,
    DEPLOY_REGIONS,
    DeployRegion,
    HOME_REGION,
    ORGANIZATION_MODE,
    REGIONS,
    Region,
    STACK_PREFIX,
    WORKLOAD_ACCOUNTS,
    accountByKind,
    accountByName,
    isRegion,
    partnerOf,
} from "./environment";
import { AccountEntry, AccountKind } from "./topology";

/**
 * The organization's layers first (organization mode only: without an `accounts` section in
 * topology.yaml they have no stacks), then the baseline's own layers, which run in every workload
 * account (or, without accounts, in the one account the credentials reach); global-iam and security
 * also run in the organization's own accounts (LayerSpec.account `every`).
 */
export const ORGANIZATION_LAYER_NAMES = ["organization", "log-archive", "security-tooling"] as const;
export const BASELINE_LAYER_NAMES = ["global-iam", "security", "network", "recovery", "data", "api"] as const;
export const LAYER_NAMES = [...ORGANIZATION_LAYER_NAMES, ...BASELINE_LAYER_NAMES] as const;
export type LayerName = (typeof LAYER_NAMES)[number];
export type OrganizationLayerName = (typeof ORGANIZATION_LAYER_NAMES)[number];

/** Where a layer's stacks live in organization mode (LayerSpec.account). */
export type LayerAccount = AccountKind | "every";

/** Whether a layer's stacks run in the one account of the single-account baseline, and in each account the layer reads from. */
export function isBaselineLayerAccount(account: LayerAccount): account is "workload" | "every" {
    return account === "workload" || account === "every";
}

export interface LayerSpec {
    /** Pulumi project name (`Pulumi.yaml` `name`). */
    readonly project: string;
    /**
     * `global`: one stack in the home region; `regional`: one stack per region;
     * `partner`: one stack per region that is a baseline region's partner
     * (its partner in topology.yaml), recovery-only regions included;
     * `everywhere`: one stack per baseline region AND per recovery-only region
     * the baseline deploys to (detection must cover every region that holds data).
     */
    readonly scope: "global" | "regional" | "partner" | "everywhere";
    /**
     * The accounts the layer's stacks live in under organization mode: one of the organization's own
     * accounts, every workload account (`workload`), or every account of the organization (`every`:
     * the account-wide hardening and the detection each account needs of its own). A `workload` or
     * `every` layer is a layer of the single-account baseline.
     */
    readonly account: LayerAccount;
    /** Layers whose outputs this layer reads through StackReferences. */
    readonly dependsOn: readonly LayerName[];
    /**
     * Further upstream layers read only in organization mode (the organization's exports reaching the
     * member stacks); ignored, like the organization layers themselves, for a single account.
     */
    readonly orgDependsOn?: readonly LayerName[];
    /**
     * The subset of `dependsOn` read from the stack in this region's PARTNER
     * region rather than this region: the one explicit cross-region read of the
     * graph (`resolvePartnerUpstream`). Still acyclic: the partner's stack is
     * of a layer deployed earlier.
     */
    readonly partnerDependsOn?: readonly LayerName[];
    /** What flows along each edge, for the diagram and the docs. */
    readonly consumes: Readonly<Partial<Record<LayerName, string>>>;
    /** Whether the layer holds data or keys: destroy refuses it without an explicit flag. */
    readonly holdsData: boolean;
    /**
     * Whether the layer's stack in the home region also holds what covers the account's (or the
     * organization's) other regions: the multi-region trail, Config's aggregator over every region.
     * The other regions' stacks of the layer read nothing from it, but rely on it: a destroy limited
     * to some regions keeps it while the layer has a stack in another region.
     */
    readonly homeStackCoversAllRegions?: boolean;
    readonly description: string;
}

export const LAYERS: Readonly<Record<LayerName, LayerSpec>> = {
    organization: {
        project: "baseline-organization",
        scope: "global",
        account: "management",
        dependsOn: [],
        consumes: {},
        holdsData: false,
        description:
            "AWS Organizations in the management account: organizational units, member accounts, service and resource control policies, trusted access, delegated administrators",
    },
    "log-archive": {
        project: "baseline-log-archive",
        scope: "global",
        account: "log-archive",
        dependsOn: ["organization"],
        consumes: { organization: "organization id, account ids" },
        holdsData: true,
        description: "The organization trail's locked bucket, its access-log bucket and its key, in the log-archive account",
    },
    "security-tooling": {
        project: "baseline-security-tooling",
        // The delegated administrator's GuardDuty, Security Hub and Access Analyzer settings are regional.
        scope: "everywhere",
        account: "security-tooling",
        dependsOn: ["organization", "log-archive"],
        consumes: { organization: "organization id, account ids", "log-archive": "trail bucket and key" },
        holdsData: false,
        // The home region's stack: the organization trail and Config's organization aggregator.
        homeStackCoversAllRegions: true,
        description:
            "Delegated administration in the security-tooling account: GuardDuty and Security Hub for every member, Config and Access Analyzer across the organization, the organization trail",
    },
    "global-iam": {
        project: "baseline-global-iam",
        scope: "global",
        // Every account: the password policy, the account's S3 public access block, and the Config
        // service-linked role and remediation roles the account's own `security` stacks use.
        account: "every",
        dependsOn: [],
        consumes: {},
        holdsData: false,
        description: "Account-wide IAM: service roles, password policy, human access roles, S3 account public access block",
    },
    security: {
        project: "baseline-security",
        // Every account, the organization's own included: Security Hub's controls are evaluated by AWS
        // Config, which "must be enabled in each Region in the administrator account and all member
        // accounts" (Security Hub user guide, "Enabling and configuring AWS Config for Security Hub").
        account: "every",
        // Recovery-only regions hold replica buckets, locked copy vaults and keys: they get the same
        // detection (Config, GuardDuty, Security Hub, Access Analyzer, alarm topic) as the others.
        scope: "everywhere",
        dependsOn: ["global-iam"],
        // The organization trail replaces the account's own; GuardDuty and Security Hub are the delegated administrator's.
        orgDependsOn: ["organization", "log-archive", "security-tooling"],
        consumes: {
            "global-iam": "Config service-linked role, remediation, flow-log and CloudTrail roles",
            organization: "organization id",
            "log-archive": "trail bucket",
            "security-tooling": "organization trail, delegated administrator",
        },
        holdsData: true,
        // The home region's stack: Config's aggregator and recording of global resource types, and for a single account the multi-region trail.
        homeStackCoversAllRegions: true,
        description: "KMS customer-managed keys, AWS Config with rules and remediation, Access Analyzer, CloudTrail, alarm topic",
    },
    network: {
        project: "baseline-network",
        account: "workload",
        scope: "regional",
        dependsOn: ["global-iam", "security"],
        consumes: { "global-iam": "flow-log role", security: "logs key, alarm topic" },
        holdsData: false,
        description: "VPC, subnets per tier, security groups, flow logs, VPC endpoints",
    },
    recovery: {
        project: "baseline-recovery",
        account: "workload",
        scope: "partner",
        dependsOn: ["global-iam"],
        consumes: { "global-iam": "account id" },
        holdsData: true,
        description:
            "Recovery targets in each partner region: replica bucket, copy-target backup vault with Vault Lock, their own CMKs",
    },
    data: {
        project: "baseline-data",
        account: "workload",
        scope: "regional",
        dependsOn: ["global-iam", "security", "network", "recovery"],
        partnerDependsOn: ["recovery"],
        consumes: {
            "global-iam": "RDS monitoring role",
            security: "data and database keys, alarm topic",
            network: "isolated subnets, database SG",
            recovery: "PARTNER region: replica bucket, copy-target vault, replica keys",
        },
        holdsData: true,
        description: "S3 buckets and RDS PostgreSQL encrypted with the CMKs",
    },
    api: {
        project: "baseline-api",
        account: "workload",
        scope: "regional",
        dependsOn: ["global-iam", "security", "network", "data"],
        consumes: {
            "global-iam": "Lambda and API Gateway logging roles",
            security: "logs key, alarm topic",
            network: "execute-api endpoint, private subnets, app SG",
            data: "data bucket, database endpoint",
        },
        holdsData: false,
        description: "Private REST API reachable only through the execute-api VPC endpoint, Lambda backend",
    },
};

export interface StackInstance {
    readonly layer: LayerName;
    readonly project: string;
    readonly stack: string;
    /** A baseline region, or a recovery-only region for a `partner`-scoped layer. */
    readonly region: DeployRegion;
    /** Organization mode: the account (topology.yaml `accounts`) the stack lives in; undefined for a single account. */
    readonly account?: string;
}

/**
 * A stack's name: `production` / `production-<region>` for a single account; in organization mode
 * the account's name takes the place of `production` (`payments`, `payments-us-east-1`).
 */
export function stackName(layer: LayerName, region: DeployRegion, account?: string): string {
    const prefix = account ?? STACK_PREFIX;
    return LAYERS[layer].scope === "global" ? prefix : `${prefix}-${region}`;
}

/** The layers that have stacks: every layer in organization mode, the baseline's own otherwise. */
export function activeLayers(): LayerName[] {
    return layerOrder().filter((l) => ORGANIZATION_MODE || isBaselineLayerAccount(LAYERS[l].account));
}

/** A layer's upstream layers: `dependsOn`, plus `orgDependsOn` in organization mode. */
export function upstreamLayersOf(layer: LayerName): readonly LayerName[] {
    const spec = LAYERS[layer];
    return ORGANIZATION_MODE && spec.orgDependsOn ? [...spec.dependsOn, ...spec.orgDependsOn] : spec.dependsOn;
}

/** Whether `consumer` reads `layer` from its partner region's stack (LayerSpec.partnerDependsOn). */
export function readsFromPartner(consumer: LayerName, layer: LayerName): boolean {
    return LAYERS[consumer].partnerDependsOn?.includes(layer) ?? false;
}

/** The accounts a layer's stacks live in (organization mode); [undefined] for a single account. */
function accountsOf(layer: LayerName): readonly (AccountEntry | undefined)[] {
    if (!ORGANIZATION_MODE) return isBaselineLayerAccount(LAYERS[layer].account) ? [undefined] : [];
    const kind = LAYERS[layer].account;
    return kind === "every" ? ACCOUNTS : kind === "workload" ? WORKLOAD_ACCOUNTS : [accountByKind(kind)];
}

/**
 * The stack of `layer` that a stack in `region` reads: global layers always
 * resolve to the home region; a layer `consumer` reads from its partner
 * (`partnerDependsOn`) resolves to the partner region's stack. In organization mode an
 * organization layer resolves to its own account, a `workload` or `every` layer to the consumer's `account`.
 */
export function upstreamInstance(layer: LayerName, region: DeployRegion, consumer?: LayerName, account?: string): StackInstance {
    let r: DeployRegion = region;
    if (LAYERS[layer].scope === "global") r = HOME_REGION;
    else if (consumer && readsFromPartner(consumer, layer)) {
        if (!isRegion(region)) throw new Error(`${consumer} in ${region} has no partner region: it is not a baseline region`);
        r = partnerOf(region);
    }
    const kind = LAYERS[layer].account;
    const owner = !ORGANIZATION_MODE ? undefined : isBaselineLayerAccount(kind) ? account : accountByKind(kind).name;
    if (ORGANIZATION_MODE && owner === undefined)
        throw new Error(
            `the ${layer} stack of which ${kind === "every" ? "" : "workload "}account? In organization mode pass the consumer's account`,
        );
    return {
        layer,
        project: LAYERS[layer].project,
        stack: stackName(layer, r, owner),
        region: r,
        ...(owner ? { account: owner } : {}),
    };
}

/** The partner regions of `regions`, each once, in DEPLOY_REGIONS order. */
export function partnerRegionsOf(regions: readonly Region[] = REGIONS): DeployRegion[] {
    const partners = new Set(regions.map(partnerOf));
    return DEPLOY_REGIONS.filter((r) => partners.has(r));
}

/** The baseline regions and the recovery-only partner regions of `regions`, in DEPLOY_REGIONS order. */
export function everyRegionOf(regions: readonly Region[] = REGIONS): DeployRegion[] {
    const partners = partnerRegionsOf(regions);
    return DEPLOY_REGIONS.filter((r) => (regions as readonly string[]).includes(r) || partners.includes(r));
}

/**
 * A layer's stacks, limited to the baseline regions `regions`; in organization mode one set per
 * account that runs the layer, each limited to that account's regions too.
 */
export function instancesOf(layer: LayerName, regions: readonly Region[] = REGIONS): StackInstance[] {
    const scope = LAYERS[layer].scope;
    return accountsOf(layer).flatMap((account) => {
        const mine = account ? regions.filter((r) => account.regions.includes(r)) : regions;
        if (scope === "global")
            return mine.includes(HOME_REGION) || !account ? [upstreamInstance(layer, HOME_REGION, undefined, account?.name)] : [];
        const where: readonly DeployRegion[] =
            scope === "partner" ? partnerRegionsOf(mine) : scope === "everywhere" ? everyRegionOf(mine) : mine;
        return where.map((region) => ({
            layer,
            project: LAYERS[layer].project,
            stack: stackName(layer, region, account?.name),
            region,
            ...(account ? { account: account.name } : {}),
        }));
    });
}

/** Layers in dependency order (a topological sort over dependsOn and orgDependsOn; throws on a cycle). */
export function layerOrder(layers: Readonly<Record<LayerName, LayerSpec>> = LAYERS): LayerName[] {
    const order: LayerName[] = [];
    const state = new Map<LayerName, "visiting" | "done">();
    const visit = (layer: LayerName, path: LayerName[]): void => {
        if (state.get(layer) === "done") return;
        if (state.get(layer) === "visiting") throw new Error(`layer graph has a cycle: ${[...path, layer].join(" -> ")}`);
        state.set(layer, "visiting");
        for (const dep of [...layers[layer].dependsOn, ...(layers[layer].orgDependsOn ?? [])]) visit(dep, [...path, layer]);
        state.set(layer, "done");
        order.push(layer);
    };
    for (const layer of Object.keys(layers) as LayerName[]) visit(layer, []);
    return order;
}

/**
 * Waves of stacks that can run at the same time: a layer's regions (and, in organization mode, its
 * accounts) run together, and each layer waits for the one before it. Six waves cover the 17 stacks
 * of a single account (recovery runs in the three partner regions, security in every region,
 * eu-west-1 included).
 */
export function waves(regions: readonly Region[] = REGIONS, only?: readonly LayerName[]): StackInstance[][] {
    return activeLayers()
        .filter((layer) => !only || only.includes(layer))
        .map((layer) => instancesOf(layer, regions))
        .filter((wave) => wave.length > 0);
}

/** Every stack instance in dependency order. */
export function allInstances(regions: readonly Region[] = REGIONS): StackInstance[] {
    return waves(regions).flat();
}

/**
 * The instance plus every upstream instance it needs, in dependency order,
 * following cross-region edges (data in eu-central-1 needs recovery in eu-west-1) and, in
 * organization mode, the edges into the organization's own accounts.
 */
export function withUpstreams(target: StackInstance): StackInstance[] {
    const needed = new Map<string, StackInstance>();
    const add = (instance: StackInstance): void => {
        const key = `${instance.layer}/${instance.stack}`;
        if (needed.has(key)) return;
        needed.set(key, instance);
        for (const dep of upstreamLayersOf(instance.layer))
            add(upstreamInstance(dep, instance.region, instance.layer, instance.account));
    };
    add(target);
    const order = layerOrder();
    const regionOrder = (r: DeployRegion) => DEPLOY_REGIONS.indexOf(r);
    const accountOrder = (a?: string) => ACCOUNTS.findIndex((x) => x.name === a);
    return [...needed.values()].sort(
        (a, b) =>
            order.indexOf(a.layer) - order.indexOf(b.layer) ||
            accountOrder(a.account) - accountOrder(b.account) ||
            regionOrder(a.region) - regionOrder(b.region),
    );
}

/**
 * The account a stack belongs to in organization mode, from its name (`<account>` or
 * `<account>-<region>`); undefined for a single account or a name of no declared account.
 */
export function accountOfStack(stack: string): AccountEntry | undefined {
    if (!ORGANIZATION_MODE) return undefined;
    const exact = accountByName(stack);
    if (exact) return exact;
    // Longest name first: an account `pay` must not claim `pay-ments-us-east-1` of an account `pay-ments`.
    return [...ACCOUNTS]
        .sort((a, b) => b.name.length - a.name.length)
        .find((a) => stack.startsWith(`${a.name}-`) && /^[a-z]{2}-[a-z]+-\d+$/.test(stack.slice(a.name.length + 1)));
}

/** Mermaid flowchart of the layers and what flows between them. */
export function layersMermaid(): string {
    const lines = ["flowchart LR"];
    for (const layer of activeLayers()) {
        const spec = LAYERS[layer];
        const scope =
            spec.scope === "global"
                ? `1 stack, ${HOME_REGION}`
                : spec.scope === "partner"
                  ? `1 stack per partner region: ${partnerRegionsOf().join(", ")}`
                  : spec.scope === "everywhere"
                    ? `1 stack per region: ${everyRegionOf().join(", ")}`
                    : `1 stack per region`;
        lines.push(`    ${id(layer)}["${layer}<br/><small>${scope}</small>"]`);
    }
    for (const layer of activeLayers()) {
        for (const dep of upstreamLayersOf(layer)) {
            // A cross-region read is drawn dashed, so the diagram shows where data leaves its region.
            const arrow = readsFromPartner(layer, dep) ? "-.->" : "-->";
            lines.push(`    ${id(dep)} ${arrow}|"${LAYERS[layer].consumes[dep] ?? ""}"| ${id(layer)}`);
        }
    }
    return lines.join("\n") + "\n";
}

function id(layer: LayerName): string {
    return layer.replace(/[^a-z]/g, "_");
}
