import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";

type Config = Pick<PackConfig, "organizationIds">;

/** The organization an organization or OU ARN names (`arn:aws:organizations::<account>:organization/o-...`, `:ou/o-.../ou-...`). */
const organizationOf = (arn: string) => /:(?:organization|ou)\/(o-[a-z0-9]+)/.exec(arn)?.[1];

/**
 * No AMI is made public: an `aws.ec2.AmiLaunchPermission` with `group: "all"` lets every AWS account launch it
 * (@pulumi/aws: "Name of the group for the launch permission. Valid values: `"all"`"), and with it read
 * everything baked into its snapshots. Sharing with a named account is judged by
 * aws-no-foreign-account-references; sharing with an organization or OU, when `organizationIds` names the
 * organization's ids, must name one of them (another organization is every account of a stranger's).
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
    configKeys: ["organizationIds"],
    onUnknown: "defer",
    resourceTypes: ["aws:ec2/amiLaunchPermission:AmiLaunchPermission"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:ec2/amiLaunchPermission:AmiLaunchPermission") return;
        if (args.props["group"] === "all")
            reportViolation(
                'AMI launch permission for group "all" makes the image public: share it with accountId, organizationArn or organizationalUnitArn instead.',
            );
        const own = args.getConfig<Config>().organizationIds ?? [];
        for (const key of ["organizationArn", "organizationalUnitArn"]) {
            const arn = args.props[key];
            const org = typeof arn === "string" ? organizationOf(arn) : undefined;
            if (own.length > 0 && typeof arn === "string" && (org === undefined || !own.includes(org)))
                reportViolation(
                    `AMI launch permission ${key} '${arn}' is not in the organization (organizationIds: ${own.join(", ")}): share it within your own.`,
                );
        }
    },
});
