/**
 * The one typed way a layer reads another layer's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { ShapeContext, contractShapeProblems } from "./contractShapes";
import { CONTRACT_KEYS, LayerContracts } from "./contracts";
import { DeployRegion, ORGANIZATION_MODE, accountByName } from "./environment";
import { LAYERS, LayerName, upstreamInstance } from "./layers";
import { ReportedError } from "./reportedError";

export interface UpstreamOptions {
    /** This stack's region; regional layers resolve the upstream stack of the same region. */
    readonly region: DeployRegion;
    /** Pulumi organization of the upstream stacks; defaults to this stack's organization. */
    readonly org?: string;
    /**
     * Organization mode: this stack's account (topology.yaml `accounts`), whose stacks of the baseline's
     * own layers it reads; the organization's layers resolve to their own accounts' stacks.
     */
    readonly account?: string;
    /** Overrides the upstream stack name (default `production` / `production-<region>`). */
    readonly stack?: string;
    /**
     * Per-layer overrides from config (`upstreamStacks`): a stack name, or a fully
     * qualified `org/project/stack` for an upstream that lives elsewhere.
     */
    readonly stacks?: Readonly<Partial<Record<LayerName, string>>>;
}

/**
 * A ReportedError, so that the engine prints the message alone ("Deploy the security
 * layer first ...") instead of an unhandled-exception stack trace.
 */
export class UpstreamError extends ReportedError {
    constructor(message: string) {
        super("UpstreamError", message);
    }
}

/** The fully qualified StackReference name of a layer's stack. */
export function upstreamStackName(layer: LayerName, opts: UpstreamOptions): string {
    const override = opts.stacks?.[layer];
    if (override?.includes("/")) return override;
    const org = opts.org ?? pulumi.getOrganization();
    const stack = override ?? opts.stack ?? upstreamInstance(layer, opts.region, undefined, opts.account).stack;
    return `${org}/${LAYERS[layer].project}/${stack}`;
}

/** The builtin function the engine serves StackReference reads with (pkg/resource/deploy/builtins.go). */
export const READ_STACK_OUTPUTS = "pulumi:pulumi:readStackOutputs";

function deployFirst(layer: LayerName, name: string, what: string): UpstreamError {
    return new UpstreamError(
        `upstream stack ${name} (layer ${layer}) ${what}. ` +
            `Deploy the ${layer} layer first (npm run deploy -- up --layers ${layer}), ` +
            `or set this stack's upstreamOrg / upstreamStacks config if it lives elsewhere.`,
    );
}

/**
 * The engine fails a StackReference to a stack that does not exist as the resource
 * is read ("unknown stack"), before the program could explain. Asking the same
 * builtin through an invoke first turns that into an error this program owns.
 */
async function assertStackExists(layer: LayerName, name: string): Promise<void> {
    try {
        await pulumi.runtime.invoke(READ_STACK_OUTPUTS, { name }, {});
    } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (/unknown stack/i.test(message)) throw deployFirst(layer, name, "does not exist");
        throw new UpstreamError(`cannot read upstream stack ${name} (layer ${layer}): ${message}`);
    }
}

/**
 * Reads every output of `layer`'s contract from its stack and checks them all
 * before returning, so a layer that is not deployed, or deployed from an older
 * contract, fails with one error naming the stack and every missing key before
 * this stack registers anything. Contracts carry identifiers and ARNs, never
 * secret values, so the values are returned plain for validation.
 */
export async function resolveUpstream<L extends LayerName>(
    layer: L,
    opts: UpstreamOptions,
): Promise<{ [K in keyof LayerContracts[L]]: LayerContracts[L][K] }> {
    const name = upstreamStackName(layer, opts);
    await assertStackExists(layer, name);
    const ref = new pulumi.StackReference(`${layer}-upstream`, { name });
    const keys = CONTRACT_KEYS[layer];
    const details = await Promise.all(keys.map(async (k) => [k, await ref.getOutputDetails(k)] as const));
    const missing = details.filter(([, d]) => d.value === undefined && d.secretValue === undefined).map(([k]) => k);
    if (missing.length > 0) {
        throw deployFirst(layer, name, `is missing output(s) ${missing.join(", ")}`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, d] of details) out[k] = d.value !== undefined ? d.value : d.secretValue;
    const upstreamRegion = out["region"];
    if (LAYERS[layer].scope !== "global" && upstreamRegion !== opts.region) {
        throw new UpstreamError(
            `upstream stack ${name} (layer ${layer}) is in region ${String(upstreamRegion)}, ` +
                `but this stack is in ${opts.region}: a regional layer may only consume the same region's stack.`,
        );
    }
    // An organization's own account (not a workload) reads a global-iam without the workload roles.
    const account = opts.account === undefined ? undefined : accountByName(opts.account);
    assertContractShapes(layer, name, out, {
        region: opts.region,
        workloads: !account || account.kind === "workload",
        organization: ORGANIZATION_MODE,
    });
    return out as { [K in keyof LayerContracts[L]]: LayerContracts[L][K] };
}

/** Every upstream value of the wrong kind (contractShapes.ts), in one error naming the stack and keys. */
function assertContractShapes(layer: LayerName, name: string, values: Record<string, unknown>, ctx: ShapeContext): void {
    const problems = contractShapeProblems(layer, values, ctx);
    if (problems.length === 0) return;
    throw new UpstreamError(
        `upstream stack ${name} (layer ${layer}) has output(s) of the wrong shape:\n` +
            problems.map((p) => `  - ${p.key} = ${JSON.stringify(p.value)}: expected ${p.expected}`).join("\n") +
            `\nRedeploy the ${layer} layer from this repository, or fix this stack's upstreamOrg / upstreamStacks config if it points at the wrong stack.`,
    );
}
