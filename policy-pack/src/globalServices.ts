/*
 * Data only, no imports: the organization layer (lib/src/organization/regionDeny.ts) writes its
 * region-deny SCP from this list and the pack judges every region deny against it, so the two
 * cannot drift apart, and loading it costs a stack program nothing.
 */
/**
 * The NotAction entries of AWS's region-deny SCP, as AWS publishes it: the AWS Organizations
 * User Guide, "Example SCPs: General examples", "Deny access to AWS based on the requested AWS
 * Region" ("Because global services have endpoints that are physically hosted by the us-east-1
 * Region, they must be exempted in this way"), whose policy text is kept in AWS's
 * aws-samples/service-control-policy-examples, Region-controls/Deny-access-to-AWS-based-on-the-requested-AWS-region.json.
 * Without them a region deny locks the accounts out of IAM, STS, Organizations, Route 53,
 * CloudFront, Support and the other global services.
 */
export const REGION_DENY_GLOBAL_EXEMPTIONS: readonly string[] = [
    "a4b:*",
    "acm:*",
    "aws-marketplace-management:*",
    "aws-marketplace:*",
    "aws-portal:*",
    "budgets:*",
    "ce:*",
    "chime:*",
    "cloudfront:*",
    "config:*",
    "cur:*",
    "directconnect:*",
    "ec2:DescribeRegions",
    "ec2:DescribeTransitGateways",
    "ec2:DescribeVpnGateways",
    "fms:*",
    "globalaccelerator:*",
    "health:*",
    "iam:*",
    "importexport:*",
    "kms:*",
    "mobileanalytics:*",
    "networkmanager:*",
    "organizations:*",
    "pricing:*",
    "route53:*",
    "route53domains:*",
    "route53-recovery-cluster:*",
    "route53-recovery-control-config:*",
    "route53-recovery-readiness:*",
    "s3:GetAccountPublic*",
    "s3:ListAllMyBuckets",
    "s3:ListMultiRegionAccessPoints",
    "s3:PutAccountPublic*",
    "shield:*",
    "sts:*",
    "support:*",
    "trustedadvisor:*",
    "waf-regional:*",
    "waf:*",
    "wafv2:*",
    "wellarchitected:*",
];
