/**
 * The two pieces every layer's monitoring repeats, defined once so that no
 * layer gets them subtly different: log groups that hold audit or operational
 * data, and alarm notification settings.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface EncryptedLogGroupArgs {
    readonly name: pulumi.Input<string>;
    /** The security layer's logs key (its policy lets logs.<region>.amazonaws.com use it for this account's groups). */
    readonly kmsKeyId: pulumi.Input<string>;
    /** A CloudWatch Logs retention value; logs never live forever by accident. */
    readonly retentionInDays: pulumi.Input<number>;
}

/**
 * A log group encrypted with the logs CMK and retained, protected twice: by
 * Pulumi (`protect`) and by CloudWatch Logs' own deletion protection, so neither
 * a stray `pulumi destroy` nor a console click loses the logs. Pre-creating the
 * groups a service would otherwise create (Lambda, RDS, API Gateway) is what
 * keeps them from being unencrypted and never-expiring.
 */
export function encryptedLogGroup(
    name: string,
    args: EncryptedLogGroupArgs,
    opts: pulumi.CustomResourceOptions = {},
): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
        name,
        { name: args.name, kmsKeyId: args.kmsKeyId, retentionInDays: args.retentionInDays, deletionProtectionEnabled: true },
        { ...opts, protect: true },
    );
}

/**
 * Notification settings of every alarm: an ALARM and an OK action to the
 * (encrypted) alarm topic, with actions enabled (CloudWatch.15 / CloudWatch.17).
 */
export function alarmNotifications(topicArn: pulumi.Input<string>): {
    actionsEnabled: true;
    alarmActions: pulumi.Input<string>[];
    okActions: pulumi.Input<string>[];
} {
    return { actionsEnabled: true, alarmActions: [topicArn], okActions: [topicArn] };
}

/**
 * S3 Replication Time Control: 99.99 % of objects within 15 minutes (S3 user guide, "Meeting compliance
 * requirements with S3 RTC"). The data layer's replication rule uses it as its RTC and metrics event
 * threshold; the recovery layer's ReplicationLatency alarm in the destination region alarms above it.
 */
export const RTC_MINUTES = 15;
