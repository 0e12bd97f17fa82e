import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { BaselineStackPolicy, stackPolicy } from "../../policy";

/** Resources the engine itself manages: nothing for an AWS policy to judge. */
function isEngineResource(type: string): boolean {
    return type.startsWith("pulumi:");
}

/** A custom (cloud) resource: an AWS type, or any resource with a provider (components have none). */
function isCustomResource(r: PolicyResource): boolean {
    return r.type.startsWith("aws:") || r.provider !== undefined;
}

/**
 * Says what the pack cannot judge: every resource type of a stack that no
 * policy of the pack looks at (required tags and allowed regions apply to all
 * types but judge nothing about their intent) is reported once per stack, as
 * advisory, with its count, so a new resource type is never a silent way around
 * the pack. Built from the pack's own roster (`judged`), so it stays current.
 *
 * Controls: none.
 */
export function unjudgedResourceTypes(judged: ReadonlySet<string>): BaselineStackPolicy {
    return stackPolicy({
        name: "pack-unjudged-resource-types",
        description: "Reports, once per type and stack, every resource type that no policy of the pack judges.",
        enforcementLevel: "advisory",
        notice: true,
        severity: "low",
        service: "general",
        controls: [],
        onUnknown: "defer",
        validateStack: (args: StackValidationArgs, reportViolation) => {
            const counts = new Map<string, PolicyResource[]>();
            for (const r of args.resources) {
                if (isEngineResource(r.type) || !isCustomResource(r) || judged.has(r.type)) continue;
                counts.set(r.type, [...(counts.get(r.type) ?? []), r]);
            }
            for (const [type, all] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
                // The example is the smallest URN, not the first seen: the engine hands resources over in
                // step order, which differs between runs, and the notice must read the same every time.
                const rs = [...all].sort((a, b) => a.urn.localeCompare(b.urn));
                reportViolation(
                    `No policy of the pack judges ${type} (${rs.length} in this stack, e.g. '${rs[0].name}'): review it by hand or add a policy.`,
                    rs[0].urn,
                );
            }
        },
    });
}
