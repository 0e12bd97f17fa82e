import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";
import { planOf, Res } from "../fixtures";
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
            [
                "HMAC key is not applicable",
                "data-key",
                { enableKeyRotation: undefined, customerMasterKeySpec: "HMAC_256", keyUsage: "GENERATE_VERIFY_MAC" },
                [],
            ],
            [
                "asymmetric encryption key is not applicable",
                "data-key",
                { enableKeyRotation: undefined, customerMasterKeySpec: "RSA_4096" },
                [],
            ],
            // KMS API Reference, EnableKeyRotation: "You cannot enable automatic rotation of ... KMS keys in a custom key store."
            [
                "key in a CloudHSM custom key store is not applicable",
                "data-key",
                { enableKeyRotation: undefined, customKeyStoreId: "cks-1234567890abcdef0" },
                [],
            ],
            [
                "key in an external key store is not applicable",
                "data-key",
                { enableKeyRotation: undefined, customKeyStoreId: "cks-1234567890abcdef0", xksKeyId: "ext-key-1" },
                [],
            ],
            ["external key id alone is not applicable", "data-key", { enableKeyRotation: undefined, xksKeyId: "ext-key-1" }, []],
            [
                "an empty custom key store id is no custom key store",
                "data-key",
                { enableKeyRotation: false, customKeyStoreId: "" },
                ["KMS key does not rotate: set enableKeyRotation: true."],
            ],
        ],
    ],
]);

describe("kms-key-rotation with values unknown at preview", () => {
    const key = (inputs: Record<string, unknown>): Res[] => [{ type: "aws:kms/key:Key", name: "hsm-key", inputs }];
    const run = (inputs: Record<string, unknown>) =>
        evaluatePlans([planOf(key(inputs), { project: "team-payments" })], undefined, {
            policies: [kmsKeyRotation],
        }).violations.map((v) => [v.enforcementLevel, v.message.split("\n")[0]]);
    it("defers a key whose custom key store is created in the same update (customKeyStoreId: store.id)", () => {
        expect(run({ customKeyStoreId: UNKNOWN_SENTINEL })).toEqual([
            ["advisory", "can't run policy 'kms-key-rotation' during preview: customKeyStoreId is unknown"],
        ]);
        expect(run({ xksKeyId: UNKNOWN_SENTINEL, customKeyStoreId: "cks-1234567890abcdef0" })).toEqual([]);
    });
});

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
