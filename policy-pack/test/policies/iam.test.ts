import { escalationActions } from "../../src/policies/iam/escalationActions";
import { serviceLinkedRole } from "../../src/policies/iam/serviceLinkedRole";
import { ACCOUNT, compliantResources, evaluate, found, planOf, Res } from "../fixtures";
import { evaluatePlans } from "../../src/offline";
import { planWithProvider } from "../providerPlan";
import { runMeaningCases } from "../meaningCases";
import { noAdminStatements } from "../../src/policies/iam/noAdminStatements";
import { passwordPolicy } from "../../src/policies/iam/passwordPolicy";
import { serviceWildcardActions } from "../../src/policies/iam/serviceWildcardActions";
import { privilegedActionWildcards } from "../../src/policies/iam/privilegedActionWildcards";
import { noAllowNotAction } from "../../src/policies/iam/noAllowNotAction";
import { passRoleRestricted } from "../../src/policies/iam/passRoleRestricted";
import { trustPolicyRestricted } from "../../src/policies/iam/trustPolicyRestricted";
import { noUsersOrAccessKeys } from "../../src/policies/iam/noUsersOrAccessKeys";
import { managedAdminPolicies } from "../../src/policies/iam/managedAdminPolicies";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";

const TAGS = { Environment: "Production" };

const admin = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ Statement: [{ Sid: "All", Effect: "Allow", Action: "*", Resource: "*", ...extra }] });

runResourcePolicyCases([
    [
        passwordPolicy,
        [
            ["short", "password-policy", { minimumPasswordLength: 8 }, ["Password policy: minimumPasswordLength must be >= 14."]],
            [
                "reuse 5, no symbols",
                "password-policy",
                { passwordReusePrevention: 5, requireSymbols: false },
                ["Password policy: passwordReusePrevention must be >= 24; requireSymbols must be true."],
            ],
            [
                "no max age",
                "password-policy",
                { maxPasswordAge: undefined },
                ["Password policy: maxPasswordAge must be between 1 and 90."],
            ],
        ],
    ],
    [
        noAdminStatements,
        [
            [
                "managed policy *:*",
                "read-data",
                { policy: admin() },
                ["policy: statement 'All' allows '*' actions on '*' resources."],
            ],
            [
                "inline role policy",
                "api-role",
                { inlinePolicies: [{ name: "god", policy: admin({ Action: ["*:*"] }) }] },
                ["inlinePolicies[god]: statement 'All' allows '*' actions on '*' resources."],
            ],
            ["a scoped resource passes", "read-data", { policy: admin({ Resource: "arn:aws:s3:::x" }) }, []],
            [
                "a document that is not a policy",
                "read-data",
                { policy: JSON.stringify({ Statement: [{ Action: "s3:GetObject", Resource: "*" }] }) },
                [
                    expect.stringMatching(
                        /^policy: the document is not a valid policy \(.*Effect.*\); the pack cannot judge it\.$/,
                    ) as unknown as string,
                ],
            ],
        ],
    ],
]);

const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
const allow = (extra: Record<string, unknown>) => doc({ Sid: "S", Effect: "Allow", ...extra });
const trust = (extra: Record<string, unknown>) => ({ assumeRolePolicy: allow({ Action: "sts:AssumeRole", ...extra }) });
const OTHER = "arn:aws:iam::999999999999:root";
const GH_OIDC = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const GH_UNPINNED = `assumeRolePolicy: statement 'S' trusts ${GH_OIDC} without a condition on token.actions.githubusercontent.com:sub that names who may assume it: every identity the provider issues tokens to (for GitHub, every repository) may.`;

runResourcePolicyCases([
    [
        serviceWildcardActions,
        [
            [
                "s3:* on every resource",
                "read-data",
                { policy: allow({ Action: ["s3:GetObject", "s3:*"], Resource: "*" }) },
                [
                    "policy: statement 'S' allows every action of a service (s3:*) on broad resources: list the actions and resources it needs.",
                ],
            ],
            [
                "kms:* on every key of the account",
                "api-role",
                {
                    inlinePolicies: [
                        {
                            name: "keys",
                            policy: allow({ Action: "kms:*", Resource: "arn:aws:kms:us-east-1:123456789012:key/*" }),
                        },
                    ],
                },
                [
                    "inlinePolicies[keys]: statement 'S' allows every action of a service (kms:*) on broad resources: list the actions and resources it needs.",
                ],
            ],
            [
                "s3:* on one named bucket passes",
                "read-data",
                { policy: allow({ Action: "s3:*", Resource: "arn:aws:s3:::one-bucket" }) },
                [],
            ],
        ],
    ],
    [
        privilegedActionWildcards,
        [
            [
                "iam:*RolePolicy on every role",
                "read-data",
                { policy: allow({ Action: "iam:*RolePolicy", Resource: "*" }) },
                [
                    "policy: statement 'S' uses iam:*RolePolicy, which grants permissions-management actions (iam:AttachRolePolicy, iam:DeleteRolePolicy, iam:DetachRolePolicy, iam:PutRolePolicy, and 1 more) on broad resources.",
                ],
            ],
            [
                "s3:PutBucket* on every bucket",
                "read-data",
                { policy: allow({ Action: "s3:PutBucket*", Resource: "arn:aws:s3:::*" }) },
                [
                    "policy: statement 'S' uses s3:PutBucket*, which grants permissions-management actions (s3:PutBucketAcl, s3:PutBucketOwnershipControls, s3:PutBucketPolicy, s3:PutBucketPublicAccessBlock) on broad resources.",
                ],
            ],
            [
                "read-only wildcards pass",
                "read-data",
                { policy: allow({ Action: ["iam:Get*", "iam:List*"], Resource: "*" }) },
                [],
            ],
        ],
    ],
    [
        noAllowNotAction,
        [
            [
                "Allow with NotAction",
                "read-data",
                { policy: allow({ NotAction: "iam:*", Resource: "*" }) },
                [
                    "policy: statement 'S' combines Allow with NotAction, which grants everything it does not list: list what it allows.",
                ],
            ],
            [
                "Allow with NotResource",
                "read-data",
                { policy: allow({ Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" }) },
                [
                    "policy: statement 'S' combines Allow with NotResource, which grants everything it does not list: list what it allows.",
                ],
            ],
            [
                "Deny with NotAction passes",
                "read-data",
                { policy: doc({ Effect: "Deny", NotAction: "s3:*", Resource: "*" }) },
                [],
            ],
        ],
    ],
    [
        passRoleRestricted,
        [
            [
                "iam:PassRole on * without iam:PassedToService",
                "read-data",
                { policy: allow({ Action: "iam:PassRole", Resource: "*" }) },
                ["policy: statement 'S' grants iam:PassRole on broad resources and without an iam:PassedToService condition."],
            ],
            [
                "iam:Pass* on named roles, no condition, as AWS documents it for ECS scheduled tasks: passes",
                "read-data",
                {
                    policy: allow({
                        Action: "iam:Pass*",
                        Resource: [
                            "arn:aws:iam::123456789012:role/orders-batch-task",
                            "arn:aws:iam::123456789012:role/orders-batch-exec",
                        ],
                    }),
                },
                [],
            ],
            [
                "iam:PassRole on a pattern of roles, no condition",
                "read-data",
                {
                    policy: allow({
                        Action: "iam:PassRole",
                        Resource: ["arn:aws:iam::123456789012:role/x", "arn:aws:iam::123456789012:role/orders-*"],
                    }),
                },
                [
                    "policy: statement 'S' grants iam:PassRole on a pattern of roles (arn:aws:iam::123456789012:role/orders-*) without an iam:PassedToService condition: name the roles, or the service they may be passed to.",
                ],
            ],
            [
                "iam:PassRole on a pattern of roles, to one service: passes",
                "read-data",
                {
                    policy: allow({
                        Action: "iam:PassRole",
                        Resource: "arn:aws:iam::123456789012:role/orders-*",
                        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                    }),
                },
                [],
            ],
            [
                "iam:PassRole on * to one service: still broad",
                "read-data",
                {
                    policy: allow({
                        Action: "iam:PassRole",
                        Resource: "*",
                        Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
                    }),
                },
                ["policy: statement 'S' grants iam:PassRole on broad resources."],
            ],
            [
                "named role, PassedToService: passes",
                "read-data",
                {
                    policy: allow({
                        Action: "iam:PassRole",
                        Resource: "arn:aws:iam::123456789012:role/x",
                        Condition: { StringEquals: { "iam:PassedToService": "lambda.amazonaws.com" } },
                    }),
                },
                [],
            ],
        ],
    ],
    [
        trustPolicyRestricted,
        [
            [
                "Principal * without a condition",
                "api-role",
                trust({ Principal: "*" }),
                [
                    "assumeRolePolicy: statement 'S' trusts Principal '*' without a condition that pins the caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, ...).",
                ],
            ],
            [
                "Principal * with a wildcard org condition",
                "api-role",
                trust({ Principal: { AWS: "*" }, Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } } }),
                [
                    "assumeRolePolicy: statement 'S' trusts Principal '*' without a condition that pins the caller (aws:PrincipalOrgID, aws:PrincipalAccount, aws:PrincipalArn, ...).",
                ],
            ],
            [
                // The stack's account is unknown here (no accountIds, a provider that names none): an account
                // principal may be the stack's own, so it is not judged as another account (aws-no-foreign-principals
                // judges it against the account the stack's ARNs name).
                "an account principal without conditions, when the stack's account is unknown, passes",
                "api-role",
                trust({ Principal: { AWS: OTHER } }),
                [],
            ],
            [
                "a principal that names no account, without conditions",
                "api-role",
                trust({ Principal: { AWS: "AIDAJQABLZS4A3QDU576Q" } }),
                [
                    "assumeRolePolicy: statement 'S' trusts AIDAJQABLZS4A3QDU576Q without conditions (sts:ExternalId, aws:PrincipalOrgID, MFA, ...).",
                ],
            ],
            [
                "another account, with accountIds configured",
                "api-role",
                trust({ Principal: { AWS: OTHER } }),
                [
                    `assumeRolePolicy: statement 'S' trusts ${OTHER}, another account, without conditions (sts:ExternalId, aws:PrincipalOrgID, MFA, ...).`,
                ],
                { accountIds: ["123456789012"] },
            ],
            [
                "own configured account without conditions passes",
                "api-role",
                trust({ Principal: { AWS: "123456789012" } }),
                [],
                { accountIds: ["123456789012"] },
            ],
            [
                "an OIDC provider without conditions on its token",
                "api-role",
                trust({
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                }),
                [
                    "assumeRolePolicy: statement 'S' trusts the federated principal arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com without conditions on its token.",
                ],
            ],
            [
                "GitHub's OIDC provider conditioned on aud alone (every repository's token has it)",
                "api-role",
                trust({
                    Principal: { Federated: GH_OIDC },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } },
                }),
                [GH_UNPINNED],
            ],
            [
                "GitHub's OIDC provider with sub naming one repository passes",
                "api-role",
                trust({
                    Principal: { Federated: GH_OIDC },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
                        StringLike: { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*" },
                    },
                }),
                [],
            ],
            [
                "GitHub's OIDC provider with sub of any owner (repo:*)",
                "api-role",
                trust({
                    Principal: { Federated: GH_OIDC },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringLike: { "token.actions.githubusercontent.com:sub": ["repo:octo-org/app:*", "repo:*"] } },
                }),
                [GH_UNPINNED],
            ],
            [
                "GitHub's OIDC provider with sub only if it exists",
                "api-role",
                trust({
                    Principal: { Federated: GH_OIDC },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringLikeIfExists: { "token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*" } },
                }),
                [
                    "assumeRolePolicy: statement 'S' trusts the federated principal arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com without conditions on its token.",
                ],
            ],
            [
                "an EKS cluster's OIDC provider with sub naming one service account passes",
                "api-role",
                trust({
                    Principal: {
                        Federated:
                            "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
                    },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: {
                            "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud": "sts.amazonaws.com",
                            "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":
                                "system:serviceaccount:orders:api",
                        },
                    },
                }),
                [],
            ],
            [
                "a Cognito identity pool's authenticated identities pass",
                "api-role",
                trust({
                    Principal: { Federated: "cognito-identity.amazonaws.com" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringEquals: { "cognito-identity.amazonaws.com:aud": "us-east-1:12345678-abcd-abcd-abcd-123456789012" },
                        "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
                    },
                }),
                [],
            ],
            [
                "Cognito without the identity pool (aud): any pool's identities",
                "api-role",
                trust({
                    Principal: { Federated: "cognito-identity.amazonaws.com" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" } },
                }),
                [
                    "assumeRolePolicy: statement 'S' trusts cognito-identity.amazonaws.com without a condition on cognito-identity.amazonaws.com:aud that names who may assume it: every identity the provider issues tokens to (for GitHub, every repository) may.",
                ],
            ],
            [
                "Pulumi Cloud's provider with the organization's audience passes (its aud names the organization)",
                "api-role",
                trust({
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { "api.pulumi.com/oidc:aud": "aws:acme" } },
                }),
                [],
            ],
            [
                "Pulumi Cloud's provider with any audience but a subject naming the organization's environment passes",
                "api-role",
                trust({
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringLike: { "api.pulumi.com/oidc:aud": "*" },
                        StringEquals: { "api.pulumi.com/oidc:sub": "pulumi:environments:org:acme:env:aws/prod" },
                    },
                }),
                [],
            ],
            [
                "Pulumi Cloud's provider with a wildcard audience (acme* admits acme-evil) and a subject with no organization",
                "api-role",
                trust({
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringLike: { "api.pulumi.com/oidc:aud": ["acme*", "aws*"], "api.pulumi.com/oidc:sub": "pulumi:*" },
                    },
                }),
                [
                    "assumeRolePolicy: statement 'S' trusts arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc without a condition on api.pulumi.com/oidc:aud that names who may assume it: every identity the provider issues tokens to (for GitHub, every repository) may.",
                ],
            ],
            [
                "Pulumi Cloud's provider with neither audience nor subject named: every organization's tokens",
                "api-role",
                trust({
                    Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: {
                        StringLike: {
                            "api.pulumi.com/oidc:aud": "aws:*",
                            "api.pulumi.com/oidc:sub": "pulumi:environments:org:*:env:aws/prod",
                        },
                    },
                }),
                [
                    "assumeRolePolicy: statement 'S' trusts arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc without a condition on api.pulumi.com/oidc:aud that names who may assume it: every identity the provider issues tokens to (for GitHub, every repository) may.",
                ],
            ],
            [
                "a SAML provider with a condition on its audience passes",
                "api-role",
                trust({
                    Principal: { Federated: "arn:aws:iam::123456789012:saml-provider/corp-idp" },
                    Action: "sts:AssumeRoleWithSAML",
                    Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
                }),
                [],
            ],
            [
                "Allow with NotPrincipal",
                "api-role",
                trust({ NotPrincipal: { AWS: OTHER } }),
                ["assumeRolePolicy: statement 'S' allows everyone except its NotPrincipal."],
            ],
            [
                "another account with sts:ExternalId passes",
                "api-role",
                trust({ Principal: { AWS: OTHER }, Condition: { StringEquals: { "sts:ExternalId": "x-1" } } }),
                [],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        noUsersOrAccessKeys,
        [
            [
                "an IAM user and its access key",
                [
                    { type: "aws:iam/user:User", name: "ci", inputs: { name: "ci", tags: TAGS } },
                    { type: "aws:iam/accessKey:AccessKey", name: "ci-key", inputs: { user: "ci" } },
                ],
                [
                    [
                        "ci",
                        "aws:iam/user:User creates long-lived IAM user credentials: use a role (humans: the MFA roles; workloads: a service role).",
                    ],
                    [
                        "ci-key",
                        "aws:iam/accessKey:AccessKey creates long-lived IAM user credentials: use a role (humans: the MFA roles; workloads: a service role).",
                    ],
                ],
            ],
        ],
    ],
    [
        managedAdminPolicies,
        [
            [
                "AdministratorAccess on a service role",
                [
                    {
                        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                        name: "api-admin",
                        inputs: { role: "api-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                    },
                ],
                [
                    [
                        "api-admin",
                        "'api-admin' attaches the AWS-managed administrator policy AdministratorAccess (arn:aws:iam::aws:policy/AdministratorAccess) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.",
                    ],
                ],
            ],
            [
                "PowerUserAccess on a group, IAMFullAccess through managedPolicyArns",
                [
                    {
                        type: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
                        name: "devs",
                        inputs: { group: "devs", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
                    },
                    {
                        type: "aws:iam/role:Role",
                        name: "ci-role",
                        inputs: {
                            assumeRolePolicy: allow({
                                Principal: { Service: "codebuild.amazonaws.com" },
                                Action: "sts:AssumeRole",
                            }),
                            managedPolicyArns: ["arn:aws:iam::aws:policy/IAMFullAccess"],
                        },
                    },
                ],
                [
                    [
                        "devs",
                        "'devs' attaches the AWS-managed administrator policy PowerUserAccess (arn:aws:iam::aws:policy/PowerUserAccess) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.",
                    ],
                    [
                        "ci-role",
                        "'ci-role' attaches the AWS-managed administrator policy IAMFullAccess (arn:aws:iam::aws:policy/IAMFullAccess) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.",
                    ],
                ],
            ],
            [
                "AdministratorAccess on a role of another stack",
                [
                    {
                        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                        name: "ext-admin",
                        inputs: { role: "someone-elses-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
                    },
                ],
                [
                    [
                        "ext-admin",
                        "'ext-admin' attaches the AWS-managed administrator policy AdministratorAccess (arn:aws:iam::aws:policy/AdministratorAccess) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.",
                    ],
                ],
            ],
        ],
    ],
]);

/** A managed policy `grant` with these statements. */
const grantAll = (...Statement: Record<string, unknown>[]): Res => ({
    type: "aws:iam/policy:Policy",
    name: "grant",
    inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement }) },
});
const grant = (Action: unknown, Resource: unknown, extra: Record<string, unknown> = {}): Res =>
    grantAll({ Effect: "Allow", Action, Resource, ...extra });

runMeaningCases(escalationActions, [
    {
        title: "iam:CreatePolicyVersion on *",
        added: [grant("iam:CreatePolicyVersion", "*")],
        expected: /grants iam:CreatePolicyVersion .* on \*/,
    },
    {
        title: "iam:AttachRolePolicy on every role",
        added: [grant("iam:AttachRolePolicy", "arn:aws:iam::123456789012:role/*")],
        expected: /iam:AttachRolePolicy/,
    },
    {
        title: "iam:UpdateAssumeRolePolicy through a pattern",
        added: [grant("iam:UpdateAssume*", "*")],
        expected: /iam:UpdateAssumeRolePolicy/,
    },
    { title: "sts:AssumeRole on *", added: [grant("sts:AssumeRole", "*")], expected: /sts:AssumeRole/ },
    { title: "kms:Decrypt on any key", added: [grant("kms:Decrypt", "arn:aws:kms:*:*:key/*")], expected: /kms:Decrypt/ },
    {
        title: "iam:PassRole on role*",
        added: [grant("iam:PassRole", "arn:aws:iam::123456789012:role*")],
        expected: /iam:PassRole .* on arn:aws:iam::123456789012:role\*/,
    },
    { title: "s3:GetObject on arn:aws:s3:::*/*", added: [grant("s3:GetObject", "arn:aws:s3:::*/*")], expected: /s3:GetObject/ },
    {
        title: "iam:CreateAccessKey with NotResource",
        added: [grant("iam:CreateAccessKey", undefined, { NotResource: "arn:aws:iam::123456789012:user/admin" })],
        expected: /on NotResource/,
    },
    {
        title: "one bucket's objects",
        added: [grant("s3:GetObject", "arn:aws:s3:::baseline-data-123456789012-us-east-1/*")],
        expected: null,
    },
    { title: "one named role", added: [grant("iam:PassRole", "arn:aws:iam::123456789012:role/baseline/app")], expected: null },
    {
        title: "kms:Decrypt on the account's keys narrowed by alias and service",
        added: [
            grant("kms:Decrypt", "arn:aws:kms:us-east-1:123456789012:key/*", {
                Condition: {
                    "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/app" },
                    StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                },
            }),
        ],
        expected: null,
    },
    {
        title: "a narrowing condition with a wildcard value narrows nothing",
        added: [grant("kms:Decrypt", "*", { Condition: { StringLike: { "kms:ViaService": "*" } } })],
        expected: /kms:Decrypt/,
    },
    // The PassRole methods need a role to pass (Rhino: "iam:PassRole and ec2:RunInstances").
    {
        title: "ec2:RunInstances on the instances it starts, with no role to pass",
        added: [grant(["ec2:RunInstances", "ec2:CreateTags"], `arn:aws:ec2:us-east-1:123456789012:instance/*`)],
        expected: null,
    },
    {
        title: "cloudformation:CreateStack and ecs:RunTask with no role to pass",
        added: [grant(["cloudformation:CreateStack", "ecs:RunTask"], "*")],
        expected: null,
    },
    {
        title: "ec2:RunInstances with PassRole narrowed to EC2 in the same policy",
        added: [
            grantAll(
                { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
                {
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: "arn:aws:iam::123456789012:role/*",
                    Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } },
                },
            ),
        ],
        expected: null,
    },
]);

runMeaningCases(serviceLinkedRole, [
    {
        title: "a service principal",
        added: [
            {
                type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
                name: "slr",
                inputs: { awsServiceName: "config.amazonaws.com" },
            },
        ],
        expected: null,
    },
    {
        title: "not a service principal",
        added: [
            {
                type: "aws:iam/serviceLinkedRole:ServiceLinkedRole",
                name: "slr",
                inputs: { awsServiceName: "config.example.com" },
            },
        ],
        expected: /not an AWS service principal/,
    },
]);

describe("broad resources: an S3 bucket or object ARN names one bucket", () => {
    const policy = (Action: unknown, Resource: unknown): Res => ({
        type: "aws:iam/policy:Policy",
        name: "writer",
        inputs: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] }) },
    });
    const on = (p: Parameters<typeof evaluate>[0], added: Res) => found(evaluate(p, [...compliantResources(), added]));
    const ONE_BUCKET_OBJECTS = "arn:aws:s3:::team-payments-data/*";

    it("passes wildcards over one bucket's objects (the Service Authorization Reference's object ARN, no type)", () => {
        expect(on(privilegedActionWildcards, policy(["s3:PutObject*", "s3:GetObject*"], ONE_BUCKET_OBJECTS))).toEqual([]);
        expect(on(noAdminStatements, policy("*", ONE_BUCKET_OBJECTS))).toEqual([]);
        expect(on(serviceWildcardActions, policy("s3:*", ONE_BUCKET_OBJECTS))).toEqual([]);
        expect(on(serviceWildcardActions, policy("s3:*", "arn:aws-us-gov:s3:::team-payments-data/reports/*"))).toEqual([]);
    });

    it("still reports every bucket's objects and every access point of an account", () => {
        expect(on(noAdminStatements, policy("*", "arn:aws:s3:::*/*"))).toEqual([
            ["writer", "policy: statement #1 allows '*' actions on '*' resources."],
        ]);
        expect(on(privilegedActionWildcards, policy("s3:PutObject*", "arn:aws:s3:::*/*"))).toEqual([
            [
                "writer",
                "policy: statement #1 uses s3:PutObject*, which grants permissions-management actions (s3:PutObjectAcl, s3:PutObjectVersionAcl) on broad resources.",
            ],
        ]);
        // An access point ARN has a Region, an account and a type: `accesspoint/*` is every access point of the account.
        expect(
            on(serviceWildcardActions, policy("s3:*", `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/*`)).map(([n]) => n),
        ).toEqual(["writer"]);
        expect(
            on(escalationActions, policy("s3:GetObject", `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/*`)).map(([n]) => n),
        ).toEqual(["writer"]);
    });
});

test("iam-no-escalation-actions: ec2:RunInstances with any role to pass in the same policy is reported with the PassRole", () => {
    const both = grantAll(
        { Effect: "Allow", Action: "ec2:RunInstances", Resource: "*" },
        { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
    );
    expect(found(evaluate(escalationActions, [...compliantResources(), both]))).toEqual([
        [
            "grant",
            "policy: statement #1 grants ec2:RunInstances (starts an instance with a passed role) on *: name the resources it needs.",
        ],
        [
            "grant",
            "policy: statement #2 grants iam:PassRole (hands a role to a service the caller controls) on *: name the resources it needs.",
        ],
    ]);
});

describe("iam-no-admin-managed-policies: every attachment type names the role it attaches to", () => {
    const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
    // The baseline's `human-admin` role (name baseline-admin) admits named principals only, with MFA.
    const on = (added: Res[]) => found(evaluate(managedAdminPolicies, [...compliantResources(), ...added]));
    const message = (name: string) =>
        `'${name}' attaches the AWS-managed administrator policy AdministratorAccess (${ADMIN}) to a principal that is not an MFA-only human role of this stack: grant the actions it needs.`;

    it("applies the MFA-only human role exception to aws.iam.PolicyAttachment roles and RolePolicyAttachmentsExclusive roleName", () => {
        expect(
            on([
                {
                    type: "aws:iam/policyAttachment:PolicyAttachment",
                    name: "via-pa",
                    inputs: { name: "admin", roles: ["baseline-admin"], policyArn: ADMIN },
                },
                {
                    type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                    name: "via-exclusive",
                    inputs: { roleName: "baseline-admin", policyArns: [ADMIN] },
                },
            ]),
        ).toEqual([]);
    });

    it("reports a PolicyAttachment that also reaches a user, a group or a role that is not an MFA-only human role", () => {
        const pa = (name: string, inputs: Record<string, unknown>): Res => ({
            type: "aws:iam/policyAttachment:PolicyAttachment",
            name,
            inputs: { name, policyArn: ADMIN, ...inputs },
        });
        expect(
            on([
                pa("with-user", { roles: ["baseline-admin"], users: ["ci"] }),
                pa("with-group", { roles: ["baseline-admin"], groups: ["devs"] }),
                pa("with-other-role", { roles: ["baseline-admin", "someone-elses-role"] }),
                pa("no-role", { users: ["ci"] }),
                {
                    type: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
                    name: "other-exclusive",
                    inputs: { roleName: "someone-elses-role", policyArns: [ADMIN] },
                },
            ]),
        ).toEqual(["with-user", "with-group", "with-other-role", "no-role", "other-exclusive"].map((n) => [n, message(n)]));
    });
});

describe("iam-trust-policy-restricted: the stack's own account", () => {
    const OWN = "111122223333";
    const FOREIGN_ROLE = "arn:aws:iam::999999999999:role/app-ci";
    const role = (principal: string): Res => ({
        type: "aws:iam/role:Role",
        name: "app-ops",
        inputs: {
            name: "app-ops",
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" }],
            }),
        },
    });
    const messages = (plan: Parameters<typeof evaluatePlans>[0][number]) =>
        evaluatePlans([plan], undefined, { policies: [trustPolicyRestricted] }).violations.map((v) => v.message.split("\n")[0]);
    const another = (principal: string) =>
        `assumeRolePolicy: statement #1 trusts ${principal}, another account, without conditions (sts:ExternalId, aws:PrincipalOrgID, MFA, ...).`;

    it("passes a same-account trust in another team's stack when the stack's account is unknown (default config)", () => {
        const plan = planOf([role(`arn:aws:iam::${OWN}:role/app-ci`)], { project: "team-payments", stack: "prod" });
        expect(messages(plan)).toEqual([]);
    });

    it("knows the account from the stack's aws:allowedAccountIds or the role its provider assumes last", () => {
        for (const config of [
            { "aws:allowedAccountIds": [OWN] },
            {
                "aws:assumeRoles": [
                    { roleArn: "arn:aws:iam::444455556666:role/hop", sessionName: "ci" },
                    { roleArn: `arn:aws:iam::${OWN}:role/deploy`, sessionName: "ci" },
                ],
            },
        ]) {
            const plan = (p: string) => planOf([role(p)], { project: "team-payments", stack: "prod", config });
            expect([config, messages(plan(`arn:aws:iam::${OWN}:role/app-ci`))]).toEqual([config, []]);
            expect([config, messages(plan(FOREIGN_ROLE))]).toEqual([config, [another(FOREIGN_ROLE)]]);
        }
    });

    it("reads an explicit provider's allowedAccountIds and assumeRoles, which pulumi-aws hands over as JSON text", () => {
        for (const inputs of [
            { region: "us-east-1", allowedAccountIds: JSON.stringify([OWN]) },
            { region: "us-east-1", assumeRoles: JSON.stringify([{ roleArn: `arn:aws:iam::${OWN}:role/deploy` }]) },
        ]) {
            const plan = (p: string) =>
                planWithProvider([role(p)], inputs, ["app-ops"], { project: "team-payments", stack: "prod" });
            expect([inputs, messages(plan(`arn:aws:iam::${OWN}:root`))]).toEqual([inputs, []]);
            expect([inputs, messages(plan(FOREIGN_ROLE))]).toEqual([inputs, [another(FOREIGN_ROLE)]]);
        }
    });
});

describe("iam-no-escalation-actions: CloudWatch Logs resource policies act only on the caller's own account", () => {
    // The Step Functions Developer Guide's policy for a state machine's CloudWatch Logs delivery.
    const LOG_DELIVERY = [
        "logs:CreateLogDelivery",
        "logs:CreateLogStream",
        "logs:GetLogDelivery",
        "logs:UpdateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutLogEvents",
        "logs:PutResourcePolicy",
        "logs:DescribeResourcePolicies",
        "logs:DescribeLogGroups",
    ];
    const rolePolicy = (Action: unknown, Resource: unknown): Res => ({
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "sfn-logs",
        inputs: {
            role: "orders-state-machine",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action, Resource }] }),
        },
    });
    const sfnRole: Res = {
        type: "aws:iam/role:Role",
        name: "orders-state-machine",
        inputs: {
            assumeRolePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }],
            }),
            tags: TAGS,
        },
    };
    const on = (added: Res) => found(evaluate(escalationActions, [...compliantResources(), sfnRole, added]));

    it("passes the Step Functions log delivery policy on `*`, as on the account's own logs ARN", () => {
        expect(on(rolePolicy(LOG_DELIVERY, "*"))).toEqual([]);
        expect(on(rolePolicy(LOG_DELIVERY, "arn:aws:logs:us-east-1:111122223333:*"))).toEqual([]);
        expect(on(rolePolicy(["logs:PutResourcePolicy", "logs:DeleteResourcePolicy"], "*"))).toEqual([]);
    });

    it("still reports broad permissions-management grants that reach resources of other accounts or principals", () => {
        expect(on(rolePolicy([...LOG_DELIVERY, "s3:PutBucketPolicy"], "*"))).toEqual([
            [
                "sfn-logs",
                "policy: statement #1 grants s3:PutBucketPolicy (changes who may do what) on *: name the resources it needs.",
            ],
        ]);
        expect(on(rolePolicy("iam:PutRolePolicy", "*"))).toEqual([
            [
                "sfn-logs",
                "policy: statement #1 grants iam:PutRolePolicy (writes an inline policy on a role) on *: name the resources it needs.",
            ],
        ]);
    });
});
