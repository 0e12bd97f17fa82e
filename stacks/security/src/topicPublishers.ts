/**
 * Who besides CloudWatch alarms publishes to the encrypted alarm topic, and the statements the topic
 * policy and the logs key policy need for it: the EventBridge rules that route Security Hub findings
 * (GuardDuty's included) and failed AWS Backup and copy jobs (data layer), and RDS event subscriptions. Pure functions, so tests can simulate them.
 *
 * An encrypted topic needs two grants per publishing service: sns:Publish in the topic policy, and
 * kms:GenerateDataKey* plus kms:Decrypt on the topic's key (Amazon SNS developer guide, "Configuring
 * AWS KMS permissions": publishers need "kms:GenerateDataKey*" and "kms:Decrypt" on the key; its table of
 * AWS event sources lists events.amazonaws.com for EventBridge and events.rds.amazonaws.com for RDS
 * event notifications; its example key statement for such a service conditions the grant on
 * aws:SourceArn, the publishing resource, except for EventBridge: see its statement). The RDS user guide ("Granting permissions to publish
 * notifications to an Amazon SNS topic") conditions the topic grant on aws:SourceArn, the RDS resource
 * that raised the event, and aws:SourceAccount. The key statements are what an encrypted topic adds:
 * without them RDS and EventBridge accept the subscription or target and every delivery fails.
 */
import {
    DeployRegion,
    FINDINGS_RULES,
    RoutingNames,
    Statement,
    eventBridgeTopicKeyStatement,
    findingsRuleArn,
    names,
} from "@baseline/lib";

export interface PublisherContext extends RoutingNames {
    readonly accountId: string;
    readonly region: DeployRegion;
}

/**
 * The data layer's rule that sends failed AWS Backup and copy jobs to the alarm topic
 * (stacks/data/src/backupEvents.ts). The data layer deploys after this one, so the topic policy names
 * the rule before it exists; in the recovery-only region, where no data layer runs, it names a rule
 * that never exists, which admits nothing.
 */
export const backupJobsRuleArn = (ctx: PublisherContext): string =>
    names.eventRuleArn(ctx.region, ctx.accountId, names.backupJobsRule);

/** Every EventBridge rule of this account and region whose publish the topic policy admits. */
export const eventRuleArns = (ctx: PublisherContext): string[] => [
    ...FINDINGS_RULES.map((r) => findingsRuleArn(ctx, r)),
    backupJobsRuleArn(ctx),
];

/** Any RDS resource of this account and region (instance, parameter group, security group). */
const rdsResources = (ctx: PublisherContext): string => `arn:aws:rds:${ctx.region}:${ctx.accountId}:*`;

/** Topic policy statements: the findings and backup-jobs rules and RDS events of this account and region may publish. */
export function topicPublisherStatements(ctx: PublisherContext, topicArn: string): Statement[] {
    return [
        {
            Sid: "EventBridgeRules",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnEquals: { "aws:SourceArn": eventRuleArns(ctx) },
            },
        },
        {
            Sid: "RdsEventNotifications",
            Effect: "Allow",
            Principal: { Service: "events.rds.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLike: { "aws:SourceArn": rdsResources(ctx) },
            },
        },
    ];
}

/** Logs key statements: the same two publishers may make and read the topic's data keys. */
export function topicPublisherKeyStatements(ctx: PublisherContext): Statement[] {
    const actions = ["kms:Decrypt", "kms:GenerateDataKey*"];
    return [
        // The alarm topic (alarmTopic.ts) is named, so the key policy can name it before the topic exists.
        eventBridgeTopicKeyStatement(
            "EventBridgeFindingsRulesPublishToEncryptedTopic",
            names.alarmTopicArn(ctx.region, ctx.accountId),
        ),
        {
            Sid: "RdsEventsPublishToEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "events.rds.amazonaws.com" },
            Action: actions,
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceAccount": ctx.accountId },
                ArnLike: { "aws:SourceArn": rdsResources(ctx) },
            },
        },
    ];
}
