import { PolicyProviderResource, ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { TAGGABLE_AWS_TYPES } from "../../taggable.generated";
import { ifKnown } from "../../unknown";

type Config = Pick<PackConfig, "requiredTags">;
type Requirement = string | readonly string[];

function asTags(v: unknown): Record<string, unknown> {
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

/** The provider's `defaultTags.tags` (explicit provider, or the default one configured by `aws:defaultTags`). */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, unknown> {
    if (!provider) return {};
    const dt = ifKnown(() => provider.props?.["defaultTags"]);
    return asTags(ifKnown(() => asTags(dt)["tags"]));
}

/**
 * The tags AWS will put on the resource: the provider's default tags with the
 * resource's own `tags` over them, which is what pulumi-aws computes into
 * `tagsAll` in its Check; `tagsAll` itself where the inputs carry it.
 */
export function effectiveTags(props: Record<string, unknown>, provider?: PolicyProviderResource): Record<string, unknown> {
    // The resource's own tags are read as they are: one unknown at preview defers the policy
    // to `pulumi up` (an unknown tag may be the required one). Default tags and `tagsAll`
    // only add tags, so an unknown one adds nothing.
    const merged = { ...providerDefaultTags(provider), ...asTags(props["tags"]) };
    return { ...merged, ...asTags(ifKnown(() => props["tagsAll"])) };
}

function allowed(req: Requirement): readonly string[] {
    return typeof req === "string" ? [req] : req;
}

/** Required tags that are missing or carry a value not allowed, as `key -> requirement`. */
export function tagGaps(tags: unknown, required: Readonly<Record<string, Requirement>>): Record<string, Requirement> {
    const own = asTags(tags);
    return Object.fromEntries(Object.entries(required).filter(([k, v]) => !allowed(v).includes(own[k] as string)));
}

function describe(req: Requirement): string {
    const values = allowed(req);
    return values.length === 1 ? `'${values[0]}'` : `one of ${values.map((v) => `'${v}'`).join(", ")}`;
}

/**
 * Every taggable AWS resource (TAGGABLE_AWS_TYPES: the @pulumi/aws types whose
 * args take `tags`) carries the required tags with an allowed value (config
 * `requiredTags`: tag key -> value or list of values; the guardrail's default is
 * `Environment` in Production, Staging, Development; the baseline's own
 * configuration requires `Environment: Production`). Tags set through the
 * provider's `defaultTags` count (an explicit provider, or the default provider
 * configured with `aws:defaultTags`), as does `tagsAll` where the inputs carry it.
 *
 * Controls: none in Security Hub (tagging is an AWS Config `REQUIRED_TAGS` rule);
 * cost allocation and `Environment`-scoped IAM conditions rely on it.
 * Remediation: at level `remediate` a missing tag whose requirement is a single
 * value is set on the resource before validation runs.
 */
export const requiredTags = resourcePolicy({
    name: "aws-required-tags",
    description: "Every taggable AWS resource carries the required tags with allowed values (provider defaultTags count).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "tagging",
    controls: [],
    onUnknown: "defer",
    configKeys: ["requiredTags"],
    remediationSteps:
        "Set the tags in the AWS provider's defaultTags (explicit provider, or aws:defaultTags in the stack's config) or on the resource's tags.",
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (!TAGGABLE_AWS_TYPES.has(args.type)) return;
        const { requiredTags: required } = args.getConfig<Config>();
        const tags = effectiveTags(args.props, args.provider);
        const problems = Object.entries(tagGaps(tags, required)).map(([k, v]) =>
            tags[k] === undefined ? `missing ${k} (${describe(v)})` : `${k} is '${String(tags[k])}', must be ${describe(v)}`,
        );
        if (problems.length > 0) reportViolation(`Required tags: ${problems.join("; ")}.`);
    },
    remediateResource: (args: ResourceValidationArgs) => {
        if (!TAGGABLE_AWS_TYPES.has(args.type)) return undefined;
        const { requiredTags: required } = args.getConfig<Config>();
        const gaps = tagGaps(effectiveTags(args.props, args.provider), required);
        const fixable = Object.entries(gaps).filter(([, v]) => allowed(v).length === 1);
        if (fixable.length === 0) return undefined;
        const own = (args.props["tags"] as Record<string, string> | undefined) ?? {};
        // Change `tags` in place and hand back the analyzer's own props object. Spreading
        // `args.props` into a new object would read every property through the analyzer's
        // proxies: an input that is unknown at preview (any other resource's id) throws, so
        // the remediation could not run and the preview would fail on the missing tags; and
        // secret inputs would come back unwrapped, as plaintext. The returned proxy is
        // serialized from its target, unknowns and secrets intact (@pulumi/policy server.js).
        args.props["tags"] = { ...own, ...Object.fromEntries(fixable.map(([k, v]) => [k, allowed(v)[0]])) };
        return args.props;
    },
});
