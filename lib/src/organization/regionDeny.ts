/**
 * SCP: nothing happens outside the topology's regions, except in the global services.
 */
import { Guardrail } from "./document";
import { GuardrailFacts } from "./facts";

/**
 * The actions the region deny leaves alone: AWS's own list, copied from the AWS Organizations
 * User Guide example "Deny access to AWS based on the requested AWS Region"
 * (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html):
 * "Because global services have endpoints that are physically hosted by the us-east-1 Region,
 * they must be exempted in this way. With an SCP structured this way, requests made to global
 * services in the us-east-1 Region are allowed if the requested service is included in the
 * NotAction element." Kept exactly as published, so a review against the guide is a diff.
 */
export const GLOBAL_SERVICE_ACTIONS: readonly string[] = [
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
 * Denies every request for a region outside the topology. No principal is exempt, not even the
 * deploy role: the baseline deploys only to the topology's regions, and an exempt deploy
 * credential could build in regions no detector, recorder or trail of the baseline watches.
 */
export function regionDenyScp(facts: GuardrailFacts): Guardrail {
    return {
        name: `${facts.namePrefix}-region-deny`,
        kind: "SERVICE_CONTROL_POLICY",
        description: `Denies requests outside ${facts.regions.join(", ")} except to global services`,
        document: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyOutsideTopologyRegions",
                    Effect: "Deny",
                    NotAction: GLOBAL_SERVICE_ACTIONS,
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:RequestedRegion": [...facts.regions] } },
                },
            ],
        },
    };
}
