/**
 * What every policy of the pack carries besides the CrossGuard fields: the
 * Security Hub controls it maps to and the config keys it reads. Policies are
 * built through `resourcePolicy` / `stackPolicy` so the controls also appear in
 * the policy's `tags` (which Pulumi Cloud shows) and the config keys become its
 * `configSchema`, from one declaration.
 */
import {
    EnforcementLevel,
    ResourceRemediation,
    ResourceValidation,
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationPolicy,
} from "@pulumi/policy";
import { configSchemaFor, PackConfigKey } from "./config";
import { ControlId } from "./controls";

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

export function resourcePolicy(
    meta: BaselineMetadata & { validateResource: ResourceValidation; remediateResource?: ResourceRemediation },
): BaselineResourcePolicy {
    return { ...common(meta), kind: "resource" };
}

export function stackPolicy(meta: BaselineMetadata & { validateStack: StackValidation }): BaselineStackPolicy {
    return { ...common(meta), kind: "stack" };
}
