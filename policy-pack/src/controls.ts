/**
 * The AWS Security Hub controls the pack's policies map to, with the standards
 * that contain them (see /work/shared/reference/aws-controls.md). A policy names
 * its controls by id, so a typo is a compile error and the report can say which
 * standard a finding belongs to. "NIST" marks controls that are in neither FSBP
 * nor CIS v3.0.0.
 */
export interface ControlInfo {
    readonly standards: readonly string[];
    readonly title: string;
    /**
     * The control is about a resource type the baseline's own stacks never create (an EFS file system, an
     * HTTP API stage): the pack checks it on other teams' stacks, and docs/controls.md, which lists the
     * controls of what the baseline builds, leaves it out.
     */
    readonly otherTeamsOnly?: true;
}

export const CONTROLS = {
    "APIGateway.1": { standards: ["FSBP"], title: "REST API stage execution logging enabled" },
    "APIGateway.3": { standards: ["FSBP"], title: "REST API stage X-Ray tracing enabled" },
    "CloudWatch.16": { standards: ["NIST"], title: "Log groups retained for a minimum period" },
    "EC2.2": { standards: ["FSBP", "CIS v3.0.0 5.4"], title: "Default security group allows no traffic" },
    "EC2.6": { standards: ["FSBP", "CIS v3.0.0 3.7"], title: "VPC flow logging enabled in all VPCs" },
    "EC2.15": { standards: ["FSBP"], title: "Subnets do not auto-assign public IP addresses" },
    "EC2.19": { standards: ["FSBP"], title: "Security groups allow no unrestricted access to high-risk ports" },
    "EC2.53": { standards: ["CIS v3.0.0 5.2"], title: "No ingress from 0.0.0.0/0 to remote administration ports" },
    "EC2.54": { standards: ["CIS v3.0.0 5.3"], title: "No ingress from ::/0 to remote administration ports" },
    "IAM.1": { standards: ["FSBP"], title: "IAM policies allow no full '*' administrative privileges" },
    "IAM.7": { standards: ["FSBP"], title: "Password policy has strong configurations" },
    "IAM.15": { standards: ["CIS v3.0.0 1.8"], title: "Password policy requires a minimum length of 14 or greater" },
    "IAM.16": { standards: ["CIS v3.0.0 1.9"], title: "Password policy prevents password reuse (24)" },
    "KMS.4": { standards: ["CIS v3.0.0 3.6"], title: "KMS key rotation enabled" },
    "Lambda.2": { standards: ["FSBP"], title: "Lambda functions use supported runtimes" },
    "Lambda.3": { standards: ["NIST"], title: "Lambda functions are in a VPC" },
    "Lambda.7": { standards: ["NIST"], title: "Lambda functions have AWS X-Ray active tracing" },
    "StepFunctions.1": { standards: ["FSBP"], title: "Step Functions state machines have logging turned on" },
    "RDS.2": { standards: ["FSBP", "CIS v3.0.0 2.3.3"], title: "RDS instances prohibit public access" },
    "RDS.3": { standards: ["FSBP", "CIS v3.0.0 2.3.1"], title: "RDS instances have encryption at rest" },
    "RDS.8": { standards: ["FSBP"], title: "RDS instances have deletion protection" },
    "RDS.11": { standards: ["FSBP"], title: "RDS instances have automatic backups" },
    "S3.5": { standards: ["FSBP", "CIS v3.0.0 2.1.1"], title: "Bucket policies require SSL" },
    "S3.7": { standards: ["NIST"], title: "S3 general purpose buckets use cross-Region replication" },
    "S3.8": { standards: ["FSBP", "CIS v3.0.0 2.1.4"], title: "Bucket-level Block Public Access enabled" },
    "S3.17": { standards: ["NIST"], title: "Buckets encrypted at rest with AWS KMS keys" },
    "SNS.1": { standards: ["NIST"], title: "SNS topics encrypted at rest using AWS KMS" },
    "GuardDuty.1": { standards: ["FSBP"], title: "GuardDuty enabled" },
    "S3.22": { standards: ["CIS v3.0.0 3.8"], title: "Multi-region trail logs all S3 write data events" },
    "S3.23": { standards: ["CIS v3.0.0 3.9"], title: "Multi-region trail logs all S3 read data events" },
    "CloudWatch.1": { standards: ["CIS v1.2/v1.4"], title: "Metric filter and alarm for root user usage" },
    "CloudWatch.2": { standards: ["CIS v1.2"], title: "Metric filter and alarm for unauthorized API calls" },
    "CloudWatch.4": { standards: ["CIS v1.2/v1.4"], title: "Metric filter and alarm for IAM policy changes" },
    "IAM.2": { standards: ["FSBP", "CIS v3.0.0 1.15"], title: "IAM users have no IAM policies attached" },
    "IAM.21": { standards: ["FSBP"], title: "Customer managed policies allow no wildcard actions for services" },
    "IAM.27": { standards: ["CIS v3.0.0 1.22"], title: "No AWSCloudShellFullAccess policy attached" },
    "IAM.28": { standards: ["CIS v3.0.0 1.20"], title: "IAM Access Analyzer external access analyzer enabled" },
    "S3.1": { standards: ["FSBP", "CIS v3.0.0 2.1.4"], title: "Account-level Block Public Access enabled" },
    "S3.2": { standards: ["FSBP"], title: "Buckets prohibit public read access" },
    "S3.3": { standards: ["FSBP"], title: "Buckets prohibit public write access" },
    "S3.12": { standards: ["FSBP"], title: "ACLs are not used to manage user access to buckets" },
    "KMS.5": { standards: ["FSBP"], title: "KMS keys are not publicly accessible" },
    "Lambda.1": { standards: ["FSBP"], title: "Lambda function policies prohibit public access" },
    "EFS.1": { standards: ["FSBP"], title: "EFS file systems encrypt file data at rest with AWS KMS", otherTeamsOnly: true },
    "ElastiCache.4": { standards: ["FSBP"], title: "ElastiCache replication groups are encrypted at rest", otherTeamsOnly: true },
    "Kinesis.1": { standards: ["FSBP"], title: "Kinesis streams are encrypted at rest", otherTeamsOnly: true },
    "Opensearch.1": { standards: ["FSBP"], title: "OpenSearch domains have encryption at rest enabled", otherTeamsOnly: true },
    "ES.1": { standards: ["FSBP"], title: "Elasticsearch domains have encryption at rest enabled", otherTeamsOnly: true },
    "DocumentDB.1": { standards: ["FSBP"], title: "DocumentDB clusters are encrypted at rest", otherTeamsOnly: true },
    "Neptune.1": { standards: ["FSBP"], title: "Neptune DB clusters are encrypted at rest", otherTeamsOnly: true },
    "ElastiCache.5": {
        standards: ["FSBP"],
        title: "ElastiCache replication groups are encrypted in transit",
        otherTeamsOnly: true,
    },
    "Opensearch.3": { standards: ["FSBP"], title: "OpenSearch domains encrypt data sent between nodes", otherTeamsOnly: true },
    "Opensearch.8": {
        standards: ["FSBP"],
        title: "Connections to OpenSearch domains are encrypted using the latest TLS security policy",
        otherTeamsOnly: true,
    },
    "ES.3": { standards: ["FSBP"], title: "Elasticsearch domains encrypt data sent between nodes", otherTeamsOnly: true },
    "ES.8": {
        standards: ["FSBP"],
        title: "Connections to Elasticsearch domains are encrypted using the latest TLS security policy",
        otherTeamsOnly: true,
    },
    "MSK.1": { standards: ["FSBP"], title: "MSK clusters are encrypted in transit among broker nodes", otherTeamsOnly: true },
    "APIGateway.9": { standards: ["FSBP"], title: "Access logging configured for API Gateway V2 stages", otherTeamsOnly: true },
    "EKS.1": { standards: ["FSBP"], title: "EKS cluster endpoints are not publicly accessible", otherTeamsOnly: true },
    "Redshift.1": { standards: ["FSBP"], title: "Redshift clusters prohibit public access", otherTeamsOnly: true },
    "DMS.1": { standards: ["FSBP"], title: "DMS replication instances are not public", otherTeamsOnly: true },
    "SSM.4": { standards: ["FSBP"], title: "SSM documents are not public", otherTeamsOnly: true },
    "EC2.8": { standards: ["FSBP", "CIS v3.0.0 5.6"], title: "EC2 instances use IMDSv2" },
    "EC2.7": { standards: ["FSBP", "CIS v3.0.0 2.2.1"], title: "EBS default encryption enabled" },
    "EC2.21": {
        standards: ["FSBP", "CIS v3.0.0 5.1"],
        title: "Network ACLs allow no ingress from 0.0.0.0/0 to ports 22 or 3389",
    },
    "CloudTrail.1": {
        standards: ["FSBP", "CIS v3.0.0 3.1"],
        title: "A multi-Region trail with read and write management events",
    },
    "CloudTrail.2": { standards: ["FSBP", "CIS v3.0.0 3.5"], title: "CloudTrail encryption at rest enabled" },
    "CloudTrail.4": { standards: ["FSBP", "CIS v3.0.0 3.2"], title: "CloudTrail log file validation enabled" },
    "CloudTrail.5": { standards: ["FSBP"], title: "CloudTrail trails integrated with CloudWatch Logs" },
    "CloudWatch.15": { standards: ["NIST"], title: "Alarms have an action configured for the ALARM state" },
    "CloudWatch.17": { standards: ["NIST"], title: "Alarm actions are activated" },
    "Config.1": { standards: ["FSBP", "CIS v3.0.0 3.3"], title: "AWS Config enabled, with the service-linked role" },
    "RDS.5": { standards: ["FSBP"], title: "RDS instances use multiple Availability Zones" },
    "RDS.10": { standards: ["FSBP"], title: "IAM authentication configured for RDS instances" },
    "RDS.13": { standards: ["FSBP", "CIS v3.0.0 2.3.2"], title: "RDS automatic minor version upgrades enabled" },
} as const satisfies Record<string, ControlInfo>;

export type ControlId = keyof typeof CONTROLS;

/** `S3.8 (FSBP, CIS v3.0.0 2.1.4)`: a control with its standards, for reports and docs. */
export function describeControl(id: ControlId): string {
    return `${id} (${CONTROLS[id].standards.join(", ")})`;
}
