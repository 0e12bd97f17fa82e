import { trailHardened } from "../../src/policies/cloudtrail/trailHardened";
import { runResourcePolicyCases } from "../cases";

/** A basic event selector of every S3 object's data events and no management events. */
const S3_DATA_ONLY = {
    readWriteType: "All",
    includeManagementEvents: false,
    dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
};

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
                // CloudTrail.1 asks for one multi-region trail of management events in the account (Config rule
                // multi-region-cloudtrail-enabled), which the account's management trail is: a trail of one bucket's
                // data events in one region is an addition to it.
                "a single-region data-events-only trail without global service events",
                "trail",
                {
                    isMultiRegionTrail: false,
                    includeGlobalServiceEvents: false,
                    cloudWatchLogsGroupArn: undefined,
                    cloudWatchLogsRoleArn: undefined,
                    advancedEventSelectors: [
                        {
                            name: "Orders objects",
                            fieldSelectors: [
                                { field: "eventCategory", equals: ["Data"] },
                                { field: "resources.type", equals: ["AWS::S3::Object"] },
                                { field: "resources.ARN", startsWiths: ["arn:aws:s3:::orders-data/"] },
                            ],
                        },
                    ],
                },
                [],
            ],
            [
                "a single-region data-events-only trail (basic selectors) is still validated and encrypted with a CMK",
                "trail",
                {
                    isMultiRegionTrail: false,
                    enableLogFileValidation: false,
                    kmsKeyId: "alias/aws/cloudtrail",
                    advancedEventSelectors: undefined,
                    eventSelectors: [S3_DATA_ONLY],
                },
                ["Trail: enableLogFileValidation must be true; kmsKeyId must be a customer-managed key."],
            ],
            [
                "a single-region management-events trail without global service events",
                "trail",
                { isMultiRegionTrail: false, includeGlobalServiceEvents: false },
                ["Trail: isMultiRegionTrail must be true; includeGlobalServiceEvents must not be false."],
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
                // The same trail as the advanced-selector one above, written with a basic selector.
                "a data-events-only trail with basic selectors, without CloudWatch Logs",
                "trail",
                {
                    advancedEventSelectors: undefined,
                    cloudWatchLogsGroupArn: undefined,
                    cloudWatchLogsRoleArn: undefined,
                    eventSelectors: [S3_DATA_ONLY],
                },
                [],
            ],
            [
                "a data-events-only trail with basic selectors (write data events only)",
                "trail",
                {
                    advancedEventSelectors: undefined,
                    eventSelectors: [
                        {
                            readWriteType: "WriteOnly",
                            includeManagementEvents: false,
                            dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
                        },
                    ],
                },
                [],
            ],
            [
                "basic selectors: one for data events only, one for all management events",
                "trail",
                {
                    advancedEventSelectors: undefined,
                    eventSelectors: [S3_DATA_ONLY, { readWriteType: "All", includeManagementEvents: true }],
                },
                [],
            ],
            [
                "basic selectors: data events, and write-only management events",
                "trail",
                {
                    advancedEventSelectors: undefined,
                    eventSelectors: [S3_DATA_ONLY, { readWriteType: "WriteOnly", includeManagementEvents: true }],
                },
                ["Trail: an event selector must include read and write management events."],
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
