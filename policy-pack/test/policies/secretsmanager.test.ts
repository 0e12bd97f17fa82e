import { secretKms } from "../../src/policies/secretsmanager/secretKms";
import { runResourcePolicyCases } from "../cases";
import { secretPolicyNotPublic } from "../../src/policies/secretsmanager/secretPolicyNotPublic";
import { runAddedResourceCases } from "../cases";

runResourcePolicyCases([
    [
        secretKms,
        [
            [
                "default key",
                "db-secret",
                { kmsKeyId: undefined },
                ["Secret is not encrypted with a customer-managed key: set kmsKeyId to a CMK."],
            ],
        ],
    ],
]);

const PUBLIC = (where: string, sid = "statement #1") =>
    `${where}: ${sid} allows Principal '*' without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).`;
const openDoc = (action: string, condition?: Record<string, unknown>) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Principal: "*", Action: action, Resource: "*", ...(condition ? { Condition: condition } : {}) },
        ],
    });

runResourcePolicyCases([
    [
        secretPolicyNotPublic,
        [
            [
                "GetSecretValue for anyone on the secret",
                "db-secret",
                { policy: openDoc("secretsmanager:GetSecretValue") },
                [PUBLIC("policy")],
            ],
            [
                "NotPrincipal admits everyone else",
                "db-secret",
                {
                    policy: JSON.stringify({
                        Statement: [
                            {
                                Effect: "Allow",
                                NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" },
                                Action: "secretsmanager:GetSecretValue",
                                Resource: "*",
                            },
                        ],
                    }),
                },
                [
                    "policy: statement #1 allows everyone except its NotPrincipal without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).",
                ],
            ],
        ],
    ],
]);
runAddedResourceCases([
    [
        secretPolicyNotPublic,
        [
            [
                "a separate SecretPolicy",
                [
                    {
                        type: "aws:secretsmanager/secretPolicy:SecretPolicy",
                        name: "db-secret-policy",
                        inputs: {
                            secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
                            policy: openDoc("secretsmanager:GetSecretValue"),
                        },
                    },
                ],
                [["db-secret-policy", PUBLIC("policy")]],
            ],
            [
                "a SecretPolicy pinned to a VPC endpoint passes",
                [
                    {
                        type: "aws:secretsmanager/secretPolicy:SecretPolicy",
                        name: "db-secret-policy",
                        inputs: {
                            secretArn: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db",
                            policy: openDoc("secretsmanager:GetSecretValue", {
                                StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" },
                            }),
                        },
                    },
                ],
                [],
            ],
        ],
    ],
]);
