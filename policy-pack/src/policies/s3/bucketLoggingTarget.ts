import { StackValidationArgs } from "@pulumi/policy";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { stackIdentity } from "../../principals";

const TYPES = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];

type Config = ConformanceConfig & Pick<PackConfig, "accountIds" | "organizationIds">;

/**
 * Baseline conformance: server access logs go to an access-log bucket of the
 * stack's own account, never to the logged bucket itself (a loop that logs its
 * own log writes) and never to a bucket whose name does not carry the account
 * (the baseline names every bucket `<role>-<account>-<region>`, so a bucket of
 * another team or account is recognisable by its name).
 *
 * Controls: S3.9 (FSBP) asks for server access logging; this keeps where it goes.
 */
export const bucketLoggingTarget = stackPolicy({
    name: "s3-access-logs-to-own-bucket",
    description:
        "Baseline conformance: server access logs go to one of the account's access-log buckets, not to the bucket itself.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "s3",
    controls: [],
    configKeys: ["conformanceProjects", "accountIds", "organizationIds"],
    onUnknown: "defer",
    resourceTypes: TYPES,
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        if (!inConformanceScope(args.resources[0]?.urn, cfg)) return;
        const accounts = [...stackIdentity(args.resources, cfg.accountIds, cfg.organizationIds).accounts];
        for (const r of args.resources.filter((x) => TYPES.includes(x.type))) {
            const bucket = r.props["bucket"];
            const target = r.props["targetBucket"];
            if (typeof target !== "string") continue;
            if (target === bucket) reportViolation(`targetBucket is the logged bucket itself (${target}).`, r.urn);
            else if (accounts.length > 0 && !accounts.some((a) => target.includes(a)))
                reportViolation(`targetBucket ${target} is not one of the account's buckets (${accounts.join(", ")}).`, r.urn);
        }
    },
});
