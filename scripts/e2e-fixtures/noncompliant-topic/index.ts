// A stack another team might write: an SNS topic with no customer-managed key.
// Under `pulumi preview --policy-pack policy-pack` the pack's mandatory
// sns-topic-cmk policy must stop it (scripts/src/e2e.ts checks the message).
import * as aws from "@pulumi/aws";

export = async () => {
    const topic = new aws.sns.Topic("unencrypted", { tags: { Environment: "Production", Owner: "e2e" } });
    return { topicArn: topic.arn };
};
