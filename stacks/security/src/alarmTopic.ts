import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "@baseline/lib";
import { PolicyContext, alarmTopicPolicy } from "./policies";

export interface AlarmTopicArgs extends PolicyContext {
    readonly kmsKeyArn: pulumi.Input<string>;
}

/** The encrypted SNS topic every layer's alarms notify. */
export class AlarmTopic extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    /** Publishers other than CloudWatch (EventBridge, RDS events) fail until the policy admits them. */
    readonly policy: aws.sns.TopicPolicy;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:AlarmTopic", name, {}, opts);
        this.topic = new aws.sns.Topic(name, { name: names.alarmTopic, kmsMasterKeyId: args.kmsKeyArn }, { parent: this });
        this.policy = new aws.sns.TopicPolicy(
            `${name}-policy`,
            { arn: this.topic.arn, policy: JSON.stringify(alarmTopicPolicy(args)) },
            { parent: this.topic },
        );
        this.registerOutputs({});
    }
}
