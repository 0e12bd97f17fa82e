/**
 * The offline plan of every stack, planned once for the test files that read it.
 *
 * Several test files judge the whole production plan (and one the rehearsal plan).
 * jest runs each file with a fresh module registry, so each of them used to plan
 * all stacks again: the same programs, the same config, the same result, about
 * six seconds of CPU each. Here the first file to ask plans as before (planStacks,
 * unchanged) and leaves the result in a file named by a hash of everything the
 * plan is computed from; a later file with the same inputs reads that instead.
 *
 * The hash covers the content and path of every file in the repository (sources,
 * stack files, topology.yaml, package-lock.json, tests), skipping only what is
 * derived or not part of the tree (node_modules, .git, .tsbuild, plan-out,
 * coverage), plus the installed SDK and provider versions, the Node version, the
 * repository's location (plans carry absolute asset paths), the BASELINE_ and
 * PULUMI_ environment variables and the file BASELINE_TOPOLOGY names, and the
 * plan options. An edit anywhere makes a new key, so a stale plan is never read.
 *
 * Only a run that planned every stack is kept, and only when it reads back equal to
 * what was planned (util.isDeepStrictEqual: the same shape, classes and undefined
 * keys; the SDK's assets, which hold their content in promises, are compared by
 * content); otherwise each file plans for itself, as before.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isDeepStrictEqual } from "util";
import * as pulumi from "@pulumi/pulumi";
import type { DeploymentMode, PlanFile } from "@baseline/lib";
import { PlanRun, REPO_ROOT, planStacks, plansOrThrow } from "../../src/planner";

/** Folders whose files are not inputs of the plan: dependencies, history, build and plan output. */
const NOT_INPUTS = new Set(["node_modules", ".git", ".tsbuild", "plan-out", "coverage"]);
/** Packages whose code plans the stacks; package-lock.json pins them, their installed manifests say what is there. */
const PACKAGES = ["@pulumi/pulumi", "@pulumi/aws"];

export const SHARED_PLAN_DIR = path.join(os.tmpdir(), "baseline-shared-plan");

/** Every file under `root` (except the folders in NOT_INPUTS), sorted, as paths relative to `root`. */
function inputFiles(root: string, dir = ""): string[] {
    const out: string[] = [];
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = dir ? `${dir}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
            if (!NOT_INPUTS.has(entry.name)) out.push(...inputFiles(root, rel));
        } else out.push(rel);
    }
    return out.sort();
}

/** The hash of every input of a plan of `root` with `options`; see the file's comment for what it covers. */
export function planInputsKey(root: string, options: object, env: NodeJS.ProcessEnv = process.env): string {
    const hash = createHash("sha256");
    const add = (label: string, content: string | Buffer) => {
        hash.update(`${label}\0${Buffer.byteLength(content)}\0`);
        hash.update(content);
    };
    add("root", path.resolve(root));
    add("node", process.version);
    add("options", JSON.stringify(options));
    for (const rel of inputFiles(root)) {
        const file = path.join(root, rel);
        const stat = fs.lstatSync(file);
        add(`file ${rel}`, stat.isSymbolicLink() ? `symlink ${fs.readlinkSync(file)}` : fs.readFileSync(file));
    }
    for (const pkg of PACKAGES) {
        const manifest = path.join(root, "node_modules", pkg, "package.json");
        add(`package ${pkg}`, fs.existsSync(manifest) ? fs.readFileSync(manifest) : "(not installed)");
    }
    for (const name of Object.keys(env)
        .filter((k) => k.startsWith("BASELINE_") || k.startsWith("PULUMI_"))
        .sort())
        add(`env ${name}`, env[name] ?? "");
    const topology = env.BASELINE_TOPOLOGY;
    if (topology) add("topology", fs.existsSync(topology) ? fs.readFileSync(topology) : "(missing)");
    return hash.digest("hex");
}

/** Keys no plan data has: an undefined value (which JSON would drop), and a Pulumi asset or archive. */
const UNDEFINED = "\u0000undefined";
const ASSET = "\u0000asset";

/**
 * The SDK's asset and archive classes, with the field each keeps its content in (as a promise). The mock
 * runtime hands a Lambda's code back in its outputs as one of these; they are kept as the same class.
 */
const ASSET_CLASSES = {
    FileAsset: "path",
    StringAsset: "text",
    RemoteAsset: "uri",
    AssetArchive: "assets",
    FileArchive: "path",
    RemoteArchive: "uri",
} as const;
type AssetClass = keyof typeof ASSET_CLASSES;

function assetClassOf(v: object): AssetClass | undefined {
    const proto = Object.getPrototypeOf(v);
    return (Object.keys(ASSET_CLASSES) as AssetClass[]).find((c) => pulumi.asset[c].prototype === proto);
}

/** The value as JSON text: undefined values and assets tagged, everything else as JSON writes it. */
export async function encodePlan(value: unknown): Promise<string> {
    const walk = async (v: unknown): Promise<unknown> => {
        if (v === undefined) return { [UNDEFINED]: true };
        if (v === null || typeof v !== "object") return v;
        if (Array.isArray(v)) return Promise.all(v.map(walk));
        const cls = assetClassOf(v);
        if (cls) return { [ASSET]: cls, content: await walk(await (v as Record<string, unknown>)[ASSET_CLASSES[cls]]) };
        if (Object.getPrototypeOf(v) !== Object.prototype) return v;
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = await walk(x);
        return out;
    };
    return JSON.stringify(await walk(value));
}

/** The value with each asset replaced by its class name; isDeepStrictEqual cannot see into the promises assets hold. */
function withoutAssetContent(v: unknown): unknown {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map(withoutAssetContent);
    const cls = assetClassOf(v);
    if (cls) return { [ASSET]: cls };
    if (Object.getPrototypeOf(v) !== Object.prototype) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutAssetContent(x)]));
}

export function decodePlan<T>(text: string): T {
    const restore = (v: unknown): unknown => {
        if (v === null || typeof v !== "object") return v;
        const o = v as Record<string, unknown>;
        if (Array.isArray(o)) return o.map(restore);
        if (o[UNDEFINED] === true) return undefined;
        if (typeof o[ASSET] === "string") {
            const Cls = pulumi.asset[o[ASSET] as AssetClass] as new (content: unknown) => unknown;
            return new Cls(restore(o.content));
        }
        for (const k of Object.keys(o)) o[k] = restore(o[k]);
        return o;
    };
    return restore(JSON.parse(text)) as T;
}

export interface SharedPlanOptions {
    readonly deploymentMode?: DeploymentMode;
}

/** How many plans the folder keeps (each about 3.5 MB): the most recently used ones. */
const KEEP = 12;

function readShared(file: string): PlanRun | undefined {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return undefined; // not planned yet with these inputs (or just pruned by another run)
    }
    const now = new Date();
    fs.utimesSync(file, now, now);
    return decodePlan<PlanRun>(text);
}

function writeShared(file: string, text: string): void {
    const dir = path.dirname(file);
    fs.mkdirSync(dir, { recursive: true });
    // Written whole, then renamed: a file reading it at the same time sees all of it or none.
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, text);
    fs.renameSync(partial, file);
    const kept = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => {
            try {
                return { f, used: fs.statSync(path.join(dir, f)).mtimeMs };
            } catch {
                return { f, used: 0 };
            }
        })
        .sort((a, b) => b.used - a.used);
    for (const { f } of kept.slice(KEEP)) fs.rmSync(path.join(dir, f), { force: true });
}

/** `planStacks(options)` of the repository's own stacks, planned once per content of its inputs. */
export async function sharedPlanStacks(options: SharedPlanOptions = {}, cacheDir = SHARED_PLAN_DIR): Promise<PlanRun> {
    const file = path.join(cacheDir, `${planInputsKey(REPO_ROOT, options)}.json`);
    const shared = readShared(file);
    if (shared) return shared;
    const run = await planStacks(options);
    if (run.ok) {
        const text = await encodePlan(run);
        const back = decodePlan(text);
        // Equal in shape, classes and undefined keys, and in what the assets hold (which sit in promises).
        if (isDeepStrictEqual(withoutAssetContent(back), withoutAssetContent(run)) && (await encodePlan(back)) === text)
            writeShared(file, text);
    }
    return run;
}

/** `planAll()`: every stack's production plan, failing when any stack fails to plan. */
export async function sharedPlanAll(): Promise<PlanFile[]> {
    return plansOrThrow(await sharedPlanStacks());
}
