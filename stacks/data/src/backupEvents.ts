/**
 * AWS Backup failures, told to someone: an EventBridge rule in each data region that sends every backup
 * job and copy job that ends FAILED, ABORTED or EXPIRED to the region's alarm topic. Without it a
 * nightly backup or the copy to the partner's locked vault could fail for weeks unseen.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "@baseline/lib";

/**
 * The job states that mean no recovery point (or no copy of one) was made. AWS Backup developer guide,
 * "Monitoring AWS Backup events using Amazon EventBridge": "AWS Backup sends events to Amazon EventBridge
 * when the state of a backup or copy job changes"; its example Backup Job events show the states FAILED,
 * COMPLETED, RUNNING, ABORTED, EXPIRED, PENDING and CREATED (EXPIRED: "Backup job failed because there
 * was a running job for the same resource"), its Copy Job events FAILED, RUNNING, COMPLETED and CREATED.
 * The copy pattern lists ABORTED and EXPIRED as well: a copy job in either state made no copy either.
 */
export const FAILED_JOB_STATES = ["FAILED", "ABORTED", "EXPIRED"] as const;

/**
 * The events' detail-types, as the guide's examples and the EventBridge events reference ("AWS Backup
 * events": "Backup Job State Change", "Copy Job State Change") spell them. Both carry the job's state
 * in `detail.state` (not `detail.status`, which other AWS Backup events use: the guide warns "Some events
 * report status: COMPLETED whereas other events report state: COMPLETED").
 *
 * Copy jobs are matched HERE, in the source region: the copy is a copy action of this region's backup
 * plan, started from this region's vault, and the guide's example Copy Job event carries the Region of
 * its sourceBackupVaultArn. The guide does not say in words which Region emits copy job events; the
 * partner region holds only the copy-target vault and runs no plan.
 *
 * No filter on the vault: a failed backup in this account and region is data at risk whichever plan
 * started it, and the baseline's plans are the only ones it creates.
 */
export function backupJobsPattern(): object {
    return {
        source: ["aws.backup"],
        "detail-type": ["Backup Job State Change", "Copy Job State Change"],
        detail: { state: [...FAILED_JOB_STATES] },
    };
}

export interface BackupJobNotificationsArgs {
    /** This region's alarm topic (security layer); its policy admits this rule by name (topicPublishers.ts). */
    readonly alarmTopicArn: pulumi.Input<string>;
}

export class BackupJobNotifications extends pulumi.ComponentResource {
    readonly rule: aws.cloudwatch.EventRule;

    constructor(name: string, args: BackupJobNotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:data:BackupJobNotifications", name, {}, opts);
        this.rule = new aws.cloudwatch.EventRule(
            name,
            {
                name: names.backupJobsRule,
                description: "AWS Backup backup and copy jobs of this region that FAILED, ABORTED or EXPIRED, to the alarm topic",
                eventPattern: JSON.stringify(backupJobsPattern()),
                state: "ENABLED",
            },
            { parent: this },
        );
        // SNS targets need no role: EventBridge publishes as events.amazonaws.com, which the topic policy
        // admits by this rule's ARN (aws:SourceArn), and the logs key by the topic's encryption context.
        new aws.cloudwatch.EventTarget(
            `${name}-to-alarm-topic`,
            { rule: this.rule.name, arn: args.alarmTopicArn, targetId: "alarm-topic" },
            { parent: this.rule },
        );
        this.registerOutputs({});
    }
}
