import { ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { asTags, resolveTags } from "../../tags";
import { TAGGABLE_AWS_TYPES } from "../../taggable.generated";
import { DeferredUnknown } from "../../unknown";

type Config = Pick<PackConfig, "requiredTags">;
type Requirement = string | readonly string[];

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
 * configured with `aws:defaultTags`), as does `tagsAll` where the inputs carry it
 * (src/tags.ts). When a required tag is set by no known source while the provider's
 * `defaultTags` or the resource's `tagsAll` is unknown at preview, the policy defers to
 * `pulumi up` instead of reporting it missing.
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
        const { tags, unknown, unknownOwn } = resolveTags(args);
        // A required tag of the resource's own that is unknown at preview: `pulumi up` judges it.
        for (const key of Object.keys(required)) {
            const e = unknownOwn.get(key);
            if (e) throw new DeferredUnknown(e);
        }
        const gaps = tagGaps(tags, required);
        // A required tag no known source sets may be one of the provider's defaultTags (or of
        // tagsAll) that are unknown at preview: defer to `pulumi up`, which judges them resolved,
        // as an unknown tag of the resource's own does. A wrong value of the resource's own tag
        // overrides any default one, so it is reported now.
        if (unknown && Object.keys(gaps).some((k) => tags[k] === undefined)) throw new DeferredUnknown(unknown);
        const problems = Object.entries(gaps).map(([k, v]) =>
            tags[k] === undefined ? `missing ${k} (${describe(v)})` : `${k} is '${String(tags[k])}', must be ${describe(v)}`,
        );
        if (problems.length > 0) reportViolation(`Required tags: ${problems.join("; ")}.`);
    },
    remediateResource: (args: ResourceValidationArgs) => {
        if (!TAGGABLE_AWS_TYPES.has(args.type)) return undefined;
        const { requiredTags: required } = args.getConfig<Config>();
        // Tags a source unknown at preview may add count as absent here: the remediation only adds
        // the single allowed value, which is what such a source would have to set anyway.
        const { tags, unknownOwn } = resolveTags(args);
        // Only a missing tag is added: a value the team set, even a wrong one, stays theirs to change (the
        // validation reports it), and one unknown at preview is judged at `pulumi up`.
        const gaps = tagGaps(tags, required);
        const fixable = Object.entries(gaps).filter(
            ([k, v]) => allowed(v).length === 1 && tags[k] === undefined && !unknownOwn.has(k),
        );
        if (fixable.length === 0) return undefined;
        const own = args.props["tags"] as Record<string, string> | undefined;
        const added = Object.fromEntries(fixable.map(([k, v]) => [k, allowed(v)[0]]));
        // The missing tags are set on the resource's own tags object, the analyzer's proxy, and the analyzer's props
        // object is handed back: spreading either would read every value through the proxies, so a tag unknown at
        // preview would throw and a secret one (or any secret input) would come back unwrapped, as plaintext. The
        // proxies write through to their targets, which the analyzer serializes, unknowns and secrets intact
        // (@pulumi/policy server.js).
        if (own) Object.assign(own, added);
        else args.props["tags"] = added;
        return args.props;
    },
});
