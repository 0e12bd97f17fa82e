import * as aws from "@pulumi/aws";
import {
    Exports,
    NAME_PREFIX,
    SecurityToolingOutputs,
    accountByKind,
    applyBaselineTags,
    assertOrganizationAccounts,
    organizationTrailArn,
    resolveUpstream,
} from "@baseline/lib";
import { readConfig } from "./src/config";
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
    const tooling = accountByKind("security-tooling");
    assertOrganizationAccounts(org.accountIds, [management, accountByKind("log-archive"), tooling]);

    new OrganizationGuardDuty("guardduty", { findingPublishingFrequency: config.guardDutyFindingFrequency });
    const securityHub = new OrganizationSecurityHub("securityhub", { region: config.region, rootId: org.rootId });
    // Access Analyzer.1 for every member: one analyzer whose zone of trust is the organization, per region.
    new aws.accessanalyzer.Analyzer("access-analyzer", { analyzerName: `${NAME_PREFIX}-organization`, type: "ORGANIZATION" });
    if (config.isHome) {
        new OrganizationConfigAggregator("config-aggregator");
        new OrganizationTrail("organization-trail", {
            bucketName: logArchive.trailBucketName,
            kmsKeyArn: logArchive.trailKeyArn,
        });
    }
    return {
        region: config.region,
        delegatedAdminAccountId: tooling.id,
        // The management account's ARN, whichever account created the trail (lib organizationTrailArn).
        organizationTrailArn: config.isHome ? organizationTrailArn(management.id) : "",
        findingAggregatorArn: securityHub.aggregator ? securityHub.aggregator.arn : "",
    };
};
