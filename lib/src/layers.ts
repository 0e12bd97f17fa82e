/**
 * The layer graph, defined once. The offline plan, the deploy script, the
 * contract table in the README and the Mermaid diagram all read it.
 *
 * Security groups that several layers use live in `network`, so the graph stays
 * acyclic: every edge points from a layer to one deployed before it.
 */
import { HOME_REGION, REGIONS, Region, STACK_PREFIX } from "./environment";

export const LAYER_NAMES = ["global-iam", "security", "network", "data", "api"] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

export interface LayerSpec {
    /** Pulumi project name (`Pulumi.yaml` `name`). */
    readonly project: string;
    /** `global`: one stack in the home region; `regional`: one stack per region. */
    readonly scope: "global" | "regional";
    /** Layers whose outputs this layer reads through StackReferences. */
    readonly dependsOn: readonly LayerName[];
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
        scope: "regional",
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
    data: {
        project: "baseline-data",
        scope: "regional",
        dependsOn: ["global-iam", "security", "network"],
        consumes: {
            "global-iam": "RDS monitoring role",
            security: "data and database keys, alarm topic",
            network: "isolated subnets, database SG",
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
    readonly region: Region;
}

export function stackName(layer: LayerName, region: Region): string {
    return LAYERS[layer].scope === "global" ? STACK_PREFIX : `${STACK_PREFIX}-${region}`;
}

/** The stack of `layer` that a stack in `region` reads: global layers always resolve to the home region. */
export function upstreamInstance(layer: LayerName, region: Region): StackInstance {
    const r = LAYERS[layer].scope === "global" ? HOME_REGION : region;
    return { layer, project: LAYERS[layer].project, stack: stackName(layer, r), region: r };
}

export function instancesOf(layer: LayerName, regions: readonly Region[] = REGIONS): StackInstance[] {
    if (LAYERS[layer].scope === "global") return [upstreamInstance(layer, HOME_REGION)];
    return regions.map((region) => ({ layer, project: LAYERS[layer].project, stack: stackName(layer, region), region }));
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
 * and each layer waits for the one before it. Five waves cover the 13 stacks.
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

/** The instance plus every upstream instance it needs, in dependency order. */
export function withUpstreams(target: StackInstance): StackInstance[] {
    const needed = new Set<LayerName>();
    const add = (layer: LayerName): void => {
        if (needed.has(layer)) return;
        needed.add(layer);
        LAYERS[layer].dependsOn.forEach(add);
    };
    add(target.layer);
    return layerOrder()
        .filter((l) => needed.has(l))
        .map((l) => (l === target.layer ? target : upstreamInstance(l, target.region)));
}

/** Mermaid flowchart of the layers and what flows between them. */
export function layersMermaid(): string {
    const lines = ["flowchart LR"];
    for (const layer of layerOrder()) {
        const spec = LAYERS[layer];
        const scope = spec.scope === "global" ? `1 stack, ${HOME_REGION}` : `1 stack per region`;
        lines.push(`    ${id(layer)}["${layer}<br/><small>${scope}</small>"]`);
    }
    for (const layer of layerOrder()) {
        for (const dep of LAYERS[layer].dependsOn) {
            lines.push(`    ${id(dep)} -->|"${LAYERS[layer].consumes[dep] ?? ""}"| ${id(layer)}`);
        }
    }
    return lines.join("\n") + "\n";
}

function id(layer: LayerName): string {
    return layer.replace(/[^a-z]/g, "_");
}
