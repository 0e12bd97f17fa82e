import * as aws from "@pulumi/aws";
import {
    Exports,
    FindingsRouting,
    NAME_PREFIX,
    SecurityToolingOutputs,
    HOME_REGION,
    accountByKind,
    applyBaselineTags,
    auditAccessLogBucketName,
    assertOrganizationAccounts,
    organizationTrailArn,
    resolveUpstream,
} from "@baseline/lib";
import { readConfig } from "./src/config";
import { OrganizationAlarms } from "./src/organizationAlarms";
import { OrganizationConfigAggregator } from "./src/organizationConfigAggregator";
import { OrganizationGuardDuty } from "./src/organizationGuardDuty";
import { OrganizationSecurityHub } from "./src/organizationSecurityHub";
import { OrganizationTrail } from "./src/organizationTrail";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and calls the
// module itself when it is a function; it does not unwrap a default export there.
export = async (): Promise<Exports<SecurityToolingOutputs>> => {
    const config = readConfig();
    applyBaselineTags("security-tooling", config.owner);
    const org = await resolveUpstream("organization", config.upstream);
    const logArchive = await resolveUpstream("log-archive", config.upstream);
    const management = accountByKind("management");
    const logArchiveAccount = accountByKind("log-archive");
    const tooling = accountByKind("security-tooling");
    assertOrganizationAccounts(org.accountIds, [management, logArchiveAccount, tooling]);

    // The GuardDuty detector and Security Hub itself come from the organization layer's designations, never
    // from here (a second create fails): the components configure what the designations enabled.
    new OrganizationGuardDuty("guardduty", { findingPublishingFrequency: config.guardDutyFindingFrequency });
    // Access Analyzer.1 for every member: one analyzer whose zone of trust is the organization, per region.
    new aws.accessanalyzer.Analyzer("access-analyzer", { analyzerName: `${NAME_PREFIX}-organization`, type: "ORGANIZATION" });
    // Central configuration reaches every region from home: the other regions' stacks create no Security Hub resource.
    const securityHub = config.isHome ? new OrganizationSecurityHub("securityhub", { rootId: org.rootId }) : undefined;
    if (config.isHome) {
        new OrganizationConfigAggregator("config-aggregator");
        const trail = new OrganizationTrail("organization-trail", {
            bucketName: logArchive.trailBucketName,
            kmsKeyArn: logArchive.trailKeyArn,
            // The log-archive layer's access-log bucket of the trail bucket (same account, home region).
            accessLogBucketName: auditAccessLogBucketName(logArchiveAccount.id, HOME_REGION),
            organizationId: org.organizationId,
            callingAccountId: tooling.id,
            logRetentionDays: config.cloudTrailLogRetentionDays,
            dataEvents: config.cloudTrailS3DataEvents,
        });
        const alarms = new OrganizationAlarms("organization-trail-alarms", {
            logGroupName: trail.logGroup.name,
            kmsKeyArn: trail.logsKey.arn,
            callingAccountId: tooling.id,
            subscriptions: config.alarmSubscriptions,
        });
        // Every member's HIGH and CRITICAL findings reach this administrator's aggregation region, and so do
        // this account's, which its own security stacks also route to its own topic (under names ending in
        // `-account`: these are the plain ones). AWS Prescriptive Guidance ("Manage findings in Security Hub"): "create EventBridge rules in the
        // Security Hub delegated administrator account. This notifies teams about all findings in the member
        // accounts." Every other account's security stacks also route its own findings to its own topic.
        new FindingsRouting("findings", {
            accountId: tooling.id,
            region: HOME_REGION,
            findingsOf: "every region",
            alarmTopicArn: alarms.topic.arn,
            dependsOn: [alarms.policy, trail.logsKey],
            logsKeyArn: trail.logsKey.arn,
            logRetentionDays: config.cloudTrailLogRetentionDays,
        });
    }
    return {
        region: config.region,
        delegatedAdminAccountId: tooling.id,
        // The management account's ARN, whichever account created the trail (lib organizationTrailArn).
        organizationTrailArn: config.isHome ? organizationTrailArn(management.id) : "",
        findingAggregatorArn: securityHub ? securityHub.aggregator.arn : "",
    };
};
