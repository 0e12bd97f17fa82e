/**
 * AWS Organizations itself: all features, both policy types the baseline uses, trusted access for the
 * services the security-tooling account administers, and the two organizational units the guardrails
 * attach to. An existing organization is adopted with `pulumi import` (docs/organization-guardrails.md),
 * never created twice: the resource is protected.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The services given trusted access, by service principal (AWS Organizations User Guide, "AWS services
 * that you can use with AWS Organizations"):
 * - cloudtrail.amazonaws.com: the organization trail.
 * - config.amazonaws.com: the organization aggregator; config-multiaccountsetup.amazonaws.com: organization
 *   rules and conformance packs (AWS Config Developer Guide, "Registering a Delegated Administrator":
 *   "aws organizations enable-aws-service-access --service-principal=config-multiaccountsetup.amazonaws.com"
 *   and "--service-principal=config.amazonaws.com").
 * - guardduty.amazonaws.com and malware-protection.guardduty.amazonaws.com ("Service principals used by the
 *   service-linked roles" of GuardDuty's integration page).
 * - securityhub.amazonaws.com: central configuration and the finding aggregator.
 * - access-analyzer.amazonaws.com: the organization analyzer.
 * - iam.amazonaws.com: centralized root access for member accounts (aws.iam.OrganizationsFeatures: "you must
 *   enable trusted access for AWS Identity and Access Management in AWS Organizations").
 * Nothing else: the baseline deploys with Pulumi per account, not with CloudFormation StackSets, so
 * member.org.stacksets.cloudformation.amazonaws.com stays off.
 */
export const TRUSTED_SERVICES: readonly string[] = [
    "access-analyzer.amazonaws.com",
    "cloudtrail.amazonaws.com",
    "config-multiaccountsetup.amazonaws.com",
    "config.amazonaws.com",
    "guardduty.amazonaws.com",
    "iam.amazonaws.com",
    "malware-protection.guardduty.amazonaws.com",
    "securityhub.amazonaws.com",
];

/** The organization's policy types the baseline attaches (the guardrails of lib/src/organization). */
export const POLICY_TYPES = ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] as const;

/**
 * Centralized root access (IAM user guide, "Centralize root access for member accounts"): the management
 * account manages member accounts' root credentials (RootCredentialsManagement: delete them, keep new accounts
 * without them) and performs the few root-only tasks in short privileged sessions (RootSessions, sts:AssumeRoot,
 * for example unlocking a bucket whose policy denies everyone). The guardrails deny the root user everything
 * but such sessions (accountProtection.ts).
 */
export const ROOT_ACCESS_FEATURES = ["RootCredentialsManagement", "RootSessions"] as const;

/** The OUs under the root: security (log-archive, security-tooling) and workloads. */
export const OU_NAMES = { security: "Security", workloads: "Workloads" } as const;

/** What an organization that already exists has enabled (aws.organizations.getOrganization). */
export interface ExistingOrganization {
    readonly awsServiceAccessPrincipals: readonly string[];
    readonly enabledPolicyTypes: readonly string[];
}

export interface OrganizationArgs {
    /** The adopted organization's settings; undefined while there is no organization yet. */
    readonly existing?: ExistingOrganization;
}

/**
 * The baseline's entries, then those the organization already has and the baseline does not name (sorted).
 * The provider sets both lists as a whole: whatever an update leaves out, it turns off. For a trusted
 * service that is DisableAWSServiceAccess, which AWS "strongly recommend[s]" against ("The service can no
 * longer perform tasks in the member accounts", IAM Identity Center's among them); for a policy type,
 * "all policies of the specified type are automatically detached from all entities in the organization
 * root" (Organizations user guide, disabling a policy type). So the first `up` after `pulumi import` of an
 * organization that uses other services or policy types (tag, backup, AI opt-out, declarative policies)
 * adds the baseline's and keeps theirs.
 */
export function keepingExisting(own: readonly string[], existing: readonly string[] = []): string[] {
    return [...own, ...[...new Set(existing)].filter((x) => !own.includes(x)).sort()];
}

/**
 * The organization this management account already runs, if any. A new account has none: AWS answers
 * DescribeOrganization with AWSOrganizationsNotInUseException ("Your account is not a member of an
 * organization"), and the program creates one. Any other failure ends the run: guessing "none" would
 * turn off whatever the organization has enabled.
 */
export async function existingOrganization(): Promise<ExistingOrganization | undefined> {
    try {
        const org = await aws.organizations.getOrganization();
        return { awsServiceAccessPrincipals: org.awsServiceAccessPrincipals, enabledPolicyTypes: org.enabledPolicyTypes };
    } catch (e) {
        if (/AWSOrganizationsNotInUseException/.test(e instanceof Error ? e.message : String(e))) return undefined;
        throw e;
    }
}

export class Organization extends pulumi.ComponentResource {
    public readonly organization: aws.organizations.Organization;
    public readonly rootId: pulumi.Output<string>;
    public readonly rootAccess: aws.iam.OrganizationsFeatures;
    public readonly ous: {
        readonly security: aws.organizations.OrganizationalUnit;
        readonly workloads: aws.organizations.OrganizationalUnit;
    };

    constructor(name: string, args: OrganizationArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:organization:Organization", name, {}, opts);
        // Not named like the component: an import file refers to its parent component by name.
        this.organization = new aws.organizations.Organization(
            `${name}-organization`,
            {
                // SCPs and RCPs exist only in an organization with all features.
                featureSet: "ALL",
                enabledPolicyTypes: keepingExisting(POLICY_TYPES, args.existing?.enabledPolicyTypes),
                awsServiceAccessPrincipals: keepingExisting(TRUSTED_SERVICES, args.existing?.awsServiceAccessPrincipals),
            },
            // Deleting the organization would remove every account from it, and every guardrail with it.
            { parent: this, protect: true },
        );
        this.rootId = this.organization.roots.apply((roots) => {
            if (roots.length !== 1) throw new Error(`an organization has exactly one root, AWS returned ${roots.length}`);
            return roots[0]!.id;
        });
        this.rootAccess = new aws.iam.OrganizationsFeatures(
            `${name}-root-access`,
            { enabledFeatures: [...ROOT_ACCESS_FEATURES] },
            // It needs IAM's trusted access, which the organization's service access principals give.
            { parent: this, dependsOn: [this.organization] },
        );
        const ou = (key: keyof typeof OU_NAMES) =>
            new aws.organizations.OrganizationalUnit(
                `${name}-${key}`,
                { name: OU_NAMES[key], parentId: this.rootId },
                // An OU holds accounts and carries the guardrails: removing it would detach them.
                { parent: this, protect: true },
            );
        this.ous = { security: ou("security"), workloads: ou("workloads") };
        this.registerOutputs({ organizationId: this.organization.id, rootId: this.rootId });
    }
}
