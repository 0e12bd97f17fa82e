/**
 * The AWS Config managed rules of each region and their automatic remediations, as data: the
 * ConfigRules component registers them and tests pin them. Every remediation uses an AWS-owned
 * runbook of `REMEDIATION_RUNBOOKS` (lib/src/remediation.ts), whose actions the global-iam
 * remediation role grants, and passes every one of its parameters explicitly.
 */
import type * as pulumi from "@pulumi/pulumi";
import { BASELINE_TAG, CIS_PASSWORD_POLICY, HOME_REGION, names, DeployRegion, RunbookId } from "@baseline/lib";
import { S3_ENCRYPTION_GUARD_POLICY } from "./s3EncryptionGuard";

/** A runbook parameter: a fixed value, or the id of the non-compliant resource. */
export type ParameterValue = { readonly static: pulumi.Input<string> } | { readonly resourceId: true };

export interface RemediationSpec {
    readonly runbook: RunbookId;
    /** The Config resource type remediated (the source of RESOURCE_ID). */
    readonly resourceType: string;
    /** Every runbook parameter except AutomationAssumeRole. */
    readonly parameters: Readonly<Record<string, ParameterValue>>;
    /**
     * Why this remediation waits for an operator instead of running automatically. Only set
     * where running it on every non-compliant resource would break something the baseline
     * deliberately configures.
     */
    readonly manualBecause?: string;
}

export interface RuleSpec {
    /** Short name: `${NAME_PREFIX}-<name>` is the rule's name. */
    readonly name: string;
    /** AWS Config managed rule identifier, or for a custom policy rule a label for its description. */
    readonly identifier: string;
    /**
     * A custom policy rule in Guard (owner CUSTOM_POLICY) instead of a managed rule. `scopeTag` limits
     * the rule (and so its remediation) to resources with that tag; the Guard text then selects the
     * resource types itself.
     */
    readonly customPolicy?: {
        readonly guard: string;
        readonly resourceTypes: readonly string[];
        readonly scopeTag?: { readonly key: string; readonly value: string };
    };
    /** The Security Hub controls it backs. */
    readonly controls: string;
    /**
     * Its remediation changes a resource anyone may have made (a bucket's policy or public access block, a
     * security group's rules, a database's settings), and the rule is triggered by configuration changes, so
     * a tag can scope it: under `remediationScope: baseline` it judges (and remediates) only the baseline's
     * own resources (`scopeTag`).
     */
    readonly changesExisting?: true;
    /** Set by `configRules`: the rule judges only resources with this tag. */
    readonly scopeTag?: { readonly key: string; readonly value: string };
    readonly inputParameters?: Readonly<Record<string, string>>;
    readonly remediation?: RemediationSpec;
}

/**
 * Which resources the remediations that change existing resources act on (config `remediationScope`):
 * `account` every non-compliant one of the account and region, `baseline` only the baseline's own
 * (its Project tag).
 */
export const REMEDIATION_SCOPES = ["account", "baseline"] as const;
export type RemediationScope = (typeof REMEDIATION_SCOPES)[number];

export interface RuleContext {
    readonly region: DeployRegion;
    readonly remediationScope: RemediationScope;
    readonly accountId: string;
    /** The data key: what the S3 encryption remediation applies. */
    readonly dataKeyArn: pulumi.Input<string>;
    readonly flowLogsRoleArn: string;
}

const RESOURCE: ParameterValue = { resourceId: true };
const s = (v: string | number | boolean): ParameterValue => ({ static: String(v) });

/** The default VPC flow log record format (version 2 fields), passed explicitly to the runbook. */
export const FLOW_LOG_FORMAT =
    "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}";

/**
 * The rules of `ctx.region`; under `remediationScope: baseline`, those whose remediation changes existing
 * resources are scoped to the baseline's own (Config API reference, Scope: "a combination of a tag key and
 * value"; a tag scope applies to rules triggered by configuration changes, which those all are).
 */
export function configRules(ctx: RuleContext): RuleSpec[] {
    const rules = unscopedRules(ctx);
    if (ctx.remediationScope === "account") return rules;
    return rules.map((r) => (r.changesExisting ? { ...r, scopeTag: BASELINE_TAG } : r));
}

function unscopedRules(ctx: RuleContext): RuleSpec[] {
    const regional: RuleSpec[] = [
        // Detection only, for EVERY bucket of the region: it reports SSE-S3 buckets the baseline does not
        // own (load-balancer log buckets, other teams' buckets, a state bucket) without changing them.
        { name: "s3-default-encryption-kms", identifier: "S3_DEFAULT_ENCRYPTION_KMS", controls: "S3.17" },
        {
            // The same check with the exemption, and only for the baseline's OWN buckets (its Project
            // tag): exempt access-log buckets are compliant, so the automatic remediation never re-keys
            // them, and it never reaches a bucket the baseline did not create. Scope by tag alone: the
            // Config API reference, Scope: "The scope can include one or more resource types, a
            // combination of a tag key and value, or a combination of one resource type and one resource
            // ID"; the Guard rule's own `when resourceType == "AWS::S3::Bucket"` leaves every other tagged
            // type NOT_APPLICABLE.
            name: "s3-encryption-kms-or-declared-exemption",
            identifier: "CUSTOM_POLICY (Guard)",
            controls: "S3.17",
            customPolicy: {
                guard: S3_ENCRYPTION_GUARD_POLICY,
                resourceTypes: ["AWS::S3::Bucket"],
                scopeTag: BASELINE_TAG,
            },
            remediation: {
                runbook: "AWS-EnableS3BucketKeys",
                resourceType: "AWS::S3::Bucket",
                parameters: { BucketName: RESOURCE, KmsKeyId: { static: ctx.dataKeyArn } },
            },
        },
        {
            name: "s3-bucket-level-public-access-prohibited",
            identifier: "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
            controls: "S3.8",
            changesExisting: true,
            remediation: {
                runbook: "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock",
                resourceType: "AWS::S3::Bucket",
                parameters: {
                    BucketName: RESOURCE,
                    BlockPublicAcls: s(true),
                    BlockPublicPolicy: s(true),
                    IgnorePublicAcls: s(true),
                    RestrictPublicBuckets: s(true),
                },
            },
        },
        {
            name: "s3-bucket-ssl-requests-only",
            identifier: "S3_BUCKET_SSL_REQUESTS_ONLY",
            controls: "S3.5",
            changesExisting: true,
            remediation: {
                runbook: "AWSConfigRemediation-RestrictBucketSSLRequestsOnly",
                resourceType: "AWS::S3::Bucket",
                parameters: { BucketName: RESOURCE },
            },
        },
        {
            name: "vpc-flow-logs-enabled",
            identifier: "VPC_FLOW_LOGS_ENABLED",
            controls: "EC2.6",
            remediation: {
                runbook: "AWSSupport-EnableVPCFlowLogs",
                resourceType: "AWS::EC2::VPC",
                parameters: {
                    ResourceIds: RESOURCE,
                    TrafficType: s("ALL"),
                    LogDestinationType: s("cloud-watch-logs"),
                    // This layer's remediation group (RemediationFlowLogs), never the network layer's: the
                    // remediation runs before `network` exists, on the default VPCs first.
                    LogDestinationARN: s(
                        `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${names.remediationFlowLogGroup(ctx.region)}`,
                    ),
                    DeliverLogsPermissionArn: s(ctx.flowLogsRoleArn),
                    LogFormat: s(FLOW_LOG_FORMAT),
                },
            },
        },
        {
            name: "vpc-default-security-group-closed",
            identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
            controls: "EC2.2",
            changesExisting: true,
            remediation: {
                runbook: "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules",
                resourceType: "AWS::EC2::SecurityGroup",
                parameters: { GroupId: RESOURCE },
            },
        },
        {
            name: "cmk-backing-key-rotation-enabled",
            identifier: "CMK_BACKING_KEY_ROTATION_ENABLED",
            controls: "KMS.4",
            remediation: {
                runbook: "AWSConfigRemediation-EnableKeyRotation",
                resourceType: "AWS::KMS::Key",
                parameters: { KeyId: RESOURCE },
            },
        },
        // No AWS-owned runbook: encryption is set at creation (snapshot, encrypted copy, restore).
        { name: "rds-storage-encrypted", identifier: "RDS_STORAGE_ENCRYPTED", controls: "RDS.3" },
        {
            name: "rds-instance-public-access-check",
            identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
            controls: "RDS.2",
            changesExisting: true,
            remediation: {
                runbook: "AWSConfigRemediation-DisablePublicAccessToRDSInstance",
                resourceType: "AWS::RDS::DBInstance",
                parameters: { DbiResourceId: RESOURCE },
            },
        },
        {
            name: "rds-instance-deletion-protection-enabled",
            identifier: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
            controls: "RDS.8",
            changesExisting: true,
            remediation: {
                runbook: "AWSConfigRemediation-EnableRDSInstanceDeletionProtection",
                resourceType: "AWS::RDS::DBInstance",
                parameters: { DbInstanceResourceId: RESOURCE, ApplyImmediately: s(true) },
            },
        },
        // No AWS-owned runbook for the following two.
        {
            name: "api-gw-execution-logging-enabled",
            identifier: "API_GW_EXECUTION_LOGGING_ENABLED",
            controls: "APIGateway.1",
            inputParameters: { loggingLevel: "ERROR,INFO" },
        },
        {
            name: "cloudwatch-log-group-encrypted",
            identifier: "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
            controls: "CloudWatch log group KMS (NIST)",
        },
    ];
    if (ctx.region !== HOME_REGION) return regional;
    // Global IAM resources are evaluated once, in the home region (controls-to-disable guidance).
    const p = CIS_PASSWORD_POLICY;
    return [
        ...regional,
        {
            name: "iam-password-policy",
            identifier: "IAM_PASSWORD_POLICY",
            controls: "IAM.7, IAM.15, IAM.16",
            inputParameters: {
                RequireUppercaseCharacters: String(p.requireUppercaseCharacters),
                RequireLowercaseCharacters: String(p.requireLowercaseCharacters),
                RequireSymbols: String(p.requireSymbols),
                RequireNumbers: String(p.requireNumbers),
                MinimumPasswordLength: String(p.minimumPasswordLength),
                PasswordReusePrevention: String(p.passwordReusePrevention),
                MaxPasswordAge: String(p.maxPasswordAge),
            },
            remediation: {
                runbook: "AWSConfigRemediation-SetIAMPasswordPolicy",
                resourceType: "AWS::::Account",
                parameters: {
                    AllowUsersToChangePassword: s(p.allowUsersToChangePassword),
                    HardExpiry: s(p.hardExpiry),
                    MaxPasswordAge: s(p.maxPasswordAge),
                    MinimumPasswordLength: s(p.minimumPasswordLength),
                    PasswordReusePrevention: s(p.passwordReusePrevention),
                    RequireLowercaseCharacters: s(p.requireLowercaseCharacters),
                    RequireNumbers: s(p.requireNumbers),
                    RequireSymbols: s(p.requireSymbols),
                    RequireUppercaseCharacters: s(p.requireUppercaseCharacters),
                },
            },
        },
        // No AWS-owned runbook rotates a user's keys (that needs the user); the baseline creates no IAM users.
        {
            name: "access-keys-rotated",
            identifier: "ACCESS_KEYS_ROTATED",
            controls: "IAM.3",
            inputParameters: { maxAccessKeyAge: "90" },
        },
    ];
}
