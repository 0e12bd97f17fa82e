import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DISABLED_CONTROLS, HOME_REGION, NAME_PREFIX, STANDARDS, everyRegionOf } from "@baseline/lib";

export interface OrganizationSecurityHubArgs {
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
 * Security Hub as the organization's delegated administrator, from the home region (the only stack that
 * creates it): the finding aggregator over the other regions, central configuration, and one configuration
 * policy (FSBP and CIS v3.0.0, the security layer's disabled controls) associated with the organization
 * root. UpdateOrganizationConfiguration: "If the ConfigurationType of your organization is set to CENTRAL,
 * then this field [AutoEnable] is set to false and can't be changed in the home Region and linked Regions.
 * However, in that case, the delegated administrator can create a configuration policy in which Security
 * Hub is enabled and associate the policy with new organization accounts." The provider: "Central
 * configuration also requires an aws.securityhub.FindingAggregator".
 *
 * No `aws.securityhub.Account`, in any region: its create calls EnableSecurityHub, which fails in an account
 * where Security Hub is already on, and here it always is, or will be before a region's stack could run:
 * - home region: the organization layer designates this account (`aws.securityhub.OrganizationAdminAccount`)
 *   before this stack runs, and "Security Hub CSPM is automatically enabled in the delegated administrator
 *   account in the AWS Region in which it was designated" (Security Hub user guide, "Managing administrator
 *   and member accounts in Security Hub CSPM"). That is what the aggregator, the organization configuration
 *   and the policy rely on; it lives in the organization stack, which this stack reads before it registers
 *   anything and which the deploy runs first, so there is no resource of this stack for them to wait for.
 * - linked regions: the policy below enables it. It is associated with the root, so it reaches this
 *   account too ("If you associate a configuration policy in which Security Hub CSPM is enabled with a
 *   specific OU, Security Hub CSPM is automatically enabled in all accounts (existing and new) that belong
 *   to that OU", "Automatically enabling Security Hub CSPM in new organization accounts"), and
 *   "Configuration policies take effect in the home Region and all linked Regions". An Account in a linked
 *   region's stack would race the home region's stack: created first it succeeds, created after the
 *   association it fails like the home region's, and either way it then contradicts the policy that owns
 *   the account's configuration.
 * What the Account set, and what sets it now:
 * - `enableDefaultStandards: false` and `autoEnableControls: true`: the policy. Its standards are the
 *   account's standards (the delegated administrator "can create Security Hub CSPM configuration policies
 *   that disable one or more standards", "Disabling a security standard"), whatever the designation turned
 *   on; and it lists disabled controls, so "Security Hub CSPM enables all other controls (including newly
 *   released controls)" (API reference, SecurityHubPolicy).
 * - `controlFindingGenerator: SECURITY_CONTROL`: no policy field, and the provider sets it only through the
 *   Account. AWS's default: "Consolidated control findings is turned on for you by default if you enable
 *   Security Hub on or after February 23, 2023. Otherwise, it's turned off by default. However,
 *   consolidated control findings is turned on in Security Hub member accounts only if it's turned on in the
 *   administrator account" (Security Hub user guide, "Impact of consolidation on ASFF fields and values").
 *   An account the designation enables gets it on; one that ran Security Hub before that date is set by
 *   hand, once (docs/organization-security.md). Nothing of the baseline reads the findings' format; it
 *   decides whether a control in both standards yields one finding or two.
 */
export class OrganizationSecurityHub extends pulumi.ComponentResource {
    readonly aggregator: aws.securityhub.FindingAggregator;
    readonly policy: aws.securityhub.ConfigurationPolicy;

    constructor(name: string, args: OrganizationSecurityHubArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationSecurityHub", name, {}, opts);
        this.aggregator = new aws.securityhub.FindingAggregator(
            `${name}-aggregator`,
            { linkingMode: "SPECIFIED_REGIONS", specifiedRegions: everyRegionOf().filter((r) => r !== HOME_REGION) },
            { parent: this },
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
                description: "The baseline: Security Hub on, FSBP v1.0.0 and CIS v3.0.0, the controls that do not apply disabled",
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
        this.registerOutputs({});
    }
}
