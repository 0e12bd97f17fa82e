/**
 * The pack's policies, in report order. Importing this module starts nothing:
 * only index.ts constructs the PolicyPack (which starts the analyzer's gRPC
 * server), so tests and the offline evaluator import from here.
 */
import { PolicyPackArgs } from "@pulumi/policy";
import { BaselinePolicy } from "./policy";
import { allowedRegions } from "./policies/general/allowedRegions";
import { requiredTags } from "./policies/tags/requiredTags";
import { bucketEncryptionKms } from "./policies/s3/bucketEncryptionKms";
import { bucketEncryptionExemption } from "./policies/s3/bucketEncryptionExemption";
import { bucketPublicAccessBlock } from "./policies/s3/bucketPublicAccessBlock";
import { bucketSslRequestsOnly } from "./policies/s3/bucketSslRequestsOnly";
import { rdsStorageEncryptedCmk } from "./policies/rds/storageEncryptedCmk";
import { rdsNotPubliclyAccessible } from "./policies/rds/notPubliclyAccessible";
import { rdsDeletionProtection } from "./policies/rds/deletionProtection";
import { rdsBackupRetention } from "./policies/rds/backupRetention";
import { logGroupKms } from "./policies/cloudwatch/logGroupKms";
import { logGroupRetention } from "./policies/cloudwatch/logGroupRetention";
import { snsTopicKms } from "./policies/sns/topicKms";
import { secretKms } from "./policies/secretsmanager/secretKms";
import { kmsKeyRotation } from "./policies/kms/keyRotation";
import { securityGroupIngress } from "./policies/ec2/securityGroupIngress";
import { defaultSecurityGroupClosed } from "./policies/ec2/defaultSecurityGroupClosed";
import { subnetNoPublicIp } from "./policies/ec2/subnetNoPublicIp";
import { vpcFlowLogs } from "./policies/ec2/vpcFlowLogs";
import { restApiPrivate } from "./policies/apigateway/restApiPrivate";
import { stageAccessLogging } from "./policies/apigateway/stageAccessLogging";
import { stageXrayTracing } from "./policies/apigateway/stageXrayTracing";
import { executionLogging } from "./policies/apigateway/executionLogging";
import { lambdaInVpc } from "./policies/lambda/functionInVpc";
import { lambdaSupportedRuntime } from "./policies/lambda/supportedRuntime";
import { lambdaTracingActive } from "./policies/lambda/tracingActive";
import { passwordPolicy } from "./policies/iam/passwordPolicy";
import { noAdminStatements } from "./policies/iam/noAdminStatements";
import { guardDutyDetectorEnabled } from "./policies/guardduty/detectorEnabled";
import { securityHubStandards } from "./policies/securityhub/standardsSubscribed";
import { trailS3DataEvents } from "./policies/cloudtrail/s3DataEvents";
import { alarmTopicSubscribed } from "./policies/sns/alarmTopicSubscribed";
import { bucketReplication } from "./policies/s3/bucketReplication";
import { vaultLock } from "./policies/backup/vaultLock";
import { rdsBackupReplication } from "./policies/rds/backupReplication";

export const PACK_NAME = "aws-secure-baseline";

export const POLICIES: readonly BaselinePolicy[] = [
    // Tags and placement
    requiredTags,
    allowedRegions,
    // Encryption
    bucketEncryptionKms,
    bucketEncryptionExemption,
    rdsStorageEncryptedCmk,
    logGroupKms,
    snsTopicKms,
    secretKms,
    kmsKeyRotation,
    // Exposure
    bucketPublicAccessBlock,
    bucketSslRequestsOnly,
    rdsNotPubliclyAccessible,
    securityGroupIngress,
    defaultSecurityGroupClosed,
    subnetNoPublicIp,
    // Network and audit
    vpcFlowLogs,
    restApiPrivate,
    stageAccessLogging,
    stageXrayTracing,
    executionLogging,
    lambdaInVpc,
    lambdaSupportedRuntime,
    lambdaTracingActive,
    logGroupRetention,
    // Data protection and identity
    rdsDeletionProtection,
    rdsBackupRetention,
    passwordPolicy,
    noAdminStatements,
    // Detection
    guardDutyDetectorEnabled,
    securityHubStandards,
    trailS3DataEvents,
    alarmTopicSubscribed,
    // Recovery
    bucketReplication,
    vaultLock,
    rdsBackupReplication,
];

export function packArgs(): PolicyPackArgs {
    return {
        description: "Tags, encryption, exposure, network/audit and data-protection controls of the AWS secure baseline.",
        displayName: "AWS secure baseline",
        provider: "aws",
        tags: ["aws", "fsbp", "cis"],
        enforcementLevel: "mandatory",
        policies: [...POLICIES],
    };
}
