/**
 * The organization trails (organization mode), declared once: their names and ARNs, which the
 * security-tooling layer creates them under and the log-archive layer's bucket and key policies
 * admit; the management-events trail's CloudWatch Logs group, delivery role and alarm topic; the
 * data-events trail's selectors derived from the topology; and the policies as plain JSON, so tests
 * can run them through the IAM simulator.
 */
import * as aws from "@pulumi/aws";
import { HOME_REGION, NAME_PREFIX, Region, TOPOLOGY, WORKLOAD_ACCOUNTS } from "./environment";
import { AccountEntry } from "./topology";
import { KEY_ADMINISTRATION_ACTIONS } from "./keyPolicy";
import { eventBridgeTopicKeyStatement, findingsRuleArn } from "./findingsRouting";
import { names } from "./naming";
import { PolicyDocument, Statement, denyInsecureTransport, policyDocument } from "./policyDocument";

/** A trail's selectors: every management event, read and write (CloudTrail.1), nothing else. */
export function managementEventSelectors(): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    return [{ name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] }];
}

/** The organization trail's name (home region, multi-region). */
export const ORGANIZATION_TRAIL_NAME = `${NAME_PREFIX}-organization`;

/**
 * The organization's S3 data-events trail (home region, multi-region): a trail of its own, without
 * CloudWatch Logs, so object-level calls stay out of the log group the CIS alarms read (the same split as
 * the security layer's account trails). The CloudTrail user guide ("Sending events to CloudWatch Logs"):
 * "When you configure your trail to send events to CloudWatch Logs, CloudTrail sends only the events that
 * match your trail settings"; a trail with both would send every object-level call (and every routine S3
 * AccessDenied, which trips CIS 4.1) into that group.
 */
export const ORGANIZATION_DATA_EVENTS_TRAIL_NAME = `${NAME_PREFIX}-organization-data-events`;

/**
 * The organization trail's CloudWatch Logs group and the role CloudTrail writes to it with, both in the
 * account that creates the trail (the security-tooling account, home region). The CloudTrail user guide
 * ("Organization delegated administrator", note 1 of its capabilities table): "The delegated administrator
 * can only configure a CloudWatch Logs log group using the AWS CLI or CloudTrail CreateTrail or UpdateTrail
 * API operations. Both the CloudWatch Logs log group and log role must exist in the calling account."
 */
export const ORGANIZATION_TRAIL_LOG_GROUP = `/${NAME_PREFIX}/organization-trail`;
export const ORGANIZATION_TRAIL_LOGS_ROLE = `${NAME_PREFIX}-organization-trail-logs`;
/** The key of that log group and of the alarm topic below (security-tooling account, home region). */
export const ORGANIZATION_TRAIL_LOGS_KEY_ALIAS = `alias/${NAME_PREFIX}-organization-trail-logs`;
/** The topic the CIS alarms on the organization trail's log group notify (security-tooling account, home region). */
export const ORGANIZATION_ALARM_TOPIC = `${NAME_PREFIX}-organization-alarms`;

export const organizationAlarmTopicArn = (callingAccountId: string): string =>
    `arn:aws:sns:${HOME_REGION}:${callingAccountId}:${ORGANIZATION_ALARM_TOPIC}`;

/** The alarms that may publish to that topic: this account's CloudWatch alarms of the home region. */
const alarmSource = (callingAccountId: string) => ({
    StringEquals: { "aws:SourceAccount": callingAccountId },
    ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${HOME_REGION}:${callingAccountId}:alarm:*` },
});

/** The organization alarm topic's policy: this account's alarms publish, over TLS only. */
export function organizationAlarmTopicPolicy(callingAccountId: string): PolicyDocument {
    const topic = organizationAlarmTopicArn(callingAccountId);
    return policyDocument(
        {
            Sid: "CloudWatchAlarmsOfThisAccount",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic,
            Condition: alarmSource(callingAccountId),
        },
        {
            // The findings rule of the aggregation region (lib findingsRouting.ts): every member's HIGH and
            // CRITICAL findings, and this account's and the log archive's, which no security layer routes.
            Sid: "EventBridgeFindingsRule",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: topic,
            Condition: {
                StringEquals: { "aws:SourceAccount": callingAccountId },
                ArnEquals: {
                    "aws:SourceArn": findingsRuleArn(
                        { accountId: callingAccountId, region: HOME_REGION },
                        "securityhub-findings",
                    ),
                },
            },
        },
        {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sns:Publish",
            Resource: topic,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    );
}

export const organizationTrailLogGroupArn = (callingAccountId: string): string =>
    `arn:aws:logs:${HOME_REGION}:${callingAccountId}:log-group:${ORGANIZATION_TRAIL_LOG_GROUP}`;

/**
 * What the organization trail's delivery role may do: create log streams and put events in the trail's
 * group only, in the streams of the organization trail. The CloudTrail user guide ("Role policy document
 * for CloudTrail to use CloudWatch Logs for monitoring") grants an organization trail's role the streams
 * `log-stream:o-exampleorgid_*` of its log group ("to deliver CloudTrail events to that log stream ... for
 * organization trails ... applied to the AWS Organizations organization with the ID of o-exampleorgid").
 * The account-trail prefix of the same example (`<account>_CloudTrail_<region>*`) serves trails that are not
 * organization trails; this role serves none.
 */
export function organizationTrailLogsPolicy(callingAccountId: string, organizationId: string): PolicyDocument {
    const streams = `${organizationTrailLogGroupArn(callingAccountId)}:log-stream:${organizationId}_*`;
    return policyDocument(
        { Sid: "AWSCloudTrailCreateLogStream", Effect: "Allow", Action: "logs:CreateLogStream", Resource: streams },
        { Sid: "AWSCloudTrailPutLogEvents", Effect: "Allow", Action: "logs:PutLogEvents", Resource: streams },
    );
}

/**
 * Who may assume the delivery role: CloudTrail, without aws:SourceArn / aws:SourceAccount. The CloudTrail
 * user guide, on this role ("Role policy document for CloudTrail to use CloudWatch Logs for monitoring"):
 * "Confused deputy prevention is not applicable to the role policy for CloudWatch Logs monitoring. The
 * role policy doesn't support the use of aws:SourceArn and aws:SourceAccount." The account trail's role in
 * global-iam is trusted the same way, for the same reason (a conditioned trust is reported to stop the
 * delivery). iam:PassRole keeps the role to this account's callers, and its permissions reach only the
 * organization trail's streams of one log group.
 */
export function organizationTrailLogsTrustPolicy(): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "sts:AssumeRole",
    });
}

/**
 * The key of the organization trail's log group and alarm topic: the calling account administers it (no
 * cryptographic use by administration, no kms:CreateGrant: keyPolicy.ts); CloudWatch Logs of the home
 * region uses it for that one log group (`kms:EncryptionContext:aws:logs:arn`, which the CloudWatch Logs
 * user guide documents for a log group's key: "Encrypt log data in CloudWatch Logs using AWS Key
 * Management Service"), and for the findings marker's error log; this account's alarms and its findings
 * rule use it to publish to the encrypted topic.
 */
export function organizationTrailLogsKeyPolicy(callingAccountId: string): PolicyDocument {
    return policyDocument(
        {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${callingAccountId}:root` },
            Action: KEY_ADMINISTRATION_ACTIONS,
            Resource: "*",
        },
        {
            Sid: "CloudWatchLogsEncryptsTheTrailGroup",
            Effect: "Allow",
            Principal: { Service: `logs.${HOME_REGION}.amazonaws.com` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: {
                ArnEquals: {
                    "kms:EncryptionContext:aws:logs:arn": [
                        organizationTrailLogGroupArn(callingAccountId),
                        // The findings marker's error log (lib findingsRouting.ts).
                        `arn:aws:logs:${HOME_REGION}:${callingAccountId}:log-group:${names.findingsMarkerLogGroup}`,
                    ],
                },
            },
        },
        {
            Sid: "CloudWatchAlarmsPublishToEncryptedTopic",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: alarmSource(callingAccountId),
        },
        eventBridgeTopicKeyStatement(
            "EventBridgeFindingsRulePublishesToEncryptedTopic",
            organizationAlarmTopicArn(callingAccountId),
        ),
    );
}

/**
 * Which S3 buckets a trail logs object-level calls of (config `cloudTrailS3DataEvents`): `baseline` the
 * baseline's data buckets and their replicas, `all` every bucket but the trail's own and its access-log
 * bucket (what CIS 3.8 / 3.9, S3.22 / S3.23, ask for).
 */
export const DATA_EVENT_SCOPES = ["baseline", "all"] as const;
export type DataEventScope = (typeof DATA_EVENT_SCOPES)[number];

/**
 * The baseline's buckets of the workload accounts, from the topology: in each workload account and each of
 * its regions, the data bucket of that region and its replica (named after its source region, kept in the
 * partner region by the recovery layer). The names are the data and recovery layers' own (naming.ts).
 */
export function workloadDataBuckets(workloads: readonly AccountEntry[] = WORKLOAD_ACCOUNTS): string[] {
    return workloads.flatMap((w) =>
        w.regions.flatMap((r) => [names.dataBucket(w.id, r as Region), names.replicaBucket(w.id, r as Region)]),
    );
}

/**
 * CloudTrail's limit on advanced event selectors (PutEventSelectors, CloudTrail API reference): "You can add
 * advanced event selectors, and conditions for your advanced event selectors, up to a maximum of 500 values
 * for all conditions and selectors on a trail."
 */
export const ADVANCED_SELECTOR_VALUE_LIMIT = 500;

/** How many condition values a trail's advanced event selectors use (what the limit above counts). */
export function selectorValueCount(selectors: readonly aws.types.input.cloudtrail.TrailAdvancedEventSelector[]): number {
    let count = 0;
    for (const s of selectors)
        for (const f of s.fieldSelectors as aws.types.input.cloudtrail.TrailAdvancedEventSelectorFieldSelector[]) {
            for (const k of ["equals", "notEquals", "startsWiths", "notStartsWiths", "endsWiths", "notEndsWiths"] as const)
                count += ((f[k] as string[] | undefined) ?? []).length;
        }
    return count;
}

/**
 * The organization's S3 data-events selector (CIS 3.8 / 3.9): object-level reads and writes of the
 * workload accounts' baseline buckets by exact bucket (`arn:aws:s3:::<bucket>/`, the trailing slash keeps
 * one bucket's name from matching another's), or with `all` every bucket except `excluded` (the trail's
 * own bucket and its access-log bucket: logging them would log every log file delivered, in a loop). The
 * CloudTrail user guide ("Filtering data events by using advanced event selectors"): "if you were logging
 * S3 data events, you could exclude logging for the S3 bucket for your trail".
 */
export function organizationDataEventSelector(
    scope: DataEventScope,
    excluded: readonly string[],
    workloads: readonly AccountEntry[] = WORKLOAD_ACCOUNTS,
): aws.types.input.cloudtrail.TrailAdvancedEventSelector {
    const prefix = (bucket: string) => `${names.bucketArn(bucket)}/`;
    return {
        name:
            scope === "baseline"
                ? "S3 data events of the workload accounts' data and replica buckets"
                : "S3 data events except the trail's own buckets",
        fieldSelectors: [
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            scope === "baseline"
                ? { field: "resources.ARN", startsWiths: workloadDataBuckets(workloads).map(prefix) }
                : { field: "resources.ARN", notStartsWiths: excluded.map(prefix) },
        ],
    };
}

/**
 * The data-events organization trail's selectors: the S3 data events of `scope`, nothing else. Throws one
 * error naming the config key, the topology and the count when the buckets would pass CloudTrail's limit,
 * before anything is registered.
 */
export function organizationDataEventsSelectors(
    scope: DataEventScope,
    excluded: readonly string[],
    workloads: readonly AccountEntry[] = WORKLOAD_ACCOUNTS,
): aws.types.input.cloudtrail.TrailAdvancedEventSelector[] {
    const selectors = [organizationDataEventSelector(scope, excluded, workloads)];
    const count = selectorValueCount(selectors);
    if (count > ADVANCED_SELECTOR_VALUE_LIMIT)
        throw new Error(
            `cloudTrailS3DataEvents = "${scope}": the organization data-events trail's selectors would need ${count} values for ` +
                `${workloads.length} workload accounts of ${TOPOLOGY.file} (two buckets per account and region), over CloudTrail's ` +
                `${ADVANCED_SELECTOR_VALUE_LIMIT} per trail; set cloudTrailS3DataEvents to all`,
        );
    return selectors;
}

/** The organization trail's bucket in the log-archive account; unique through the account id. */
export const organizationTrailBucketName = (logArchiveAccountId: string): string =>
    `${NAME_PREFIX}-org-trail-${logArchiveAccountId}`;

/**
 * The organization trail's ARN, in the MANAGEMENT account, whichever account creates it. The
 * CloudTrail user guide ("Creating a trail for an organization with the AWS CLI"): "When creating
 * or updating an organization trail with the AWS CLI, you must use an AWS CLI profile in the
 * management account or delegated administrator account", and for the bucket policy: "In an
 * organization trail, the value of aws:SourceArn must be a trail ARN that is owned by the management
 * account, and uses the management account ID". So the security-tooling account (the CloudTrail
 * delegated administrator) creates the trail, and the policies name the management account's ARN.
 */
export const organizationTrailArn = (managementAccountId: string): string =>
    `arn:aws:cloudtrail:${HOME_REGION}:${managementAccountId}:trail/${ORGANIZATION_TRAIL_NAME}`;

/** The data-events organization trail's ARN: also the management account's, for the same reason. */
export const organizationDataEventsTrailArn = (managementAccountId: string): string =>
    `arn:aws:cloudtrail:${HOME_REGION}:${managementAccountId}:trail/${ORGANIZATION_DATA_EVENTS_TRAIL_NAME}`;

/** Both organization trails, which deliver to the same bucket with the same key. */
export const organizationTrailArns = (managementAccountId: string): string[] => [
    organizationTrailArn(managementAccountId),
    organizationDataEventsTrailArn(managementAccountId),
];

export interface OrganizationTrailPolicyContext {
    /** The organization (`o-...`): log files of member accounts land under AWSLogs/<organization id>/. */
    readonly organizationId: string;
    readonly managementAccountId: string;
    /** The log-archive account, which owns the bucket and the key. */
    readonly logArchiveAccountId: string;
}

/**
 * The organization trails' bucket: TLS only, and delivery by CloudTrail for the two organization trails
 * (management events, S3 data events) alone. The statements are those of the CloudTrail user guide's bucket policy for an organization
 * trail ("Create or update an Amazon S3 bucket to use to store the log files for an organization
 * trail"): GetBucketAcl on the bucket, PutObject under `AWSLogs/<management account id>/*` ("It also
 * allows logging for the ... account in the event that the trail is changed from an organization
 * trail to a trail for that account only") and under `AWSLogs/<organization id>/*`, each with
 * `s3:x-amz-acl` bucket-owner-full-control and `aws:SourceArn` one of the trails' ARNs. Nobody is granted
 * any delete: the bucket owner's administrators read through IAM, and Object Lock keeps each record
 * for its retention whoever asks.
 */
export function organizationTrailBucketPolicy(ctx: OrganizationTrailPolicyContext, bucketName: string): PolicyDocument {
    const arn = `arn:aws:s3:::${bucketName}`;
    // Either organization trail (StringEquals with a list matches any of its values).
    const sourceArn = organizationTrailArns(ctx.managementAccountId);
    const write = (sid: string, prefix: string): Statement => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "cloudtrail.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${arn}/AWSLogs/${prefix}/*`,
        Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control", "aws:SourceArn": sourceArn } },
    });
    return policyDocument(
        denyInsecureTransport(arn),
        {
            Sid: "AWSCloudTrailAclCheck",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "s3:GetBucketAcl",
            Resource: arn,
            Condition: { StringEquals: { "aws:SourceArn": sourceArn } },
        },
        write("AWSCloudTrailWriteManagementAccount", ctx.managementAccountId),
        write("AWSCloudTrailWriteOrganization", ctx.organizationId),
    );
}

/**
 * The organization trails' key, in the log-archive account. The CloudTrail user guide ("Configure
 * AWS KMS key policies for CloudTrail"): "As a security best practice, add an aws:SourceArn condition
 * key to the KMS key policy ... The value of aws:SourceArn is always the trail ARN (or array of trail
 * ARNs) that is using the KMS key", and `kms:EncryptionContext:aws:cloudtrail:arn` carries the trail
 * whose files are encrypted. Both name the management account's two organization trails
 * (organizationTrailArns). Decryption: principals of the log-archive account, through S3, of those
 * trails' files only.
 */
export function organizationTrailKeyPolicy(ctx: OrganizationTrailPolicyContext): PolicyDocument {
    // "... the trail ARN (or array of trail ARNs) that is using the KMS key": both organization trails.
    const trail = organizationTrailArns(ctx.managementAccountId);
    const root = { AWS: `arn:aws:iam::${ctx.logArchiveAccountId}:root` };
    return policyDocument(
        {
            Sid: "AccountAdministersKey",
            Effect: "Allow",
            Principal: root,
            // Administration without cryptographic use, and no kms:CreateGrant (keyPolicy.ts says why).
            Action: KEY_ADMINISTRATION_ACTIONS,
            Resource: "*",
        },
        {
            Sid: "OrganizationTrailEncryptsItsLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringEquals: { "aws:SourceArn": trail, "kms:EncryptionContext:aws:cloudtrail:arn": trail },
            },
        },
        {
            Sid: "OrganizationTrailDescribesKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceArn": trail } },
        },
        {
            Sid: "LogArchiveAccountReadsTrailLogsThroughS3",
            Effect: "Allow",
            Principal: root,
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: {
                StringEquals: {
                    "kms:CallerAccount": ctx.logArchiveAccountId,
                    "kms:ViaService": `s3.${HOME_REGION}.amazonaws.com`,
                    "kms:EncryptionContext:aws:cloudtrail:arn": trail,
                },
            },
        },
    );
}
