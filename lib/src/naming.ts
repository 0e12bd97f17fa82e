/**
 * Physical names that one layer creates and another layer's IAM policy must
 * match before the resource exists. global-iam is deployed first, so its roles
 * are scoped to these ARN patterns rather than to ARNs it cannot know yet.
 */
import { DeployRegion, NAME_PREFIX, Region } from "./environment";

const ALARM_TOPIC = `${NAME_PREFIX}-alarms`;

export const names = {
    /** Log group of a VPC's flow logs, per region; the flow-log role may write only under this prefix. */
    flowLogGroupPrefix: `/${NAME_PREFIX}/vpc-flow-logs`,
    flowLogGroup: (region: Region): string => `/${NAME_PREFIX}/vpc-flow-logs/${region}`,
    /**
     * Owned by security: where the VPC_FLOW_LOGS_ENABLED remediation sends the flow logs of any VPC
     * that has none (the default VPCs, VPCs made outside the baseline). It exists before `network`,
     * so the remediation never fails for want of a destination nor mixes them into the baseline
     * VPC's group. Under `flowLogGroupPrefix`, so the flow-log role may write to it.
     */
    remediationFlowLogGroup: (region: DeployRegion): string => `/${NAME_PREFIX}/vpc-flow-logs/remediation/${region}`,
    /** The API's Lambda function; its role may write only to this function's log group. */
    apiFunctionName: `${NAME_PREFIX}-api-backend`,
    apiFunctionLogGroup: `/aws/lambda/${NAME_PREFIX}-api-backend`,
    /** The API Lambda's dead-letter queue; its role may send only to this queue. */
    apiDeadLetterQueue: `${NAME_PREFIX}-api-backend-dlq`,
    /** API Gateway access logs. */
    apiAccessLogGroup: `/${NAME_PREFIX}/api-gateway/access`,
    /** Application data bucket; globally unique through account and region. */
    dataBucket: (accountId: string, region: Region): string => `${NAME_PREFIX}-data-${accountId}-${region}`,
    dataBucketPattern: (accountId: string): string => `${NAME_PREFIX}-data-${accountId}-*`,
    accessLogBucket: (accountId: string, region: Region): string => `${NAME_PREFIX}-access-logs-${accountId}-${region}`,
    configBucket: (accountId: string, region: DeployRegion): string => `${NAME_PREFIX}-config-${accountId}-${region}`,
    cloudTrailBucket: (accountId: string): string => `${NAME_PREFIX}-cloudtrail-${accountId}`,
    cloudTrailLogGroup: `/${NAME_PREFIX}/cloudtrail`,
    /** The multi-region trail (home region); global-iam's CloudTrail role trusts only this trail (aws:SourceArn). */
    cloudTrail: `${NAME_PREFIX}-trail`,
    /**
     * The multi-region trail of S3 data events (home region): a trail of its own, without CloudWatch
     * Logs, so object-level calls stay out of the log group the CIS alarms read.
     */
    cloudTrailDataEvents: `${NAME_PREFIX}-data-events-trail`,
    /** KMS aliases per purpose, the same in every region. */
    keyAlias: {
        data: `alias/${NAME_PREFIX}-data`,
        database: `alias/${NAME_PREFIX}-database`,
        logs: `alias/${NAME_PREFIX}-logs`,
    },
    /**
     * The replica of a source region's data bucket; it lives in that region's partner
     * region (recovery layer), and is named after its SOURCE so each is unique.
     */
    replicaBucket: (accountId: string, sourceRegion: Region): string => `${NAME_PREFIX}-replica-${accountId}-${sourceRegion}`,
    /** Server access logs of the replica buckets a partner region holds (recovery layer). */
    replicaAccessLogBucket: (accountId: string, region: DeployRegion): string =>
        `${NAME_PREFIX}-replica-logs-${accountId}-${region}`,
    /** Each baseline region's own backup vault (data layer) and each partner region's copy-target vault (recovery layer). */
    backupVault: `${NAME_PREFIX}-backup`,
    recoveryVault: `${NAME_PREFIX}-recovery`,
    /** IAM is global: the data layer's roles carry their region. */
    backupRole: (region: Region): string => `${NAME_PREFIX}-backup-${region}`,
    replicationRole: (region: Region): string => `${NAME_PREFIX}-s3-replication-${region}`,
    /**
     * The security layer's findings marker (findingsRouting.ts): the state machine that marks a forwarded
     * finding NOTIFIED, its log group (under /aws/vendedlogs/, the prefix the Step Functions developer
     * guide recommends for vended logs), and its two roles, which carry their region like the data layer's.
     */
    findingsMarker: `${NAME_PREFIX}-mark-forwarded-findings`,
    findingsMarkerLogGroup: `/aws/vendedlogs/states/${NAME_PREFIX}-mark-forwarded-findings`,
    findingsMarkerRole: (region: Region): string => `${NAME_PREFIX}-findings-marker-${region}`,
    findingsMarkerStartRole: (region: Region): string => `${NAME_PREFIX}-findings-marker-start-${region}`,
    /** KMS aliases of the recovery keys (recovery layer) and of each region's backup vault key (data layer). */
    recoveryKeyAlias: {
        replica: `alias/${NAME_PREFIX}-replica`,
        vault: `alias/${NAME_PREFIX}-recovery-vault`,
        databaseBackups: `alias/${NAME_PREFIX}-database-backups`,
        backupVault: `alias/${NAME_PREFIX}-backup-vault`,
    },
    /** ARN of a bucket from its name (buckets have no region or account in their ARN). */
    bucketArn: (bucketName: string): string => `arn:aws:s3:::${bucketName}`,
    vaultArn: (region: DeployRegion, accountId: string, vaultName: string): string =>
        `arn:aws:backup:${region}:${accountId}:backup-vault:${vaultName}`,
    /** Encrypted SNS topic every layer's alarms notify (owned by security). */
    alarmTopic: ALARM_TOPIC,
    /**
     * The alarm topic's ARN from its name: the recovery layer's alarms notify the topic of their region
     * without reading the security stack (recovery reads only global-iam; see stacks/recovery/index.ts).
     */
    alarmTopicArn: (region: DeployRegion, accountId: string): string => `arn:aws:sns:${region}:${accountId}:${ALARM_TOPIC}`,
    /** An EventBridge rule's ARN from its name (on the default bus), for the topic policies that admit it before it exists. */
    eventRuleArn: (region: string, accountId: string, ruleName: string): string =>
        `arn:aws:events:${region}:${accountId}:rule/${ruleName}`,
    /**
     * The data layer's one S3 replication rule (to the partner's replica). S3 replication metrics carry
     * it as the RuleId dimension, so the recovery layer's latency alarm names it too.
     */
    replicationRuleId: "to-partner-region",
    /**
     * The data layer's EventBridge rule that sends failed, aborted and expired AWS Backup and copy jobs to
     * the alarm topic; the security layer's topic policy admits its publish by this name (aws:SourceArn)
     * before the rule exists.
     */
    backupJobsRule: `${NAME_PREFIX}-backup-jobs`,
    /**
     * Role path of the service and human roles created by global-iam, except the Config remediation role,
     * which is at the root path (global-iam `ROOT_PATH_ROLES`: AWS's runbooks refuse a role path).
     */
    rolePath: `/${NAME_PREFIX}/`,
    /** The PostgreSQL database and its identifier. */
    dbIdentifier: `${NAME_PREFIX}-postgres`,
    /**
     * The database's TCP port, shared by the network layer's security group rules and
     * the data layer's instance so that neither can change without the other.
     */
    dbPort: 5432,
} as const;
