/**
 * VPC endpoint policies as plain JSON, built by pure functions so the tests can
 * run them through the IAM policy simulator.
 */
import { names, PolicyDocument, policyDocument, Region } from "@baseline/lib";

/**
 * What the workloads of the VPC do with S3: the API Lambda reads the data
 * bucket (global-iam grants it s3:ListBucket and s3:GetObject); writers upload,
 * including multipart uploads, and may remove objects and versions. Bucket
 * configuration (policy, ACL, encryption, lifecycle, ...) is never changed from
 * inside the VPC, so no such action passes the endpoint.
 */
export const S3_ENDPOINT_OBJECT_ACTIONS = [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:AbortMultipartUpload",
    "s3:ListMultipartUploadParts",
] as const;
export const S3_ENDPOINT_BUCKET_ACTIONS = [
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:ListBucketMultipartUploads",
    "s3:GetBucketLocation",
] as const;

/**
 * The S3 gateway endpoint's policy: a data perimeter on the S3 traffic of the
 * private and isolated route tables. Without it the endpoint's default policy
 * allows every action on every bucket of every account, so a compromised
 * workload could copy data to a bucket of its own.
 *
 * - Only the baseline's data bucket of this region, by name (lib naming.ts),
 *   and only while it belongs to this account (`aws:ResourceAccount`): a bucket
 *   of that name created by someone else before the data layer is deployed
 *   stays unreachable.
 * - `Principal: "*"`: an endpoint policy does not grant anything by itself;
 *   the caller's IAM policy must allow the request too. `*` here means "any
 *   caller of this VPC, within the limits below".
 * - No AWS-owned buckets are listed because nothing in the VPC needs one: the
 *   Lambda's code is fetched by the Lambda service, not through the VPC. Adding
 *   EC2, ECR or SSM workloads later means adding their documented buckets here
 *   (for example ECR's `prod-<region>-starport-layer-bucket`, the Amazon Linux
 *   repositories `al2023-repos-<region>-*`), or those workloads fail.
 * - Traffic to buckets in other regions does not use the gateway endpoint (its
 *   prefix list covers this region only); the app security group does not
 *   allow it either.
 */
export function s3GatewayEndpointPolicy(args: { accountId: string; region: Region }): PolicyDocument {
    const bucket = `arn:aws:s3:::${names.dataBucket(args.accountId, args.region)}`;
    const thisAccount = { StringEquals: { "aws:ResourceAccount": args.accountId } };
    return policyDocument(
        {
            Sid: "DataBucketObjectsOfThisAccount",
            Effect: "Allow",
            Principal: "*",
            Action: [...S3_ENDPOINT_OBJECT_ACTIONS],
            Resource: `${bucket}/*`,
            Condition: thisAccount,
        },
        {
            Sid: "DataBucketOfThisAccount",
            Effect: "Allow",
            Principal: "*",
            Action: [...S3_ENDPOINT_BUCKET_ACTIONS],
            Resource: bucket,
            Condition: thisAccount,
        },
    );
}
