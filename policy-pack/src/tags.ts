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

export function asTags(v: unknown): Record<string, unknown> {
    // Provider inputs reach policies JSON-encoded when they are objects (the engine
    // stores a provider's nested config as a JSON string), resource inputs as objects.
    if (typeof v === "string") {
        try {
            return asTags(JSON.parse(v));
        } catch {
            return {};
        }
    }
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
}

/** A resource as the policies see it: a resource policy's args, or a stack policy's resource. */
export interface Tagged {
    readonly props: Record<string, unknown>;
    readonly provider?: PolicyProviderResource;
}

/**
 * The provider's `defaultTags.tags` (explicit provider, or the default one configured by
 * `aws:defaultTags`) with the resource's own `tags` over them, which is what pulumi-aws
 * computes into `tagsAll` in its Check; `tagsAll` itself where the inputs carry it. The
 * resource's own tags are read as they are: one unknown at preview throws (an unknown tag
 * may be the one a policy reads).
 */
export function resolveTags(r: Tagged): ResolvedTags {
    const defaults = attempt(() => {
        if (!r.provider) return {};
        return { ...asTags(asTags(r.provider.props?.["defaultTags"])["tags"]) };
    });
    const own = asTags(r.props["tags"]);
    const all = attempt(() => ({ ...asTags(r.props["tagsAll"]) }));
    return { tags: { ...defaults.tags, ...own, ...all.tags }, unknown: defaults.unknown ?? all.unknown };
}

/**
 * Tag `key` as AWS will set it. When no known source sets it and a source that could
 * (`defaultTags`, `tagsAll`) is unknown at preview, or the tag itself is, the read defers
 * the policy to `pulumi up` whatever its `onUnknown` (src/unknown.ts `deferred`): the tag
 * decides whether the policy applies, and `up` judges it resolved.
 */
export function tagOf(r: Tagged, key: string): unknown {
    return deferred(() => {
        const { tags, unknown } = resolveTags(r);
        if (tags[key] === undefined && unknown) throw unknown;
        return tags[key];
    });
}
