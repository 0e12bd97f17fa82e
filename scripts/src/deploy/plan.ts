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
    ACCOUNTS,
    HOME_REGION,
    LayerName,
    LAYERS,
    ORGANIZATION_MODE,
    REGIONS,
    Region,
    StackInstance,
    accountByName,
    activeLayers,
    allInstances,
    isRegion,
    waves as layerWaves,
    stackName,
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

/**
 * The operations that may create the stack they run on: a first preview or up. refresh, destroy
 * and drift only select: run on a stack that was never deployed, they would create an empty one
 * in the backend (which then lists it) to refresh, destroy or check nothing.
 */
export const CREATES_STACK: ReadonlySet<Operation> = new Set<Operation>(["preview", "up"]);

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
    /**
     * preview/up only: the secrets provider of each stack the run creates, as `pulumi stack init
     * --secrets-provider` takes it. A stack that exists keeps its own.
     */
    readonly secretsProvider?: string;
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
    /** The secrets provider the stack gets if this step creates it (--secrets-provider). */
    readonly secretsProvider?: string;
}

/** Where stacks run: a baseline region, in organization mode one of an account's regions. */
export interface Place {
    readonly account?: string;
    readonly region: Region;
}

/** A stack a destroy limited by --regions or --accounts selects but leaves in place. */
export interface KeptStack {
    readonly id: string;
    /** The places the run leaves out that still use it. */
    readonly usedBy: readonly Place[];
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
    /**
     * destroy limited by --regions or --accounts: the stacks it selects that a region or account it
     * leaves out still uses (global-iam, the home region's security stack, a partner region's
     * stacks). They are not in `waves`: the run names them and leaves them in place.
     */
    readonly kept: readonly KeptStack[];
}

/** The pack's own configuration, which preview and up pass unless --policy-pack-config names another. */
export const PACK_CONFIG_FILE = path.join("config", "baseline.json");

/** The repository root (this file is scripts/src/deploy/plan.ts). */
export const REPO_ROOT = path.resolve(__dirname, "../../..");

export function stepId(instance: StackInstance): string {
    return `${instance.layer}/${instance.stack}`;
}

/** The layers destroy refuses without --allow-data-destruction (LayerSpec.holdsData), in layer order. */
export function dataLayers(layers: readonly LayerName[] = activeLayers()): LayerName[] {
    return layers.filter((l) => LAYERS[l].holdsData);
}

/**
 * Why a destroy must not run, or undefined. Destroying a layer that holds data
 * or keys (KMS keys, buckets, the database) needs an explicit flag, because
 * scheduling a key for deletion makes everything encrypted with it unreadable.
 * A destroy whose every stack is still used elsewhere has nothing to do, and says why.
 */
export function destroyGuard(opts: DeployOptions, plan: DeployPlan = buildPlan(opts)): string | undefined {
    if (opts.op !== "destroy") return undefined;
    const steps = plan.waves.flat();
    if (steps.length === 0 && plan.kept.length > 0) {
        return (
            `nothing to destroy: every stack this run selects is still used by the ${leftOut()} this run leaves out: ` +
            `${plan.kept.map((k) => `${k.id} (used by ${formatPlaces(k.usedBy)})`).join(", ")}. ` +
            `A destroy limited by ${limitFlags()} destroys only what nothing outside it uses.`
        );
    }
    const stranded = strandedBy(steps);
    if (stranded.length > 0) return strandedRefusal(opts, stranded);
    if (opts.allowDataDestruction) return undefined;
    const layers = activeLayers().filter((l) => steps.some((s) => s.instance.layer === l));
    const guarded = dataLayers(layers);
    if (guarded.length === 0) return undefined;
    const safe = layersSafeWithoutData(steps);
    return (
        `refusing to destroy ${guarded.join(", ")}: ${guarded.length === 1 ? "this layer holds" : "these layers hold"} data or keys. ` +
        `Pass --allow-data-destruction to destroy ${guarded.length === 1 ? "it" : "them"} ` +
        `(protected resources still stay protected: the destroy fails on them, or leaves them with --exclude-protected)` +
        (safe.length > 0
            ? `, or limit the run to --layers ${safe.join(",")} (what holds no data and nothing left in place uses).`
            : ".")
    );
}

/** A stack a destroy would take away while stacks it leaves in place still read or rely on it. */
interface StrandedStack {
    readonly id: string;
    /** The stacks left in place that read it (reliesOn), in layer order. */
    readonly readBy: readonly StackInstance[];
}

/**
 * The stacks of `steps` that a stack this destroy leaves in place reads or relies on (reliesOn),
 * with who reads each. A destroy limited by --regions (--accounts) already keeps what the places
 * it leaves out use (keptStacks); what remains comes from --layers leaving a downstream layer in
 * place: the database runs in the network layer's subnets, the API reads the data layer's
 * outputs. Taken from under them, a stack that stays can no longer be updated (its
 * StackReference reads a stack with no outputs) and its resources lose what they run in.
 */
function strandedBy(steps: readonly StackStep[]): StrandedStack[] {
    const destroyed = new Set(steps.map((s) => s.id));
    const readBy = new Map<string, StackInstance[]>();
    for (const left of allInstances().filter((i) => !destroyed.has(stepId(i)))) {
        for (const id of new Set(reliesOn(left).map(stepId)))
            if (destroyed.has(id)) readBy.set(id, [...(readBy.get(id) ?? []), left]);
    }
    return steps.flatMap((s) => {
        const by = readBy.get(s.id);
        return by ? [{ id: s.id, readBy: by }] : [];
    });
}

/**
 * The refusal of a destroy that would strand stacks, with the --layers that would destroy their
 * readers too (grown until nothing is stranded) and the flag that needs when it adds a data layer.
 */
function strandedRefusal(opts: DeployOptions, stranded: readonly StrandedStack[]): string {
    const layers = new Set(opts.layers ?? activeLayers());
    let left = stranded;
    while (left.length > 0) {
        const before = layers.size;
        for (const s of left) for (const reader of s.readBy) layers.add(reader.layer);
        // Kept stacks read only kept stacks (keptStacks takes whole upstream closures), so adding
        // the readers' layers always ends this; the check only guards against looping forever.
        if (layers.size === before) break;
        left = strandedBy(buildPlan({ ...opts, layers: activeLayers().filter((l) => layers.has(l)) }).waves.flat());
    }
    const suggested = activeLayers().filter((l) => layers.has(l));
    const named = activeLayers().filter((l) => stranded.some((s) => s.id.startsWith(`${l}/`)));
    const flag =
        !opts.allowDataDestruction && dataLayers(suggested).length > 0
            ? ` --allow-data-destruction (${dataLayers(suggested).join(", ")} ${dataLayers(suggested).length === 1 ? "holds" : "hold"} data or keys)`
            : "";
    const them = stranded.length === 1 ? "it" : "them";
    return (
        `refusing to destroy ${named.join(", ")}: stacks this run leaves in place still read ${them}: ` +
        `${stranded.map((s) => `${s.id} (read by ${s.readBy.map(stepId).join(", ")})`).join(", ")}. ` +
        (left.length === 0
            ? `Destroy those first, or in the same run: --layers ${suggested.join(",")}${flag}.`
            : `Destroy those first.`)
    );
}

/**
 * The layers of a refused destroy that it could still destroy on its own: they hold no data, and
 * no stack that stays (the data layers', the layers and places the run leaves out) reads or relies
 * on any of their stacks. network is not one while data stays: the database runs in its subnets.
 */
function layersSafeWithoutData(steps: readonly StackStep[]): LayerName[] {
    const candidates = steps.filter((s) => !LAYERS[s.instance.layer].holdsData);
    // What a run of the candidates alone would strand: read by a stack that stays.
    const used = new Set(strandedBy(candidates).map((s) => s.id));
    return activeLayers().filter((l) => {
        const mine = steps.filter((s) => s.instance.layer === l);
        return mine.length > 0 && !LAYERS[l].holdsData && mine.every((s) => !used.has(s.id));
    });
}

/**
 * What must stay in place as long as `instance` does: the stacks it reads (withUpstreams) and, of
 * a layer whose home-region stack covers every region (LayerSpec.homeStackCoversAllRegions), that
 * stack with what it reads.
 */
export function reliesOn(instance: StackInstance): StackInstance[] {
    return withUpstreams(instance).flatMap((i) =>
        LAYERS[i.layer].homeStackCoversAllRegions && i.region !== HOME_REGION
            ? [i, ...withUpstreams({ ...i, stack: stackName(i.layer, HOME_REGION, i.account), region: HOME_REGION })]
            : [i],
    );
}

/** Every place stacks run: the baseline regions, in organization mode each account's. */
function places(): Place[] {
    return ORGANIZATION_MODE
        ? ACCOUNTS.flatMap((a) => a.regions.filter(isRegion).map((region) => ({ account: a.name, region })))
        : REGIONS.map((region) => ({ region }));
}

/**
 * The stacks among `selected` that a place the destroy leaves out still uses. --regions r selects
 * what r needs (global-iam, its partner's recovery and security stacks), which is right for up; a
 * destroy must not take those from the regions (accounts) that stay: a partner region shared with
 * another region, a partner that is itself a baseline region, the account-wide stacks.
 */
function keptStacks(opts: DeployOptions, selected: readonly StackInstance[]): KeptStack[] {
    if (opts.op !== "destroy") return [];
    const inRun = (p: Place) =>
        opts.regions.includes(p.region) && (!opts.accounts || (p.account !== undefined && opts.accounts.includes(p.account)));
    const usedBy = new Map<string, Place[]>();
    for (const place of places().filter((p) => !inRun(p))) {
        const own = layerWaves([place.region])
            .flat()
            .filter((i) => i.account === place.account);
        for (const id of new Set(own.flatMap(reliesOn).map(stepId))) usedBy.set(id, [...(usedBy.get(id) ?? []), place]);
    }
    return selected.flatMap((i) => {
        const by = usedBy.get(stepId(i));
        return by ? [{ id: stepId(i), usedBy: by }] : [];
    });
}

/** What a destroy can leave out: regions, and in organization mode accounts. */
function leftOut(): string {
    return ORGANIZATION_MODE ? "regions and accounts" : "regions";
}

function limitFlags(): string {
    return ORGANIZATION_MODE ? "--regions or --accounts" : "--regions";
}

/** `us-west-2, eu-central-1`; in organization mode `payments us-west-2, eu-central-1; ledger us-west-2`. */
function formatPlaces(places: readonly Place[]): string {
    if (!ORGANIZATION_MODE) return places.map((p) => p.region).join(", ");
    const accounts = [...new Set(places.map((p) => p.account))];
    return accounts.map((a) => `${a} ${places.flatMap((p) => (p.account === a ? [p.region] : [])).join(", ")}`).join("; ");
}

/** The kept stacks of a limited destroy, one a line, for the dry run and before a real run. */
export function formatKept(plan: DeployPlan): string[] {
    if (plan.kept.length === 0) return [];
    const n = plan.kept.length;
    return [
        `Keeping ${n} stack${n === 1 ? "" : "s"} that the ${leftOut()} this run leaves out still use ` +
            `(a destroy limited by ${limitFlags()} destroys only what nothing outside it uses):`,
        ...plan.kept.map((k) => `  ${k.id} (used by ${formatPlaces(k.usedBy)})`),
    ];
}

export function buildPlan(opts: DeployOptions, root: string = REPO_ROOT): DeployPlan {
    const policyPackDir = opts.policyPack ? path.resolve(opts.policyPack) : path.join(root, "policy-pack");
    const inAccounts = (i: StackInstance) => !opts.accounts || (i.account !== undefined && opts.accounts.includes(i.account));
    const selected = layerWaves(opts.regions, opts.layers).map((w) => w.filter(inAccounts));
    const kept = keptStacks(opts, selected.flat());
    const keptIds = new Set(kept.map((k) => k.id));
    const ordered = selected.map((w) => w.filter((i) => !keptIds.has(stepId(i)))).filter((w) => w.length > 0);
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
        kept,
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
        ...(opts.secretsProvider ? { secretsProvider: opts.secretsProvider } : {}),
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
        ...formatKept(plan),
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
            const workspace = s.secretsProvider
                ? `pulumiCommand, secretsProvider: ${JSON.stringify(s.secretsProvider)}`
                : "pulumiCommand";
            const open = CREATES_STACK.has(s.op) ? "createOrSelectStack" : "selectStack";
            lines.push(
                `    LocalWorkspace.${open}({ stackName: ${JSON.stringify(s.stackName)}, workDir: ${JSON.stringify(rel(s.workDir))} }, { ${workspace} })`,
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
