/**
 * The AWS-owned SSM Automation runbooks the baseline wires to AWS Config rules
 * for automatic remediation, defined once: `security` wires them
 * (`aws.cfg.RemediationConfiguration`), `global-iam` grants the remediation
 * role exactly the actions they perform. Tests on both sides read this table,
 * so a runbook cannot be wired without its permissions, or permitted without
 * being wired.
 *
 * Parameter names and required actions are taken from each runbook's page in
 * the AWS Systems Manager Automation Runbook Reference
 * (https://docs.aws.amazon.com/systems-manager-automation-runbooks/latest/userguide/).
 */

export const REMEDIATION_RUNBOOKS = {
    /**
     * S3_DEFAULT_ENCRYPTION_KMS (S3.17): default SSE-KMS with the given key and S3 Bucket Keys.
     * `KmsKeyId`, not `KMSKeyId` (parameter names are case-sensitive; the reference page's
     * parameter list prints `KMSKeyId`, its description and the document do not). The runbook's own
     * README in AWS's published runbook sources, "Input Parameters": "KmsKeyId - Type: String -
     * Default: \"\" - (Optional) The ARN, key ID, or the key alias of the of the KMS Key you want to
     * use for server-side bucket encryption", and its first step "ChooseEncryptionType (aws:branch):
     * This step evaluates the KmsKeyId parameter to determine if SSE-S3 (AES256) or SSE-KMS will be
     * used" ("If the KmsKeyId parameter is not specified, server-side encryption with Amazon S3
     * managed keys (SSE-S3) is the default"). A misspelt name would be refused or, worse, re-key
     * buckets to SSE-S3.
     */
    "AWS-EnableS3BucketKeys": {
        parameters: ["BucketName", "KmsKeyId"],
        actions: ["s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration"],
    },
    /** S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED (S3.8). */
    "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock": {
        parameters: ["BucketName", "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"],
        // The page also lists s3:Get/PutAccountPublicAccessBlock, but the document's steps only call
        // the bucket-level APIs (PutPublicAccessBlock / GetPublicAccessBlock on BucketName).
        actions: ["s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"],
    },
    /** S3_BUCKET_SSL_REQUESTS_ONLY (S3.5). */
    "AWSConfigRemediation-RestrictBucketSSLRequestsOnly": {
        parameters: ["BucketName"],
        actions: ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutEncryptionConfiguration"],
    },
    /**
     * VPC_FLOW_LOGS_ENABLED (EC2.6). Wired with an existing delivery role and log group
     * (DeliverLogsPermissionArn, LogDestinationARN), so the runbook creates neither a role
     * nor a log group, and the IAM/S3 actions its page lists for those branches are not granted.
     * LogGroupName is the alternative to LogDestinationARN and is deliberately not passed.
     */
    "AWSSupport-EnableVPCFlowLogs": {
        parameters: [
            "ResourceIds",
            "TrafficType",
            "LogDestinationType",
            "LogDestinationARN",
            "DeliverLogsPermissionArn",
            "LogFormat",
        ],
        actions: [
            "ec2:CreateFlowLogs",
            "ec2:DeleteFlowLogs",
            "ec2:DescribeFlowLogs",
            "logs:CreateLogDelivery",
            "logs:DeleteLogDelivery",
            "logs:DescribeLogGroups",
            "logs:DescribeLogStreams",
            "iam:GetRole",
            "iam:PassRole",
        ],
    },
    /** VPC_DEFAULT_SECURITY_GROUP_CLOSED (EC2.2). */
    "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules": {
        parameters: ["GroupId"],
        actions: ["ec2:DescribeSecurityGroups", "ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
    },
    /** CMK_BACKING_KEY_ROTATION_ENABLED (KMS.4). */
    "AWSConfigRemediation-EnableKeyRotation": {
        parameters: ["KeyId"],
        actions: ["kms:EnableKeyRotation", "kms:GetKeyRotationStatus"],
    },
    /** RDS_INSTANCE_PUBLIC_ACCESS_CHECK (RDS.2). */
    "AWSConfigRemediation-DisablePublicAccessToRDSInstance": {
        parameters: ["DbiResourceId"],
        actions: ["rds:DescribeDBInstances", "rds:ModifyDBInstance"],
    },
    /** RDS_INSTANCE_DELETION_PROTECTION_ENABLED (RDS.8). */
    "AWSConfigRemediation-EnableRDSInstanceDeletionProtection": {
        parameters: ["DbInstanceResourceId", "ApplyImmediately"],
        actions: ["rds:DescribeDBInstances", "rds:ModifyDBInstance"],
    },
    /** IAM_PASSWORD_POLICY (IAM.7/15/16), home region only. Its defaults are weak: every value is passed. */
    "AWSConfigRemediation-SetIAMPasswordPolicy": {
        parameters: [
            "AllowUsersToChangePassword",
            "HardExpiry",
            "MaxPasswordAge",
            "MinimumPasswordLength",
            "PasswordReusePrevention",
            "RequireLowercaseCharacters",
            "RequireNumbers",
            "RequireSymbols",
            "RequireUppercaseCharacters",
        ],
        actions: ["iam:GetAccountPasswordPolicy", "iam:UpdateAccountPasswordPolicy"],
    },
} as const satisfies Record<string, { readonly parameters: readonly string[]; readonly actions: readonly string[] }>;

export type RunbookId = keyof typeof REMEDIATION_RUNBOOKS;

export const RUNBOOK_IDS = Object.keys(REMEDIATION_RUNBOOKS) as RunbookId[];

/** Every runbook's assume role also needs these, to run and report the automation itself. */
export const AUTOMATION_ACTIONS = ["ssm:StartAutomationExecution", "ssm:GetAutomationExecution"] as const;

/** The name of the parameter through which AWS Config hands a runbook its role. */
export const AUTOMATION_ASSUME_ROLE = "AutomationAssumeRole";

/**
 * The account password policy at CIS AWS Foundations values (IAM.7, IAM.15 length >= 14, IAM.16 reuse = 24,
 * CIS 1.2 max age 90). global-iam sets it; security checks it (IAM_PASSWORD_POLICY) and remediates it
 * (AWSConfigRemediation-SetIAMPasswordPolicy) with the same values.
 */
export const CIS_PASSWORD_POLICY = {
    minimumPasswordLength: 14,
    passwordReusePrevention: 24,
    requireUppercaseCharacters: true,
    requireLowercaseCharacters: true,
    requireNumbers: true,
    requireSymbols: true,
    maxPasswordAge: 90,
    allowUsersToChangePassword: true,
    hardExpiry: false,
} as const;
