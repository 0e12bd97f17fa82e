/**
 * Accounts that AWS itself owns and that a compliant stack names because AWS's own
 * documentation tells it to. They are not "another account" in the sense of the
 * foreign-account checks, but only where and for what AWS documents them: each is
 * declared here once, with its scope, and trusted for nothing else.
 */
import { S3_BUCKET_POLICY_TYPES } from "./util";

/**
 * The Elastic Load Balancing account of each Region, which an access-log bucket policy
 * grants `s3:PutObject` in the Regions available before August 2022: "Replace
 * elb-account-id with the ID of the AWS account for Elastic Load Balancing for your
 * Region" (ELB User Guide, "Enable access logs for your Application Load Balancer" and
 * "... for your Classic Load Balancer", step 2, "Attach a policy to your S3 bucket"). The
 * map is terraform-provider-aws's `accountIDPerRegionMap`
 * (internal/service/elb/service_account_data_source.go, commit 01f4311), which
 * `aws.elb.getServiceAccount` returns; its commercial and GovCloud entries are the
 * guide's table, its China entries the provider's. "The bucket must be located in the
 * same Region as the load balancer", so only the bucket's own Region's account counts.
 */
export const ELB_ACCESS_LOG_ACCOUNTS: Readonly<Record<string, string>> = {
    "af-south-1": "098369216593",
    "ap-east-1": "754344448648",
    "ap-northeast-1": "582318560864",
    "ap-northeast-2": "600734575887",
    "ap-northeast-3": "383597477331",
    "ap-south-1": "718504428378",
    "ap-southeast-1": "114774131450",
    "ap-southeast-2": "783225319266",
    "ap-southeast-3": "589379963580",
    "ca-central-1": "985666609251",
    "cn-north-1": "638102146993",
    "cn-northwest-1": "037604701340",
    "eu-central-1": "054676820928",
    "eu-north-1": "897822967062",
    "eu-south-1": "635631232127",
    "eu-west-1": "156460612806",
    "eu-west-2": "652711504416",
    "eu-west-3": "009996457667",
    "me-south-1": "076674570225",
    "sa-east-1": "507241528517",
    "us-east-1": "127311923021",
    "us-east-2": "033677994240",
    "us-gov-east-1": "190560391635",
    "us-gov-west-1": "048591011584",
    "us-west-1": "027434742980",
    "us-west-2": "797873946194",
};

/** The actions AWS's access-log bucket policy grants the ELB account ("Action": "s3:PutObject"). */
const ELB_ACCESS_LOG_ACTIONS: readonly string[] = ["s3:putobject"];

/**
 * True when `principal`, in an Allow statement of a resource policy of type `type` in
 * `region`, is the access-log grant AWS documents: the ELB account of that Region (its
 * id, or its root as the guide's `arn:aws:iam::elb-account-id:root`), in an S3 bucket
 * policy, granted `s3:PutObject` and nothing else.
 */
export function isElbAccessLogGrant(
    principal: string,
    actions: readonly string[] | undefined,
    type: string,
    region: string | undefined,
): boolean {
    const account = region === undefined ? undefined : ELB_ACCESS_LOG_ACCOUNTS[region];
    if (account === undefined || !S3_BUCKET_POLICY_TYPES.includes(type)) return false;
    if (principal !== account && !new RegExp(`^arn:aws[a-z-]*:iam::${account}:root$`).test(principal)) return false;
    return actions !== undefined && actions.length > 0 && actions.every((a) => ELB_ACCESS_LOG_ACTIONS.includes(a.toLowerCase()));
}

/**
 * The SNS topic AWS publishes changes of its IP address ranges to: "Whenever there is a
 * change to the AWS IP address ranges, we send notifications to subscribers of the Amazon
 * SNS topic named AmazonIpSpaceChanged", whose Topic ARN the guide gives verbatim (VPC User
 * Guide, "AWS IP address ranges notifications"). Its account, 806199016981, is AWS's, for
 * this topic only.
 */
export const AWS_IP_RANGES_TOPIC = "arn:aws:sns:us-east-1:806199016981:AmazonIpSpaceChanged";

/**
 * The Regions whose Amazon ECS-optimized AMI update topic the ECS Developer Guide lists: "The Amazon SNS topic ARNs
 * for the Linux variants of the Amazon ECS-optimized AMI for each region are shown below" ("Subscribing to Amazon
 * ECS-optimized AMI update notifications"), each `arn:aws:sns:<region>:177427601217:ecs-optimized-amazon-ami-update`.
 */
const ECS_AMI_UPDATE_REGIONS: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-south-1",
    "ca-central-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "sa-east-1",
];

/**
 * The other notification topics AWS publishes for its customers to subscribe to, each as its guide gives the ARN:
 * - Amazon Linux: "For Topic ARN, copy and paste the following Amazon Resource Name (ARN):
 *   arn:aws:sns:us-east-1:137112412989:amazon-linux-2-ami-updates" (and `amazon-linux-ami-updates` for Amazon
 *   Linux AMI; AL2 User Guide, "AL2 AMI release notifications"); "Notifications are published with Amazon SNS using
 *   the following topic. arn:aws:sns:us-east-1:137112412989:amazon-linux-2023-ami-updates" (AL2023 User Guide,
 *   "Receive notifications on new updates").
 * - Windows: "Whenever AWS Windows AMIs are released, we send notifications to the subscribers of the
 *   ec2-windows-ami-update topic. Whenever released AWS Windows AMIs are made private, we send notifications to the
 *   subscribers of the ec2-windows-ami-private topic", with the ARNs below, and GovCloud's (EC2 Windows guide,
 *   "Subscribe to AWS Windows AMI notifications").
 * - Prices: "if you want to be notified every time a price changes, enter
 *   arn:aws:sns:us-east-1:278350005181:price-list-api. If you want to be notified about price changes once a day,
 *   enter arn:aws:sns:us-east-1:278350005181:daily-aggregated-price-list-api instead" (Billing User Guide, price
 *   update notifications).
 * ECS's Windows AMIs use the EC2 Windows topics ("For more information on subscribing to Windows AMI notifications,
 * see Subscribing to Windows AMI notifications", ECS Developer Guide).
 */
export const AWS_PUBLISHED_TOPICS: readonly string[] = [
    AWS_IP_RANGES_TOPIC,
    ...ECS_AMI_UPDATE_REGIONS.map((r) => `arn:aws:sns:${r}:177427601217:ecs-optimized-amazon-ami-update`),
    "arn:aws:sns:us-east-1:137112412989:amazon-linux-ami-updates",
    "arn:aws:sns:us-east-1:137112412989:amazon-linux-2-ami-updates",
    "arn:aws:sns:us-east-1:137112412989:amazon-linux-2023-ami-updates",
    "arn:aws:sns:us-east-1:801119661308:ec2-windows-ami-update",
    "arn:aws:sns:us-east-1:801119661308:ec2-windows-ami-private",
    "arn:aws-us-gov:sns:us-gov-west-1:077303321853:ec2-windows-ami-update",
    "arn:aws:sns:us-east-1:278350005181:price-list-api",
    "arn:aws:sns:us-east-1:278350005181:daily-aggregated-price-list-api",
];

/**
 * Inputs that name an AWS-owned resource as the source a stack consumes (type -> property
 * -> the exact values): a subscription to a topic AWS publishes, and the Lambda permission
 * that lets that topic invoke the subscribed function.
 *
 * Only these topics, not every other account's topic. A subscription's `topic` and an SNS permission's `sourceArn`
 * send nothing out, but they are trust: the permission lets whoever may publish to that topic invoke the function
 * with a message of their choosing, and the topic's owner decides who may publish (a stranger's topic open to
 * `sns:Publish` by anyone is a public trigger). A topic AWS publishes to alone carries what AWS documents, so
 * consuming it trusts AWS only; another account's topic is judged like any other reference.
 */
const AWS_OWNED_SOURCES: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    "aws:sns/topicSubscription:TopicSubscription": { topic: AWS_PUBLISHED_TOPICS },
    "aws:lambda/permission:Permission": { sourceArn: AWS_PUBLISHED_TOPICS },
};

/** True when input `path` of a resource of `type` names, as `value`, an AWS-owned source the stack consumes. */
export function isAwsOwnedSource(type: string, path: string, value: unknown): boolean {
    return typeof value === "string" && (AWS_OWNED_SOURCES[type]?.[path] ?? []).includes(value);
}

/**
 * Source ARNs a resource policy may name in an `aws:SourceArn` condition although their
 * account is AWS's: a queue or function subscribed to a topic AWS publishes lets SNS deliver
 * from that topic only.
 */
export const AWS_OWNED_SOURCE_ARNS: readonly string[] = AWS_PUBLISHED_TOPICS;
