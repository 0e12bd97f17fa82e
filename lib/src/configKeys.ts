/**
 * Which config keys a stack may set. Pulumi passes every key of the stack file
 * to the program without checking it against the project (a typo such as
 * `natGateway: single` is silently ignored and the stack gets the default), so
 * the baseline checks the whole config bag: a key of this project must be one
 * `Pulumi.yaml` declares, a provider key must be one the provider reads, and a
 * key of another layer's project does not belong in this stack. Each finding
 * suggests the nearest known key.
 *
 * The same check runs in two places: the offline planner, on the stack file
 * before the program runs (so the message names the file), and every program's
 * `ConfigReader.finish()`, on `pulumi.runtime.allConfig()` under the real engine.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { LAYERS, LAYER_NAMES } from "./layers";

export interface KeyProblem {
    /** The key as the stack sets it, qualified (`baseline-network:natGateway`). */
    readonly key: string;
    readonly allowed: string;
}

/** What a project's `Pulumi.yaml` says about config: its name and declared keys. */
export interface ProjectConfigSpec {
    readonly file: string;
    readonly project: string;
    readonly keys: readonly string[];
    /** Keys whose Pulumi.yaml default is `""`: the project's way to say "not set" for a typed key. */
    readonly emptyDefaults: readonly string[];
}

/**
 * Config namespaces of the providers a program uses, with the keys each reads.
 * `aws`: the keys @pulumi/aws's own config module reads (its exports are exactly
 * the provider's config variables). `pulumi`: engine settings (`pulumi:tags`,
 * `pulumi:disable-default-providers`), not checked key by key.
 */
export function providerKeys(): Readonly<Record<string, readonly string[] | "any">> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the provider's config module lists its keys at run time
    const aws = Object.keys(require("@pulumi/aws/config/vars") as object);
    return { aws, pulumi: "any" };
}

/** Levenshtein distance, case-insensitive (a key that differs only in case is one edit away). */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
    for (let i = 1; i <= s.length; i++) {
        const cur = [i];
        for (let j = 1; j <= t.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[t.length] + (a !== b && s === t ? 1 : 0);
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const c of candidates) {
        const d = editDistance(word, c);
        if (d < bestDistance) [best, bestDistance] = [c, d];
    }
    const limit = Math.max(2, Math.floor(word.length / 3));
    return best !== undefined && bestDistance <= limit ? best : undefined;
}

function didYouMean(candidate: string | undefined): string {
    return candidate ? `: did you mean ${candidate}?` : "";
}

/**
 * The problems of the keys a stack sets (`given`, fully qualified as Pulumi
 * passes them), against what `spec` declares and the providers read.
 */
export function configKeyProblems(
    spec: Pick<ProjectConfigSpec, "project" | "keys">,
    given: readonly string[],
    providers: Readonly<Record<string, readonly string[] | "any">> = providerKeys(),
): KeyProblem[] {
    const problems: KeyProblem[] = [];
    const declared = [...spec.keys].sort();
    const otherProjects = new Map(LAYER_NAMES.map((l) => [LAYERS[l].project, l]));
    const namespaces = [spec.project, ...Object.keys(providers)];
    for (const key of given) {
        const colon = key.indexOf(":");
        const ns = colon < 0 ? spec.project : key.slice(0, colon);
        const name = colon < 0 ? key : key.slice(colon + 1);
        const full = `${ns}:${name}`;
        if (ns === spec.project) {
            if (declared.includes(name)) continue;
            problems.push({
                key: full,
                allowed: `not a config key of ${spec.project}${didYouMean(nearest(name, declared))} (its Pulumi.yaml declares ${declared.join(", ") || "none"})`,
            });
        } else if (ns in providers) {
            const known = providers[ns];
            if (known === "any" || known.includes(name)) continue;
            problems.push({
                key: full,
                allowed: `not a config key of the ${ns} provider${didYouMean(nearest(name, known) && `${ns}:${nearest(name, known)}`)}`,
            });
        } else if (otherProjects.has(ns)) {
            const hint = declared.includes(name) ? `; to set it for this stack write ${name}` : "";
            problems.push({
                key: full,
                allowed: `belongs to project ${ns} (stacks/${otherProjects.get(ns)}), not to ${spec.project}: another project never reads it${hint}`,
            });
        } else {
            const close = nearest(ns, namespaces);
            problems.push({
                key: full,
                allowed:
                    `unknown namespace ${ns}: keys are ${spec.project}:<key> (or just <key>) or provider keys ` +
                    `(${Object.keys(providers).join(", ")})${didYouMean(close && `${close}:${name}`)}`,
            });
        }
    }
    return problems;
}

/** Reads the project name and declared config keys of a `Pulumi.yaml`. */
export function readProjectSpec(file: string): ProjectConfigSpec {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`${file}: cannot read: ${(e as Error).message}`);
    }
    return parseProjectSpec(text, file);
}

/**
 * The config types a `Pulumi.yaml` may declare. The CLI validates the project file against its JSON
 * schema before it runs anything (pulumi/pulumi sdk/go/common/workspace/project.json,
 * `simpleConfigType`); the CLI this project pins (3.248.0, built by engine/build.sh) answers a
 * misspelt `type: integr` with `#/config/azCount/type: value must be one of "string", "integer",
 * "boolean", "array", "object"`, and an array without `items` with "The configuration key 'tags'
 * declares an array but does not specify the underlying type via the 'items' attribute"
 * (workspace/project.go, `Validate`). The messages below are the CLI's own.
 */
export const PROJECT_CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"] as const;

const ENUM_MESSAGE = `value must be one of ${PROJECT_CONFIG_TYPES.map((t) => JSON.stringify(t)).join(", ")}`;

/** What the CLI refuses in one config declaration's `type` / `items`, in the CLI's words. */
export function configTypeProblems(key: string, declaration: unknown): string[] {
    if (typeof declaration !== "object" || declaration === null || Array.isArray(declaration)) return [];
    const problems: string[] = [];
    const walk = (d: Record<string, unknown>, at: string, top: boolean): void => {
        if (!("type" in d)) return;
        const type = d["type"];
        if (!(PROJECT_CONFIG_TYPES as readonly unknown[]).includes(type)) {
            problems.push(`${at}/type: ${ENUM_MESSAGE} (got ${JSON.stringify(type)})`);
            return;
        }
        if (type !== "array") return;
        const items = d["items"];
        if (typeof items === "object" && items !== null && !Array.isArray(items)) {
            walk(items as Record<string, unknown>, `${at}/items`, false);
        } else if (top) {
            problems.push(
                `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`,
            );
        }
    };
    walk(declaration as Record<string, unknown>, `#/config/${key}`, true);
    return problems;
}

/** The same from the text of a `Pulumi.yaml`; `file` names it in errors. */
export function parseProjectSpec(text: string, file: string): ProjectConfigSpec {
    let doc: unknown;
    try {
        doc = yaml.load(text, { filename: file });
    } catch (e) {
        throw new Error(`${file} is not valid YAML: ${(e as Error).message}`);
    }
    const o = (doc ?? {}) as { name?: unknown; config?: unknown };
    if (typeof o.name !== "string") throw new Error(`${file}: no project name (name: ...)`);
    const config = o.config ?? {};
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        throw new Error(`${file}: config must be a map of key: { type, description, default }`);
    }
    const own = Object.entries(config as Record<string, unknown>).filter(([k]) => !k.includes(":") || k.startsWith(`${o.name}:`));
    const typeProblems = own.flatMap(([k, v]) => configTypeProblems(k, v));
    if (typeProblems.length > 0) {
        throw new Error(
            `${file}: could not validate (the Pulumi CLI refuses this file too):\n${typeProblems.map((p) => `  * ${p}`).join("\n")}`,
        );
    }
    const bare = (k: string) => (k.includes(":") ? k.slice(k.indexOf(":") + 1) : k);
    const emptyDefaults = own
        .filter(([, v]) => typeof v === "object" && v !== null && (v as { default?: unknown }).default === "")
        .map(([k]) => bare(k));
    return { file, project: o.name, keys: own.map(([k]) => bare(k)), emptyDefaults };
}

/**
 * The `Pulumi.yaml` of `project`: the engine's project root directory first
 * (`pulumi.runtime.getRootDirectory()`), then the working directory (the
 * engine runs the program there), then the layer's folder in this repository
 * (the offline planner and the tests run every layer from the repository root).
 */
export function findProjectFile(project: string, candidates: readonly string[]): string | undefined {
    const layer = LAYER_NAMES.find((l) => LAYERS[l].project === project);
    const dirs = [...candidates, ...(layer ? [path.resolve(__dirname, "../../stacks", layer)] : [])];
    for (const dir of dirs) {
        if (!dir) continue;
        const file = path.join(dir, "Pulumi.yaml");
        if (!fs.existsSync(file)) continue;
        try {
            if (readProjectSpec(file).project === project) return file;
        } catch {
            // Another project's unreadable file is not this project's.
        }
    }
    return undefined;
}
