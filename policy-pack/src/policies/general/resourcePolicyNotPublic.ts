import { resourcePolicy } from "../../policy";
import { RESOURCE_POLICY_PROPERTIES } from "../../principals";
import { publicPolicyValidation } from "../../resourcePolicies";

/** The resource-policy types a service's own "not public" policy already judges (bucket, key, topic, queue, secret, API). */
const JUDGED_ELSEWHERE = new Set([
    "aws:s3/bucketPolicy:BucketPolicy",
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:kms/key:Key",
    "aws:kms/keyPolicy:KeyPolicy",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:kms/externalKey:ExternalKey",
    "aws:kms/replicaExternalKey:ReplicaExternalKey",
    "aws:sns/topic:Topic",
    "aws:sns/topicPolicy:TopicPolicy",
    "aws:sqs/queue:Queue",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:secretsmanager/secret:Secret",
    "aws:secretsmanager/secretPolicy:SecretPolicy",
    "aws:apigateway/restApi:RestApi",
    "aws:apigateway/restApiPolicy:RestApiPolicy",
]);

/** Every other resource policy of RESOURCE_POLICY_PROPERTIES (ECR, Backup, EFS, EventBridge, Logs, OpenSearch, ...). */
const PROPERTIES: Readonly<Record<string, string>> = Object.fromEntries(
    Object.entries(RESOURCE_POLICY_PROPERTIES).filter(([type]) => !JUDGED_ELSEWHERE.has(type)),
);

const EVENT_PERMISSION = "aws:cloudwatch/eventPermission:EventPermission";

/**
 * An event bus permission is a statement written as arguments: `principal: "*"` lets every account put events
 * on the bus unless `condition` limits it to an organization (EventBridge API Reference, PutPermission: "Specify "*"
 * to permit any account to put events to your default event bus. If you specify "*" without specifying
 * Condition, avoid creating rules that may match undesirable events").
 */
function eventPermissionProblem(p: Record<string, unknown>): string | undefined {
    if (p["principal"] !== "*") return undefined;
    const condition = p["condition"] as { key?: unknown; value?: unknown } | undefined;
    const value = typeof condition?.value === "string" ? condition.value : "";
    if (condition?.key === "aws:PrincipalOrgID" && value !== "" && !/[*?]/.test(value)) return undefined;
    return "principal '*' without a condition naming an organization (aws:PrincipalOrgID): every AWS account can put events on the bus; name the account or the organization.";
}

/**
 * The resource policies of the services without a "not public" policy of their own (ECR repositories, Backup
 * vaults, EFS file systems, EventBridge buses, CloudWatch Logs, OpenSearch and Elasticsearch domains, DynamoDB
 * and Kinesis resource policies, Glacier vaults, S3 access points, Object Lambda access points and table buckets,
 * the ECR registry, Private CA, CodeArtifact, SES identities, the Glue catalog, Redshift, log destinations and
 * schema registries, and EventBridge bus permissions) grant nothing to anyone without a pinning
 * condition, judged resource by resource. aws-no-foreign-principals judges the same documents for other
 * accounts too, but as a stack policy: the analyzer runs stack policies "at the end of a successful preview or
 * update" (@pulumi/policy), after an update has created the resources, and defers them when any value is
 * unknown at preview. A resource policy runs before its resource is created or changed. An OpenSearch or
 * Elasticsearch domain in a VPC with fine-grained access control may allow `*` on its own ARN, the domain access
 * policy AWS recommends with fine-grained access control (openByDesign.ts); a separate DomainPolicy does not carry
 * the domain's network and security settings, and is judged as before.
 *
 * Controls: none mapped (ECR, EFS and the others have no Security Hub control for a public policy).
 */
export const resourcePolicyNotPublic = resourcePolicy({
    name: "resource-policy-not-public",
    description:
        "Resource policies of ECR, Backup, EFS, EventBridge, Logs, OpenSearch, DynamoDB, Kinesis, Glacier, S3 access points and tables, Private CA, CodeArtifact, SES, Glue, Redshift and EventBridge Schemas allow no '*' without a pinning condition, but es:ESHttp* on the domain's own ARN of a VPC OpenSearch domain with fine-grained access control.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "general",
    controls: [],
    onUnknown: "defer",
    resourceTypes: [...Object.keys(PROPERTIES), EVENT_PERMISSION],
    validateResource: (args, reportViolation) => {
        publicPolicyValidation(PROPERTIES)(args, reportViolation);
        const why = args.type === EVENT_PERMISSION ? eventPermissionProblem(args.props) : undefined;
        if (why) reportViolation(why);
    },
});
