import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";

const PROPERTIES = { "aws:sns/topic:Topic": "policy", "aws:sns/topicPolicy:TopicPolicy": "policy" };

/**
 * SNS topic policies grant nothing to anyone without a pinning condition
 * (for topics also the legacy `aws:SourceOwner`).
 *
 * Controls: none mapped (the pack's reference lists no SNS access-policy control).
 */
export const topicPolicyNotPublic = resourcePolicy({
    name: "sns-topic-policy-not-public",
    description: "SNS topic policies allow no '*' principal without a condition that pins the caller.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "sns",
    controls: [],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES),
});
