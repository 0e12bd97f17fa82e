/**
 * Tags on every taggable AWS resource, applied once per stack by a stack
 * transformation so that no resource can forget them.
 *
 * Why `registerStackTransformation` and not the newer `registerResourceTransform`:
 * both work under a real `pulumi up`, but the newer one needs the engine's
 * callback server and throws under the SDK's mock runtime, which the offline
 * plan and the tests run on. The older API is applied in-process to every
 * resource constructed after it is registered, including component children,
 * which is all this stack-wide tagging needs.
 *
 * Why not only the provider's `defaultTags`: those appear in `tagsAll` after the
 * provider runs, not in the resource inputs a policy pack sees at preview time,
 * so the pack could not verify them.
 */
import * as pulumi from "@pulumi/pulumi";
import { ENVIRONMENT } from "./environment";
import { LayerName } from "./layers";
import { TAGGABLE_AWS_TYPES } from "./taggable.generated";

export type Tags = Record<string, string>;

/** Tags that must carry exactly these values: the policy pack checks them. */
export function requiredTags(): Tags {
    return { Environment: ENVIRONMENT };
}

/**
 * The tag that marks a resource as the baseline's own (every taggable resource of every layer carries
 * it through `baseTags`): automatic remediations that change a resource are scoped to it, so they never
 * touch another team's resources in the same account.
 */
export const BASELINE_TAG = { key: "Project", value: "aws-secure-baseline" } as const;

export function baseTags(layer: LayerName, owner: string): Tags {
    return {
        ...requiredTags(),
        [BASELINE_TAG.key]: BASELINE_TAG.value,
        Layer: layer,
        ManagedBy: "pulumi",
        Owner: owner,
    };
}

export function isTaggable(type: string): boolean {
    return TAGGABLE_AWS_TYPES.has(type);
}

/**
 * Merges tags into a resource's own: base tags first, then the resource's tags,
 * then the required tags again so that no resource can override `Environment`.
 * `Name` defaults to the logical name, as the console shows it.
 */
export function mergeTags(base: Tags, own: Tags | undefined, name: string): Tags {
    return { Name: name, ...base, ...(own ?? {}), ...requiredTags() };
}

/** The transformation itself, exported so tests can apply it to a single resource. */
export function tagTransformation(base: Tags): pulumi.ResourceTransformation {
    return (args) => {
        if (!isTaggable(args.type)) return undefined;
        const own = args.props["tags"] as pulumi.Input<Tags> | undefined;
        const tags =
            own === undefined || isPlain(own)
                ? mergeTags(base, own as Tags | undefined, args.name)
                : pulumi.output(own).apply((t) => mergeTags(base, t, args.name));
        return { props: { ...args.props, tags }, opts: args.opts };
    };
}

function isPlain(v: unknown): v is Tags {
    return (
        typeof v === "object" &&
        v !== null &&
        !pulumi.Output.isInstance(v) &&
        !(v instanceof Promise) &&
        Object.values(v).every((x) => typeof x === "string")
    );
}

/** Registers the tag transformation for the whole stack. Call first in a stack program. */
export function applyBaselineTags(layer: LayerName, owner: string): Tags {
    const tags = baseTags(layer, owner);
    pulumi.runtime.registerStackTransformation(tagTransformation(tags));
    return tags;
}
