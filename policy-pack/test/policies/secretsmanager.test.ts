import { secretKms } from "../../src/policies/secretsmanager/secretKms";
import { runResourcePolicyCases } from "../cases";

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
