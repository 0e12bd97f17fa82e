import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { deferred } from "../../unknown";

type Config = Pick<PackConfig, "minLogRetentionDays">;

/**
 * CloudWatch log groups keep events for at least `minLogRetentionDays` (default
 * 365). Unset or 0 ("never expire") passes, as it does for the AWS Config rule.
 *
 * A log group of class `DELIVERY` is not judged: its retention is not the team's to set.
 * @pulumi/aws (`retentionInDays`): "If `logGroupClass` is set to `DELIVERY`, this argument
 * is ignored and `retentionInDays` is forcibly set to 2." Such a group only passes logs on to
 * a delivery destination, where retention is kept.
 *
 * Controls: CloudWatch.16 (NIST).
 */
export const logGroupRetention = resourcePolicy({
    name: "cloudwatch-log-group-retention",
    description: "CloudWatch log groups retain events for at least the configured number of days (default 365).",
    enforcementLevel: "mandatory",
    severity: "low",
    service: "cloudwatch",
    controls: ["CloudWatch.16"],
    onUnknown: "fail",
    configKeys: ["minLogRetentionDays"],
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, args, reportViolation) => {
        // The class decides whether the policy applies at all, so an unknown one defers to
        // `pulumi up` instead of failing: a DELIVERY group's retention is not a finding.
        if (deferred(() => lg.logGroupClass) === "DELIVERY") return;
        const { minLogRetentionDays: min } = args.getConfig<Config>();
        const days = lg.retentionInDays;
        if (days !== undefined && days !== 0 && days < min)
            reportViolation(`Log group retentionInDays is ${days}; it must be at least ${min} (or 0 to never expire).`);
    }),
});
