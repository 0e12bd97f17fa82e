import { trailHardened } from "../../src/policies/cloudtrail/trailHardened";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        trailHardened,
        [
            [
                "a single-region trail without validation",
                "trail",
                { isMultiRegionTrail: false, enableLogFileValidation: undefined },
                ["Trail: isMultiRegionTrail must be true; enableLogFileValidation must be true."],
            ],
            ["logging stopped", "trail", { enableLogging: false }, ["Trail: enableLogging must not be false."]],
            [
                "no KMS key, no CloudWatch Logs delivery",
                "trail",
                { kmsKeyId: undefined, cloudWatchLogsGroupArn: undefined },
                ["Trail: kmsKeyId must be a customer-managed key; cloudWatchLogsGroupArn and cloudWatchLogsRoleArn must be set."],
            ],
            [
                // A trail of S3 data events only sends nothing the CIS alarms read: no log group needed.
                "a data-events-only trail without CloudWatch Logs",
                "trail",
                {
                    cloudWatchLogsGroupArn: undefined,
                    cloudWatchLogsRoleArn: undefined,
                    advancedEventSelectors: [
                        {
                            name: "S3 data events",
                            fieldSelectors: [
                                { field: "eventCategory", equals: ["Data"] },
                                { field: "resources.type", equals: ["AWS::S3::Object"] },
                            ],
                        },
                    ],
                },
                [],
            ],
            [
                "a management-events trail without CloudWatch Logs",
                "trail",
                {
                    cloudWatchLogsGroupArn: undefined,
                    advancedEventSelectors: [{ name: "m", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }],
                },
                ["Trail: cloudWatchLogsGroupArn and cloudWatchLogsRoleArn must be set."],
            ],
            [
                "write-only management events",
                "trail",
                { eventSelectors: [{ includeManagementEvents: true, readWriteType: "WriteOnly" }] },
                ["Trail: an event selector must include read and write management events."],
            ],
        ],
    ],
]);
