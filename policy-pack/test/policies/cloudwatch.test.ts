import { alarmActions } from "../../src/policies/cloudwatch/alarmActions";
import { logGroupKms } from "../../src/policies/cloudwatch/logGroupKms";
import { logGroupRetention } from "../../src/policies/cloudwatch/logGroupRetention";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        logGroupKms,
        [
            [
                "no key",
                "api-access",
                { kmsKeyId: undefined },
                ["Log group is not encrypted with a customer-managed key: set kmsKeyId to the logs CMK."],
            ],
        ],
    ],
    [
        logGroupRetention,
        [
            [
                "30 days",
                "api-access",
                { retentionInDays: 30 },
                ["Log group retentionInDays is 30; it must be at least 365 (or 0 to never expire)."],
            ],
        ],
    ],
]);

runResourcePolicyCases([
    [
        alarmActions,
        [
            [
                "no action",
                "api-5xx",
                { alarmActions: [] },
                ["Alarm has no alarmActions: it would change state without notifying anyone."],
            ],
            ["actions disabled", "api-5xx", { actionsEnabled: false }, ["Alarm actions are disabled: set actionsEnabled: true."]],
        ],
    ],
]);
