import { ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";

type Config = Pick<PackConfig, "allowedRegions">;

/** The region a resource is created in: its own `region` argument (pulumi-aws v7), else its provider's. */
export function regionOf(args: ResourceValidationArgs): string | undefined {
    const own =
        args.type === "pulumi:providers:aws" ? args.props["region"] : (args.props["region"] ?? args.provider?.props?.["region"]);
    return typeof own === "string" ? own : undefined;
}

/**
 * AWS resources and providers are created only in `allowedRegions` (default: any
 * region; the baseline's configuration lists its four). Resources whose region is
 * not known at preview are skipped.
 *
 * Controls: none in Security Hub (an SCP region deny is the account-level equivalent).
 */
export const allowedRegions = resourcePolicy({
    name: "aws-allowed-regions",
    description: "AWS resources are created only in the allowed regions.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "general",
    controls: [],
    onUnknown: "defer",
    configKeys: ["allowedRegions"],
    validateResource: (args, reportViolation) => {
        if (!args.type.startsWith("aws:") && args.type !== "pulumi:providers:aws") return;
        const region = regionOf(args);
        const { allowedRegions: allowed } = args.getConfig<Config>();
        // No list: any region (the guardrail's default; regions are an organization's choice).
        if (region !== undefined && allowed.length > 0 && !allowed.includes(region))
            reportViolation(`Region '${region}' is not allowed; allowed regions: ${allowed.join(", ")}.`);
    },
});
