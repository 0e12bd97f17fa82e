/**
 * What every policy of the pack carries besides the CrossGuard fields: the
 * Security Hub controls it maps to and the config keys it reads. Policies are
 * built through `resourcePolicy` / `stackPolicy` so the controls also appear in
 * the policy's `tags` (which Pulumi Cloud shows) and the config keys become its
 * `configSchema`, from one declaration.
 */
import {
    EnforcementLevel,
    ReportViolation,
    ResourceRemediation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { configSchemaFor, PackConfigKey } from "./config";
import { ControlId } from "./controls";
import { exemptionFor, Exemption, resourceKey } from "./exemptions";
import { firstUrnParts, globMatches, PolicyRole, roleOf, urnParts } from "./roles";
import { DeferredUnknown, isUnknownValueError, unknownPath } from "./unknown";

/**
 * What a policy does when an input it reads is unknown at preview (an output of
 * a resource the same update creates):
 * - `defer`: the engine's own behaviour. The preview reports an advisory "can't run
 *   during preview"; `pulumi up` runs the policy again on the resolved inputs before
 *   the resource is created (a stack policy: after the update) and enforces it then.
 *   For documents, ARNs and CIDRs, which legitimately come from resources created
 *   in the same update.
 * - `fail`: a violation at the policy's own level naming the unknown input. For
 *   flags and enums (a trail's multi-region switch, a recorder's status), which
 *   are literals in any honest program: computing one from an unknown is how a
 *   change would hide from the preview.
 */
export type OnUnknown = "defer" | "fail";

export interface BaselineMetadata {
    /** kebab-case, unique in the pack. */
    readonly name: string;
    readonly description: string;
    /**
     * The level the baseline's own configuration (config/baseline.json) gives the policy.
     * The level the pack declares to CrossGuard follows from the policy's role (src/roles.ts):
     * a guardrail keeps this level, an opinion is advisory and a conformance check disabled
     * until a configuration raises them.
     */
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    /** Security Hub control ids; empty when no control exists (the doc comment then names the Config rule). */
    readonly controls: readonly ControlId[];
    /** Pack config keys the policy reads through `args.getConfig<...>()`. */
    readonly configKeys?: readonly PackConfigKey[];
    /** The AWS service, for grouping in reports and tags. */
    readonly service: string;
    readonly remediationSteps?: string;
    /** Behaviour when an input the policy reads is unknown at preview. */
    readonly onUnknown: OnUnknown;
    /**
     * The resource types whose intent the policy judges (besides the type of a
     * `validateResourceOfType` policy, which is read from the function). The pack
     * reports, as advisory, every type of a stack that no policy judges.
     */
    readonly resourceTypes?: readonly string[];
    /**
     * A notice the pack prints about itself (exemptions, unjudged types): its messages
     * are not findings, so they carry no fix or exemption guidance and cannot be exempted.
     */
    readonly notice?: boolean;
}

interface RoleFields {
    readonly kind: "resource" | "stack";
    readonly role: PolicyRole;
    /** The level under the baseline's own configuration. */
    readonly conformanceLevel: EnforcementLevel;
}

export type BaselineResourcePolicy = ResourceValidationPolicy & BaselineMetadata & RoleFields & { readonly kind: "resource" };
export type BaselineStackPolicy = StackValidationPolicy & BaselineMetadata & RoleFields & { readonly kind: "stack" };
export type BaselinePolicy = BaselineResourcePolicy | BaselineStackPolicy;

/** Names of every policy built so far: the pack's policies once src/pack.ts is loaded. */
export const POLICY_NAMES = new Set<string>();

/** The level CrossGuard runs a policy at when no configuration names it. */
export function defaultLevel(role: PolicyRole, declared: EnforcementLevel): EnforcementLevel {
    if (role === "opinion") return declared === "disabled" ? declared : "advisory";
    if (role === "conformance") return "disabled";
    return declared;
}

function common<T extends BaselineMetadata>(meta: T) {
    const role = roleOf(meta.name);
    POLICY_NAMES.add(meta.name);
    const configKeys: PackConfigKey[] = [...(meta.configKeys ?? [])];
    if (role === "conformance" && !configKeys.includes("conformanceProjects")) configKeys.push("conformanceProjects");
    return {
        ...meta,
        role,
        conformanceLevel: meta.enforcementLevel,
        enforcementLevel: defaultLevel(role, meta.enforcementLevel),
        tags: ["aws", meta.service, `role:${role}`, ...meta.controls.map((c) => `control:${c}`)],
        ...(configKeys.length ? { configSchema: configSchemaFor(...configKeys) } : {}),
    };
}

function unknownMessage(name: string, e: Error): string {
    return `'${unknownPath(e)}' is unknown at preview, and policy '${name}' does not pass a value it cannot see: set it to a literal.`;
}

/** The line that tells another team how to get a justified exception, with the entry filled in. */
export function exemptionHowTo(policy: string, at: string): string {
    const entry = { policy, resource: resourceKey(at), reason: "<why>", owner: "<team>", expires: "<YYYY-MM-DD>" };
    return `To request an exemption, ask the owners of the policy group's configuration to add ${JSON.stringify(entry)} to the 'exemptions' of 'pack-exemptions'; every exemption is reported on each run.`;
}

/**
 * A violation message another team can act on: the finding, then the policy, the
 * resource, how to fix it and how to request an exemption. The finding stays the
 * first line, so a reader of one line still sees what is wrong.
 */
export function actionable(meta: BaselineMetadata, message: string, at: string, expired?: Exemption): string {
    const fix = meta.remediationSteps ?? `change it so that it meets the policy: ${meta.description}`;
    return [
        message,
        `Policy '${meta.name}' on ${resourceKey(at)}.` +
            (expired
                ? ` Its exemption ("${expired.reason}", owner ${expired.owner}) expired on ${expired.expires} and no longer applies.`
                : ""),
        `How to fix: ${fix}`,
        exemptionHowTo(meta.name, at),
    ].join("\n");
}

type Validation = (args: never, report: ReportViolation) => void | Promise<void>;

/**
 * Wraps one validation: conformance checks judge only the selected projects; a
 * violation under an unexpired exemption is dropped (and the exemption recorded as
 * used); every other violation gets the actionable message; and `onUnknown: "fail"`
 * turns a read of an unknown value into a violation. `stackOf` names the stack a
 * stack-level finding belongs to.
 */
function guarded<F extends Validation>(
    meta: BaselineMetadata,
    role: PolicyRole,
    fn: F,
    target: (args: never) => { urn?: string; stack?: string; project?: string; config: Record<string, unknown> },
): F {
    const wrapped = ((args: never, report: ReportViolation) => {
        const t = target(args);
        if (role === "conformance") {
            const projects = (t.config["conformanceProjects"] as string[] | undefined) ?? [];
            if (t.project === undefined || !projects.some((p) => globMatches(p, t.project!))) return;
        }
        const deliver: ReportViolation = (message, urn) => {
            const at = urn ?? t.urn ?? t.stack ?? "";
            if (meta.notice) return report(message, urn);
            const match = exemptionFor(meta.name, at);
            if (match.active) return;
            report(actionable(meta, message, at, match.expired), urn);
        };
        const onUnknown = (e: unknown) => {
            if (e instanceof DeferredUnknown) throw e.cause;
            if (meta.onUnknown !== "fail" || !isUnknownValueError(e)) throw e;
            deliver(unknownMessage(meta.name, e));
        };
        try {
            const r = fn(args, deliver);
            return r instanceof Promise ? r.catch(onUnknown) : r;
        } catch (e) {
            onUnknown(e);
        }
    }) as F;
    const t = (fn as { __pulumiType?: string }).__pulumiType;
    if (t) (wrapped as unknown as { __pulumiType?: string }).__pulumiType = t;
    return wrapped;
}

function resourceTarget(args: never) {
    const a = args as ResourceValidationArgs;
    return { urn: a.urn, project: urnParts(a.urn)?.project, config: a.getConfig<Record<string, unknown>>() };
}

function stackTarget(args: never) {
    const a = args as StackValidationArgs;
    const parts = firstUrnParts(a.resources);
    return {
        stack: parts ? `${parts.project}/${parts.stack}` : undefined,
        project: parts?.project,
        config: a.getConfig<Record<string, unknown>>(),
    };
}

export function resourcePolicy(
    meta: BaselineMetadata & { validateResource: ResourceValidation; remediateResource?: ResourceRemediation },
): BaselineResourcePolicy {
    const c = common(meta);
    const v = meta.validateResource;
    const wrap = (f: Validation) => guarded(meta, c.role, f, resourceTarget);
    const validateResource = (Array.isArray(v) ? v.map(wrap) : wrap(v as Validation)) as ResourceValidation;
    return { ...c, validateResource, kind: "resource" };
}

export function stackPolicy(meta: BaselineMetadata & { validateStack: StackValidation }): BaselineStackPolicy {
    const c = common(meta);
    const validateStack = guarded(meta, c.role, meta.validateStack as Validation, stackTarget) as StackValidation;
    return { ...c, validateStack, kind: "stack" };
}

/** The resource types `p` judges: its declared `resourceTypes` and the type of a `validateResourceOfType` function. */
export function judgedTypes(p: BaselinePolicy): string[] {
    const out = new Set(p.resourceTypes ?? []);
    if (p.kind === "resource")
        for (const v of Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]) {
            const t = (v as { __pulumiType?: unknown } | undefined)?.__pulumiType;
            if (typeof t === "string") out.add(t);
        }
    return [...out];
}
