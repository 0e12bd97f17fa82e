import { resourcePolicy } from "../../policy";

/**
 * No AMI is made public: an `aws.ec2.AmiLaunchPermission` with `group: "all"` lets every AWS account launch it
 * (@pulumi/aws: "Name of the group for the launch permission. Valid values: `"all"`"), and with it read
 * everything baked into its snapshots. Sharing with a named account or organization is judged by
 * aws-no-foreign-account-references.
 *
 * Controls: none in Security Hub; the EC2 account setting "block public access for AMIs"
 * (`aws.ec2.ImageBlockPublicAccess`) refuses the same grant for the whole region.
 */
export const amiNotPublic = resourcePolicy({
    name: "ec2-ami-not-public",
    description: "No AMI launch permission for the group 'all' (a public AMI).",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ec2",
    controls: [],
    onUnknown: "defer",
    resourceTypes: ["aws:ec2/amiLaunchPermission:AmiLaunchPermission"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:ec2/amiLaunchPermission:AmiLaunchPermission") return;
        if (args.props["group"] === "all")
            reportViolation(
                'AMI launch permission for group "all" makes the image public: share it with accountId, organizationArn or organizationalUnitArn instead.',
            );
    },
});
