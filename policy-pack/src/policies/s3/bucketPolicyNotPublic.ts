import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";
import { ACCESS_POINT_KEYS } from "../../conditions";

const PROPERTIES = { "aws:s3/bucketPolicy:BucketPolicy": "policy", "aws:s3/bucket:Bucket": "policy" };

/**
 * S3 bucket policies grant nothing to anyone without a condition that pins the
 * caller (a VPC endpoint, the organization, a source ARN or account) or limits
 * it to source CIDRs or to the access points of one account (fixed values of
 * s3:DataAccessPointArn or s3:DataAccessPointAccount, which S3 alone counts as
 * non-public: see conditions.ts). Block Public Access would refuse such a policy
 * at apply time only when `blockPublicPolicy` is on; the pack refuses it at
 * preview either way.
 *
 * Controls: S3.2, S3.3 (FSBP).
 */
export const bucketPolicyNotPublic = resourcePolicy({
    name: "s3-bucket-policy-not-public",
    description: "S3 bucket policies allow no '*' principal without a condition that pins the caller.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: ["S3.2", "S3.3"],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES, ACCESS_POINT_KEYS),
});
