/**
 * What `npm run deploy` will do, worked out from the layer graph alone: the
 * stacks grouped by layer, what each one waits for (its upstream stacks: the
 * orchestrator schedules by the dependency graph, not by strict waves), and for
 * every stack the exact Automation API calls. `--dry-run` prints
 * this plan and the orchestrator executes the same plan, so what is printed is
 * what runs. Nothing here reads the stack folders' contents.
 */
import * as path from "path";
import {
    LayerName,
    LAYERS,
    ORGANIZATION_MODE,
    Region,
    StackInstance,
    accountByName,
    waves as layerWaves,
    withUpstreams,
} from "@baseline/lib/src/facts";

export const OPERATIONS = ["preview", "up", "refresh", "destroy", "drift"] as const;
export type Operation = (typeof OPERATIONS)[number];

/**
 * Operations that change real infrastructure or state, and so need `--yes`.
 * `drift` is a refresh in preview mode (`pulumi refresh --preview-only
 * --expect-no-changes`): it reads the cloud and writes nothing.
 */
export const MUTATING: ReadonlySet<Operation> = new Set<Operation>(["up", "refresh", "destroy"]);

export interface DeployOptions {
    readonly op: Operation;
    /** Selected layers; the graph decides their order. */
    readonly layers: readonly LayerName[];
    readonly regions: readonly Region[];
    /**
     * Organization mode: only the stacks of these accounts (topology.yaml `accounts`); default every
     * account. Upstream stacks of other accounts are assumed deployed, as layers left out with --layers.
     */
    readonly accounts?: readonly string[];
    /** At most this many stack operations at the same time. */
    readonly parallel: number;
    readonly dryRun: boolean;
    readonly yes: boolean;
    /**
     * Pulumi organization: stacks become `<org>/<stack>`. The programs resolve their
     * upstream stacks in the organization of the stack that runs them
     * (`pulumi.getOrganization()`), so nothing is written to the stack files.
     */
    readonly org?: string;
    /** `destroy` only: allow layers that hold data or keys (LAYERS[x].holdsData). */
    readonly allowDataDestruction: boolean;
    /** `destroy` only: leave protected resources (and their state) in place instead of failing on them. */
    readonly excludeProtected: boolean;
    /** The policy pack folder for preview and up (default: the repository's policy-pack). */
    readonly policyPack?: string;
    /** Extra policy pack config file (JSON) for preview and up. */
    readonly policyPackConfig?: string;
    /**
     * preview/up only: the run is a rehearsal in a sandbox account (S3 Object Lock in GOVERNANCE
     * mode, Vault Lock without its compliance lock, so that it can be destroyed). The stack files
     * of the layers that set those locks must say `deploymentMode: rehearsal`; the flag confirms
     * them and never writes them. Without it, preview and up refuse a stack file in rehearsal mode.
     */
    readonly rehearsal?: boolean;
    /** Where to write the per-stack results as JSON (`resultsJson`), besides the table. */
    readonly summaryJson?: string;
}

/**
 * The options the deploy passes to a stack operation: a deliberately small
 * subset of the Automation API's, so nothing that unprotects, targets or
 * skips the policy pack can slip in.
 */
export interface StepOptions {
    readonly policyPacks?: readonly string[];
    readonly policyPackConfigs?: readonly string[];
    readonly excludeProtected?: boolean;
}

/** One stack's share of the run. */
export interface StackStep {
    /** `<layer>/<stack>`, unique across the 13 stacks; the prefix of its output lines. */
    readonly id: string;
    readonly instance: StackInstance;
    readonly op: Operation;
    /** Absolute path of `stacks/<layer>`. */
    readonly workDir: string;
    /** What `createOrSelectStack` receives: `<org>/<stack>` when an org is given. */
    readonly stackName: string;
    /**
     * `stacks/<layer>/Pulumi.<stack>.yaml`: declares the stack's `aws:region` and
     * any per-stack overrides. The deploy reads it (preflight) and never writes it.
     */
    readonly stackFile: string;
    readonly options: StepOptions;
}

export interface DeployPlan {
    readonly op: Operation;
    readonly parallel: number;
    readonly root: string;
    readonly policyPackDir: string;
    /**
     * Whether the command line named the pack folder (--policy-pack) and its configuration
     * (--policy-pack-config): a problem with either names the flag the user gave, and the
     * configuration a pack brings is the pack's problem, not --policy-pack-config's.
     */
    readonly policyPackGiven: boolean;
    readonly policyPackConfigGiven: boolean;
    /** The deployment mode every stack file of DEPLOYMENT_MODE_LAYERS must declare (preview and up). */
    readonly deploymentMode: "production" | "rehearsal";
    /**
     * The stacks grouped by layer, in dependency order (reversed for destroy). The groups are for
     * reading: the orchestrator starts each stack as soon as its prerequisites succeeded.
     */
    readonly waves: readonly (readonly StackStep[])[];
}

/** The pack's own configuration, which preview and up pass unless --policy-pack-config names another. */
export const PACK_CONFIG_FILE = path.join("config", "baseline.json");

/** The repository root (this file is scripts/src/deploy/plan.ts). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

export function stepId(instance: StackInstance): string {
    return `${instance.layer}/${instance.stack}`;
}

/**
 * Why a destroy must not run, or undefined. Destroying a layer that holds data
 * or keys (KMS keys, buckets, the database) needs an explicit flag, because
 * scheduling a key for deletion makes everything encrypted with it unreadable.
 */
export function destroyGuard(opts: DeployOptions): string | undefined {
    if (opts.op !== "destroy" || opts.allowDataDestruction) return undefined;
    const guarded = opts.layers.filter((l) => LAYERS[l].holdsData);
    if (guarded.length === 0) return undefined;
    const safe = opts.layers.filter((l) => !LAYERS[l].holdsData);
    return (
        `refusing to destroy ${guarded.join(", ")}: ${guarded.length === 1 ? "this layer holds" : "these layers hold"} data or keys. ` +
        `Pass --allow-data-destruction to destroy ${guarded.length === 1 ? "it" : "them"} ` +
        `(protected resources still stay protected: the destroy fails on them, or leaves them with --exclude-protected)` +
        (safe.length > 0 ? `, or limit the run to --layers ${safe.join(",")}.` : ".")
    );
}

export function buildPlan(opts: DeployOptions, root: string = REPO_ROOT): DeployPlan {
    const policyPackDir = opts.policyPack ? path.resolve(opts.policyPack) : path.join(root, "policy-pack");
    const inAccounts = (i: StackInstance) => !opts.accounts || (i.account !== undefined && opts.accounts.includes(i.account));
    const ordered = layerWaves(opts.regions, opts.layers)
        .map((w) => w.filter(inAccounts))
        .filter((w) => w.length > 0);
    const inOrder = opts.op === "destroy" ? [...ordered].reverse() : ordered;
    return {
        op: opts.op,
        parallel: opts.parallel,
        root,
        policyPackDir,
        policyPackGiven: opts.policyPack !== undefined,
        policyPackConfigGiven: opts.policyPackConfig !== undefined,
        deploymentMode: opts.rehearsal ? "rehearsal" : "production",
        waves: inOrder.map((wave) => wave.map((instance) => buildStep(instance, opts, root, policyPackDir))),
    };
}

function buildStep(instance: StackInstance, opts: DeployOptions, root: string, policyPackDir: string): StackStep {
    const workDir = path.join(root, "stacks", instance.layer);
    return {
        id: stepId(instance),
        instance,
        op: opts.op,
        workDir,
        stackName: opts.org ? `${opts.org}/${instance.stack}` : instance.stack,
        stackFile: path.join(workDir, `Pulumi.${instance.stack}.yaml`),
        options: stepOptions(opts, policyPackDir),
    };
}

function stepOptions(opts: DeployOptions, policyPackDir: string): StepOptions {
    switch (opts.op) {
        case "preview":
        case "up":
            return {
                policyPacks: [policyPackDir],
                // The baseline's own stacks are held to its conformance configuration unless the
                // operator names another one.
                policyPackConfigs: [path.resolve(opts.policyPackConfig ?? path.join(policyPackDir, PACK_CONFIG_FILE))],
            };
        case "destroy":
            return opts.excludeProtected ? { excludeProtected: true } : {};
        case "refresh":
        case "drift":
            return {};
    }
}

/**
 * The steps that must have succeeded before `step` may run: its upstream
 * stacks for preview/up/refresh, none for drift, its downstream stacks for destroy (they still
 * read this stack's outputs and use its resources). Only steps in the plan
 * count: a layer left out with --layers is assumed to be deployed already.
 */
export function prerequisites(plan: DeployPlan, step: StackStep): StackStep[] {
    // A drift check reads each stack on its own and changes nothing: a drifted or
    // failed upstream is no reason not to look at its downstream stacks.
    if (plan.op === "drift") return [];
    const all = plan.waves.flat();
    const byId = new Map(all.map((s) => [s.id, s]));
    if (plan.op !== "destroy") {
        return withUpstreams(step.instance)
            .map(stepId)
            .filter((id) => id !== step.id)
            .flatMap((id) => byId.get(id) ?? []);
    }
    return all.filter((other) => other.id !== step.id && withUpstreams(other.instance).some((u) => stepId(u) === step.id));
}

/** `--dry-run`: the ordered waves and the exact Automation API calls, paths relative to the repository. */
export function formatPlan(plan: DeployPlan): string {
    const rel = (p: string): string => path.relative(plan.root, p) || ".";
    const steps = plan.waves.flat();
    const accounts = [...new Set(steps.flatMap((s) => s.instance.account ?? []))];
    const lines = [
        `deploy ${plan.op}: ${steps.length} stack${steps.length === 1 ? "" : "s"} in ${plan.waves.length} layer${plan.waves.length === 1 ? "" : "s"}` +
            (ORGANIZATION_MODE
                ? ` across ${accounts.length} account${accounts.length === 1 ? "" : "s"} (${accounts.join(", ")})`
                : "") +
            `, at most ${plan.parallel} at a time` +
            (plan.op === "preview" || plan.op === "up" ? `, policy pack ${rel(plan.policyPackDir)}` : "") +
            (plan.op === "destroy" ? " (reverse layer order)" : ""),
        plan.op === "drift"
            ? "Each stack is checked on its own, in this order, as soon as a slot is free."
            : `Each stack starts as soon as every stack it ${plan.op === "destroy" ? "is read by" : "reads"} (its "after:" list, those in this run) succeeded; a failure skips only the stacks that wait for it.`,
        "const pulumiCommand = await PulumiCommand.get()  (once: the pulumi CLI on PATH, its version checked)",
        "",
    ];
    plan.waves.forEach((wave, i) => {
        const layers = [...new Set(wave.map((s) => s.instance.layer))];
        lines.push(`layer ${i + 1}/${plan.waves.length}: ${layers.join(", ")} (${wave.map(where).join(", ")})`);
        for (const s of wave) {
            const account = s.instance.account ? accountByName(s.instance.account) : undefined;
            lines.push(
                `  ${s.id} [${s.instance.project}, ${s.instance.region}${account ? `, account ${account.name} ${account.id}` : ""}]`,
            );
            const after = prerequisites(plan, s).map((p) => p.id);
            if (after.length > 0) lines.push(`    after: ${after.join(", ")}`);
            lines.push(
                `    LocalWorkspace.createOrSelectStack({ stackName: ${JSON.stringify(s.stackName)}, workDir: ${JSON.stringify(rel(s.workDir))} }, { pulumiCommand })`,
            );
            lines.push(`    stack.${AUTOMATION_CALL[s.op]}(${formatOptions(s, rel)})`);
        }
        lines.push("");
    });
    return lines.join("\n");
}

/** A stack's place in a layer line: its region, and in organization mode its account. */
function where(s: StackStep): string {
    return s.instance.account ? `${s.instance.account} ${s.instance.region}` : s.instance.region;
}

/** The Automation API method behind each operation. */
export const AUTOMATION_CALL: Readonly<Record<Operation, string>> = {
    preview: "preview",
    up: "up",
    refresh: "refresh",
    destroy: "destroy",
    drift: "previewRefresh",
};

function formatOptions(s: StackStep, rel: (p: string) => string): string {
    const o = s.options;
    const parts: string[] = [];
    if (s.op === "drift") parts.push("expectNoChanges: true");
    if (o.policyPacks) parts.push(`policyPacks: ${JSON.stringify(o.policyPacks.map(rel))}`);
    if (o.policyPackConfigs) parts.push(`policyPackConfigs: ${JSON.stringify(o.policyPackConfigs.map(rel))}`);
    if (o.excludeProtected) parts.push("excludeProtected: true");
    parts.push(s.op === "drift" ? "onOutput, onError, onEvent" : "onOutput, onError");
    parts.push("signal");
    return `{ ${parts.join(", ")} }`;
}
