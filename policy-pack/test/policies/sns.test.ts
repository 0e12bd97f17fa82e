import { snsTopicKms } from "../../src/policies/sns/topicKms";
import { runResourcePolicyCases } from "../cases";
import { topicPolicyNotPublic } from "../../src/policies/sns/topicPolicyNotPublic";

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
        topicPolicyNotPublic,
        [
            ["Publish for anyone", "alarms-policy", { policy: openDoc("sns:Publish") }, [PUBLIC("policy")]],
            [
                "a policy variable is not a fixed value",
                "alarms-policy",
                { policy: openDoc("sns:Publish", { StringEquals: { "aws:SourceAccount": "${aws:PrincipalAccount}" } }) },
                [PUBLIC("policy")],
            ],
            [
                "pinned to the source account passes",
                "alarms-policy",
                { policy: openDoc("sns:Publish", { StringEquals: { "aws:SourceAccount": "123456789012" } }) },
                [],
            ],
        ],
    ],
]);
