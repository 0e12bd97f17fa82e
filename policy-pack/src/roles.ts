/**
 * What each policy is for, declared once as data. The pack serves two roles
 * through configuration alone (what a Pulumi Cloud policy group holds):
 *
 * - `guardrail`: what any security reviewer rejects in any AWS stack (public
 *   exposure, wildcard or escalation-prone IAM, unencrypted data stores, logging
 *   and detection turned off, keys without rotation). Enforced at the policy's
 *   level with no configuration at all.
 * - `opinion`: a choice an organization makes (required tags and their values,
 *   allowed regions, customer-managed keys, VPC-only Lambdas, private-only APIs,
 *   tracing, retention lengths). Advisory by default, so a well-made stack of
 *   another team is never blocked by it; an organization raises the level in its
 *   policy group's config.
 * - `conformance`: a promise the baseline makes about its own stacks (a complete
 *   detection layer, cross-region recovery). Disabled by default; the baseline's
 *   configuration (config/baseline.json) enables it, and even then it judges only
 *   the projects `conformanceProjects` selects (`baseline-*`).
 *
 * Every policy not listed here is a guardrail.
 */
export type PolicyRole = "guardrail" | "opinion" | "conformance";

export const OPINION_POLICIES: readonly string[] = [
    "aws-required-tags",
    "aws-allowed-regions",
    // AWS encrypts every new S3 object when no other default is set ("Amazon S3 now applies
    // server-side encryption with Amazon S3 managed keys (SSE-S3) as the base level of encryption
    // for every bucket in Amazon S3", S3 User Guide, "Using server-side encryption with Amazon S3
    // managed keys (SSE-S3)"); log groups and secrets are encrypted by the service when no key is
    // given. A customer-managed key is an organization's choice, not the difference between
    // encrypted and unencrypted.
    "s3-bucket-sse-kms-cmk",
    "cloudwatch-log-group-cmk",
    "sns-topic-cmk",
    "secretsmanager-secret-cmk",
    "s3-bucket-ssl-requests-only",
    "apigateway-rest-api-private",
    "apigateway-stage-xray-tracing",
    "lambda-function-in-vpc",
    "lambda-function-tracing-active",
    "cloudwatch-log-group-retention",
    "ec2-subnet-no-auto-public-ip",
    "ec2-no-unrestricted-egress",
    "rds-production-resilience",
    "sns-topic-has-subscription",
    // Many teams run a public EKS endpoint limited to their networks, and some to every address while they
    // move to private access: whether 0.0.0.0/0 is acceptable is the organization's call (EKS.1 says no).
    "eks-endpoint-not-public",
    // The deploy role's name and the services it writes to are the baseline's (deployRoleName,
    // deployRoleServices): another organization's SCPs exempt its own pipeline role, which the
    // pack cannot know until the organization names it in its configuration.
    "org-scp-deploy-role-exempt",
];

export const CONFORMANCE_POLICIES: readonly string[] = [
    "detection-layer-complete",
    "guardduty-detector-enabled",
    "securityhub-standards-subscribed",
    "cloudtrail-s3-data-events",
    "s3-bucket-cross-region-replication",
    "backup-vault-lock-compliance",
    "rds-automated-backup-replication",
    // What the README promises about the baseline's resources (each also judges only the
    // projects conformanceProjects selects).
    "s3-bucket-versioning-enabled",
    "s3-lifecycle-keeps-retention",
    "s3-object-lock-compliance",
    "s3-access-logs-to-own-bucket",
    "config-rules-and-remediations-kept",
    "detection-delivery-and-aggregation",
    "detection-findings-routed",
    "cloudwatch-metric-filter-alarmed",
    "rds-parameter-group-tls-only",
    "rds-subnet-group-multi-az",
    "ec2-network-tiers-kept",
    "ec2-vpc-endpoint-policy-own-account",
    "apigateway-api-wiring",
    "backup-plan-retention",
    "s3-bucket-versioning-and-lifecycle-present",
    "baseline-data-protected",
    "securityhub-automation-rule-no-silencing",
    "backup-and-replication-alerting",
];

/**
 * The organization's own policies (SCPs, RCPs) besides the deploy role's exemption are
 * guardrails: a region deny that locks every account out of IAM and STS, or a data perimeter
 * that locks out CloudTrail's and Config's delivery, breaks any organization, and a detached
 * policy is judged only against the attachments the organization itself declared
 * (`requiredAttachments`, empty by default). None judges a stack without organizations resources.
 */
export function roleOf(policyName: string): PolicyRole {
    if (OPINION_POLICIES.includes(policyName)) return "opinion";
    if (CONFORMANCE_POLICIES.includes(policyName)) return "conformance";
    return "guardrail";
}

/**
 * Each pattern's expression, compiled once: a conformance policy matches its
 * `conformanceProjects` against every resource it is called on. Patterns come from
 * the pack's configuration, so the map holds a handful; it is emptied past a bound
 * all the same, since one analyzer process may judge many stacks.
 */
const GLOBS = new Map<string, RegExp>();
const GLOBS_KEPT = 1000;

/** `*` matches any run of characters (also none), `?` exactly one; everything else literally. */
export function globMatches(pattern: string, value: string): boolean {
    let re = GLOBS.get(pattern);
    if (!re) {
        const source = pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".");
        if (GLOBS.size >= GLOBS_KEPT) GLOBS.clear();
        re = new RegExp(`^${source}$`);
        GLOBS.set(pattern, re);
    }
    return re.test(value);
}

export type UrnParts = Readonly<{ stack: string; project: string; type: string; name: string }>;

/**
 * Each URN's parts, split once: every conformance policy's wrapper asks for the
 * project of each resource it is called on, some 50,000 times for the baseline's
 * plan. Emptied past a bound, as one analyzer process may judge many stacks.
 */
const URN_PARTS = new Map<string, UrnParts | undefined>();
const URN_PARTS_KEPT = 100_000;

/** `project`, `stack`, `type` and `name` of a resource URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function urnParts(urn: string): UrnParts | undefined {
    if (URN_PARTS.has(urn)) return URN_PARTS.get(urn);
    const parts = urn.split("::");
    let out: UrnParts | undefined;
    if (parts.length >= 4 && parts[0].startsWith("urn:pulumi:")) {
        const type = parts[2];
        out = Object.freeze({
            stack: parts[0].slice("urn:pulumi:".length),
            project: parts[1],
            type: type.slice(type.lastIndexOf("$") + 1),
            name: parts.slice(3).join("::"),
        });
    }
    if (URN_PARTS.size >= URN_PARTS_KEPT) URN_PARTS.clear();
    URN_PARTS.set(urn, out);
    return out;
}

/**
 * The parts of the first resource URN among `resources` that has them: the stack's
 * project and name. Stops at that resource: every stack policy's wrapper asks, and
 * splitting every URN of a large stack for each of them showed in profiles.
 */
export function firstUrnParts(resources: readonly { readonly urn: string }[]): UrnParts | undefined {
    for (const r of resources) {
        const parts = urnParts(r.urn);
        if (parts) return parts;
    }
    return undefined;
}
