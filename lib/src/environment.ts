/**
 * The facts every layer shares, defined once: where the baseline runs, which
 * region owns the account-wide resources, and the environment it describes.
 */

/** The regions the baseline is deployed to. Adding a fourth region starts here. */
export const REGIONS = ["us-east-1", "us-west-2", "eu-central-1"] as const;
export type Region = (typeof REGIONS)[number];

/**
 * The home region holds the account-wide resources: IAM (global-iam), the
 * multi-region CloudTrail trail and AWS Config's recording of global types.
 */
export const HOME_REGION: Region = "us-east-1";

/** The value of the `Environment` tag on every resource; the policy pack requires it. */
export const ENVIRONMENT = "Production";

/** Stack name prefix: `production` for global stacks, `production-<region>` for regional ones. */
export const STACK_PREFIX = "production";

/** Short name used as a prefix of physical resource names (buckets, roles, aliases, log groups). */
export const NAME_PREFIX = "baseline";

export function isRegion(value: unknown): value is Region {
    return typeof value === "string" && (REGIONS as readonly string[]).includes(value);
}
