import { encryptionByDefault } from "../../src/policies/ebs/encryptionByDefault";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        encryptionByDefault,
        [
            ["turned off", "ebs-default", { enabled: false }, ["EBS encryption by default is turned off: set enabled: true."]],
            ["unset keeps the default (on)", "ebs-default", { enabled: undefined }, []],
        ],
    ],
]);
