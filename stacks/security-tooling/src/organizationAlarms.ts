import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    AlarmSubscription,
    AlarmSubscriptions,
    CisAlarms,
    ORGANIZATION_ALARM_TOPIC,
    organizationAlarmTopicPolicy,
} from "@baseline/lib";

export interface OrganizationAlarmsArgs {
    /** The organization trail's CloudWatch Logs group (this account, home region). */
    readonly logGroupName: pulumi.Input<string>;
    /** The organization trail's logs key, which also encrypts the topic. */
    readonly kmsKeyArn: pulumi.Input<string>;
    readonly callingAccountId: string;
    /** Who the topic reaches (config `alarmSubscriptions`). */
    readonly subscriptions: readonly AlarmSubscription[];
}

/**
 * The CIS v3.0.0 section 4 metric filters and alarms (4.1-4.15) on the organization trail's log group,
 * the security layer's component (lib CisAlarms) with the same patterns: the group receives every
 * account's events, so one set of alarms watches the whole organization. They notify an encrypted topic
 * of this account, which reaches the configured subscriptions (the security layer's component too).
 */
export class OrganizationAlarms extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    /** Publishers wait for it: the topic refuses them until it exists. */
    readonly policy: aws.sns.TopicPolicy;
    readonly alarms: CisAlarms;

    constructor(name: string, args: OrganizationAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationAlarms", name, {}, opts);
        this.topic = new aws.sns.Topic(
            `${name}-topic`,
            { name: ORGANIZATION_ALARM_TOPIC, kmsMasterKeyId: args.kmsKeyArn },
            { parent: this },
        );
        const policy = (this.policy = new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            { arn: this.topic.arn, policy: JSON.stringify(organizationAlarmTopicPolicy(args.callingAccountId)) },
            { parent: this.topic },
        ));
        new AlarmSubscriptions(
            `${name}-subscriptions`,
            { topicArn: this.topic.arn, subscriptions: args.subscriptions },
            {
                parent: this,
            },
        );
        this.alarms = new CisAlarms(
            name,
            { logGroupName: args.logGroupName, alarmTopicArn: this.topic.arn },
            { parent: this, dependsOn: [policy] },
        );
        this.registerOutputs({});
    }
}
