/**
 * Plans stack instances offline: each stack program runs under the SDK's mock
 * runtime in dependency order, and each stack's real exported outputs feed its
 * dependents' StackReferences. Used by `npm run plan` and by tests.
 */
import * as fs from "fs";
import * as path from "path";
import {
    DEPLOYMENT_MODE_KEY,
    DeploymentMode,
    LayerName,
    PlanFile,
    PlanStep,
    REGIONS,
    Region,
    StackInstance,
    TOPOLOGY,
    accountByName,
    allInstances,
    activeLayers,
    upstreamLayersOf,
    readProjectSpec,
    withUpstreams,
} from "@baseline/lib";
import { DEFAULT_ACCOUNT_ID, DEFAULT_ORGANIZATION, RecordedResource, describeFailure, runStack } from "@baseline/lib/src/testing";
import {
    StackFileError,
    assumeRolesProblem,
    qualifyConfigKey,
    readStackFile,
    readYamlFile,
    relativeTo,
    stackFileConfig,
} from "./stackFiles";
import { REPO_ROOT } from "./planOutputs";

export { REPO_ROOT };
export const STACKS_DIR = path.join(REPO_ROOT, "stacks");

/**
 * The topology file whose stack files the planner derives in memory, or undefined. The
 * repository's own topology has its stack files committed (`npm run stacks`); another one (the
 * sample organization, a benchmark's generated topology) has none on disk, so a stack without a
 * file gets exactly what `npm run stacks` would write for it. A file that does exist still wins.
 */
export function derivedStackFilesFrom(topologyFile: string = TOPOLOGY.file): string | undefined {
    return path.resolve(topologyFile) === path.join(REPO_ROOT, "topology.yaml") ? undefined : topologyFile;
}

/** The account id the stack's resources carry: its account's in organization mode, else the mocks' one account. */
export function accountIdOf(instance: StackInstance): string {
    if (instance.account === undefined) return DEFAULT_ACCOUNT_ID;
    const account = accountByName(instance.account);
    if (!account) throw new Error(`stack ${instance.stack}: account ${instance.account} is not in ${TOPOLOGY.file}`);
    return account.id;
}

export function programPath(layer: LayerName, stacksDir = STACKS_DIR): string {
    return path.join(stacksDir, layer, "index.ts");
}

/** A layer is built when its program exists; the plan lists the others as not built yet. */
export function isBuilt(layer: LayerName, stacksDir = STACKS_DIR): boolean {
    return fs.existsSync(programPath(layer, stacksDir));
}

type Program = () => Promise<Record<string, unknown>>;

/**
 * A stack program as `pulumi up` runs it: Pulumi requires a TypeScript program as
 * CommonJS and calls the module when it is a function (`export = async () => ...`).
 * It does not unwrap `export default` there, so a program written that way would
 * plan here and do nothing for real: refuse it.
 */
export function loadProgram(file: string): Program {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- stack programs are loaded by path
    const mod = require(file) as Program | { default?: unknown };
    if (typeof mod === "function") return mod;
    if (typeof mod.default === "function") {
        throw new Error(
            `${path.relative(REPO_ROOT, file)} uses \`export default\`: Pulumi runs TypeScript programs as CommonJS and ` +
                "does not call a default export there. Write `export = async () => { ... }`.",
        );
    }
    throw new Error(`${path.relative(REPO_ROOT, file)} must export its program: \`export = async () => { ... }\``);
}

type ConfigValue = string | number | boolean | object;

function configString(v: ConfigValue): string {
    return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/**
 * The config a real `pulumi up` would see: project-level values and defaults from
 * `Pulumi.yaml`, overridden by `Pulumi.<stack>.yaml`. Keys come back fully
 * qualified (`aws:region`, `<project>:key`).
 */
export function loadStackConfig(instance: StackInstance, stacksDir = STACKS_DIR): Record<string, string> {
    const dir = path.join(stacksDir, instance.layer);
    const projectFile = path.join(dir, "Pulumi.yaml");
    const project = (readYamlFile(projectFile, relativeTo(REPO_ROOT, projectFile)) ?? {}) as {
        name: string;
        config?: Record<string, ConfigValue | { value?: ConfigValue; default?: ConfigValue }>;
    };
    if (project.name !== instance.project) {
        throw new Error(`${dir}/Pulumi.yaml names project ${project.name}, but the layer graph says ${instance.project}`);
    }
    const qualify = (k: string) => qualifyConfigKey(project.name, k);
    const stackFile = path.join(dir, `Pulumi.${instance.stack}.yaml`);
    let doc: unknown;
    if (fs.existsSync(stackFile)) {
        doc = readYamlFile(stackFile, relativeTo(REPO_ROOT, stackFile));
    } else if (derivedStackFilesFrom()) {
        doc = { config: stackFileConfig(instance) };
    } else throw new Error(`missing stack file ${path.relative(REPO_ROOT, stackFile)}`);
    const stack = readStackFile(project.name, readProjectSpec(projectFile).keys, doc);
    const problems = [...stack.problems];
    // Organization mode: the provider reaches the stack's account only through its deploy role.
    const roles = assumeRolesProblem(instance, stack.config);
    if (roles) problems.push(roles);
    if (problems.length > 0) throw new StackFileError(relativeTo(REPO_ROOT, stackFile), problems);
    const stackValues = new Map(Object.entries(stack.config as Record<string, ConfigValue>));

    // As the CLI merges them (sdk/go/common/workspace/config.go, mergeConfig): a key of this
    // project declared in Pulumi.yaml without a value or default must be set by the stack
    // file, or the CLI refuses the stack before the program runs.
    const out: Record<string, string> = {};
    const missing: string[] = [];
    for (const [k, v] of Object.entries(project.config ?? {})) {
        const key = qualify(k);
        const declared =
            v !== null && typeof v === "object" && !Array.isArray(v) && ("type" in v || "value" in v || "default" in v);
        const projectValue = declared ? ("value" in v ? v.value : "default" in v ? v.default : undefined) : v;
        if (projectValue !== undefined && projectValue !== null) out[key] = configString(projectValue as ConfigValue);
        else if (!stackValues.has(key) && key.startsWith(`${project.name}:`)) missing.push(k);
    }
    if (missing.length > 0) {
        throw new Error(
            `validating stack config: Stack '${instance.stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ` +
                `${missing.map((m) => `'${m}'`).join(", ")} (${path.relative(REPO_ROOT, path.join(dir, "Pulumi.yaml"))} ` +
                `declares ${missing.length > 1 ? "them" : "it"} without a default and ${path.relative(REPO_ROOT, stackFile)} does not set ${missing.length > 1 ? "them" : "it"})`,
        );
    }
    for (const [k, v] of stackValues) out[k] = configString(v);
    if (out["aws:region"] !== instance.region) {
        throw new Error(
            `${path.relative(REPO_ROOT, stackFile)} sets aws:region=${out["aws:region"] ?? "(not set)"}, expected ${instance.region}`,
        );
    }
    return out;
}

export function toPlanFile(
    instance: StackInstance,
    resources: readonly RecordedResource[],
    outputs: Record<string, unknown>,
): PlanFile {
    const steps: PlanStep[] = resources.map((r) => ({
        op: r.read ? "read" : "create",
        urn: r.urn,
        ...(r.provider ? { provider: r.provider } : {}),
        newState: {
            urn: r.urn,
            type: r.type,
            custom: r.custom,
            ...(r.id ? { id: r.id } : {}),
            ...(r.parent ? { parent: r.parent } : {}),
            ...(r.provider ? { provider: r.provider } : {}),
            ...(r.protect ? { protect: true } : {}),
            ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
            ...(r.dependencies.length ? { dependencies: [...r.dependencies] } : {}),
            inputs: r.inputs,
            outputs: r.outputs,
        },
    }));
    return { project: instance.project, stack: instance.stack, layer: instance.layer, region: instance.region, steps, outputs };
}

export interface StackPlanResult {
    readonly instance: StackInstance;
    readonly status: "planned" | "failed" | "skipped";
    /**
     * The stack's `deploymentMode` as the program saw it; undefined for a layer that sets
     * nothing irreversible (its project declares no such key) or a stack that was not planned.
     */
    readonly deploymentMode?: DeploymentMode;
    readonly plan?: PlanFile;
    readonly error?: string;
    readonly durationMs: number;
}

export interface PlanOptions {
    readonly regions?: readonly Region[];
    /** `layer/stack` targets; each is planned with its upstreams. Default: every stack. */
    readonly targets?: readonly string[];
    readonly stacksDir?: string;
    readonly organization?: string;
    /**
     * Plans every stack whose project declares `deploymentMode` in this mode, as
     * `npm run deploy -- up --rehearsal` deploys it; default: what the stack files say.
     */
    readonly deploymentMode?: DeploymentMode;
    readonly onStack?: (result: StackPlanResult) => void;
}

/** The stack's config with `deploymentMode` forced, where its project declares the key. */
export function withDeploymentMode(
    config: Record<string, string>,
    project: string,
    mode: DeploymentMode | undefined,
): Record<string, string> {
    const key = `${project}:${DEPLOYMENT_MODE_KEY}`;
    return mode === undefined || !(key in config) ? config : { ...config, [key]: mode };
}

export interface PlanRun {
    readonly results: StackPlanResult[];
    readonly plans: PlanFile[];
    /** Layers in the graph whose program does not exist yet. */
    readonly notBuilt: LayerName[];
    /** The topology file the missing stack files were derived from (derivedStackFilesFrom), if any. */
    readonly derivedFrom?: string;
    readonly ok: boolean;
}

/** Parses `network/production-eu-central-1` into the stack instance it names. */
export function parseTarget(target: string, regions: readonly Region[] = REGIONS): StackInstance {
    const [layer, stack] = target.split("/");
    const instance = allInstances(regions).find((i) => i.layer === layer && i.stack === stack);
    if (!instance) {
        const known = allInstances(regions).map((i) => `${i.layer}/${i.stack}`);
        throw new Error(`unknown stack "${target}": expected one of ${known.join(", ")}`);
    }
    return instance;
}

function instancesToPlan(opts: PlanOptions): StackInstance[] {
    const regions = opts.regions ?? REGIONS;
    if (!opts.targets || opts.targets.length === 0) return allInstances(regions);
    const wanted = new Set<string>();
    for (const t of opts.targets) for (const i of withUpstreams(parseTarget(t, regions))) wanted.add(`${i.layer}/${i.stack}`);
    return allInstances(regions).filter((i) => wanted.has(`${i.layer}/${i.stack}`));
}

export async function planStacks(opts: PlanOptions = {}): Promise<PlanRun> {
    const stacksDir = opts.stacksDir ?? STACKS_DIR;
    const organization = opts.organization ?? DEFAULT_ORGANIZATION;
    const instances = instancesToPlan(opts);
    const notBuilt = activeLayers().filter((l) => !isBuilt(l, stacksDir));
    const outputsByRef: Record<string, Record<string, unknown>> = {};
    const failed = new Set<string>();
    const results: StackPlanResult[] = [];
    const refName = (i: StackInstance) => `${organization}/${i.project}/${i.stack}`;

    for (const instance of instances) {
        const started = Date.now();
        let result: StackPlanResult;
        const blocked = upstreamLayersOf(instance.layer)
            .map((dep) => withUpstreams(instance).find((u) => u.layer === dep)!)
            .filter((u) => failed.has(refName(u)) || notBuilt.includes(u.layer));
        if (notBuilt.includes(instance.layer)) {
            result = { instance, status: "skipped", error: "not built yet", durationMs: 0 };
        } else if (blocked.length > 0) {
            result = {
                instance,
                status: "skipped",
                error: `upstream ${blocked.map((b) => `${b.layer}/${b.stack}`).join(", ")} not planned`,
                durationMs: 0,
            };
        } else {
            try {
                const config = withDeploymentMode(loadStackConfig(instance, stacksDir), instance.project, opts.deploymentMode);
                const mode = config[`${instance.project}:${DEPLOYMENT_MODE_KEY}`] as DeploymentMode | undefined;
                const program = loadProgram(programPath(instance.layer, stacksDir));
                const run = await runStack({
                    project: instance.project,
                    stack: instance.stack,
                    config,
                    accountId: accountIdOf(instance),
                    organization,
                    stackOutputs: outputsByRef,
                    program,
                });
                outputsByRef[refName(instance)] = run.outputs;
                result = {
                    instance,
                    status: "planned",
                    ...(mode ? { deploymentMode: mode } : {}),
                    plan: toPlanFile(instance, run.resources, run.outputs),
                    durationMs: Date.now() - started,
                };
            } catch (err) {
                failed.add(refName(instance));
                const message = describeFailure(err);
                result = { instance, status: "failed", error: message, durationMs: Date.now() - started };
            }
        }
        if (result.status !== "planned") failed.add(refName(instance));
        results.push(result);
        opts.onStack?.(result);
    }
    const plans = results.flatMap((r) => (r.plan ? [r.plan] : []));
    const derivedFrom = derivedStackFilesFrom();
    return {
        results,
        plans,
        notBuilt,
        ...(derivedFrom ? { derivedFrom } : {}),
        ok: results.every((r) => r.status !== "failed"),
    };
}

/** The production plan of every built layer, for tests. */
export async function planAll(opts: PlanOptions = {}): Promise<PlanFile[]> {
    return plansOrThrow(await planStacks(opts));
}

/** The plans of a run, or one error naming every stack that failed to plan. */
export function plansOrThrow(run: PlanRun): PlanFile[] {
    const failures = run.results.filter((r) => r.status === "failed");
    if (failures.length > 0) {
        throw new Error(
            `plan failed:\n${failures.map((f) => `  ${f.instance.layer}/${f.instance.stack}: ${f.error}`).join("\n")}`,
        );
    }
    return run.plans;
}
