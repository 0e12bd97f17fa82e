/**
 * RCP: the identity perimeter. The organization's S3 buckets, KMS keys, role trust (STS), SQS
 * queues and Secrets Manager secrets refuse every principal outside the organization, whatever
 * their own resource policies say; AWS services keep access only on behalf of the organization.
 *
 * The shape follows AWS's data perimeter examples (aws-samples/data-perimeter-policy-examples,
 * resource_control_policies/identity_perimeter_rcp.json, statements "EnforceOrgIdentities" and
 * "EnforceConfusedDeputyProtection"), without their third-party account and tag exceptions: the
 * baseline has no third party that reads its data.
 */
import { Guardrail } from "./document";
import { GuardrailFacts } from "./facts";

/**
 * The services RCPs apply to that hold the baseline's data. AWS Organizations lists the services
 * RCPs support; these five were the first and are all the baseline's data and trust lives in.
 */
export const PERIMETER_SERVICES = ["s3", "kms", "sts", "sqs", "secretsmanager"] as const;

/**
 * STS actions that carry aws:PrincipalOrgID. The data perimeter examples leave out
 * AssumeRoleWithSAML / AssumeRoleWithWebIdentity ("The aws:PrincipalOrgID condition key is
 * included in the request context only if the calling principal is a member of an organization.
 * This is not the case with federated users"), SetSourceIdentity and TagSession (used by those
 * federations) and GetCallerIdentity (needs no permission).
 */
export const PERIMETER_STS_ACTIONS: readonly string[] = [
    "sts:AssumeRole",
    "sts:DecodeAuthorizationMessage",
    "sts:GetAccessKeyInfo",
    "sts:GetFederationToken",
    "sts:GetServiceBearerToken",
    "sts:GetSessionToken",
    "sts:SetContext",
];

export function dataPerimeterRcp(facts: GuardrailFacts): Guardrail {
    return {
        name: `${facts.namePrefix}-data-perimeter`,
        kind: "RESOURCE_CONTROL_POLICY",
        description:
            "Only principals of this organization, and AWS services acting for it, reach its S3, KMS, STS, SQS and Secrets Manager resources",
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    // IfExists: a request without the key (an AWS service principal, or an anonymous one) is
                    // judged by the second key; BoolIfExists lets service principals through here, the next
                    // statement decides for them.
                    Sid: "EnforceOrgIdentities",
                    Effect: "Deny",
                    Principal: "*",
                    Action: ["s3:*", "kms:*", "sqs:*", "secretsmanager:*", ...PERIMETER_STS_ACTIONS],
                    Resource: "*",
                    Condition: {
                        StringNotEqualsIfExists: { "aws:PrincipalOrgID": facts.organizationId },
                        BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
                    },
                },
                {
                    // An AWS service principal (CloudTrail, Config, the log delivery service) may act only
                    // for a resource of this organization: the cross-service confused deputy protection.
                    // Null aws:SourceAccount=false limits it to calls made on behalf of a resource, which
                    // carry the source keys; service-linked and grant-based calls carry none.
                    Sid: "EnforceConfusedDeputyProtection",
                    Effect: "Deny",
                    Principal: "*",
                    Action: PERIMETER_SERVICES.map((s) => `${s}:*`),
                    Resource: "*",
                    Condition: {
                        StringNotEqualsIfExists: { "aws:SourceOrgID": facts.organizationId },
                        Null: { "aws:SourceAccount": "false" },
                        Bool: { "aws:PrincipalIsAWSService": "true" },
                    },
                },
            ],
        },
    };
}
