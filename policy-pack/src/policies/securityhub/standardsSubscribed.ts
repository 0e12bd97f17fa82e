import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { REGIONAL_SECURITY_MARKER } from "../guardduty/detectorEnabled";

/**
 * The standards every region subscribes to, by the regional standards ARN Security Hub uses, in any partition
 * (`arn:aws-us-gov:securityhub:us-gov-west-1::standards/...` in GovCloud: "Each AWS account is scoped to one
 * partition", AWS General Reference, "Amazon Resource Names (ARNs)").
 */
export const REQUIRED_STANDARDS: readonly { readonly title: string; readonly arn: RegExp }[] = [
    {
        title: "AWS Foundational Security Best Practices v1.0.0",
        arn: /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::standards\/aws-foundational-security-best-practices\/v\/1\.0\.0$/,
    },
    {
        title: "CIS AWS Foundations Benchmark v3.0.0",
        arn: /^arn:aws[a-z-]*:securityhub:[a-z0-9-]+::standards\/cis-aws-foundations-benchmark\/v\/3\.0\.0$/,
    },
];

/**
 * A regional security stack (one that runs the region's AWS Config recorder) enables Security Hub and
 * subscribes to both standards the baseline is measured against, FSBP v1.0.0 and CIS v3.0.0. Security
 * Hub is regional: its controls are evaluated only where it is enabled.
 *
 * Controls: none (Security Hub itself); every FSBP and CIS control depends on it.
 */
export const securityHubStandards = stackPolicy({
    name: "securityhub-standards-subscribed",
    description: "Every regional security stack enables Security Hub with the FSBP v1.0.0 and CIS v3.0.0 standards.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "securityhub",
    controls: [],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:securityhub/account:Account", "aws:securityhub/standardsSubscription:StandardsSubscription"],
    remediationSteps:
        "Add an aws.securityhub.Account and an aws.securityhub.StandardsSubscription for each standard, with the region's standards ARN, or (an organization under Security Hub central configuration) list securityhub in delegatedDetection.",
    configKeys: ["delegatedDetection"],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const recorder = args.resources.find((r) => r.type === REGIONAL_SECURITY_MARKER);
        if (!recorder) return;
        // Under Security Hub central configuration the delegated administrator's configuration policy
        // enables Security Hub and its standards in every member: a member's stack subscribes to nothing.
        if ((args.getConfig<Pick<PackConfig, "delegatedDetection">>().delegatedDetection ?? []).includes("securityhub")) return;
        if (!args.resources.some((r) => r.type === "aws:securityhub/account:Account"))
            reportViolation("This regional security stack does not enable Security Hub (aws.securityhub.Account).", recorder.urn);
        const subscribed = args.resources
            .filter((r) => r.type === "aws:securityhub/standardsSubscription:StandardsSubscription")
            .map((r) => String(r.props["standardsArn"] ?? ""));
        const missing = REQUIRED_STANDARDS.filter((s) => !subscribed.some((arn) => s.arn.test(arn)));
        if (missing.length > 0)
            reportViolation(
                `This regional security stack does not subscribe to ${missing.map((s) => s.title).join(" and ")}.`,
                recorder.urn,
            );
    },
});
