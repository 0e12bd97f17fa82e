import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

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

/**
 * No role, user, group or permission set gets an AWS-managed policy that grants
 * administrator-level access (`forbiddenManagedPolicies`: AdministratorAccess,
 * PowerUserAccess, IAMFullAccess, AWSCloudShellFullAccess, ...), whichever
 * resource attaches it.
 *
 * Controls: IAM.27 (CIS v3.0.0 1.22: no AWSCloudShellFullAccess); IAM.1's intent
 * for AWS-managed policies, which IAM.1 itself does not check.
 */
export const managedAdminPolicies = resourcePolicy({
    name: "iam-no-admin-managed-policies",
    description: "No AWS-managed administrator policy (AdministratorAccess, PowerUserAccess, IAMFullAccess, ...) is attached.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: ["IAM.27"],
    configKeys: ["forbiddenManagedPolicies"],
    onUnknown: "defer",
    resourceTypes: Object.keys(POLICY_ARNS),
    validateResource: (args, reportViolation) => {
        const key = POLICY_ARNS[args.type];
        if (key === undefined) return;
        const { forbiddenManagedPolicies } = args.getConfig<Config>();
        for (const arn of asArray<unknown>(args.props[key] as unknown[])) {
            const name = typeof arn === "string" ? awsManagedPolicyName(arn) : undefined;
            if (name !== undefined && forbiddenManagedPolicies.includes(name))
                reportViolation(`Attaches the AWS-managed administrator policy ${name} (${String(arn)}): grant the actions the principal needs.`);
        }
    },
});
