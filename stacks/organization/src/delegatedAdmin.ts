/**
 * The security-tooling account as delegated administrator, so that GuardDuty, Security Hub, AWS Config,
 * IAM Access Analyzer and the organization trail are run from there rather than from the management
 * account. Each service registers its administrator its own way:
 * - GuardDuty: guardduty:EnableOrganizationAdminAccount, per region: the GuardDuty User Guide says to
 *   "designate the delegated GuardDuty administrator account in each AWS Region where you have GuardDuty
 *   enabled", so one resource per region the baseline covers.
 * - Security Hub: securityhub:EnableOrganizationAdminAccount in the home region only. Security Hub User
 *   Guide, central configuration prerequisites: "Ensure that you designate your delegated administrator in
 *   your intended home Region. When you start using central configuration, the same delegated
 *   administrator is automatically set in all linked Regions as well."
 * - CloudTrail: cloudtrail:RegisterOrganizationDelegatedAdmin (aws.cloudtrail.OrganizationDelegatedAdminAccount).
 * - AWS Config and IAM Access Analyzer: organizations:RegisterDelegatedAdministrator for config.amazonaws.com
 *   (organization aggregator), config-multiaccountsetup.amazonaws.com (organization rules) and
 *   access-analyzer.amazonaws.com.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Services whose delegated administrator AWS Organizations registers itself. */
export const ORGANIZATIONS_DELEGATED_SERVICES: readonly string[] = [
    "access-analyzer.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "config.amazonaws.com",
];

export interface DelegatedAdministrationArgs {
    readonly adminAccountId: pulumi.Input<string>;
    readonly homeRegion: string;
    /** Every region the baseline covers (GuardDuty's administrator is registered in each). */
    readonly regions: readonly string[];
}

export class DelegatedAdministration extends pulumi.ComponentResource {
    constructor(name: string, args: DelegatedAdministrationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:organization:DelegatedAdministration", name, {}, opts);
        const child = { parent: this };
        for (const region of args.regions) {
            new aws.guardduty.OrganizationAdminAccount(
                `${name}-guardduty-${region}`,
                { adminAccountId: args.adminAccountId, region },
                child,
            );
        }
        new aws.securityhub.OrganizationAdminAccount(
            `${name}-securityhub`,
            { adminAccountId: args.adminAccountId, region: args.homeRegion },
            child,
        );
        new aws.cloudtrail.OrganizationDelegatedAdminAccount(`${name}-cloudtrail`, { accountId: args.adminAccountId }, child);
        for (const servicePrincipal of ORGANIZATIONS_DELEGATED_SERVICES) {
            new aws.organizations.DelegatedAdministrator(
                `${name}-${servicePrincipal.split(".")[0]}`,
                { accountId: args.adminAccountId, servicePrincipal },
                child,
            );
        }
        this.registerOutputs({});
    }
}
