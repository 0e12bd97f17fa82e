import { ResourceValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { GLOBAL_SERVICE_RESOURCES, REGION_DENY_GLOBAL_EXEMPTIONS } from "../../globalServices";
import { resourcePolicy } from "../../policy";

type Config = Pick<PackConfig, "allowedRegions">;

const PROVIDER_TYPES = ["pulumi:providers:aws", "pulumi:providers:aws-native"];

/**
 * The region a resource is created in: its own `region` argument (pulumi-aws v7), else its provider's
 * (`pulumi:providers:aws`, or `pulumi:providers:aws-native` for an `aws-native:` resource).
 */
export function regionOf(args: ResourceValidationArgs): string | undefined {
    const own = PROVIDER_TYPES.includes(args.type)
        ? args.props["region"]
        : (args.props["region"] ?? args.provider?.props?.["region"]);
    return typeof own === "string" ? own : undefined;
}

/**
 * The IAM service prefix of an aws-native module, where the two differ: ACM's types are
 * `aws-native:certificatemanager:*`. Every other module of a global service (iam, organizations,
 * cloudfront, route53, budgets, ce, wafv2) is named as its service prefix.
 */
const NATIVE_MODULE_SERVICE: Readonly<Record<string, string>> = { certificatemanager: "acm" };

/**
 * True for a resource of a global service the organization's region deny exempts
 * (GLOBAL_SERVICE_RESOURCES, each resting on an entry of REGION_DENY_GLOBAL_EXEMPTIONS,
 * the AWS example SCP's list), in the form that service keeps globally: an IAM role on
 * a us-east-1 provider, CloudFront's certificate in us-east-1, a CLOUDFRONT web ACL.
 */
export function isGlobalServiceResource(args: ResourceValidationArgs, region: string): boolean {
    // An aws-native type (`aws-native:iam:Role`) is matched by its module, the service's own: aws-native
    // keeps a service's regional resources in modules of their own (`route53resolver`, not `route53`).
    const nativeModule = /^aws-native:([^:]+):/.exec(args.type)?.[1];
    const rule =
        nativeModule !== undefined
            ? GLOBAL_SERVICE_RESOURCES.find((g) => g.exemption === `${NATIVE_MODULE_SERVICE[nativeModule] ?? nativeModule}:*`)
            : GLOBAL_SERVICE_RESOURCES.find((g) =>
                  g.types.some((t) => (t.endsWith("/") ? args.type.startsWith(t) : args.type === t)),
              );
    if (rule === undefined || !REGION_DENY_GLOBAL_EXEMPTIONS.includes(rule.exemption)) return false;
    if (rule.region !== undefined && rule.region !== region) return false;
    return rule.scope === undefined || args.props["scope"] === rule.scope;
}

/**
 * AWS resources (`aws:` and `aws-native:` types) are created only in `allowedRegions` (default: any
 * region; the baseline's configuration lists its four). Resources whose region is not known at
 * preview are skipped, and so are the resources of global services
 * (isGlobalServiceResource): they are created through the service's global endpoint
 * in us-east-1, which the organization's region deny exempts for the same reason.
 * Providers are not judged: a provider creates nothing, and every resource created
 * through it is judged in its region. A us-east-1 provider that a stack declares for
 * CloudFront's certificate alone is what AWS requires, not a resource outside the
 * allowed regions.
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
        // aws-native resources are created in a region as classic ones are: their own `region`, else
        // their `pulumi:providers:aws-native` provider's.
        if (!args.type.startsWith("aws:") && !args.type.startsWith("aws-native:")) return;
        const region = regionOf(args);
        const { allowedRegions: allowed } = args.getConfig<Config>();
        // No list: any region (the guardrail's default; regions are an organization's choice).
        if (region !== undefined && allowed.length > 0 && !allowed.includes(region) && !isGlobalServiceResource(args, region))
            reportViolation(`Region '${region}' is not allowed; allowed regions: ${allowed.join(", ")}.`);
    },
});
