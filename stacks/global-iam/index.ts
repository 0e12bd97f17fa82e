import * as aws from "@pulumi/aws";
import { applyBaselineTags, Exports, GlobalIamOutputs, HOME_REGION, RUNBOOK_IDS } from "@baseline/lib";
import { readConfig } from "./src/config";
import { AccountSettings } from "./src/accountSettings";
import { HumanRoles } from "./src/humanRoles";
import { ServiceRoles } from "./src/serviceRoles";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<GlobalIamOutputs>> => {
    const config = readConfig();
    applyBaselineTags("global-iam", config.owner);
    const { accountId } = await aws.getCallerIdentity();

    new AccountSettings("account", { accountId });
    const services = new ServiceRoles("service", { accountId, remediationRunbooks: RUNBOOK_IDS });
    const humans = new HumanRoles("human", {
        trustedPrincipals: config.trustedPrincipals ?? [`arn:aws:iam::${accountId}:root`],
        maxSessionDurationSeconds: config.maxSessionDurationSeconds,
        mfaMaxAgeSeconds: config.mfaMaxAgeSeconds,
    });

    return {
        accountId,
        homeRegion: HOME_REGION,
        flowLogsRoleArn: services.flowLogs.arn,
        configRemediationRoleArn: services.configRemediation.arn,
        configServiceLinkedRoleArn: services.configServiceLinkedRole.arn,
        cloudTrailLogsRoleArn: services.cloudTrailLogs.arn,
        rdsMonitoringRoleArn: services.rdsMonitoring.arn,
        apiGatewayCloudWatchRoleArn: services.apiGatewayCloudWatch.arn,
        apiLambdaRoleArn: services.apiLambda.arn,
        adminRoleArn: humans.admin.arn,
        auditorRoleArn: humans.auditor.arn,
    };
};
