/**
 * Every AWS Security Hub FSBP v1.0.0 and CIS AWS Foundations Benchmark v3.0.0 control that applies to
 * what the baseline builds, and how it is met. The controls table of docs/controls.md is generated from this
 * (scripts/src/gen-controls-doc.ts, `npm run gen:controls`), joined with the policy pack's control ids
 * and the AWS Config rules of rules.ts, and a test fails when it is stale. Controls of services the
 * baseline does not use (EFS, ECS, EKS, ELB, ...) are not listed; controls disabled in Security Hub
 * come from securityHub.ts with their reason.
 *
 * `status`: met by a resource the baseline creates; `config` met once an operator sets config (an
 * alarm subscriber, the security contact); `manual` a person must do it (root user); `open` not met;
 * `disabled` out of scope, disabled in Security Hub with a reason. `before` says whether the control was
 * met before the detection work (Security Hub, GuardDuty, subscriptions, CIS alarms, RDS
 * events, data events, audit access logs, security contact).
 */
import { CIS_METRIC_FILTERS } from "./cisAlarms";
import { DISABLED_CONTROLS } from "./securityHub";
import { HOME_REGION } from "@baseline/lib";

export type ControlStatus = "met" | "config" | "manual" | "open" | "disabled";

export interface CatalogEntry {
    /**
     * Security Hub control id, or `CIS x.y` where Security Hub's CIS v3.0.0 standard has no control for
     * the recommendation (the benchmark's manual checks).
     */
    readonly id: string;
    readonly fsbp: boolean;
    /** CIS v3.0.0 recommendation number, when the control is in that standard. */
    readonly cis?: string;
    readonly title: string;
    readonly status: ControlStatus;
    /** Where the baseline meets it (or why not). */
    readonly how: string;
    readonly before: boolean;
    /**
     * For a `CIS x.y` row: the Security Hub control of an older standard (CIS v1.2/v1.4) that checks
     * the same thing, so the table still names the checks that exist for it.
     */
    readonly legacyControl?: string;
}

type Entry = Omit<CatalogEntry, "status" | "before"> & { status?: ControlStatus; before?: boolean };
const met = (e: Entry): CatalogEntry => ({ status: "met", before: true, ...e });
const added = (e: Entry): CatalogEntry => ({ status: "met", before: false, ...e });

const HAND_WRITTEN: readonly CatalogEntry[] = [
    // Account and IAM (global: evaluated in the home region)
    added({
        id: "Account.1",
        fsbp: true,
        cis: "1.2",
        title: "Security contact information is provided",
        status: "config",
        how: "security: `aws.account.AlternativeContact` SECURITY from the securityContact* keys (home region)",
    }),
    met({
        id: "IAM.1",
        fsbp: true,
        title: "No policies with full '*' admin privileges",
        how: "global-iam: scoped policies; AWS managed AdministratorAccess only on the MFA admin role",
    }),
    met({
        id: "IAM.2",
        fsbp: true,
        cis: "1.15",
        title: "IAM users have no policies attached",
        how: "global-iam: no IAM users, roles only",
    }),
    met({ id: "IAM.3", fsbp: true, cis: "1.14", title: "Access keys rotated every 90 days", how: "no IAM users or access keys" }),
    {
        id: "IAM.4",
        fsbp: true,
        cis: "1.4",
        title: "No root user access key",
        status: "manual",
        how: "root user: delete any access key by hand",
        before: false,
    },
    met({
        id: "IAM.5",
        fsbp: true,
        cis: "1.10",
        title: "MFA for IAM users with a console password",
        how: "no IAM users; human roles require MFA",
    }),
    {
        id: "IAM.6",
        fsbp: true,
        cis: "1.6",
        title: "Hardware MFA for the root user",
        status: "manual",
        how: "root user: register a hardware MFA device",
        before: false,
    },
    met({
        id: "IAM.7",
        fsbp: true,
        title: "Strong password policy",
        how: "global-iam: `aws.iam.AccountPasswordPolicy` 14/24/90",
    }),
    met({ id: "IAM.8", fsbp: true, title: "Unused IAM user credentials removed", how: "no IAM users" }),
    {
        id: "IAM.9",
        fsbp: false,
        cis: "1.5",
        title: "MFA for the root user",
        status: "manual",
        how: "root user: enable MFA",
        before: false,
    },
    met({ id: "IAM.15", fsbp: false, cis: "1.8", title: "Password minimum length 14", how: "global-iam password policy" }),
    met({ id: "IAM.16", fsbp: false, cis: "1.9", title: "Password reuse prevention 24", how: "global-iam password policy" }),
    met({
        id: "IAM.18",
        fsbp: false,
        cis: "1.17",
        title: "A support role exists",
        how: "global-iam: AWSSupportAccess on the admin role",
    }),
    met({
        id: "IAM.21",
        fsbp: true,
        title: "No service:* wildcards in customer managed policies",
        how: "global-iam: every action named",
    }),
    met({ id: "IAM.22", fsbp: false, cis: "1.12", title: "Credentials unused for 45 days removed", how: "no IAM users" }),
    met({
        id: "IAM.26",
        fsbp: false,
        cis: "1.19",
        title: "Expired server certificates removed",
        how: "no IAM server certificates",
    }),
    met({
        id: "IAM.27",
        fsbp: false,
        cis: "1.22",
        title: "No AWSCloudShellFullAccess attached",
        how: "global-iam attaches only named managed policies",
    }),
    met({
        id: "IAM.28",
        fsbp: false,
        cis: "1.20",
        title: "External access analyzer enabled",
        how: "security: `aws.accessanalyzer.Analyzer` ACCOUNT in every region",
    }),
    met({
        id: "KMS.1",
        fsbp: true,
        title: "Managed policies allow no decryption on all keys",
        how: "global-iam: key ARNs of the baseline's regions, by alias and kms:ViaService",
    }),
    met({
        id: "KMS.2",
        fsbp: true,
        title: "Inline policies allow no decryption on all keys",
        how: "global-iam: no inline policy grants kms:Decrypt on '*'",
    }),
    met({
        id: "KMS.3",
        fsbp: true,
        title: "Keys not deleted unintentionally",
        how: "security: keys `protect`ed, 30-day deletion window",
    }),
    met({
        id: "KMS.4",
        fsbp: false,
        cis: "3.6",
        title: "Key rotation enabled",
        how: "security: `enableKeyRotation`, Config rule with remediation",
    }),
    met({
        id: "KMS.5",
        fsbp: true,
        title: "Key policies not public",
        how: "security: key policies name this account and services",
    }),
    // Logging
    met({
        id: "CloudTrail.1",
        fsbp: true,
        cis: "3.1",
        title: "Multi-region trail with read and write management events",
        how: "security (home): multi-region trail, all management events",
    }),
    met({ id: "CloudTrail.2", fsbp: true, cis: "3.5", title: "Trail encrypted at rest", how: "security: the logs CMK" }),
    met({ id: "CloudTrail.4", fsbp: true, cis: "3.2", title: "Log file validation", how: "security: `enableLogFileValidation`" }),
    met({
        id: "CloudTrail.5",
        fsbp: true,
        title: "Trail delivers to CloudWatch Logs",
        how:
            "security: the management trail, to an encrypted log group with the global-iam delivery role; the S3 " +
            "data-events trail does not, on purpose (its events stay out of the alarms' group), and is reported FAILED",
    }),
    added({
        id: "CloudTrail.7",
        fsbp: false,
        cis: "3.4",
        title: "Access logging on the trail bucket",
        how: "security: `aws.s3.BucketLogging` to the audit access-log bucket",
    }),
    met({
        id: "Config.1",
        fsbp: true,
        cis: "3.3",
        title: "AWS Config enabled with the service-linked role",
        how: "security: recorder of all types on AWSServiceRoleForConfig, every region; aggregator at home",
    }),
    added({
        id: "S3.22",
        fsbp: false,
        cis: "3.8",
        title: "Trail logs S3 write data events",
        status: "config",
        how:
            "security (home): a data-events trail of its own (no CloudWatch Logs); by default only the baseline's data " +
            "and replica buckets (FAILED: the rule wants all current and future buckets), every bucket but the " +
            "trail's own once `cloudTrailS3DataEvents` is `all` (whether the rule counts that exclusion as all is " +
            "not documented)",
    }),
    added({
        id: "S3.23",
        fsbp: false,
        cis: "3.9",
        title: "Trail logs S3 read data events",
        status: "config",
        how: "same trail and setting as S3.22",
    }),
    // Detection
    added({
        id: "GuardDuty.1",
        fsbp: true,
        title: "GuardDuty enabled",
        how: "security: detector in every region with S3, RDS, Lambda and malware protection; findings to the alarm topic",
    }),
    added({
        id: "CIS 4.16",
        fsbp: false,
        cis: "4.16",
        title: "Security Hub enabled",
        how: "security: `aws.securityhub.Account` with FSBP and CIS v3.0.0 in every region, aggregator at home",
    }),
    {
        id: "Macie.1",
        fsbp: true,
        title: "Amazon Macie enabled",
        status: "open",
        how: "not enabled: billed per bucket and per GB inspected; an organization-level decision",
        before: false,
    },
    // Network
    met({
        id: "EC2.2",
        fsbp: true,
        cis: "5.4",
        title: "Default security group allows no traffic",
        how: "network: `aws.ec2.DefaultSecurityGroup` emptied; Config remediation",
    }),
    met({
        id: "EC2.6",
        fsbp: true,
        cis: "3.7",
        title: "VPC flow logs",
        how: "network: ALL traffic to an encrypted log group; Config remediation",
    }),
    met({
        id: "EC2.7",
        fsbp: true,
        cis: "2.2.1",
        title: "EBS default encryption",
        how: "security: `aws.ebs.EncryptionByDefault` in every region",
    }),
    met({ id: "EC2.8", fsbp: true, cis: "5.6", title: "EC2 instances use IMDSv2", how: "no EC2 instances" }),
    met({
        id: "EC2.15",
        fsbp: true,
        title: "Subnets do not auto-assign public IPs",
        how: "network: `mapPublicIpOnLaunch: false` on every subnet",
    }),
    met({ id: "EC2.18", fsbp: true, title: "Open ingress only on authorized ports", how: "network: no 0.0.0.0/0 ingress" }),
    met({ id: "EC2.19", fsbp: true, title: "No unrestricted access to high-risk ports", how: "network: no 0.0.0.0/0 ingress" }),
    met({
        id: "EC2.21",
        fsbp: true,
        cis: "5.1",
        title: "NACLs allow no 0.0.0.0/0 to 22 or 3389",
        how: "network: restrictive NACLs",
    }),
    met({ id: "EC2.53", fsbp: false, cis: "5.2", title: "No 0.0.0.0/0 ingress to admin ports", how: "network security groups" }),
    met({ id: "EC2.54", fsbp: false, cis: "5.3", title: "No ::/0 ingress to admin ports", how: "network security groups" }),
    {
        id: "EC2.172",
        fsbp: true,
        title: "VPC Block Public Access blocks IGW traffic",
        status: "open",
        how: "not set yet (block-ingress would keep NAT egress)",
        before: false,
    },
    // Data
    met({
        id: "S3.1",
        fsbp: true,
        cis: "2.1.4",
        title: "Account-level Block Public Access",
        how: "global-iam: `aws.s3.AccountPublicAccessBlock`",
    }),
    met({
        id: "S3.5",
        fsbp: true,
        cis: "2.1.1",
        title: "Bucket policies require TLS",
        how: "every bucket policy denies aws:SecureTransport false",
    }),
    met({
        id: "S3.6",
        fsbp: true,
        title: "No cross-account grants of sensitive bucket actions",
        how: "bucket policies grant only this account's services",
    }),
    met({
        id: "S3.2",
        fsbp: true,
        title: "Buckets prohibit public read access",
        how: "every bucket: public access blocks, TLS-only policies that grant no one; pack: no public bucket policy or ACL",
    }),
    met({
        id: "S3.3",
        fsbp: true,
        title: "Buckets prohibit public write access",
        how: "every bucket: public access blocks, `BucketOwnerEnforced` (no ACLs); pack: no public bucket policy or ACL",
    }),
    met({
        id: "S3.8",
        fsbp: true,
        cis: "2.1.4",
        title: "Bucket-level Block Public Access",
        how: "every bucket: `aws.s3.BucketPublicAccessBlock`",
    }),
    {
        id: "S3.9",
        fsbp: true,
        title: "Server access logging",
        status: "met",
        how: "data, audit and replica buckets log to SSE-S3 log buckets in their region; the log buckets themselves are suppressed (they would log their own deliveries)",
        before: false,
    },
    met({ id: "S3.12", fsbp: true, title: "ACLs disabled", how: "BucketOwnerEnforced everywhere" }),
    met({ id: "S3.13", fsbp: true, title: "Lifecycle configuration", how: "every bucket has lifecycle rules" }),
    met({
        id: "RDS.2",
        fsbp: true,
        cis: "2.3.3",
        title: "No public access",
        how: "data: `publiclyAccessible: false`, isolated subnets",
    }),
    met({ id: "RDS.3", fsbp: true, cis: "2.3.1", title: "Encrypted at rest", how: "data: the database CMK" }),
    met({ id: "RDS.5", fsbp: true, title: "Multi-AZ", how: "data: `dbMultiAz` default true" }),
    met({
        id: "RDS.6",
        fsbp: true,
        title: "Enhanced monitoring",
        how: "data: 60 s with the global-iam role; RDSOSMetrics pre-created, encrypted",
    }),
    met({ id: "RDS.8", fsbp: true, title: "Deletion protection", how: "data: `deletionProtection`; Config remediation" }),
    met({
        id: "RDS.9",
        fsbp: true,
        title: "Logs published to CloudWatch Logs",
        how: "data: postgresql and upgrade logs to encrypted groups",
    }),
    met({ id: "RDS.10", fsbp: true, title: "IAM authentication", how: "data: `iamDatabaseAuthenticationEnabled`" }),
    met({ id: "RDS.11", fsbp: true, title: "Automatic backups", how: "data: 14-day retention" }),
    met({
        id: "RDS.13",
        fsbp: true,
        cis: "2.3.2",
        title: "Automatic minor version upgrades",
        how: "data: `autoMinorVersionUpgrade`",
    }),
    met({ id: "RDS.17", fsbp: true, title: "Tags copied to snapshots", how: "data: `copyTagsToSnapshot`" }),
    added({
        id: "RDS.20",
        fsbp: true,
        title: "Event subscription for critical instance events",
        how: "security: RDS event subscription (maintenance, configuration change, failure)",
    }),
    added({
        id: "RDS.21",
        fsbp: true,
        title: "Event subscription for parameter group events",
        how: "security: RDS event subscription (configuration change)",
    }),
    added({
        id: "RDS.22",
        fsbp: true,
        title: "Event subscription for security group events",
        how: "security: RDS event subscription (configuration change, failure)",
    }),
    {
        id: "RDS.23",
        fsbp: true,
        title: "No default database port",
        status: "open",
        how: "PostgreSQL listens on 5432 (names.dbPort)",
        before: false,
    },
    met({
        id: "RDS.25",
        fsbp: true,
        title: "Custom administrator username",
        how: "data: configured master username, not postgres",
    }),
    met({ id: "SQS.1", fsbp: true, title: "Queues encrypted at rest", how: "api: the dead-letter queue uses the data CMK" }),
    met({
        id: "SecretsManager.1",
        fsbp: true,
        title: "Secrets rotate automatically",
        how: "data: the RDS-managed master secret",
    }),
    // API
    met({
        id: "APIGateway.1",
        fsbp: true,
        title: "Execution logging",
        how: "api: method settings, encrypted execution log group",
    }),
    {
        id: "APIGateway.2",
        fsbp: true,
        title: "Client certificate for backend authentication",
        status: "open",
        how: "the backend is a Lambda proxy integration; no client certificate",
        before: false,
    },
    met({ id: "APIGateway.3", fsbp: true, title: "X-Ray tracing", how: "api: `xrayTracingEnabled`" }),
    {
        id: "APIGateway.4",
        fsbp: true,
        title: "WAF web ACL",
        status: "open",
        how: "private API behind its VPC endpoint, every method IAM (SigV4) authorized for this account's principals; no web ACL yet",
        before: false,
    },
    met({ id: "APIGateway.5", fsbp: true, title: "Cache data encrypted", how: "api: caching off" }),
    met({
        id: "Lambda.1",
        fsbp: true,
        title: "No public function policy",
        how: "api: invoke permission with the API's source ARN",
    }),
    met({ id: "Lambda.2", fsbp: true, title: "Supported runtime", how: "api: nodejs22.x" }),
    met({ id: "Lambda.5", fsbp: true, title: "VPC function in more than one AZ", how: "api: private subnets of every AZ" }),
    added({
        id: "StepFunctions.1",
        fsbp: true,
        title: "State machines have logging turned on",
        how: "security: the findings marker logs ERROR to an encrypted, retained log group",
    }),
];

/**
 * CIS v3.0.0 4.1-4.15 from the metric filters: met once the alarm topic has a confirmed subscriber.
 * Benchmark recommendations, not Security Hub controls: Security Hub's CIS v3.0.0 standard contains no
 * CloudWatch.x control (CloudWatch.1-14 are in its CIS v1.2/v1.4 standards only), so each row is
 * `CIS 4.x` and names the older control as `legacyControl`.
 */
const CIS_MONITORING: readonly CatalogEntry[] = Object.entries(CIS_METRIC_FILTERS).map(([name, f]) => ({
    id: `CIS ${f.cis}`,
    fsbp: false,
    cis: f.cis,
    ...(f.control ? { legacyControl: f.control } : {}),
    title: `Metric filter and alarm: ${name.replace(/-/g, " ")}`,
    status: "config",
    how: "security (home): CIS filter on the trail's log group, alarm to the alarm topic; needs a confirmed alarmSubscriptions entry",
    // The first three existed, but their topic had no subscriber: nobody was told.
    before: false,
}));

const DISABLED_EVERYWHERE: readonly CatalogEntry[] = DISABLED_CONTROLS.filter((d) => d.where === "everywhere").map((d) => ({
    id: d.control,
    fsbp: d.standards.includes("fsbp"),
    cis: d.control === "S3.20" ? "2.1.2" : undefined,
    title: d.title ?? d.control,
    status: "disabled",
    how: d.reason,
    before: false,
}));

/** Controls disabled outside the home region are still judged there: say so in their row. */
const outsideHome = new Set(DISABLED_CONTROLS.filter((d) => d.where === "outside-home").map((d) => d.control));

export function controlCatalog(): CatalogEntry[] {
    return [...HAND_WRITTEN, ...CIS_MONITORING, ...DISABLED_EVERYWHERE].map((e) =>
        outsideHome.has(e.id) ? { ...e, how: `${e.how} (disabled outside ${HOME_REGION}: global resource)` } : e,
    );
}
