import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_PREFIX, PolicyDocument, everyRegionOf, names, policyDocument } from "@baseline/lib";

/** AWS managed policy "AWSConfigRoleForOrganizations": "Allows AWS Config to call read-only AWS Organizations APIs". */
export const CONFIG_ORGANIZATIONS_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWSConfigRoleForOrganizations";

/** Only AWS Config may assume the aggregator's role. */
export function configAggregatorTrustPolicy(): PolicyDocument {
    return policyDocument({
        Effect: "Allow",
        Principal: { Service: "config.amazonaws.com" },
        Action: "sts:AssumeRole",
    });
}

/**
 * The AWS Config organization aggregator (home region): the configuration and compliance every member
 * account records, in every region the baseline deploys to, in the delegated administrator's account.
 * Every account records through its own security stacks, the management, log-archive and security-tooling
 * accounts included (docs/organization-security.md). An
 * organization aggregation source needs a role Config assumes to list the organization's accounts,
 * with the AWS managed policy made for it (read-only Organizations calls, nothing else).
 */
export class OrganizationConfigAggregator extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly aggregator: aws.cfg.ConfigurationAggregator;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationConfigAggregator", name, {}, opts);
        this.role = new aws.iam.Role(
            `${name}-role`,
            {
                name: `${NAME_PREFIX}-config-organization-aggregator`,
                path: names.rolePath,
                description: "Lets AWS Config list the organization's accounts for the organization aggregator",
                assumeRolePolicy: JSON.stringify(configAggregatorTrustPolicy()),
            },
            { parent: this },
        );
        const attachment = new aws.iam.RolePolicyAttachment(
            `${name}-role-organizations`,
            { role: this.role.name, policyArn: CONFIG_ORGANIZATIONS_POLICY_ARN },
            { parent: this.role },
        );
        this.aggregator = new aws.cfg.ConfigurationAggregator(
            name,
            {
                name: `${NAME_PREFIX}-organization`,
                organizationAggregationSource: { roleArn: this.role.arn, regions: everyRegionOf() },
            },
            { parent: this, dependsOn: [attachment] },
        );
        this.registerOutputs({});
    }
}
