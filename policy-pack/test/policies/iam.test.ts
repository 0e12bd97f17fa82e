import { noAdminStatements } from "../../src/policies/iam/noAdminStatements";
import { passwordPolicy } from "../../src/policies/iam/passwordPolicy";
import { runResourcePolicyCases } from "../cases";

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
        ],
    ],
]);
