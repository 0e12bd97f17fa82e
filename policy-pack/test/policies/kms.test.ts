import { kmsKeyRotation } from "../../src/policies/kms/keyRotation";
import { runResourcePolicyCases } from "../cases";

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
