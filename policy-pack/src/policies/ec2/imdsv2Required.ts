import { resourcePolicy } from "../../policy";

/** Where each type keeps its metadata options (`""`: on the resource itself, the account-wide defaults). */
const METADATA_OPTIONS: Readonly<Record<string, string>> = {
    "aws:ec2/instance:Instance": "metadataOptions",
    "aws:ec2/launchTemplate:LaunchTemplate": "metadataOptions",
    "aws:ec2/launchConfiguration:LaunchConfiguration": "metadataOptions",
    "aws:ec2/instanceMetadataDefaults:InstanceMetadataDefaults": "",
};

/**
 * No instance, launch template, launch configuration or account default turns IMDSv1 back on with
 * `httpTokens: "optional"`: IMDSv1 answers any request that reaches 169.254.169.254, so a server-side
 * request forgery in the workload hands out the instance role's credentials; IMDSv2 needs a session token
 * from a PUT first. The Config rule behind EC2.8 judges the same setting: ec2-imdsv2-check "is
 * NON_COMPLIANT if the HttpTokens is set to optional". Left unset, the AMI and the account's metadata
 * defaults decide (recent Amazon Linux AMIs require IMDSv2), so an unset value is not judged; the
 * launch-template rule (ec2-launch-template-imdsv2-check, EC2.170) also flags unset, which is stricter than
 * an organization guardrail for other teams' templates should be.
 *
 * Controls: EC2.8 (FSBP, CIS v3.0.0 5.6).
 */
export const imdsv2Required = resourcePolicy({
    name: "ec2-imdsv2-required",
    description: "No instance, launch template, launch configuration or account default sets httpTokens 'optional' (IMDSv1).",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ec2",
    controls: ["EC2.8"],
    onUnknown: "defer",
    resourceTypes: Object.keys(METADATA_OPTIONS),
    validateResource: (args, reportViolation) => {
        const key = METADATA_OPTIONS[args.type];
        if (key === undefined) return;
        const options = (key === "" ? args.props : args.props[key]) as { httpTokens?: unknown } | undefined;
        if (typeof options?.httpTokens === "string" && options.httpTokens.toLowerCase() === "optional")
            reportViolation(
                `${key === "" ? "" : `${key}.`}httpTokens is 'optional', which keeps IMDSv1 on: set it to 'required' (IMDSv2).`,
            );
    },
});
