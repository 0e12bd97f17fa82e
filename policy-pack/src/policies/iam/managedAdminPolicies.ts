import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { asArray, identifies, refersTo } from "../../util";
import { conditionFacts, parseDocument } from "../../iam";
import { judgeEach } from "../../unknown";

type Config = Pick<PackConfig, "forbiddenManagedPolicies">;

/** Where each attachment type names its policies. */
const POLICY_ARNS: Readonly<Record<string, string>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "policyArn",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "policyArn",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": "policyArn",
    "aws:iam/policyAttachment:PolicyAttachment": "policyArn",
    "aws:iam/role:Role": "managedPolicyArns",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "policyArns",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "policyArns",
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": "policyArns",
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": "managedPolicyArn",
};

/** The name of an AWS-managed policy ARN (`arn:aws:iam::aws:policy/job-function/X` gives `X`), else undefined. */
export function awsManagedPolicyName(arn: string): string | undefined {
    const m = /^arn:aws[a-z-]*:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? m[1] : undefined;
}

/** True when every Allow of the trust policy admits only AWS principals and requires MFA (Bool aws:MultiFactorAuthPresent true). */
export function requiresHumanMfa(trust: unknown): boolean {
    const parsed = parseDocument(trust);
    if ("error" in parsed) return false;
    const allows = parsed.statements.filter((s) => s.isAllow());
    return (
        allows.length > 0 &&
        allows.every(
            (s) =>
                s.isPrincipalStatement() &&
                s.principals().every((p) => p.type() === "AWS" && !p.isWildcardPrincipal()) &&
                conditionFacts(s).some((c) => c.key === "aws:multifactorauthpresent" && !c.ifExists && c.values.includes("true")),
        )
    );
}

/**
 * Where each attachment type names the roles it attaches to (@pulumi/aws: RolePolicyAttachment
 * `role`, PolicyAttachment `roles`, a list, RolePolicyAttachmentsExclusive `roleName`).
 */
const ROLE_PROPERTY: Readonly<Record<string, string>> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "role",
    "aws:iam/policyAttachment:PolicyAttachment": "roles[]",
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": "roleName",
};

/** What else an attachment type attaches to besides roles (PolicyAttachment `users`, `groups`). */
const OTHER_PRINCIPALS: Readonly<Record<string, readonly string[]>> = {
    "aws:iam/policyAttachment:PolicyAttachment": ["users", "groups"],
};

/**
 * The roles an attachment attaches to (the Role itself for `managedPolicyArns`): for each
 * role it names, the stack's role, or undefined for a role the stack cannot see. Empty when
 * it attaches to something else too (a user or a group), which never qualifies.
 */
function rolesOf(r: PolicyResource, roles: readonly PolicyResource[]): (PolicyResource | undefined)[] {
    if (r.type === "aws:iam/role:Role") return [r];
    const key = ROLE_PROPERTY[r.type];
    if (key === undefined) return [];
    if ((OTHER_PRINCIPALS[r.type] ?? []).some((k) => asArray(r.props[k] as unknown[]).length > 0)) return [];
    // One role: matched through the engine's dependency first, so a name unknown at preview still matches.
    if (!key.endsWith("[]")) return [roles.find((role) => refersTo(r, key, role))];
    return asArray(r.props[key.slice(0, -2)] as unknown[]).map((v) => roles.find((role) => identifies(v, role)));
}

/**
 * No role, user, group or permission set gets an AWS-managed policy that grants
 * administrator-level access (`forbiddenManagedPolicies`: AdministratorAccess,
 * PowerUserAccess, IAMFullAccess, AWSCloudShellFullAccess, ...), whichever
 * resource attaches it. One exception, judged by meaning: a role of the same
 * stack whose trust policy admits only named AWS principals and requires MFA in
 * every statement (the baseline's human `admin` role), whether the policy reaches
 * it through a RolePolicyAttachment, a PolicyAttachment naming only such roles,
 * a RolePolicyAttachmentsExclusive or its own `managedPolicyArns`. A service
 * role, a user, a group, or a role the stack cannot see never qualifies.
 *
 * Controls: IAM.27 (CIS v3.0.0 1.22: no AWSCloudShellFullAccess); IAM.1's intent
 * for AWS-managed policies, which IAM.1 itself does not check.
 */
export const managedAdminPolicies = stackPolicy({
    name: "iam-no-admin-managed-policies",
    description:
        "No AWS-managed administrator policy is attached, except to a same-stack role that requires MFA of named principals.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: ["IAM.27"],
    configKeys: ["forbiddenManagedPolicies"],
    onUnknown: "defer",
    resourceTypes: Object.keys(POLICY_ARNS),
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const { forbiddenManagedPolicies } = args.getConfig<Config>();
        const roles = args.resources.filter((r) => r.type === "aws:iam/role:Role");
        // An attachment whose values are unknown at preview defers to the update; the others are judged now.
        judgeEach(args.resources, (r) => {
            const key = POLICY_ARNS[r.type];
            if (key === undefined) return;
            for (const arn of asArray<unknown>(r.props[key] as unknown[])) {
                const name = typeof arn === "string" ? awsManagedPolicyName(arn) : undefined;
                if (name === undefined || !forbiddenManagedPolicies.includes(name)) continue;
                const targets = rolesOf(r, roles);
                if (targets.length > 0 && targets.every((t) => t !== undefined && requiresHumanMfa(t.props["assumeRolePolicy"])))
                    continue;
                reportViolation(
                    `'${r.name}' attaches the AWS-managed administrator policy ${name} (${String(arn)}) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.`,
                    r.urn,
                );
            }
        });
    },
});
