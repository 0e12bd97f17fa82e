import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { asArray, refersTo } from "../../util";
import { conditionFacts, parseDocument } from "../../iam";

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

/** The role an attachment attaches to (the Role itself for `managedPolicyArns`), if it is in the stack. */
function roleOf(r: PolicyResource, roles: readonly PolicyResource[]): PolicyResource | undefined {
    if (r.type === "aws:iam/role:Role") return r;
    return roles.find(
        (role) => refersTo(r, "role", role) || (typeof r.props["role"] === "string" && role.props["name"] === r.props["role"]),
    );
}

/**
 * No role, user, group or permission set gets an AWS-managed policy that grants
 * administrator-level access (`forbiddenManagedPolicies`: AdministratorAccess,
 * PowerUserAccess, IAMFullAccess, AWSCloudShellFullAccess, ...), whichever
 * resource attaches it. One exception, judged by meaning: a role of the same
 * stack whose trust policy admits only named AWS principals and requires MFA in
 * every statement (the baseline's human `admin` role). A service role, a user, a
 * group, or a role the stack cannot see never qualifies.
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
        for (const r of args.resources) {
            const key = POLICY_ARNS[r.type];
            if (key === undefined) continue;
            for (const arn of asArray<unknown>(r.props[key] as unknown[])) {
                const name = typeof arn === "string" ? awsManagedPolicyName(arn) : undefined;
                if (name === undefined || !forbiddenManagedPolicies.includes(name)) continue;
                const role = r.type.includes("role") || r.type === "aws:iam/role:Role" ? roleOf(r, roles) : undefined;
                if (role !== undefined && requiresHumanMfa(role.props["assumeRolePolicy"])) continue;
                reportViolation(
                    `'${r.name}' attaches the AWS-managed administrator policy ${name} (${String(arn)}) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.`,
                    r.urn,
                );
            }
        }
    },
});
