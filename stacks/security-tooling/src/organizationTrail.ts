import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
    DataEventScope,
    ORGANIZATION_TRAIL_LOG_GROUP,
    ORGANIZATION_TRAIL_LOGS_KEY_ALIAS,
    ORGANIZATION_TRAIL_LOGS_ROLE,
    ORGANIZATION_DATA_EVENTS_TRAIL_NAME,
    ORGANIZATION_TRAIL_NAME,
    customerManagedKey,
    encryptedLogGroup,
    names,
    organizationTrailLogsKeyPolicy,
    organizationTrailLogsPolicy,
    organizationTrailLogsTrustPolicy,
    managementEventSelectors,
    organizationDataEventsSelectors,
} from "@baseline/lib";

export interface OrganizationTrailArgs {
    /** The log-archive layer's locked bucket and its key. */
    readonly bucketName: string;
    readonly kmsKeyArn: string;
    /** The log-archive account's server access log bucket of the trail bucket: never logged as data events. */
    readonly accessLogBucketName: string;
    /** The organization (`o-...`): the trail's log streams are named after it. */
    readonly organizationId: string;
    /** This account (the security-tooling account, CloudTrail's delegated administrator), which calls CreateTrail. */
    readonly callingAccountId: string;
    /** Retention of the CloudWatch Logs group (config `cloudTrailLogRetentionDays`). */
    readonly logRetentionDays: number;
    /** Which buckets the data-events trail logs S3 data events of (config `cloudTrailS3DataEvents`). */
    readonly dataEvents: DataEventScope;
}

/**
 * The organization trails (home region), every account of the organization, every region, log file
 * validation, encrypted with the log-archive key into the log-archive bucket: the management-events trail,
 * also delivered to a CloudWatch Logs group of this account (CloudTrail.5), and the S3 data-events trail
 * of the workload accounts' baseline buckets (CIS 3.8 / 3.9), without CloudWatch Logs (lib
 * ORGANIZATION_DATA_EVENTS_TRAIL_NAME says why). Created here, by the CloudTrail delegated administrator (the organization layer
 * registers it): the CloudTrail user guide ("Creating a trail for an organization with the AWS CLI"):
 * "When creating or updating an organization trail with the AWS CLI, you must use an AWS CLI profile in
 * the management account or delegated administrator account with sufficient permissions". The trail
 * stays the management account's (its ARN carries that account's id: lib organizationTrailArn), which
 * is why the bucket and key policies name the management account's ARN; its log group and delivery role
 * are this account's ("Both the CloudWatch Logs log group and log role must exist in the calling
 * account": lib ORGANIZATION_TRAIL_LOG_GROUP). It replaces each member account's own trail.
 */
export class OrganizationTrail extends pulumi.ComponentResource {
    readonly trail: aws.cloudtrail.Trail;
    readonly dataEventsTrail: aws.cloudtrail.Trail;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly logsRole: aws.iam.Role;
    readonly logsKey: aws.kms.Key;

    constructor(name: string, args: OrganizationTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationTrail", name, {}, opts);
        // Before anything is registered: a topology whose bucket list passes CloudTrail's limit fails here.
        const dataSelectors = organizationDataEventsSelectors(args.dataEvents, [args.bucketName, args.accessLogBucketName]);
        this.logsKey = customerManagedKey(
            `${name}-logs-key`,
            {
                description: `Encrypts the organization trail's CloudWatch Logs group ${ORGANIZATION_TRAIL_LOG_GROUP} and its alarm topic`,
                alias: ORGANIZATION_TRAIL_LOGS_KEY_ALIAS,
                policy: organizationTrailLogsKeyPolicy(args.callingAccountId),
            },
            this,
        );
        this.logGroup = encryptedLogGroup(
            `${name}-logs`,
            { name: ORGANIZATION_TRAIL_LOG_GROUP, kmsKeyId: this.logsKey.arn, retentionInDays: args.logRetentionDays },
            { parent: this },
        );
        this.logsRole = new aws.iam.Role(
            `${name}-logs-role`,
            {
                name: ORGANIZATION_TRAIL_LOGS_ROLE,
                path: names.rolePath,
                description: "CloudTrail delivery of the organization trail to its CloudWatch Logs group",
                assumeRolePolicy: JSON.stringify(organizationTrailLogsTrustPolicy()),
            },
            { parent: this },
        );
        const logsPolicy = new aws.iam.RolePolicy(
            `${name}-logs-role-policy`,
            {
                role: this.logsRole.id,
                name: "organization-trail-log-delivery",
                policy: JSON.stringify(organizationTrailLogsPolicy(args.callingAccountId, args.organizationId)),
            },
            { parent: this.logsRole },
        );
        this.trail = new aws.cloudtrail.Trail(
            name,
            {
                name: ORGANIZATION_TRAIL_NAME,
                s3BucketName: args.bucketName,
                isOrganizationTrail: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogging: true,
                enableLogFileValidation: true,
                kmsKeyId: args.kmsKeyArn,
                // CloudTrail wants the log group ARN with its stream wildcard.
                cloudWatchLogsGroupArn: pulumi.interpolate`${this.logGroup.arn}:*`,
                cloudWatchLogsRoleArn: this.logsRole.arn,
                // Management events only: the data events have a trail of their own.
                advancedEventSelectors: managementEventSelectors(),
            },
            // CreateTrail checks that the role can write to the group: the role's policy first.
            { parent: this, dependsOn: [logsPolicy] },
        );
        this.dataEventsTrail = new aws.cloudtrail.Trail(
            `${name}-data-events`,
            {
                name: ORGANIZATION_DATA_EVENTS_TRAIL_NAME,
                s3BucketName: args.bucketName,
                isOrganizationTrail: true,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogging: true,
                enableLogFileValidation: true,
                kmsKeyId: args.kmsKeyArn,
                advancedEventSelectors: dataSelectors,
            },
            { parent: this },
        );
        this.registerOutputs({});
    }
}
