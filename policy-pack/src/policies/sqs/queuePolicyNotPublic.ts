import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";

const PROPERTIES = { "aws:sqs/queue:Queue": "policy", "aws:sqs/queuePolicy:QueuePolicy": "policy" };

/**
 * SQS queue policies grant nothing to anyone without a pinning condition.
 *
 * Controls: none mapped; AWS Config SQS_QUEUE_NO_PUBLIC_ACCESS.
 */
export const queuePolicyNotPublic = resourcePolicy({
    name: "sqs-queue-policy-not-public",
    description: "SQS queue policies allow no '*' principal without a condition that pins the caller.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "sqs",
    controls: [],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES),
});
