import { StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { label, referrers } from "../../util";

const SUBSCRIPTION_TYPES = ["aws:sns/topicSubscription:TopicSubscription"];

/**
 * Reports, on every run, each SNS topic of the stack that no subscription of the stack reaches: its
 * alarms notify nobody. Advisory, because an email subscription is confirmed by a person after the
 * deploy and a stack may be planned before anyone is named.
 *
 * Controls: CloudWatch.1, CloudWatch.2, CloudWatch.4 (CIS v1.2/v1.4): "at least one active subscriber".
 */
export const alarmTopicSubscribed = stackPolicy({
    name: "sns-topic-has-subscription",
    description: "Reports SNS topics with no subscription in the stack: their alarms reach nobody.",
    enforcementLevel: "advisory",
    severity: "medium",
    service: "sns",
    controls: ["CloudWatch.1", "CloudWatch.2", "CloudWatch.4"],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:sns/topicSubscription:TopicSubscription"],
    remediationSteps: "Set the security layer's alarmSubscriptions (email=... or https=...) and confirm each subscription.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        for (const topic of args.resources.filter((r) => r.type === "aws:sns/topic:Topic")) {
            if (referrers(args.resources, SUBSCRIPTION_TYPES, "topic", topic).length === 0)
                reportViolation(`${label("Topic", topic)} has no subscription: its notifications reach nobody.`, topic.urn);
        }
    },
});
