import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { applyBaselineTags, Exports, GlobalIamOutputs, HOME_REGION, ORGANIZATION_MODE, RUNBOOK_IDS } from "@baseline/lib";
import { checkTrustedPrincipals, readConfig } from "./src/config";
import { AccountSettings } from "./src/accountSettings";
import { HumanRoles, NO_HUMAN_ROLES_MESSAGE } from "./src/humanRoles";
import { ServiceRoles } from "./src/serviceRoles";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<GlobalIamOutputs>> => {
    const config = readConfig();
    applyBaselineTags("global-iam", config.owner);
    const { accountId } = await aws.getCallerIdentity();
    // Before any resource: another account's root is refused unless explicitly acknowledged.
    checkTrustedPrincipals(config, accountId);

    new AccountSettings("account", { accountId });
    // Organization mode: the organization's own accounts run no workload layer (lib's layers.ts).
    const workloads = !config.account || config.account.kind === "workload";
    const services = new ServiceRoles("service", {
        accountId,
        remediationRunbooks: RUNBOOK_IDS,
        workloads,
        // The organization trail records every account: no account trail, no role for its logs.
        accountTrail: !ORGANIZATION_MODE,
    });
    // No principals configured, no human roles: nothing hands out AdministratorAccess by default.
    // The log line shows in `pulumi preview`/`up` (and the offline plan), so the choice is visible.
    const humans =
        config.trustedPrincipals.length > 0
            ? new HumanRoles("human", {
                  trustedPrincipals: config.trustedPrincipals,
                  maxSessionDurationSeconds: config.maxSessionDurationSeconds,
                  mfaMaxAgeSeconds: config.mfaMaxAgeSeconds,
              })
            : undefined;
    if (!humans) pulumi.log.warn(NO_HUMAN_ROLES_MESSAGE);

    return {
        accountId,
        homeRegion: HOME_REGION,
        flowLogsRoleArn: services.flowLogs.arn,
        configRemediationRoleArn: services.configRemediation.arn,
        configServiceLinkedRoleArn: services.configServiceLinkedRole.arn,
        cloudTrailLogsRoleArn: services.cloudTrailLogs?.arn ?? "",
        rdsMonitoringRoleArn: services.rdsMonitoring?.arn ?? "",
        apiGatewayCloudWatchRoleArn: services.apiGatewayCloudWatch?.arn ?? "",
        apiLambdaRoleArn: services.apiLambda?.arn ?? "",
        adminRoleArn: humans ? humans.admin.arn : "",
        auditorRoleArn: humans ? humans.auditor.arn : "",
    };
};
