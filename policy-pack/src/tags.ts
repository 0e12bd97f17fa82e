/**
 * The tags AWS puts on a resource, resolved once for every policy that reads them:
 * `aws-required-tags` (which tags a resource carries) and the policies that judge a
 * resource by its environment (`rds-production-resilience`, the cross-region recovery
 * policies). pulumi-aws merges the provider's `defaultTags` with the resource's own
 * `tags` into `tagsAll`, the resource's own tags winning (tagsAll: "A map of tags
 * assigned to the resource, including those inherited from the provider
 * `defaultTags` configuration block", @pulumi/aws), so a resource tagged
 * `Environment: Production` through its provider is a Production resource.
 */
import { PolicyProviderResource } from "@pulumi/policy";
import { deferred, isUnknownValueError } from "./unknown";
import { jsonInput } from "./util";

export function asTags(v: unknown): Record<string, unknown> {
    // Provider inputs reach policies JSON-encoded when they are objects (the engine
    // stores a provider's nested config as a JSON string), resource inputs as objects.
    if (typeof v === "string") return asTags(jsonInput(v) ?? {});
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** `read()`'s tags, or the unknown-value error it met (a value unknown at preview). */
function attempt(read: () => Record<string, unknown>): { readonly tags: Record<string, unknown>; readonly unknown?: Error } {
    try {
        return { tags: read() };
    } catch (e) {
        if (isUnknownValueError(e)) return { tags: {}, unknown: e };
        throw e;
    }
}

export interface ResolvedTags {
    /** The tags AWS will put on the resource, as far as they are known at preview. */
    readonly tags: Record<string, unknown>;
    /**
     * The unknown-value error of a source that may add tags (the provider's `defaultTags`, the
     * resource's `tagsAll`) when one is unknown at preview: a default tag computed from a
     * resource the same update creates makes the provider's whole `defaultTags` unknown.
     */
    readonly unknown?: Error;
    /**
     * The resource's own tags whose values are unknown at preview (a `Name` built from another resource's id),
     * each with its error: only a policy that needs one of them defers.
     */
    readonly unknownOwn: ReadonlyMap<string, Error>;
}

/** A resource as the policies see it: a resource policy's args, or a stack policy's resource. */
export interface Tagged {
    readonly props: Record<string, unknown>;
    readonly provider?: PolicyProviderResource;
}

/**
 * The provider's `defaultTags.tags` (explicit provider, or the default one configured by
 * `aws:defaultTags`), `tagsAll` where the inputs carry it, and the resource's own `tags` over
 * both, as pulumi-aws computes `tagsAll` in its Check (a resource's tags "with matching keys will
 * overwrite those defined at the provider-level", @pulumi/aws). The own tags win over `tagsAll`
 * too: after a policy remediates them the engine does not run Check again, so `tagsAll` can be
 * older than `tags`. Each own tag is read on its own: one unknown at preview is left out and
 * named in `unknownOwn`, so that a policy defers only when it needs that tag.
 */
export function resolveTags(r: Tagged): ResolvedTags {
    const defaults = attempt(() => {
        if (!r.provider) return {};
        return { ...asTags(asTags(r.provider.props?.["defaultTags"])["tags"]) };
    });
    const own = asTags(r.props["tags"]);
    const ownKnown: Record<string, unknown> = {};
    const unknownOwn = new Map<string, Error>();
    for (const key of Object.keys(own)) {
        const read = attempt(() => ({ value: own[key] }));
        if (read.unknown) unknownOwn.set(key, read.unknown);
        else ownKnown[key] = read.tags["value"];
    }
    const all = attempt(() => ({ ...asTags(r.props["tagsAll"]) }));
    for (const key of unknownOwn.keys()) delete all.tags[key];
    return {
        tags: { ...defaults.tags, ...all.tags, ...ownKnown },
        unknown: defaults.unknown ?? all.unknown,
        unknownOwn,
    };
}

/**
 * Tag `key` as AWS will set it. When no known source sets it and a source that could
 * (`defaultTags`, `tagsAll`) is unknown at preview, or the tag itself is, the read defers
 * the policy to `pulumi up` whatever its `onUnknown` (src/unknown.ts `deferred`): the tag
 * decides whether the policy applies, and `up` judges it resolved.
 */
export function tagOf(r: Tagged, key: string): unknown {
    return deferred(() => {
        const { tags, unknown, unknownOwn } = resolveTags(r);
        const own = unknownOwn.get(key);
        if (own) throw own;
        if (tags[key] === undefined && unknown) throw unknown;
        return tags[key];
    });
}
