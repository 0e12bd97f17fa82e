/**
 * SCP: the member accounts stay in the organization, their root users stay unused, and the
 * baseline's own roles and keys stay the deploy role's to change.
 */
import { Guardrail } from "./document";
import { GuardrailFacts, exceptDeployRole } from "./facts";

/**
 * The baseline's roles: its service and human roles live under the path `/<prefix>/`
 * (lib naming `rolePath`), but the Config remediation role, named `<prefix>-config-remediation` at
 * the root path; its account-level roles, the deploy role among them, are named `<prefix>-*`. Protecting the deploy role from the account's administrators is what keeps its
 * exemption narrow: they cannot rewrite its trust policy to assume it themselves.
 */
export function baselineRoleArnPatterns(facts: GuardrailFacts): string[] {
    return [`arn:aws:iam::*:role/${facts.namePrefix}/*`, `arn:aws:iam::*:role/${facts.namePrefix}-*`];
}

/** Every IAM action that changes a role, its policies, its trust or its tags. */
export const ROLE_CHANGE_ACTIONS: readonly string[] = [
    "iam:AttachRolePolicy",
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:DeleteRolePermissionsBoundary",
    "iam:DeleteRolePolicy",
    "iam:DetachRolePolicy",
    "iam:PutRolePermissionsBoundary",
    "iam:PutRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
    "iam:UpdateAssumeRolePolicy",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
];

/** What would end a key's protection of the data under it: deletion, disabling, a new key policy, lost rotation or marks. */
export const KEY_CHANGE_ACTIONS: readonly string[] = [
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:PutKeyPolicy",
    "kms:DisableKeyRotation",
    "kms:DeleteImportedKeyMaterial",
    "kms:TagResource",
    "kms:UntagResource",
];

export function accountProtectionScp(facts: GuardrailFacts): Guardrail {
    const exempt = exceptDeployRole(facts);
    return {
        name: `${facts.namePrefix}-protect-accounts`,
        kind: "SERVICE_CONTROL_POLICY",
        description:
            "Denies leaving the organization, the root user, and changes to the baseline's roles and keys except by the deploy role",
        document: {
            Version: "2012-10-17",
            Statement: [
                // Nobody is exempt: a member account leaves only when the management account removes it.
                { Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
                // A root user's aws:PrincipalArn is arn:aws:iam::<account>:root. The few tasks only root can do
                // are done through the management account's centralized root access (the organization layer
                // turns it on): an AssumeRoot session, scoped to one task policy for 15 minutes, carries
                // aws:AssumedRoot and is let through; root credentials are not. The same two conditions as AWS's
                // own example SCP "Prevent root credentials management in member accounts"
                // (aws-samples/service-control-policy-examples). The deploy role is no root.
                {
                    Sid: "DenyRootUser",
                    Effect: "Deny",
                    Action: "*",
                    Resource: "*",
                    Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" }, Null: { "aws:AssumedRoot": "true" } },
                },
                {
                    Sid: "ProtectBaselineRoles",
                    Effect: "Deny",
                    Action: ROLE_CHANGE_ACTIONS,
                    Resource: baselineRoleArnPatterns(facts),
                    Condition: exempt,
                },
                // The baseline's keys by their tag: the Service Authorization Reference lists
                // aws:ResourceTag/${TagKey} for the KMS key resource these actions act on (the simulator's copy
                // of it accepts the condition for them). Untagging is one of the denied actions, so the mark
                // cannot be removed first.
                {
                    Sid: "ProtectBaselineKeysByTag",
                    Effect: "Deny",
                    Action: KEY_CHANGE_ACTIONS,
                    Resource: "*",
                    Condition: {
                        ...exempt,
                        StringEquals: { [`aws:ResourceTag/${facts.baselineTag.key}`]: facts.baselineTag.value },
                    },
                },
                // And by their alias (kms:ResourceAliases, "the aliases associated with the KMS key"),
                // for a key that lost its tag before this policy was attached.
                {
                    Sid: "ProtectBaselineKeysByAlias",
                    Effect: "Deny",
                    Action: KEY_CHANGE_ACTIONS,
                    Resource: "*",
                    Condition: { ...exempt, "ForAnyValue:StringLike": { "kms:ResourceAliases": `alias/${facts.namePrefix}-*` } },
                },
                // An alias moved or deleted would let the key escape the statement above.
                {
                    Sid: "ProtectBaselineKeyAliases",
                    Effect: "Deny",
                    Action: ["kms:DeleteAlias", "kms:UpdateAlias"],
                    Resource: `arn:aws:kms:*:*:alias/${facts.namePrefix}-*`,
                    Condition: exempt,
                },
            ],
        },
    };
}
