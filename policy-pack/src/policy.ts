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
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationPolicy,
} from "@pulumi/policy";
import { configSchemaFor, PackConfigKey } from "./config";
import { ControlId } from "./controls";
import { isUnknownValueError, unknownPath } from "./unknown";

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
}

export type BaselineResourcePolicy = ResourceValidationPolicy & BaselineMetadata & { readonly kind: "resource" };
export type BaselineStackPolicy = StackValidationPolicy & BaselineMetadata & { readonly kind: "stack" };
export type BaselinePolicy = BaselineResourcePolicy | BaselineStackPolicy;

function common<T extends BaselineMetadata>(meta: T) {
    return {
        ...meta,
        tags: ["aws", meta.service, ...meta.controls.map((c) => `control:${c}`)],
        ...(meta.configKeys?.length ? { configSchema: configSchemaFor(...meta.configKeys) } : {}),
    };
}

function unknownMessage(name: string, e: Error): string {
    return `'${unknownPath(e)}' is unknown at preview, and policy '${name}' does not pass a value it cannot see: set it to a literal.`;
}

/** Applies `onUnknown: "fail"` to one validation, keeping the type the analyzer reads from `validateResourceOfType`. */
function failOnUnknown<F extends (args: never, report: ReportViolation) => void | Promise<void>>(name: string, fn: F): F {
    const wrapped = ((args: never, report: ReportViolation) => {
        try {
            const r = fn(args, report);
            return r instanceof Promise
                ? r.catch((e: unknown) => {
                      if (!isUnknownValueError(e)) throw e;
                      report(unknownMessage(name, e));
                  })
                : r;
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            report(unknownMessage(name, e));
        }
    }) as F;
    const t = (fn as { __pulumiType?: string }).__pulumiType;
    if (t) (wrapped as unknown as { __pulumiType?: string }).__pulumiType = t;
    return wrapped;
}

export function resourcePolicy(
    meta: BaselineMetadata & { validateResource: ResourceValidation; remediateResource?: ResourceRemediation },
): BaselineResourcePolicy {
    if (meta.onUnknown === "fail") {
        const v = meta.validateResource;
        const validateResource = Array.isArray(v) ? v.map((f) => failOnUnknown(meta.name, f)) : failOnUnknown(meta.name, v);
        return { ...common({ ...meta, validateResource }), kind: "resource" };
    }
    return { ...common(meta), kind: "resource" };
}

export function stackPolicy(meta: BaselineMetadata & { validateStack: StackValidation }): BaselineStackPolicy {
    if (meta.onUnknown === "fail")
        return { ...common({ ...meta, validateStack: failOnUnknown(meta.name, meta.validateStack) }), kind: "stack" };
    return { ...common(meta), kind: "stack" };
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
