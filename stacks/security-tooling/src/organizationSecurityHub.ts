import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DISABLED_CONTROLS, DeployRegion, HOME_REGION, NAME_PREFIX, STANDARDS, everyRegionOf } from "@baseline/lib";

export interface OrganizationSecurityHubArgs {
    readonly region: DeployRegion;
    /** The organization root (`r-...`): the configuration policy reaches every account under it. */
    readonly rootId: string;
}

/**
 * The controls the central configuration policy disables: those the security layer disables in every
 * region. A configuration policy is one setting for the home Region and every linked Region, so the
 * global-resource controls the security layer disables outside its home region (`outside-home`) stay on
 * here; the finding aggregator gathers their findings in the home region.
 */
export const centrallyDisabledControls = (): string[] =>
    [...new Set(DISABLED_CONTROLS.filter((d) => d.where === "everywhere").map((d) => d.control))].sort();

/**
 * Security Hub as the organization's delegated administrator. In every region: Security Hub in this
 * account. In the home region: the finding aggregator over the other regions, central configuration,
 * and one configuration policy (FSBP and CIS v3.0.0, the security layer's disabled controls) associated
 * with the organization root. UpdateOrganizationConfiguration: "If the ConfigurationType of your
 * organization is set to CENTRAL, then this field [AutoEnable] is set to false and can't be changed in
 * the home Region and linked Regions. However, in that case, the delegated administrator can create a
 * configuration policy in which Security Hub is enabled and associate the policy with new organization
 * accounts." The provider: "Central configuration also requires an aws.securityhub.FindingAggregator".
 */
export class OrganizationSecurityHub extends pulumi.ComponentResource {
    readonly account: aws.securityhub.Account;
    readonly aggregator?: aws.securityhub.FindingAggregator;
    readonly policy?: aws.securityhub.ConfigurationPolicy;

    constructor(name: string, args: OrganizationSecurityHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationSecurityHub", name, {}, opts);
        this.account = new aws.securityhub.Account(
            `${name}-account`,
            // Standards come from the configuration policy, never from the console's defaults.
            { enableDefaultStandards: false, controlFindingGenerator: "SECURITY_CONTROL", autoEnableControls: true },
            { parent: this },
        );
        if (args.region === HOME_REGION) {
            this.aggregator = new aws.securityhub.FindingAggregator(
                `${name}-aggregator`,
                { linkingMode: "SPECIFIED_REGIONS", specifiedRegions: everyRegionOf().filter((r) => r !== HOME_REGION) },
                { parent: this, dependsOn: [this.account] },
            );
            const organization = new aws.securityhub.OrganizationConfiguration(
                `${name}-organization`,
                { autoEnable: false, autoEnableStandards: "NONE", organizationConfiguration: { configurationType: "CENTRAL" } },
                { parent: this, dependsOn: [this.aggregator] },
            );
            this.policy = new aws.securityhub.ConfigurationPolicy(
                `${name}-policy`,
                {
                    name: `${NAME_PREFIX}-organization`,
                    description:
                        "The baseline: Security Hub on, FSBP v1.0.0 and CIS v3.0.0, the controls that do not apply disabled",
                    configurationPolicy: {
                        serviceEnabled: true,
                        enabledStandardArns: [STANDARDS.fsbp.arn(HOME_REGION), STANDARDS.cis.arn(HOME_REGION)],
                        securityControlsConfiguration: { disabledControlIdentifiers: centrallyDisabledControls() },
                    },
                },
                { parent: this, dependsOn: [organization] },
            );
            new aws.securityhub.ConfigurationPolicyAssociation(
                `${name}-policy-root`,
                { policyId: this.policy.id, targetId: args.rootId },
                { parent: this.policy },
            );
        }
        this.registerOutputs({});
    }
}
