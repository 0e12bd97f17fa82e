/**
 * Key policy of a customer-managed key used by AWS services on the account's
 * behalf, for the layers that own their own keys outside `security`: the
 * recovery layer (its region may have no security stack) and the data layer's
 * backup vault key. Same shape as the security layer's keys: the account
 * administers the key, principals of the account use it only through the named
 * services of the key's region, and grants only for AWS resources.
 */
import { DeployRegion } from "./environment";
import { PolicyDocument, Statement, policyDocument } from "./policyDocument";

/**
 * Administration without cryptographic use. `kms:CreateAlias`, not `kms:Create*`,
 * which would also match `kms:CreateGrant` (a grant escapes the ViaService
 * conditions below).
 */
export const KEY_ADMINISTRATION_ACTIONS = [
    "kms:CreateAlias",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];

export const KEY_USE_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

export interface ServiceKeyPolicyArgs {
    readonly accountId: string;
    /** The key's region: `kms:ViaService` names the services of this region. */
    readonly region: DeployRegion;
    /** Service endpoint prefixes (`s3`, `backup`, `rds`) the account may use the key through. */
    readonly services: readonly string[];
    /** Services that keep grants on the key for background work (RDS, AWS Backup); none by default. */
    readonly grantServices?: readonly string[];
}

export function serviceKeyPolicy(args: ServiceKeyPolicyArgs): PolicyDocument {
    const root = { AWS: `arn:aws:iam::${args.accountId}:root` };
    const via = (services: readonly string[]) => services.map((s) => `${s}.${args.region}.amazonaws.com`);
    // In a key policy `Resource: "*"` means "this key".
    const statements: Statement[] = [
        { Sid: "AccountAdministersKey", Effect: "Allow", Principal: root, Action: KEY_ADMINISTRATION_ACTIONS, Resource: "*" },
        {
            Sid: "AccountUseThroughServices",
            Effect: "Allow",
            Principal: root,
            Action: KEY_USE_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": args.accountId, "kms:ViaService": via(args.services) } },
        },
    ];
    if (args.grantServices?.length) {
        statements.push({
            Sid: "AwsServiceGrants",
            Effect: "Allow",
            Principal: root,
            Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
            Resource: "*",
            Condition: {
                StringEquals: { "kms:CallerAccount": args.accountId, "kms:ViaService": via(args.grantServices) },
                Bool: { "kms:GrantIsForAWSResource": "true" },
            },
        });
    }
    return policyDocument(...statements);
}
