/**
 * Evaluates the pack on saved plans without the Pulumi engine or the analyzer's
 * gRPC server, in the order the engine uses: for every resource the
 * remediations of policies at level `remediate` run first and their output
 * replaces the props validation sees, then every resource policy, then, per
 * stack, every stack policy on `PolicyResource`s (parent, dependencies,
 * propertyDependencies resolved to objects). Enforcement levels and config are
 * resolved the way the CLI does it: the policy's own level, then
 * `--policy-pack-config`'s `all`, then its per-policy entry; config values are
 * validated against each policy's `configSchema` with its defaults.
 *
 * Unknown values (the `pulumi preview --json` sentinel) make a policy throw when
 * it reads them, and the finding becomes an advisory "can't run during preview",
 * as under the real analyzer.
 *
 * This module is a development tool (npm run plan / analyze); the published pack
 * (index.ts) does not import it.
 */
import type { PlanFile, PlanStep } from "./planFormat";
import {
    EnforcementLevel,
    PolicyPackConfig,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    Severity,
    StackValidationArgs,
} from "@pulumi/policy";
import { PACK_CONFIG_SCHEMA, PackConfig, enforcementLevelProblems, resolvePolicyConfig } from "./config";
import { ControlId, describeControl } from "./controls";
import { PACK_NAME, POLICIES } from "./pack";
import { exemptionProblems, resetExemptions } from "./exemptions";
import { BaselinePolicy, POLICY_NAMES } from "./policy";
import { OfflineUnknownValue as UnknownValue } from "./unknown";

/** The string `pulumi preview --json` writes for a value that is unknown until apply. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface Violation {
    /** `project/stack` */
    readonly stack: string;
    readonly policyName: string;
    readonly kind: "resource" | "stack";
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly controls: readonly ControlId[];
    readonly message: string;
    /** Absent when a stack policy reports the stack as a whole. */
    readonly urn?: string;
    readonly resourceType?: string;
}

export interface Remediation {
    readonly stack: string;
    readonly policyName: string;
    readonly urn: string;
    /** Top-level properties the remediation changed. */
    readonly changed: readonly string[];
}

export interface PolicyReport {
    readonly packName: string;
    /** False when any violation is mandatory (or from a policy at level `remediate`). */
    readonly passed: boolean;
    readonly stacks: readonly { readonly stack: string; readonly resources: number }[];
    readonly violations: readonly Violation[];
    readonly remediations: readonly Remediation[];
    readonly counts: {
        readonly stacks: number;
        readonly resources: number;
        readonly mandatory: number;
        readonly advisory: number;
        readonly remediated: number;
        readonly byPolicy: Readonly<Record<string, number>>;
    };
    /** Effective enforcement level of every policy. */
    readonly levels: Readonly<Record<string, EnforcementLevel>>;
}

export interface EvaluateOptions {
    /** The same JSON as `pulumi preview --policy-pack-config`: `{ all?: level, "<policy>": level | { enforcementLevel?, ...config } }`. */
    readonly policyPackConfig?: PolicyPackConfig;
    /** Policies to evaluate; the whole pack by default (tests pass one). */
    readonly policies?: readonly BaselinePolicy[];
}

export class PolicyConfigError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(`Invalid policy pack configuration:\n  ${problems.join("\n  ")}`);
        this.name = "PolicyConfigError";
    }
}

class NotApplicable extends Error {}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

function isFailing(level: EnforcementLevel): boolean {
    return level === "mandatory" || level === "remediate";
}

/** Effective level and config of every policy; throws one PolicyConfigError listing every problem. */
export function resolvePolicies(
    policies: readonly BaselinePolicy[],
    config: Partial<PackConfig> = {},
    packConfig: PolicyPackConfig = {},
): Map<BaselinePolicy, { level: EnforcementLevel; config: Record<string, unknown> }> {
    const problems: string[] = enforcementLevelProblems(packConfig);
    if (problems.length > 0) throw new PolicyConfigError(problems);
    for (const k of Object.keys(config)) if (!(k in PACK_CONFIG_SCHEMA)) problems.push(`${k}: not a pack config key`);
    const names = new Set(policies.map((p) => p.name));
    for (const k of Object.keys(packConfig)) if (k !== "all" && !names.has(k)) problems.push(`${k}: no such policy`);
    const all = packConfig["all"];
    const out = new Map<BaselinePolicy, { level: EnforcementLevel; config: Record<string, unknown> }>();
    for (const p of policies) {
        let level: EnforcementLevel = p.enforcementLevel;
        if (typeof all === "string") level = all;
        else if (all?.enforcementLevel) level = all.enforcementLevel;
        const own = packConfig[p.name];
        let given: Record<string, unknown> = {};
        if (typeof own === "string") level = own;
        else if (own) {
            const { enforcementLevel, ...rest } = own;
            if (enforcementLevel) level = enforcementLevel;
            given = rest;
        }
        // The analyzer runs a stack policy at level `remediate` as `mandatory` (server.js,
        // analyzeStack: "Stack policies cannot be remediated"): `{ "all": "remediate" }` is a
        // valid config that remediates what can be and enforces the rest.
        if (level === "remediate" && p.kind === "stack") level = "mandatory";
        const keys = Object.keys(p.configSchema?.properties ?? {});
        for (const k of Object.keys(given))
            if (!keys.includes(k)) problems.push(`${p.name}.${k}: not in the policy's configSchema`);
        const fromPack = Object.fromEntries(
            keys.filter((k) => k in config).map((k) => [k, (config as Record<string, unknown>)[k]]),
        );
        const resolved = resolvePolicyConfig(p.configSchema, { ...fromPack, ...given });
        problems.push(...resolved.problems.map((m) => `${p.name}.${m}`));
        if ("exemptions" in resolved.config && level !== "disabled")
            problems.push(...exemptionProblems(resolved.config["exemptions"], [...POLICY_NAMES]));
        out.set(p, { level, config: resolved.config });
    }
    if (problems.length > 0) throw new PolicyConfigError([...new Set(problems)]);
    return out;
}

/** Read through an `unknownChecking` proxy, gives its target (like the analyzer's `getSpecialProxyTarget`). */
const PROXY_TARGET = Symbol("proxyTarget");

/** Wraps props so that reading an unknown value throws, like the analyzer's proxy. */
function unknownChecking<T>(value: T, path: string[] = []): T {
    if (typeof value !== "object" || value === null) return value;
    return new Proxy(value as unknown as object, {
        get(target, prop, receiver) {
            if (prop === PROXY_TARGET) return target;
            const v = Reflect.get(target, prop, receiver);
            const desc = Object.getOwnPropertyDescriptor(target, prop);
            if (desc && desc.configurable === false && desc.writable === false) return v;
            if (v === UNKNOWN_SENTINEL) throw new UnknownValue([...path, String(prop)].join("."));
            return typeof prop === "symbol" ? v : unknownChecking(v, [...path, String(prop)]);
        },
    }) as T;
}

/**
 * A remediation's result as plain data: the analyzer serializes a returned props
 * proxy (and any proxy inside it) from its target, so unknowns are kept as they
 * are instead of being read.
 */
function unwrapProxies(value: unknown): unknown {
    if (typeof value !== "object" || value === null) return value;
    const raw = ((value as Record<symbol, unknown>)[PROXY_TARGET] ?? value) as object;
    if (Array.isArray(raw)) return raw.map(unwrapProxies);
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unwrapProxies(v)]));
}

function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

function typeOf(cls: unknown): string | undefined {
    const t = (cls as { __pulumiType?: unknown })?.__pulumiType;
    return typeof t === "string" ? t : undefined;
}

function once<T>(result: T, policy: string): T {
    if (result && typeof (result as { then?: unknown }).then === "function")
        throw new Error(`policy ${policy} returned a promise; the offline evaluator runs policies synchronously`);
    return result;
}

interface Node {
    readonly step: PlanStep;
    props: Record<string, unknown>;
    readonly provider?: PolicyProviderResource;
    resource?: PolicyResource;
    /**
     * What every policy's arguments for this resource share, made once: the arguments
     * are made once per policy per resource, some 50,000 times for the baseline's plan.
     */
    readonly name: string;
    readonly opts: PolicyResourceOptions;
    readonly isType: ResourceValidationArgs["isType"];
    readonly asType: ResourceValidationArgs["asType"];
}

/** Frozen, as every resource's options share them: a policy reads options, it never changes them. */
const DEFAULT_OPTS: Omit<PolicyResourceOptions, "protect" | "parent"> = Object.freeze({
    ignoreChanges: Object.freeze([]) as unknown as string[],
    aliases: Object.freeze([]) as unknown as string[],
    customTimeouts: Object.freeze({ createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }),
    additionalSecretOutputs: Object.freeze([]) as unknown as string[],
});

function optsOf(step: PlanStep): PolicyResourceOptions {
    return Object.freeze({ ...DEFAULT_OPTS, protect: step.newState.protect ?? false, parent: step.newState.parent });
}

/** Values by which other resources refer to this one: its id and ARN. */
function identities(step: PlanStep): string[] {
    const out = step.newState.outputs ?? {};
    return [step.newState.id, out["id"], out["arn"]].filter(
        (v): v is string => typeof v === "string" && v !== "" && v !== UNKNOWN_SENTINEL,
    );
}

/**
 * The engine records which resources each input came from; plan files from the
 * mock runtime carry only `dependencies`, so an input whose value is another
 * resource's id or ARN is attributed to that resource (only to one of the
 * recorded dependencies when there are any).
 */
function propertyDependenciesOf(step: PlanStep, byIdentity: Map<string, Set<string>>): Record<string, string[]> {
    const given = (step.newState as { propertyDependencies?: Record<string, string[]> }).propertyDependencies;
    if (given) return given;
    // A set, read once: a lookup per candidate in the recorded list would cost the list's length
    // for every resource that shares an id or ARN, quadratic in the plan's size.
    const deps = new Set(step.newState.dependencies ?? []);
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(step.newState.inputs ?? {})) {
        const values = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
        const urns = new Set<string>();
        for (const x of values) {
            const owners = byIdentity.get(x);
            if (!owners) continue;
            // Walk the smaller side: the recorded dependencies, or the resources that carry the value.
            const candidates = deps.size > 0 && deps.size < owners.size ? deps : owners;
            for (const urn of candidates)
                if (urn !== step.urn && owners.has(urn) && (deps.size === 0 || deps.has(urn))) urns.add(urn);
        }
        if (urns.size > 0) out[k] = [...urns];
    }
    return out;
}

/** Evaluates the pack on every resource and every stack of `plans`. */
export function evaluatePlans(
    plans: readonly PlanFile[],
    config?: Partial<PackConfig>,
    options: EvaluateOptions = {},
): PolicyReport {
    const policies = options.policies ?? POLICIES;
    const resolved = resolvePolicies(policies, config, options.policyPackConfig);
    const active = policies.filter((p) => resolved.get(p)!.level !== "disabled");
    const violations: Violation[] = [];
    const remediations: Remediation[] = [];
    const stacks: { stack: string; resources: number }[] = [];

    for (const plan of plans) {
        const stack = `${plan.project}/${plan.stack}`;
        // Exemptions are loaded by the first policy that runs on a resource, as in the analyzer process.
        resetExemptions();
        const defaultProviderProps = {
            region: plan.region,
            ...Object.fromEntries(
                Object.entries(plan.config ?? {})
                    .filter(([k]) => k.startsWith("aws:"))
                    .map(([k, v]) => [k.slice("aws:".length), v]),
            ),
        };
        const steps = plan.steps.filter((s) => s.op !== "delete");
        const byUrn = new Map(steps.map((s) => [s.urn, s]));
        const providerOf = (s: PlanStep): PolicyProviderResource | undefined => {
            const ref = s.provider ?? s.newState.provider;
            const urn = ref ? ref.slice(0, ref.lastIndexOf("::")) : undefined;
            const p = urn ? byUrn.get(urn) : undefined;
            if (p)
                return {
                    type: p.newState.type,
                    props: unknownChecking({ ...p.newState.inputs }),
                    urn: p.urn,
                    name: urnName(p.urn),
                };
            if (!s.newState.type.startsWith("aws:")) return undefined;
            // A default provider that the plan does not list: configured by the stack's `aws:` config.
            return {
                type: "pulumi:providers:aws",
                props: unknownChecking({ ...defaultProviderProps }),
                urn: "",
                name: "default",
            };
        };
        const nodes: Node[] = steps.map((step) => {
            const type = step.newState.type;
            const n: Node = {
                step,
                props: { ...step.newState.inputs },
                provider: providerOf(step),
                name: urnName(step.urn),
                opts: optsOf(step),
                isType: (cls) => typeOf(cls) === type,
                // The props as they are when asked: after the remediations, in step 2.
                asType: (cls) => (typeOf(cls) === type ? (unknownChecking(n.props) as never) : undefined),
            };
            return n;
        });
        const stackTags = new Map<string, string>();
        const configOf = new Map(active.map((p) => [p, <T extends object>() => resolved.get(p)!.config as T]));

        const violate =
            (p: BaselinePolicy, kind: "resource" | "stack", fixedUrn?: string): ReportViolation =>
            (message, urn) => {
                const at = fixedUrn ?? urn;
                violations.push({
                    stack,
                    policyName: p.name,
                    kind,
                    // A violation that survives remediation is reported as mandatory, as the analyzer does.
                    enforcementLevel: resolved.get(p)!.level === "remediate" ? "mandatory" : resolved.get(p)!.level,
                    severity: p.severity,
                    controls: p.controls,
                    message,
                    ...(at ? { urn: at, resourceType: byUrn.get(at)?.newState.type } : {}),
                });
            };
        const cannotRun = (p: BaselinePolicy, kind: "resource" | "stack", e: UnknownValue, urn?: string): void => {
            violations.push({
                stack,
                policyName: p.name,
                kind,
                enforcementLevel: "advisory",
                severity: p.severity,
                controls: p.controls,
                message: `can't run policy '${p.name}' during preview: ${e.message} is unknown`,
                ...(urn ? { urn, resourceType: byUrn.get(urn)?.newState.type } : {}),
            });
        };
        const run = (p: BaselinePolicy, kind: "resource" | "stack", fn: () => unknown, urn?: string): unknown => {
            try {
                return once(fn(), p.name);
            } catch (e) {
                if (e instanceof NotApplicable) return undefined;
                if (e instanceof UnknownValue) return cannotRun(p, kind, e, urn);
                throw e;
            }
        };

        const resourceArgs = (n: Node, p: BaselinePolicy, props = n.props): ResourceValidationArgs => ({
            type: n.step.newState.type,
            props: unknownChecking(props),
            urn: n.step.urn,
            name: n.name,
            opts: n.opts,
            provider: n.provider,
            stackTags,
            isType: n.isType,
            asType: n.asType,
            getConfig: configOf.get(p)!,
            notApplicable,
        });

        const analyzed = nodes.filter((n) => n.step.op !== "read");
        // 1. Remediations, in pack order; each one sees the previous one's output.
        for (const n of analyzed)
            for (const p of active)
                if (p.kind === "resource" && p.remediateResource && resolved.get(p)!.level === "remediate") {
                    // Each remediation gets its own copy: one that changes props in place and
                    // then fails must not leave half a change behind.
                    const own = structuredClone(n.props);
                    const result = run(p, "resource", () => p.remediateResource!(resourceArgs(n, p, own)), n.step.urn);
                    if (result && typeof result === "object") {
                        const out = unwrapProxies(result) as Record<string, unknown>;
                        const before = n.props;
                        const changed = [...new Set([...Object.keys(before), ...Object.keys(out)])].filter(
                            (k) => JSON.stringify(before[k]) !== JSON.stringify(out[k]),
                        );
                        n.props = out;
                        if (changed.length > 0) remediations.push({ stack, policyName: p.name, urn: n.step.urn, changed });
                    }
                }
        // 2. Resource validations on the remediated props.
        for (const n of analyzed)
            for (const p of active)
                if (p.kind === "resource" && p.validateResource)
                    for (const v of Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]) {
                        // Like the analyzer (server.js), a `validateResourceOfType` validation is not called
                        // for resources of another type.
                        const only = (v as { __pulumiType?: unknown }).__pulumiType;
                        if (typeof only === "string" && only !== n.step.newState.type) continue;
                        run(p, "resource", () => v(resourceArgs(n, p), violate(p, "resource", n.step.urn)), n.step.urn);
                    }

        // 3. Stack validations: outputs overlaid with the (remediated) inputs, as a preview shows the new state.
        // Added to in place: copying the list on every add is quadratic when many resources share a value.
        const byIdentity = new Map<string, Set<string>>();
        for (const s of steps)
            for (const id of identities(s)) {
                const owners = byIdentity.get(id);
                if (owners) owners.add(s.urn);
                else byIdentity.set(id, new Set([s.urn]));
            }
        const resources = new Map<string, PolicyResource>();
        for (const n of nodes) {
            const type = n.step.newState.type;
            const props = unknownChecking({ ...(n.step.newState.outputs ?? {}), ...n.props });
            const r: PolicyResource = {
                type,
                props,
                urn: n.step.urn,
                name: n.name,
                opts: n.opts,
                provider: n.provider,
                dependencies: [],
                propertyDependencies: {},
                isType: (cls) => typeOf(cls) === type,
                asType: (cls) => (typeOf(cls) === type ? (props as never) : undefined),
            };
            resources.set(n.step.urn, r);
        }
        for (const n of nodes) {
            const r = resources.get(n.step.urn)!;
            const lookup = (urns: readonly string[]) =>
                urns.map((u) => resources.get(u)).filter((x): x is PolicyResource => x !== undefined);
            if (n.step.newState.parent) r.parent = resources.get(n.step.newState.parent);
            r.dependencies = lookup(n.step.newState.dependencies ?? []);
            r.propertyDependencies = Object.fromEntries(
                Object.entries(propertyDependenciesOf(n.step, byIdentity)).map(([k, urns]) => [k, lookup(urns)]),
            );
        }
        const all = [...resources.values()];
        for (const p of active)
            if (p.kind === "stack") {
                const args: StackValidationArgs = {
                    resources: all,
                    stackTags,
                    getConfig: configOf.get(p)!,
                    notApplicable,
                };
                run(p, "stack", () => p.validateStack(args, violate(p, "stack")));
            }
        stacks.push({ stack, resources: analyzed.length });
    }

    const byPolicy: Record<string, number> = {};
    for (const v of violations) byPolicy[v.policyName] = (byPolicy[v.policyName] ?? 0) + 1;
    const mandatory = violations.filter((v) => isFailing(v.enforcementLevel)).length;
    return {
        packName: PACK_NAME,
        passed: mandatory === 0,
        stacks,
        violations,
        remediations,
        counts: {
            stacks: stacks.length,
            resources: stacks.reduce((a, s) => a + s.resources, 0),
            mandatory,
            advisory: violations.length - mandatory,
            remediated: remediations.length,
            byPolicy,
        },
        levels: Object.fromEntries(policies.map((p) => [p.name, resolved.get(p)!.level])),
    };
}

function cell(s: string): string {
    return s.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The report as markdown, for the plan's summary.md. */
export function formatReport(report: PolicyReport): string {
    const c = report.counts;
    const lines = [
        `## Policy pack \`${report.packName}\`: ${report.passed ? "PASSED" : "FAILED"}`,
        "",
        `${c.stacks} stack(s), ${c.resources} resource(s) evaluated against ${Object.values(report.levels).filter((l) => l !== "disabled").length} policies: ` +
            `${c.mandatory} mandatory and ${c.advisory} advisory violation(s), ${c.remediated} remediation(s).`,
        "",
    ];
    if (report.violations.length > 0) {
        lines.push("| Level | Policy | Severity | Controls | Stack | Resource | Message |", "|---|---|---|---|---|---|---|");
        const order = (v: Violation) => (isFailing(v.enforcementLevel) ? 0 : 1);
        for (const v of [...report.violations].sort((a, b) => order(a) - order(b))) {
            const controls = v.controls.map(describeControl).join("; ") || "—";
            const resource = v.urn ? `\`${urnName(v.urn)}\` (${v.resourceType ?? "?"})` : "(stack)";
            lines.push(
                // The finding's first line: the fix and exemption lines follow the same pattern for every finding.
                `| ${v.enforcementLevel} | ${v.policyName} | ${v.severity} | ${cell(controls)} | ${v.stack} | ${cell(resource)} | ${cell(v.message.split("\n")[0])} |`,
            );
        }
        lines.push("");
    }
    if (report.remediations.length > 0) {
        lines.push("Remediated:", "");
        for (const r of report.remediations)
            lines.push(`- ${r.policyName} on \`${urnName(r.urn)}\` (${r.stack}): ${r.changed.join(", ")}`);
        lines.push("");
    }
    return lines.join("\n");
}
