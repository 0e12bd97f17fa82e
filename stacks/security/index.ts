import { applyBaselineTags, Exports, resolveUpstream, SecurityOutputs } from "@baseline/lib";
import { AlarmTopic } from "./src/alarmTopic";
import { readConfig } from "./src/config";
import { ConfigRecording } from "./src/configRecording";
import { ConfigRules } from "./src/configRules";
import { Guardrails } from "./src/guardrails";
import { Keys } from "./src/keys";
import { configRules } from "./src/rules";
import { Trail } from "./src/trail";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<SecurityOutputs>> => {
    const config = readConfig();
    applyBaselineTags("security", config.owner);
    const iam = await resolveUpstream("global-iam", config.upstream);
    const ctx = { accountId: iam.accountId, region: config.region };

    const keys = new Keys("keys", { ...ctx, cloudTrail: config.enableCloudTrail });
    const alarms = new AlarmTopic("alarms", { ...ctx, kmsKeyArn: keys.logs.arn });
    const recording = new ConfigRecording("config", {
        ...ctx,
        serviceLinkedRoleArn: iam.configServiceLinkedRoleArn,
        includeGlobalResourceTypes: config.isHome,
        kmsKeyArn: keys.logs.arn,
        expirationDays: config.auditBucketExpirationDays,
        objectLock: config.auditObjectLock,
    });
    new ConfigRules("rules", {
        rules: configRules({ ...ctx, dataKeyArn: keys.data.arn, flowLogsRoleArn: iam.flowLogsRoleArn }),
        remediationRoleArn: iam.configRemediationRoleArn,
        maximumAutomaticAttempts: config.remediationMaxAttempts,
        retryAttemptSeconds: config.remediationRetrySeconds,
        dependsOn: [recording.status],
    });
    new Guardrails("guardrails");
    if (config.enableCloudTrail) {
        new Trail("cloudtrail", {
            ...ctx,
            kmsKeyArn: keys.logs.arn,
            cloudWatchLogsRoleArn: iam.cloudTrailLogsRoleArn,
            logRetentionDays: config.cloudTrailLogRetentionDays,
            bucketExpirationDays: config.auditBucketExpirationDays,
            objectLock: config.auditObjectLock,
            alarmTopicArn: config.enableCisAlarms ? alarms.topic.arn : undefined,
        });
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
