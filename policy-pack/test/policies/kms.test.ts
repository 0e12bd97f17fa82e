import { kmsKeyRotation } from "../../src/policies/kms/keyRotation";
import { runResourcePolicyCases } from "../cases";
import { keyPolicyNotPublic } from "../../src/policies/kms/keyPolicyNotPublic";

runResourcePolicyCases([
    [
        kmsKeyRotation,
        [
            ["rotation off", "data-key", { enableKeyRotation: false }, ["KMS key does not rotate: set enableKeyRotation: true."]],
            [
                "asymmetric key is not applicable",
                "data-key",
                { enableKeyRotation: false, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" },
                [],
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
        keyPolicyNotPublic,
        [
            ["Decrypt for anyone", "data-key-policy", { policy: openDoc("kms:Decrypt") }, [PUBLIC("policy")]],
            [
                "kms:CallerAccount with a wildcard is no pin",
                "data-key-policy",
                { policy: openDoc("kms:Decrypt", { StringLike: { "kms:CallerAccount": "*" } }) },
                [PUBLIC("policy")],
            ],
            [
                "inline Key policy, pinned with IfExists only",
                "data-key",
                { policy: openDoc("kms:Decrypt", { StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc123" } }) },
                [PUBLIC("policy")],
            ],
            [
                "pinned to the organization passes",
                "data-key",
                { policy: openDoc("kms:Decrypt", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }) },
                [],
            ],
        ],
    ],
]);
