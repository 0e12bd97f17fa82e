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
 *
 * Some services' own clients read resources AWS owns, whose account is not this one: those get a
 * second statement (AWS_OWNED_ACCESS), for this account's principals only.
 */
export function interfaceEndpointPolicy(args: { accountId: string; service: string; region: Region }): PolicyDocument {
    const prefix = SERVICE_ACTION_PREFIX[args.service as keyof typeof SERVICE_ACTION_PREFIX];
    if (!prefix) throw new Error(`no IAM action prefix known for endpoint service ${args.service}`);
    const awsOwned = AWS_OWNED_ACCESS[args.service]?.(args.region);
    return policyDocument(
        {
            Sid: "ThisAccountsPrincipalsOnThisAccountsResources",
            Effect: "Allow",
            Principal: "*",
            Action: `${prefix}:*`,
            Resource: "*",
            Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId, "aws:ResourceAccount": args.accountId } },
        },
        ...(awsOwned
            ? [
                  {
                      Sid: awsOwned.sid,
                      Effect: "Allow" as const,
                      Principal: "*" as const,
                      Action: [...awsOwned.actions],
                      Resource: [...awsOwned.resources],
                      Condition: { StringEquals: { "aws:PrincipalAccount": args.accountId, ...awsOwned.condition } },
                  },
              ]
            : []),
    );
}

interface AwsOwnedAccess {
    readonly sid: string;
    readonly actions: readonly string[];
    readonly resources: readonly string[];
    readonly condition?: Readonly<Record<string, string>>;
}

/**
 * What a service's clients in the VPC read from resources AWS owns, which the first statement's
 * aws:ResourceAccount leaves out: the account of an AWS-owned resource is not this one. AWS's data
 * perimeter examples (aws-samples/data-perimeter-policy-examples, vpc_endpoint_policies) add the
 * same exceptions to the same two endpoints:
 * - ssm: the public parameters (`/aws/service/...`, such as the latest AMI ids), AWS's documents
 *   (`AWS-RunShellScript`, `AWS-StartPortForwardingSession`) and runbooks. Their ARNs have no account
 *   ("arn:aws:ssm:region::parameter/aws/service/..."; "arn:aws:ssm:region::document/AWS-..."), so
 *   the resources named here are AWS's alone.
 * - ec2: launching from an image Amazon owns (`ec2:Owner` "amazon", EC2's condition key for "the
 *   owner of the resource"); the instance, subnet and volume of the same call are still this account's.
 * Not covered: AWS-owned ECR repositories (EKS add-ons, GuardDuty's agent), whose accounts differ
 * by region and service; a team that pulls them through `ecr.api` adds its own statement.
 */
const AWS_OWNED_ACCESS: Readonly<Record<string, (region: Region) => AwsOwnedAccess>> = {
    ssm: (region) => ({
        sid: "ThisAccountsPrincipalsOnAwsOwnedParametersAndDocuments",
        actions: [
            "ssm:GetParameter",
            "ssm:GetParameters",
            "ssm:GetParametersByPath",
            "ssm:DescribeDocument",
            "ssm:GetDocument",
            "ssm:SendCommand",
            "ssm:CreateAssociation",
            "ssm:StartSession",
            "ssm:StartAutomationExecution",
        ],
        resources: [
            `arn:aws:ssm:${region}::parameter/aws/*`,
            `arn:aws:ssm:${region}::document/*`,
            `arn:aws:ssm:${region}::automation-definition/*`,
        ],
    }),
    ec2: (region) => ({
        sid: "ThisAccountsPrincipalsLaunchAmazonImages",
        actions: ["ec2:RunInstances"],
        resources: [`arn:aws:ec2:${region}::image/*`],
        condition: { "ec2:Owner": "amazon" },
    }),
};

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
