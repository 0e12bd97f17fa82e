import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";
import { isCustomerManagedKey } from "../../util";

/**
 * SNS topics are encrypted with a customer-managed KMS key (`kmsMasterKeyId`,
 * not `alias/aws/sns`: CloudWatch alarms cannot publish to a topic encrypted
 * with the AWS-managed key, and it cannot be shared).
 *
 * Controls: SNS.1 (NIST).
 */
export const snsTopicKms = resourcePolicy({
    name: "sns-topic-cmk",
    description: "SNS topics are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "sns",
    controls: ["SNS.1"],
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.sns.Topic, (topic, _args, reportViolation) => {
        if (!isCustomerManagedKey(topic.kmsMasterKeyId))
            reportViolation("SNS topic is not encrypted with a customer-managed key: set kmsMasterKeyId to a CMK.");
    }),
});
