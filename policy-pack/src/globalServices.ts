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

/**
 * Resource types of the global services above, each with the exemption it rests on, for the
 * policies that judge where a resource is created (`aws-allowed-regions`): a resource of a global
 * service is created through its global endpoint, which "is physically hosted by the us-east-1
 * Region" (the same AWS example), so it is allowed wherever the region deny lets its service be
 * called. A type is listed only when every resource of it is global; `region` and `scope` name the
 * global flavour of a service that also has regional resources: CloudFront takes its ACM
 * certificates and WAFv2 web ACLs in US East (N. Virginia) only (ACM User Guide, "Supported
 * Regions": "To use an ACM certificate with Amazon CloudFront, you must request or import the
 * certificate in the US East (N. Virginia) region"; @pulumi/aws wafv2.WebAcl `scope`: "To work with
 * CloudFront, you must also specify the region `us-east-1` (N. Virginia) on the AWS provider"). KMS
 * and Config are exempted by the region deny but their resources are regional: they are not
 * listed. Each `exemption` must be an entry of REGION_DENY_GLOBAL_EXEMPTIONS
 * (test/policies/general.test.ts checks it). An aws-native type is matched by its module, which
 * names the service (`aws-native:iam:Role` by `iam:*`; see src/policies/general/allowedRegions.ts).
 */
export const GLOBAL_SERVICE_RESOURCES: readonly {
    /** Type tokens, or a module prefix ending in `/` (`aws:iam/`: every IAM type). */
    readonly types: readonly string[];
    readonly exemption: string;
    /** The only region the global flavour is created in. */
    readonly region?: string;
    /** The `scope` input of the global flavour. */
    readonly scope?: string;
}[] = [
    { types: ["aws:iam/"], exemption: "iam:*" },
    { types: ["aws:organizations/"], exemption: "organizations:*" },
    { types: ["aws:cloudfront/"], exemption: "cloudfront:*" },
    {
        types: [
            "aws:route53/zone:Zone",
            "aws:route53/record:Record",
            "aws:route53/healthCheck:HealthCheck",
            "aws:route53/delegationSet:DelegationSet",
        ],
        exemption: "route53:*",
    },
    { types: ["aws:budgets/"], exemption: "budgets:*" },
    { types: ["aws:costexplorer/"], exemption: "ce:*" },
    {
        types: ["aws:acm/certificate:Certificate", "aws:acm/certificateValidation:CertificateValidation"],
        exemption: "acm:*",
        region: "us-east-1",
    },
    {
        types: [
            "aws:wafv2/webAcl:WebAcl",
            "aws:wafv2/ipSet:IpSet",
            "aws:wafv2/regexPatternSet:RegexPatternSet",
            "aws:wafv2/ruleGroup:RuleGroup",
        ],
        exemption: "wafv2:*",
        region: "us-east-1",
        scope: "CLOUDFRONT",
    },
];
