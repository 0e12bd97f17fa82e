/**
 * Which stack's successful update deploys which: the layer graph's edges between stack instances
 * (lib/src/layers.ts), as data. One edge per upstream stack a stack reads, in organization mode
 * including the edges into the organization's own accounts (a member's `security` reads the
 * log-archive bucket and the security-tooling account's trail).
 */
import { StackInstance, allInstances, upstreamInstance, upstreamLayersOf } from "@baseline/lib";

/** `upstream`'s successful update triggers a deployment of `dependent`. */
export interface DeploymentEdge {
    readonly upstream: StackInstance;
    readonly dependent: StackInstance;
}

/** A stack's Pulumi Cloud name within the organization: `<project>/<stack>` (a deployment webhook's payload URL). */
export function stackPath(instance: Pick<StackInstance, "project" | "stack">): string {
    return `${instance.project}/${instance.stack}`;
}

/**
 * Every direct edge between `instances`, each once, upstream first in dependency order. Throws,
 * naming both stacks, when a stack reads an upstream stack that is not among `instances` (a chain
 * would then wait on a stack nothing deploys).
 */
export function deploymentEdges(instances: readonly StackInstance[] = allInstances()): DeploymentEdge[] {
    const known = new Map(instances.map((i) => [stackPath(i), i]));
    const edges = new Map<string, DeploymentEdge>();
    for (const dependent of instances) {
        for (const layer of upstreamLayersOf(dependent.layer)) {
            const wanted = upstreamInstance(layer, dependent.region, dependent.layer, dependent.account);
            const upstream = known.get(stackPath(wanted));
            if (!upstream)
                throw new Error(
                    `${stackPath(dependent)} reads ${stackPath(wanted)}, which is not one of the stacks to deploy: ` +
                        `no deployment would ever trigger it`,
                );
            edges.set(`${stackPath(upstream)} -> ${stackPath(dependent)}`, { upstream, dependent });
        }
    }
    const order = new Map(instances.map((i, n) => [stackPath(i), n]));
    return [...edges.values()].sort(
        (a, b) =>
            order.get(stackPath(a.upstream))! - order.get(stackPath(b.upstream))! ||
            order.get(stackPath(a.dependent))! - order.get(stackPath(b.dependent))!,
    );
}

/** The stacks no other stack triggers: a run of the chain starts by deploying these. */
export function rootStacks(instances: readonly StackInstance[], edges: readonly DeploymentEdge[]): StackInstance[] {
    const triggered = new Set(edges.map((e) => stackPath(e.dependent)));
    return instances.filter((i) => !triggered.has(stackPath(i)));
}
