/**
 * The pack's policies, in report order. Importing this module starts nothing:
 * only index.ts constructs the PolicyPack (which starts the analyzer's gRPC
 * server), so tests and the offline evaluator import from here.
 */
import { PolicyPackArgs } from "@pulumi/policy";
import { BaselinePolicy, judgedTypes } from "./policy";
import { allowedRegions } from "./policies/general/allowedRegions";
import { requiredTags } from "./policies/tags/requiredTags";
import { bucketEncryptionKms } from "./policies/s3/bucketEncryptionKms";
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
import { sfnLoggingEnabled } from "./policies/sfn/loggingEnabled";
import { passwordPolicy } from "./policies/iam/passwordPolicy";
import { noAdminStatements } from "./policies/iam/noAdminStatements";
import { guardDutyDetectorEnabled } from "./policies/guardduty/detectorEnabled";
import { securityHubStandards } from "./policies/securityhub/standardsSubscribed";
import { trailS3DataEvents } from "./policies/cloudtrail/s3DataEvents";
import { alarmTopicSubscribed } from "./policies/sns/alarmTopicSubscribed";
import { bucketReplication } from "./policies/s3/bucketReplication";
import { vaultLock } from "./policies/backup/vaultLock";
import { recoveryAlerting } from "./policies/backup/recoveryAlerting";
import { rdsBackupReplication } from "./policies/rds/backupReplication";
import { serviceWildcardActions } from "./policies/iam/serviceWildcardActions";
import { privilegedActionWildcards } from "./policies/iam/privilegedActionWildcards";
import { noAllowNotAction } from "./policies/iam/noAllowNotAction";
import { passRoleRestricted } from "./policies/iam/passRoleRestricted";
import { managedAdminPolicies } from "./policies/iam/managedAdminPolicies";
import { trustPolicyRestricted } from "./policies/iam/trustPolicyRestricted";
import { noUsersOrAccessKeys } from "./policies/iam/noUsersOrAccessKeys";
import { bucketPolicyNotPublic } from "./policies/s3/bucketPolicyNotPublic";
import { keyPolicyNotPublic } from "./policies/kms/keyPolicyNotPublic";
import { topicPolicyNotPublic } from "./policies/sns/topicPolicyNotPublic";
import { queuePolicyNotPublic } from "./policies/sqs/queuePolicyNotPublic";
import { secretPolicyNotPublic } from "./policies/secretsmanager/secretPolicyNotPublic";
import { permissionNotPublic } from "./policies/lambda/permissionNotPublic";
import { dataStoresEncrypted } from "./policies/general/dataStoresEncrypted";
import { dataInTransitEncrypted } from "./policies/general/dataInTransitEncrypted";
import { imdsv2Required } from "./policies/ec2/imdsv2Required";
import { amiNotPublic } from "./policies/ec2/amiNotPublic";
import { resourcePolicyNotPublic } from "./policies/general/resourcePolicyNotPublic";
import { dataServicesNotPublic } from "./policies/general/dataServicesNotPublic";
import { prefixListIngress } from "./policies/ec2/prefixListIngress";
import { ssmDocumentNotPublic } from "./policies/ssm/documentNotPublic";
import { findingsNotSilenced } from "./policies/general/findingsNotSilenced";
import { endpointServiceNotPublic } from "./policies/ec2/endpointServiceNotPublic";
import { eksEndpointNotPublic } from "./policies/eks/endpointNotPublic";
import { restApiPolicyNotPublic } from "./policies/apigateway/restApiPolicyNotPublic";
import { publicAccessBlockSettings } from "./policies/s3/publicAccessBlockSettings";
import { noAclGrants } from "./policies/s3/noAclGrants";
import { bucketKeyOwnAccount } from "./policies/s3/bucketKeyOwnAccount";
import { splitInternetIngress } from "./policies/ec2/splitInternetIngress";
import { noUnrestrictedEgress } from "./policies/ec2/noUnrestrictedEgress";
import { defaultSecurityGroupNoRules } from "./policies/ec2/defaultSecurityGroupNoRules";
import { trailHardened } from "./policies/cloudtrail/trailHardened";
import { recorderEnabled } from "./policies/cfg/recorderEnabled";
import { encryptionByDefault } from "./policies/ebs/encryptionByDefault";
import { alarmActions } from "./policies/cloudwatch/alarmActions";
import { detectorNotSuspended } from "./policies/guardduty/detectorSettings";
import { controlsNotSilenced } from "./policies/securityhub/controlsNotSilenced";
import { detectionLayerComplete } from "./policies/general/detectionLayerComplete";
import { rdsSnapshotNotPublic } from "./policies/rds/snapshotNotPublic";
import { rdsProductionResilience } from "./policies/rds/productionResilience";
import { queueEncrypted } from "./policies/sqs/queueEncrypted";
import { foreignPrincipals } from "./policies/general/foreignPrincipals";
import { foreignReferences } from "./policies/general/foreignReferences";
import { secretsInPlainInputs } from "./policies/general/secretsInPlainInputs";
import { escalationActions } from "./policies/iam/escalationActions";
import { serviceLinkedRole } from "./policies/iam/serviceLinkedRole";
import { bucketVersioningEnabled } from "./policies/s3/bucketVersioningEnabled";
import { lifecycleRetention } from "./policies/s3/lifecycleRetention";
import { objectLockCompliance } from "./policies/s3/objectLockCompliance";
import { bucketLoggingTarget } from "./policies/s3/bucketLoggingTarget";
import { rulesAndRemediations } from "./policies/cfg/rulesAndRemediations";
import { deliveryAndAggregation } from "./policies/cfg/deliveryAndAggregation";
import { findingsRouting } from "./policies/cloudwatch/findingsRouting";
import { metricFilterAlarmed } from "./policies/cloudwatch/metricFilterAlarmed";
import { eventSubscriptionEnabled } from "./policies/rds/eventSubscriptionEnabled";
import { parameterGroupTls } from "./policies/rds/parameterGroupTls";
import { subnetGroupMultiAz } from "./policies/rds/subnetGroupMultiAz";
import { networkTiers } from "./policies/ec2/networkTiers";
import { vpcEndpointPolicy } from "./policies/ec2/vpcEndpointPolicy";
import { apiWiring } from "./policies/apigateway/apiWiring";
import { planRetention } from "./policies/backup/planRetention";
import { bucketControlsPresent } from "./policies/s3/bucketControlsPresent";
import { dataProtected } from "./policies/general/dataProtected";
import { automationRuleNoSilencing } from "./policies/securityhub/automationRuleNoSilencing";
import { unjudgedResourceTypes } from "./policies/general/unjudgedResourceTypes";
import { rehearsalMode } from "./policies/general/rehearsalMode";
import { exemptionList, exemptionReport } from "./policies/pack/exemptions";
import { scpDeployRoleExempt } from "./policies/organizations/scpDeployRoleExempt";
import { scpRegionDenyGlobalServices } from "./policies/organizations/scpRegionDenyGlobalServices";
import { rcpServicePrincipalsExempt } from "./policies/organizations/rcpServicePrincipalsExempt";
import { requiredAttachments } from "./policies/organizations/requiredAttachments";

export const PACK_NAME = "aws-secure-baseline";

const JUDGING: readonly BaselinePolicy[] = [
    // First: the exemption list the policies after it apply.
    exemptionList,
    // Tags and placement
    requiredTags,
    allowedRegions,
    // Encryption
    bucketEncryptionKms,
    rdsStorageEncryptedCmk,
    logGroupKms,
    snsTopicKms,
    secretKms,
    kmsKeyRotation,
    dataStoresEncrypted,
    dataInTransitEncrypted,
    // Exposure
    bucketPublicAccessBlock,
    bucketSslRequestsOnly,
    rdsNotPubliclyAccessible,
    dataServicesNotPublic,
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
    sfnLoggingEnabled,
    logGroupRetention,
    // Data protection and identity
    rdsDeletionProtection,
    rdsBackupRetention,
    passwordPolicy,
    noAdminStatements,
    // Identity: what a policy document means
    serviceWildcardActions,
    privilegedActionWildcards,
    noAllowNotAction,
    passRoleRestricted,
    managedAdminPolicies,
    trustPolicyRestricted,
    noUsersOrAccessKeys,
    // Resource policies open to anyone
    bucketPolicyNotPublic,
    keyPolicyNotPublic,
    topicPolicyNotPublic,
    queuePolicyNotPublic,
    secretPolicyNotPublic,
    permissionNotPublic,
    restApiPolicyNotPublic,
    resourcePolicyNotPublic,
    amiNotPublic,
    ssmDocumentNotPublic,
    endpointServiceNotPublic,
    eksEndpointNotPublic,
    // S3 beyond the stack's own buckets
    publicAccessBlockSettings,
    noAclGrants,
    bucketKeyOwnAccount,
    // Network
    splitInternetIngress,
    prefixListIngress,
    noUnrestrictedEgress,
    defaultSecurityGroupNoRules,
    imdsv2Required,
    // Detection that gets turned off
    trailHardened,
    recorderEnabled,
    encryptionByDefault,
    alarmActions,
    detectorNotSuspended,
    controlsNotSilenced,
    findingsNotSilenced,
    detectionLayerComplete,
    // Data
    rdsSnapshotNotPublic,
    rdsProductionResilience,
    queueEncrypted,
    // Detection
    guardDutyDetectorEnabled,
    securityHubStandards,
    trailS3DataEvents,
    alarmTopicSubscribed,
    // Recovery
    bucketReplication,
    vaultLock,
    recoveryAlerting,
    rdsBackupReplication,
    rehearsalMode,
    // Guardrails: what a policy means, not how it is spelled
    foreignPrincipals,
    foreignReferences,
    escalationActions,
    secretsInPlainInputs,
    eventSubscriptionEnabled,
    serviceLinkedRole,
    // The organization's own guardrails: SCPs and RCPs that lock out what must keep working
    scpDeployRoleExempt,
    scpRegionDenyGlobalServices,
    rcpServicePrincipalsExempt,
    requiredAttachments,
    // Baseline conformance: the promises the README makes about the baseline's own stacks
    bucketVersioningEnabled,
    lifecycleRetention,
    objectLockCompliance,
    bucketLoggingTarget,
    rulesAndRemediations,
    deliveryAndAggregation,
    findingsRouting,
    metricFilterAlarmed,
    parameterGroupTls,
    subnetGroupMultiAz,
    networkTiers,
    vpcEndpointPolicy,
    apiWiring,
    planRetention,
    bucketControlsPresent,
    dataProtected,
    automationRuleNoSilencing,
];

/** Every resource type some policy judges; the rest are reported by `pack-unjudged-resource-types`. */
export const JUDGED_TYPES: ReadonlySet<string> = new Set(JUDGING.flatMap(judgedTypes));

export const POLICIES: readonly BaselinePolicy[] = [
    ...JUDGING,
    // What the pack cannot judge, it says
    unjudgedResourceTypes(JUDGED_TYPES),
    // Every exemption, used or not
    exemptionReport,
];

export function packArgs(): PolicyPackArgs {
    return {
        description:
            "Organization guardrail for any AWS stack (public exposure, IAM escalation, unencrypted data, detection turned off), with the AWS secure baseline's conformance checks as a configuration.",
        displayName: "AWS secure baseline",
        provider: "aws",
        tags: ["aws", "fsbp", "cis"],
        enforcementLevel: "mandatory",
        policies: [...POLICIES],
    };
}
