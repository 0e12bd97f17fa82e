/**
 * VPC endpoint policies as plain JSON, built by pure functions so the tests can
 * run them through the IAM policy simulator.
 */
import { names, PolicyDocument, policyDocument, Region } from "@baseline/lib";
import { SERVICE_ACTION_PREFIX } from "./services";

/**
 * What code in the VPC does with S3, and nothing more: the API's handler lists the data bucket
 * (ListObjectsV2: s3:ListBucket) and reads object metadata (HeadObject: s3:GetObject), which is all
 * global-iam grants its role. No code path in the VPC writes or deletes, so no write passes the
 * endpoint either; a workload that needs to write adds its actions here and to its role.
 */
export const S3_ENDPOINT_OBJECT_ACTIONS = ["s3:GetObject"] as const;
export const S3_ENDPOINT_BUCKET_ACTIONS = ["s3:ListBucket"] as const;

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

/**
 * The policy of an interface endpoint (the default policy allows every principal, action and
 * resource, so code in the VPC could use another account's credentials, or reach another
 * account's queue, key or secret, through the endpoint). Only principals of this account
 * (aws:PrincipalAccount) acting on resources of this account (aws:ResourceAccount), and only the
 * endpoint's own service. This is the "trusted identities / trusted resources" pair of the AWS
 * data perimeter whitepaper ("Building a data perimeter on AWS", Perimeter implementation: "You'll
 * use RCPs and VPC endpoint policies to constrain which principals are allowed access ... You can
 * implement a more granular restriction with the aws:PrincipalAccount"). `Principal: "*"` grants
 * nothing by itself: the caller's own IAM policy must allow the request too.
 */
export function interfaceEndpointPolicy(args: { accountId: string; service: string }): PolicyDocument {
    const prefix = SERVICE_ACTION_PREFIX[args.service as keyof typeof SERVICE_ACTION_PREFIX];
    if (!prefix) throw new Error(`no IAM action prefix known for endpoint service ${args.service}`);
    return policyDocument({
        Sid: "ThisAccountsPrincipalsOnThisAccountsResources",
        Effect: "Allow",
        Principal: "*",
        Action: `${prefix}:*`,
        Resource: "*",
        Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId, "aws:ResourceAccount": args.accountId } },
    });
}

/**
 * The execute-api endpoint's policy: this account's principals invoke this account's APIs of this
 * region, and nothing else goes through the endpoint. The private API authorizes every method with
 * IAM (api layer, `methodArgs`), so every call is signed and has a principal: "Valid SigV4 or SigV4a
 * signature — The invoker is evaluated as the authenticated IAM identity from the signature", and
 * "If authorization controls use IAM authorization, you can use properties of the resource and
 * properties of the principal to control the security perimeter" (API Gateway developer guide, "Use
 * VPC endpoint policies for private APIs in API Gateway"). The API ARN carries the account, which
 * keeps other accounts' APIs, public or private, out of reach through this endpoint; the principal's
 * account keeps other accounts' credentials from using it.
 */
export function executeApiEndpointPolicy(args: { accountId: string; region: Region }): PolicyDocument {
    return policyDocument({
        Sid: "InvokeThisAccountsApis",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId } },
        Resource: `arn:aws:execute-api:${args.region}:${args.accountId}:*`,
    });
}
