/**
 * The layer graph, defined once. The offline plan, the deploy script, the
 * contract tables of docs/contracts.md and the README's Mermaid diagram all read it.
 *
 * Security groups that several layers use live in `network`, so the graph stays
 * acyclic: every edge points from a layer to one deployed before it.
 */
import { DEPLOY_REGIONS, DeployRegion, HOME_REGION, REGIONS, Region, STACK_PREFIX, isRegion, partnerOf } from "./environment";

export const LAYER_NAMES = ["global-iam", "security", "network", "recovery", "data", "api"] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

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
    /** Layers whose outputs this layer reads through StackReferences. */
    readonly dependsOn: readonly LayerName[];
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
    readonly description: string;
}

export const LAYERS: Readonly<Record<LayerName, LayerSpec>> = {
    "global-iam": {
        project: "baseline-global-iam",
        scope: "global",
        dependsOn: [],
        consumes: {},
        holdsData: false,
        description: "Account-wide IAM: service roles, password policy, human access roles, S3 account public access block",
    },
    security: {
        project: "baseline-security",
        // Recovery-only regions hold replica buckets, locked copy vaults and keys: they get the same
        // detection (Config, GuardDuty, Security Hub, Access Analyzer, alarm topic) as the others.
        scope: "everywhere",
        dependsOn: ["global-iam"],
        consumes: { "global-iam": "Config service-linked role, remediation, flow-log and CloudTrail roles" },
        holdsData: true,
        description: "KMS customer-managed keys, AWS Config with rules and remediation, Access Analyzer, CloudTrail, alarm topic",
    },
    network: {
        project: "baseline-network",
        scope: "regional",
        dependsOn: ["global-iam", "security"],
        consumes: { "global-iam": "flow-log role", security: "logs key, alarm topic" },
        holdsData: false,
        description: "VPC, subnets per tier, security groups, flow logs, VPC endpoints",
    },
    recovery: {
        project: "baseline-recovery",
        scope: "partner",
        dependsOn: ["global-iam"],
        consumes: { "global-iam": "account id" },
        holdsData: true,
        description:
            "Recovery targets in each partner region: replica bucket, copy-target backup vault with Vault Lock, their own CMKs",
    },
    data: {
        project: "baseline-data",
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
}

export function stackName(layer: LayerName, region: DeployRegion): string {
    return LAYERS[layer].scope === "global" ? STACK_PREFIX : `${STACK_PREFIX}-${region}`;
}

/** Whether `consumer` reads `layer` from its partner region's stack (LayerSpec.partnerDependsOn). */
export function readsFromPartner(consumer: LayerName, layer: LayerName): boolean {
    return LAYERS[consumer].partnerDependsOn?.includes(layer) ?? false;
}

/**
 * The stack of `layer` that a stack in `region` reads: global layers always
 * resolve to the home region; a layer `consumer` reads from its partner
 * (`partnerDependsOn`) resolves to the partner region's stack.
 */
export function upstreamInstance(layer: LayerName, region: DeployRegion, consumer?: LayerName): StackInstance {
    let r: DeployRegion = region;
    if (LAYERS[layer].scope === "global") r = HOME_REGION;
    else if (consumer && readsFromPartner(consumer, layer)) {
        if (!isRegion(region)) throw new Error(`${consumer} in ${region} has no partner region: it is not a baseline region`);
        r = partnerOf(region);
    }
    return { layer, project: LAYERS[layer].project, stack: stackName(layer, r), region: r };
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

export function instancesOf(layer: LayerName, regions: readonly Region[] = REGIONS): StackInstance[] {
    if (LAYERS[layer].scope === "global") return [upstreamInstance(layer, HOME_REGION)];
    const scope = LAYERS[layer].scope;
    const where: readonly DeployRegion[] =
        scope === "partner" ? partnerRegionsOf(regions) : scope === "everywhere" ? everyRegionOf(regions) : regions;
    return where.map((region) => ({ layer, project: LAYERS[layer].project, stack: stackName(layer, region), region }));
}

/** Layers in dependency order (a topological sort; throws on a cycle). */
export function layerOrder(layers: Readonly<Record<LayerName, LayerSpec>> = LAYERS): LayerName[] {
    const order: LayerName[] = [];
    const state = new Map<LayerName, "visiting" | "done">();
    const visit = (layer: LayerName, path: LayerName[]): void => {
        if (state.get(layer) === "done") return;
        if (state.get(layer) === "visiting") throw new Error(`layer graph has a cycle: ${[...path, layer].join(" -> ")}`);
        state.set(layer, "visiting");
        for (const dep of layers[layer].dependsOn) visit(dep, [...path, layer]);
        state.set(layer, "done");
        order.push(layer);
    };
    for (const layer of Object.keys(layers) as LayerName[]) visit(layer, []);
    return order;
}

/**
 * Waves of stacks that can run at the same time: a layer's regions run together,
 * and each layer waits for the one before it. Six waves cover the 17 stacks
 * (recovery runs in the three partner regions, security in every region, eu-west-1 included).
 */
export function waves(regions: readonly Region[] = REGIONS, only?: readonly LayerName[]): StackInstance[][] {
    return layerOrder()
        .filter((layer) => !only || only.includes(layer))
        .map((layer) => instancesOf(layer, regions));
}

/** Every stack instance in dependency order. */
export function allInstances(regions: readonly Region[] = REGIONS): StackInstance[] {
    return waves(regions).flat();
}

/**
 * The instance plus every upstream instance it needs, in dependency order,
 * following cross-region edges: data in eu-central-1 needs recovery in eu-west-1.
 */
export function withUpstreams(target: StackInstance): StackInstance[] {
    const needed = new Map<string, StackInstance>();
    const add = (instance: StackInstance): void => {
        const key = `${instance.layer}/${instance.stack}`;
        if (needed.has(key)) return;
        needed.set(key, instance);
        for (const dep of LAYERS[instance.layer].dependsOn) add(upstreamInstance(dep, instance.region, instance.layer));
    };
    add(target);
    const order = layerOrder();
    const regionOrder = (r: DeployRegion) => DEPLOY_REGIONS.indexOf(r);
    return [...needed.values()].sort(
        (a, b) => order.indexOf(a.layer) - order.indexOf(b.layer) || regionOrder(a.region) - regionOrder(b.region),
    );
}

/** Mermaid flowchart of the layers and what flows between them. */
export function layersMermaid(): string {
    const lines = ["flowchart LR"];
    for (const layer of layerOrder()) {
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
    for (const layer of layerOrder()) {
        for (const dep of LAYERS[layer].dependsOn) {
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
