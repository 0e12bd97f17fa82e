import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { RequiredAttachment } from "../../config";
import {
    ORG_ACCOUNT_TYPE,
    ORG_ATTACHMENT_TYPE,
    ORG_POLICY_TYPE,
    ORG_TYPE,
    ORG_UNIT_TYPE,
    ORGANIZATION_TYPES,
    orgLabel,
} from "../../organizations";
import { DeferredUnknown, deferred, ifKnown, isUnknownValueError } from "../../unknown";

/** An id written literally: a policy (p-...), an OU (ou-...), a root (r-...) or an account. */
const POLICY_ID = /^p-[0-9a-z_]{8,128}$/;
const TARGET_ID = /^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|r-[0-9a-z]{4,32}|\d{12})$/;

/** The policies of the stack that an entry's `policy` names: Pulumi name, `name` input, `tag:Key=Value` or id. */
function namedPolicies(spec: string, policies: readonly PolicyResource[]): PolicyResource[] {
    const tag = /^tag:([^=]+)=(.*)$/.exec(spec);
    return policies.filter((p) => {
        // A name or tag not known yet may be the one named: the policy runs again at `pulumi up`.
        if (tag) {
            const tags = deferred(() => JSON.parse(JSON.stringify(p.props["tags"] ?? {}))) as Record<string, unknown>;
            return tags[tag[1]] === tag[2];
        }
        return p.name === spec || deferred(() => p.props["name"]) === spec || ifKnown(() => p.props["id"]) === spec;
    });
}

/** The resource of the stack a target names: `Root` (the organization), an OU or account by its `name` input. */
function namedTarget(target: string, resources: readonly PolicyResource[]): PolicyResource | undefined {
    if (target === "Root") return resources.find((r) => r.type === ORG_TYPE);
    return resources.find(
        (r) => (r.type === ORG_UNIT_TYPE || r.type === ORG_ACCOUNT_TYPE) && deferred(() => r.props["name"]) === target,
    );
}

/**
 * Whether `attachment.props[key]` points at one of `targets` (resources of the stack, through
 * the engine's property dependencies, since their ids are unknown until they exist) or equals
 * one of `ids`. Undefined when the value is unknown and no dependency decides it.
 */
function pointsAt(
    attachment: PolicyResource,
    key: string,
    targets: readonly PolicyResource[],
    ids: readonly string[],
): boolean | undefined {
    const deps = attachment.propertyDependencies?.[key] ?? [];
    if (deps.some((d) => targets.some((t) => t.urn === d.urn))) return true;
    // The value comes from other resources of the stack, none of them a target: the engine
    // records every resource an input is computed from.
    if (deps.length > 0 && ids.length === 0) return false;
    let value: unknown;
    try {
        value = attachment.props[key];
    } catch (e) {
        if (isUnknownValueError(e)) return undefined;
        throw e;
    }
    if (typeof value !== "string") return false;
    const known = [...ids, ...targets.map((t) => ifKnown(() => t.props["id"])).filter((v): v is string => typeof v === "string")];
    return known.includes(value);
}

/**
 * The organization's declared intent (`requiredAttachments`: which SCPs and RCPs must stay
 * attached to which organizational units, the root or accounts) holds in the stack that
 * declares them: each named policy has an `aws.organizations.PolicyAttachment` whose
 * `policyId` and `targetId` come from the policy and the target. Policies and targets are
 * matched through the resource graph (the engine's property dependencies), since their ids are
 * unknown until the update creates them. A stack that declares neither the policy nor the
 * target is not judged; with no `requiredAttachments` nothing is (an organization that has
 * declared no intent is not wrong). Name a policy or target of another stack by its id.
 *
 * Controls: none in Security Hub (an organization's own guardrail).
 */
export const requiredAttachments = stackPolicy({
    name: "org-required-policy-attachments",
    description: "The SCPs and RCPs the configuration names stay attached to their organizational units, root or accounts.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "organizations",
    controls: [],
    onUnknown: "defer",
    configKeys: ["requiredAttachments"],
    resourceTypes: ORGANIZATION_TYPES,
    remediationSteps:
        "Attach the policy: new aws.organizations.PolicyAttachment(..., { policyId: policy.id, targetId: target.id }); or change requiredAttachments when the organization's intent changes.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const required = args.getConfig<{ requiredAttachments: RequiredAttachment[] }>().requiredAttachments;
        if (required.length === 0) return;
        const orgResources = args.resources.filter((r) => ORGANIZATION_TYPES.includes(r.type));
        if (orgResources.length === 0) return;
        const policies = orgResources.filter((r) => r.type === ORG_POLICY_TYPE);
        const attachments = orgResources.filter((r) => r.type === ORG_ATTACHMENT_TYPE);
        for (const entry of required) {
            const named = namedPolicies(entry.policy, policies);
            const policyIds = POLICY_ID.test(entry.policy) ? [entry.policy] : [];
            for (const target of entry.targets) {
                const resource = TARGET_ID.test(target) ? undefined : namedTarget(target, orgResources);
                const targetIds = TARGET_ID.test(target) ? [target] : [];
                // Neither end in this stack: another stack's business.
                if (named.length === 0 && resource === undefined) continue;
                // A named target declared in another stack cannot be linked here.
                if (resource === undefined && targetIds.length === 0) continue;
                const what = resource
                    ? orgLabel(
                          resource.type === ORG_TYPE
                              ? "the root of organization"
                              : resource.type === ORG_UNIT_TYPE
                                ? "organizational unit"
                                : "account",
                          resource,
                      )
                    : `'${target}'`;
                if (named.length === 0 && policyIds.length === 0) {
                    reportViolation(
                        `${what} must have policy '${entry.policy}' attached (requiredAttachments), and this stack declares no such policy.`,
                        resource?.urn,
                    );
                    continue;
                }
                let unsure: PolicyResource | undefined;
                const linked = attachments.some((a) => {
                    const p = pointsAt(a, "policyId", named, policyIds);
                    const t = pointsAt(a, "targetId", resource ? [resource] : [], targetIds);
                    if (p === false || t === false) return false;
                    if (p === true && t === true) return true;
                    unsure = a;
                    return false;
                });
                if (linked) continue;
                // An attachment whose policy or target is not known yet may be the one: decide at `pulumi up`.
                if (unsure !== undefined) {
                    const a = unsure as PolicyResource;
                    try {
                        void a.props["policyId"];
                        void a.props["targetId"];
                    } catch (e) {
                        if (isUnknownValueError(e)) throw new DeferredUnknown(e);
                        throw e;
                    }
                }
                const policyLabel = named.length > 0 ? orgLabel("Policy", named[0]) : `Policy '${entry.policy}'`;
                reportViolation(
                    `${policyLabel} is not attached to ${what} (requiredAttachments): no PolicyAttachment links them.`,
                    named[0]?.urn ?? resource?.urn,
                );
            }
        }
    },
});
