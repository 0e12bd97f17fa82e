import { snsTopicKms } from "../../src/policies/sns/topicKms";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        snsTopicKms,
        [
            [
                "AWS-managed key",
                "alarms",
                { kmsMasterKeyId: "alias/aws/sns" },
                ["SNS topic is not encrypted with a customer-managed key: set kmsMasterKeyId to a CMK."],
            ],
        ],
    ],
]);
