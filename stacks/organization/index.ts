import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Exports, OrganizationOutputs, applyBaselineTags } from "@baseline/lib";
import { checkCallerAccount, readConfig } from "./src/config";
import { MemberAccounts } from "./src/accounts";
import { DelegatedAdministration } from "./src/delegatedAdmin";
import { GuardrailPolicies } from "./src/guardrails";
import { Organization, existingOrganization } from "./src/organization";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export.
export = async (): Promise<Exports<OrganizationOutputs>> => {
    const config = readConfig();
    applyBaselineTags("organization", config.owner);
    // Before any resource: only the management account manages the organization.
    const { accountId } = await aws.getCallerIdentity();
    checkCallerAccount(config, accountId);

    // An adopted organization keeps the trusted services and policy types it already has (src/organization.ts).
    const org = new Organization("org", { existing: await existingOrganization() });
    const members = new MemberAccounts(
        "account",
        {
            securityOuId: org.ous.security.id,
            workloadsOuId: org.ous.workloads.id,
            security: [config.logArchive, config.securityTooling],
            workloads: config.workloads,
            deployRoleName: config.guardrails.deployRoleName,
        },
        { dependsOn: [org] },
    );
    const guardrails = new GuardrailPolicies(
        "guardrail",
        {
            organizationId: org.organization.id,
            facts: config.guardrails,
            ouIds: { security: org.ous.security.id, workloads: org.ous.workloads.id },
        },
        // The policy types must be enabled first; the accounts exist before they are restricted.
        { dependsOn: [org, members] },
    );
    new DelegatedAdministration(
        "delegated-admin",
        {
            adminAccountId: members.accounts[config.securityTooling.name]!.id,
            homeRegion: config.region,
            regions: config.guardrails.regions,
        },
        { dependsOn: [org] },
    );

    return {
        organizationId: org.organization.id,
        organizationArn: org.organization.arn,
        rootId: org.rootId,
        ouIds: pulumi.output({ security: org.ous.security.id, workloads: org.ous.workloads.id }),
        // The ids topology.yaml declares, which every deploy role ARN is built from; MemberAccounts
        // refuses an account whose id in AWS differs.
        accountIds: Object.fromEntries(
            [config.management, config.logArchive, config.securityTooling, ...config.workloads].map((a) => [a.name, a.id]),
        ),
        guardrailPolicyIds: pulumi.output(Object.fromEntries(Object.entries(guardrails.policies).map(([n, p]) => [n, p.id]))),
    };
};
