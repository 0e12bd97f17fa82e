import * as pulumi from "@pulumi/pulumi";
import {
    applyBaselineTags,
    Exports,
    isRegion,
    names,
    ORGANIZATION_MODE,
    resolveUpstream,
    SecurityOutputs,
    AccessLogBucket,
    accountRoutingNames,
    auditAccessLogBucketName,
    sharesLogArchiveAccessLogs,
} from "@baseline/lib";
import { AlarmSubscriptions } from "./src/alarmSubscriptions";
import { AlarmTopic } from "./src/alarmTopic";
import { CisAlarms } from "./src/cisAlarms";
import { FindingsRouting } from "./src/findingsRouting";
import { checkKeyAdministrators, readConfig } from "./src/config";
import { ConfigAggregator } from "./src/configAggregator";
import { ConfigRecording } from "./src/configRecording";
import { ConfigRules } from "./src/configRules";
import { GuardDuty } from "./src/guardDuty";
import { Guardrails } from "./src/guardrails";
import { Keys } from "./src/keys";
import { resolveMemberOrganization } from "./src/memberOrganization";
import { RemediationFlowLogs } from "./src/remediationFlowLogs";
import { RdsEvents } from "./src/rdsEvents";
import { configRules } from "./src/rules";
import { NO_SECURITY_CONTACT_MESSAGE, SecurityContact } from "./src/securityContact";
import { SecurityHub } from "./src/securityHub";
import { Trail } from "./src/trail";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<SecurityOutputs>> => {
    const config = readConfig();
    applyBaselineTags("security", config.owner);
    const iam = await resolveUpstream("global-iam", config.upstream);
    // Organization mode: the organization's stacks, checked against the topology before anything exists.
    // What they change here: no trail of the account's own (the organization trail records it), and
    // GuardDuty and Security Hub are the delegated administrator's (auto-enable, central configuration).
    const organization =
        ORGANIZATION_MODE && config.account
            ? await resolveMemberOrganization(config.upstream, config.account, iam.accountId)
            : undefined;
    // In the security-tooling account the organization's findings routing (security-tooling layer) has the
    // plain names; this account's own routing and the topic policy that admits it take `-account`.
    const ctx = { accountId: iam.accountId, region: config.region, ...accountRoutingNames(config.account) };
    // Before any key: a foreign key administrator is refused, not built into every key policy.
    checkKeyAdministrators(config.keyAdministrators, iam.accountId);

    const keys = new Keys("keys", {
        ...ctx,
        cloudTrail: config.enableCloudTrail,
        keyAdministrators: config.keyAdministrators,
    });
    const alarms = new AlarmTopic("alarms", { ...ctx, kmsKeyArn: keys.logs.arn });
    new AlarmSubscriptions("alarm-subscriptions", { topicArn: alarms.topic.arn, subscriptions: config.alarmSubscriptions });
    // Server access logs of this region's audit buckets (S3.9, CloudTrail.7). In the log-archive
    // account's home region the log-archive layer already owns the bucket of that name (for the
    // organization trail's bucket) and takes this region's Config bucket as a source too.
    const accessLogTarget = sharesLogArchiveAccessLogs(config.account, config.region)
        ? { bucketName: auditAccessLogBucketName(ctx.accountId, config.region), dependsOn: [] }
        : (() => {
              const accessLogs = new AccessLogBucket("audit-access-logs", {
                  ...ctx,
                  sources: [
                      { bucketName: names.configBucket(ctx.accountId, ctx.region) },
                      ...(config.enableCloudTrail ? [{ bucketName: names.cloudTrailBucket(ctx.accountId) }] : []),
                  ],
                  expirationDays: config.auditBucketExpirationDays,
              });
              return { bucketName: accessLogs.bucketName, dependsOn: [accessLogs.policy] };
          })();
    const recording = new ConfigRecording("config", {
        ...ctx,
        serviceLinkedRoleArn: iam.configServiceLinkedRoleArn,
        includeGlobalResourceTypes: config.isHome,
        kmsKeyArn: keys.logs.arn,
        expirationDays: config.auditBucketExpirationDays,
        accessLogs: accessLogTarget,
    });
    // A recovery-only region (eu-west-1) gets detection only: recording, GuardDuty, Security Hub, Access
    // Analyzer and the alarm topic. The baseline's Config rules and their remediations run where its
    // workloads run: the global-iam remediation and flow-log roles serve the baseline regions only.
    if (isRegion(config.region)) {
        // Before the rules: the flow-log remediation writes to this group from its first run.
        const remediationFlowLogs = new RemediationFlowLogs("remediation-flow-logs", {
            region: config.region,
            kmsKeyArn: keys.logs.arn,
            // A year, like the network layer's flow logs (CloudWatch.16).
            retentionInDays: 365,
        });
        new ConfigRules("rules", {
            rules: configRules({
                ...ctx,
                remediationScope: config.remediationScope,
                dataKeyArn: keys.data.arn,
                flowLogsRoleArn: iam.flowLogsRoleArn,
            }),
            remediationRoleArn: iam.configRemediationRoleArn,
            maximumAutomaticAttempts: config.remediationMaxAttempts,
            retryAttemptSeconds: config.remediationRetrySeconds,
            dependsOn: [recording.status, remediationFlowLogs.logGroup],
        });
    }
    new Guardrails("guardrails");

    // Findings and threat detection, routed to the alarm topic.
    // In a member account the delegated administrator owns both: its GuardDuty auto-enable creates this
    // account's detector (GuardDuty allows "only one detector per account per Region": a second one here
    // would fail), and its central configuration policy enables Security Hub with the baseline's standards.
    if (!organization) new SecurityHub("securityhub", { region: config.region }, { dependsOn: [recording.status] });
    if (!organization) new GuardDuty("guardduty", { findingPublishingFrequency: config.guardDutyFindingFrequency });
    const publishers = [alarms.policy, keys.logs];
    new FindingsRouting("findings", {
        ...ctx,
        alarmTopicArn: alarms.topic.arn,
        dependsOn: publishers,
        logsKeyArn: keys.logs.arn,
        // A year, like the remediation flow logs and the network layer's flow logs (CloudWatch.16).
        logRetentionDays: 365,
    });
    new RdsEvents("rds-events", { alarmTopicArn: alarms.topic.arn, dependsOn: publishers });

    if (config.isHome) {
        new ConfigAggregator("config-aggregator", { accountId: ctx.accountId });
        if (config.securityContact) new SecurityContact("security-contact", config.securityContact);
        // Said in the plan and in `pulumi preview`: the contact is optional, its absence is not silent.
        else pulumi.log.warn(NO_SECURITY_CONTACT_MESSAGE);
    }
    if (config.enableCloudTrail) {
        const trail = new Trail("cloudtrail", {
            ...ctx,
            kmsKeyArn: keys.logs.arn,
            cloudWatchLogsRoleArn: iam.cloudTrailLogsRoleArn,
            logRetentionDays: config.cloudTrailLogRetentionDays,
            bucketExpirationDays: config.auditBucketExpirationDays,
            accessLogs: accessLogTarget,
            objectLock: config.auditObjectLock,
            dataEvents: config.cloudTrailS3DataEvents,
        });
        if (config.enableCisAlarms) {
            new CisAlarms("cloudtrail", {
                logGroupName: trail.logGroup.name,
                alarmTopicArn: alarms.topic.arn,
                previousParent: trail,
            });
        }
    }

    return {
        region: config.region,
        dataKeyArn: keys.data.arn,
        dataKeyId: keys.data.keyId,
        databaseKeyArn: keys.database.arn,
        databaseKeyId: keys.database.keyId,
        logsKeyArn: keys.logs.arn,
        logsKeyId: keys.logs.keyId,
        alarmTopicArn: alarms.topic.arn,
        configRecorderName: recording.recorder.name,
    };
};
