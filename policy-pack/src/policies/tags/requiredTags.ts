import { ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { TAGGABLE_AWS_TYPES } from "../../taggable.generated";

type Config = Pick<PackConfig, "requiredTags">;

/** Required tags that are missing or carry another value, as `key -> required value`. */
export function tagGaps(tags: unknown, required: Readonly<Record<string, string>>): Record<string, string> {
    const own = typeof tags === "object" && tags !== null ? (tags as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(required).filter(([k, v]) => own[k] !== v));
}

/**
 * Every taggable AWS resource (TAGGABLE_AWS_TYPES: the @pulumi/aws types whose
 * args take `tags`) carries the required tags with their exact values
 * (`Environment: Production` by default; config `requiredTags`).
 *
 * Controls: none in Security Hub (tagging is an AWS Config `REQUIRED_TAGS` rule);
 * cost allocation and the `Environment`-scoped IAM conditions rely on it.
 * Remediation: at enforcement level `remediate` the missing or wrong tags are set
 * to the required values before validation runs, so the resource passes.
 * Tags from the provider's `defaultTags` are not visible here (they land in
 * `tagsAll`), which is why the baseline tags through a stack transformation.
 */
export const requiredTags = resourcePolicy({
    name: "aws-required-tags",
    description: "Every taggable AWS resource carries the required tags with their required values.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "tagging",
    controls: [],
    onUnknown: "defer",
    configKeys: ["requiredTags"],
    remediationSteps:
        "Apply the tags through the stack's tag transformation (applyBaselineTags) or run the pack at level 'remediate'.",
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (!TAGGABLE_AWS_TYPES.has(args.type)) return;
        const { requiredTags: required } = args.getConfig<Config>();
        const gaps = tagGaps(args.props["tags"], required);
        const problems = Object.entries(gaps).map(([k, v]) => {
            const actual = (args.props["tags"] as Record<string, unknown> | undefined)?.[k];
            return actual === undefined ? `missing ${k}=${v}` : `${k} is '${String(actual)}', must be '${v}'`;
        });
        if (problems.length > 0) reportViolation(`Required tags: ${problems.join("; ")}.`);
    },
    remediateResource: (args: ResourceValidationArgs) => {
        if (!TAGGABLE_AWS_TYPES.has(args.type)) return undefined;
        const { requiredTags: required } = args.getConfig<Config>();
        const gaps = tagGaps(args.props["tags"], required);
        if (Object.keys(gaps).length === 0) return undefined;
        const own = (args.props["tags"] as Record<string, string> | undefined) ?? {};
        // Change `tags` in place and hand back the analyzer's own props object. Spreading
        // `args.props` into a new object would read every property through the analyzer's
        // proxies: an input that is unknown at preview (any other resource's id) throws, so
        // the remediation could not run and the preview would fail on the missing tags; and
        // secret inputs would come back unwrapped, as plaintext. The returned proxy is
        // serialized from its target, unknowns and secrets intact (@pulumi/policy server.js).
        args.props["tags"] = { ...own, ...gaps };
        return args.props;
    },
});
