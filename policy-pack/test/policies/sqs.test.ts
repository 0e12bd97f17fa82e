import { queuePolicyNotPublic } from "../../src/policies/sqs/queuePolicyNotPublic";
import { queueEncrypted } from "../../src/policies/sqs/queueEncrypted";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";

const PUBLIC =
    "policy: statement #1 allows Principal '*' without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).";
const openDoc = (condition?: Record<string, unknown>) =>
    JSON.stringify({
        Statement: [
            {
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "sqs:SendMessage",
                Resource: "*",
                ...(condition ? { Condition: condition } : {}),
            },
        ],
    });

runResourcePolicyCases([
    [
        queuePolicyNotPublic,
        [
            ["SendMessage for anyone on the queue", "dlq", { policy: openDoc() }, [PUBLIC]],
            [
                "a wildcard source account is no pin",
                "dlq",
                { policy: openDoc({ StringLike: { "aws:SourceAccount": "12345678*" } }) },
                [PUBLIC],
            ],
            [
                "pinned to a source ARN passes",
                "dlq",
                { policy: openDoc({ ArnEquals: { "aws:SourceArn": "arn:aws:sns:us-east-1:123456789012:alarms" } }) },
                [],
            ],
        ],
    ],
    [
        queueEncrypted,
        [
            [
                "SSE-SQS switched off without a key",
                "dlq",
                { kmsMasterKeyId: undefined, sqsManagedSseEnabled: false },
                ["SQS queue is not encrypted: sqsManagedSseEnabled is false and no kmsMasterKeyId is set."],
            ],
            ["SSE-SQS (the default) passes", "dlq", { kmsMasterKeyId: undefined }, []],
        ],
    ],
]);

runAddedResourceCases([
    [
        queuePolicyNotPublic,
        [
            [
                "a separate QueuePolicy",
                [
                    {
                        type: "aws:sqs/queuePolicy:QueuePolicy",
                        name: "dlq-policy",
                        inputs: { queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq", policy: openDoc() },
                    },
                ],
                [["dlq-policy", PUBLIC]],
            ],
        ],
    ],
]);

// S3 counts s3:DataAccessPointAccount as a pin for bucket policies only; aws:SourceIp limits any resource policy.
runResourcePolicyCases([
    [
        queuePolicyNotPublic,
        [
            [
                "an S3 access point condition pins nothing on a queue",
                "dlq",
                { policy: openDoc({ StringEquals: { "s3:DataAccessPointAccount": "123456789012" } }) },
                [PUBLIC],
            ],
            [
                "SendMessage from one office CIDR passes",
                "dlq",
                { policy: openDoc({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }) },
                [],
            ],
        ],
    ],
]);
