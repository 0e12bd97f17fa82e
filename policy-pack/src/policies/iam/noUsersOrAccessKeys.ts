import { resourcePolicy } from "../../policy";

/** Long-lived human or machine credentials the baseline replaces with roles. */
export const IAM_USER_TYPES = [
    "aws:iam/user:User",
    "aws:iam/accessKey:AccessKey",
    "aws:iam/userLoginProfile:UserLoginProfile",
    "aws:iam/userPolicy:UserPolicy",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/userGroupMembership:UserGroupMembership",
    "aws:iam/groupMembership:GroupMembership",
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential",
    "aws:iam/signingCertificate:SigningCertificate",
    "aws:iam/sshKey:SshKey",
    "aws:iam/virtualMfaDevice:VirtualMfaDevice",
];

/**
 * No IAM users, access keys, login profiles or other user credentials: people
 * use the MFA-protected roles, workloads use service roles. (An access key's
 * secret also lands in the Pulumi state.)
 *
 * Controls: IAM.2 (FSBP, CIS v3.0.0 1.15) for policies on users; IAM.3 and IAM.22
 * judge access keys only after they exist.
 */
export const noUsersOrAccessKeys = resourcePolicy({
    name: "iam-no-users-or-access-keys",
    description: "No IAM users, access keys, login profiles or user credentials.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "iam",
    controls: ["IAM.2"],
    onUnknown: "fail",
    resourceTypes: IAM_USER_TYPES,
    validateResource: (args, reportViolation) => {
        if (IAM_USER_TYPES.includes(args.type))
            reportViolation(
                `${args.type} creates long-lived IAM user credentials: use a role (humans: the MFA roles; workloads: a service role).`,
            );
    },
});
