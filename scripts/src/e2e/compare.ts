/**
 * What the engine registered against what the offline plan recorded, resource by
 * resource: the same URNs, types, parents, protection and inputs (inputs as the
 * engine stores them, after the policy pack's remediations). Any difference is a
 * defect in the mock runtime or in the engine-level path, reported with its URN.
 */
import type { PlanFile } from "@baseline/lib";

/** A resource of `pulumi stack export --show-secrets` (apitype.ResourceV3). */
export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly custom?: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly protect?: boolean;
    readonly external?: boolean;
    readonly inputs?: Record<string, unknown>;
}

export interface Deployment {
    readonly resources?: readonly StateResource[];
}

export interface Difference {
    readonly urn: string;
    readonly what: "only registered by the engine" | "only in the plan" | "type" | "parent" | "protect" | "inputs";
    readonly detail: string;
}

// The engine's signature keys for secrets, assets and archives (sdk/go/common/resource/sig).
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/**
 * One plain form for both sides: secrets as their plaintext value; assets and
 * archives as the `{ __pulumiAsset | __pulumiArchive, ... }` the plan records,
 * without the content hash the engine adds.
 */
export function normalize(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(normalize);
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o[SIG] === SECRET_SIG) {
        const plaintext = o["plaintext"];
        return normalize(typeof plaintext === "string" ? JSON.parse(plaintext) : o["value"]);
    }
    if (o[SIG] === ASSET_SIG || o["__pulumiAsset"] === true) {
        return { __pulumiAsset: true, ...pick(o, ["text", "path", "uri"]) };
    }
    if (o[SIG] === ARCHIVE_SIG || o["__pulumiArchive"] === true) {
        const assets = o["assets"] as Record<string, unknown> | undefined;
        return {
            __pulumiArchive: true,
            ...pick(o, ["path", "uri"]),
            ...(assets ? { assets: Object.fromEntries(Object.entries(assets).map(([k, a]) => [k, normalize(a)])) } : {}),
        };
    }
    return Object.fromEntries(
        Object.keys(o)
            .sort()
            .map((k) => [k, normalize(o[k])]),
    );
}

function pick(o: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/**
 * Resources only the engine has by design: the default provider the engine
 * registers for each package (the mock runtime answers without one).
 */
export function engineOnly(r: StateResource): boolean {
    return r.type.startsWith("pulumi:providers:");
}

function firstDifference(a: unknown, b: unknown, at = ""): string | undefined {
    if (JSON.stringify(a) === JSON.stringify(b)) return undefined;
    if (a && b && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
        const ao = a as Record<string, unknown>;
        const bo = b as Record<string, unknown>;
        for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
            const d = firstDifference(ao[k], bo[k], at ? `${at}.${k}` : k);
            if (d) return d;
        }
    }
    const show = (x: unknown) => (x === undefined ? "(absent)" : JSON.stringify(x).slice(0, 200));
    return `${at || "(root)"}: engine ${show(a)}, plan ${show(b)}`;
}

/**
 * The engine's inputs without what the provider's Check adds and the program never
 * set: `tagsAll` (the resource's tags over the provider's default tags, which the
 * mock runtime does not compute). It is compared when the plan records one.
 */
function programInputs(engine: Record<string, unknown>, plan: Record<string, unknown>): Record<string, unknown> {
    if ("tagsAll" in plan || !("tagsAll" in engine)) return engine;
    const { tagsAll: _computed, ...rest } = engine;
    return rest;
}

export function compareStack(plan: PlanFile, deployment: Deployment): Difference[] {
    const diffs: Difference[] = [];
    const engine = new Map((deployment.resources ?? []).filter((r) => !engineOnly(r)).map((r) => [r.urn, r]));
    const planned = new Map(plan.steps.map((s) => [s.urn, s]));
    for (const urn of engine.keys()) {
        if (!planned.has(urn)) diffs.push({ urn, what: "only registered by the engine", detail: engine.get(urn)!.type });
    }
    for (const [urn, step] of planned) {
        const r = engine.get(urn);
        if (!r) {
            diffs.push({ urn, what: "only in the plan", detail: step.newState.type });
            continue;
        }
        if (r.type !== step.newState.type)
            diffs.push({ urn, what: "type", detail: `engine ${r.type}, plan ${step.newState.type}` });
        if ((r.parent ?? undefined) !== (step.newState.parent ?? undefined)) {
            diffs.push({
                urn,
                what: "parent",
                detail: `engine ${r.parent ?? "(none)"}, plan ${step.newState.parent ?? "(none)"}`,
            });
        }
        if (Boolean(r.protect) !== Boolean(step.newState.protect)) {
            diffs.push({ urn, what: "protect", detail: `engine ${Boolean(r.protect)}, plan ${Boolean(step.newState.protect)}` });
        }
        const d = firstDifference(
            normalize(programInputs(r.inputs ?? {}, step.newState.inputs ?? {})),
            normalize(step.newState.inputs ?? {}),
        );
        if (d) diffs.push({ urn, what: "inputs", detail: d });
    }
    return diffs;
}
