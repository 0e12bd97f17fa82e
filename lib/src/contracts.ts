/**
 * What each layer exports, defined in one place. A producer's program returns
 * `Exports<XxxOutputs>`, so the compiler checks it against its contract; a
 * consumer reads it through `resolveUpstream`, which checks that every key is
 * there before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { LayerName } from "./layers";

/** organization (organization mode: one stack, management account, home region). */
export interface OrganizationOutputs {
    /** `o-` followed by 10 to 32 lowercase letters or digits: what `aws:PrincipalOrgID` conditions compare with. */
    organizationId: string;
    organizationArn: string;
    /** The root (`r-...`) the organizational units hang from. */
    rootId: string;
    /** The organizational units the baseline creates (`ou-...`). */
    ouIds: { security: string; workloads: string };
    /** Every account of topology.yaml's `accounts` by name: the ids the members' stacks check their own against. */
    accountIds: Record<string, string>;
    /** The service and resource control policies (`p-...`) the baseline attaches, by name. */
    guardrailPolicyIds: Record<string, string>;
}

/** log-archive (organization mode: one stack, log-archive account, home region). */
export interface LogArchiveOutputs {
    /** The organization trail's bucket (Object Lock), in the log-archive account. */
    trailBucketName: string;
    trailBucketArn: string;
    /** The key the organization trail encrypts its log files with. */
    trailKeyArn: string;
}

/** security-tooling (organization mode: one stack per region, security-tooling account). */
export interface SecurityToolingOutputs {
    /** The stack's region. */
    region: string;
    /** The delegated administrator of GuardDuty, Security Hub, Config and Access Analyzer. */
    delegatedAdminAccountId: string;
    /** The organization trail (created by the delegated administrator, in the home region): empty in the other regions. */
    organizationTrailArn: string;
    /** Security Hub's cross-region finding aggregator (home region): empty in the other regions. */
    findingAggregatorArn: string;
}

/** global-iam (one stack, home region). All role ARNs downstream layers hand to AWS services. */
export interface GlobalIamOutputs {
    /** The AWS account the baseline is deployed to; every layer checks its ARNs against it. */
    accountId: string;
    /** Region of the account-wide resources (homeRegion in topology.yaml). */
    homeRegion: string;
    /** Assumed by vpc-flow-logs.amazonaws.com; writes only to the flow-log log groups. */
    flowLogsRoleArn: string;
    /** Assumed by ssm.amazonaws.com for AWS Config automatic remediation. */
    configRemediationRoleArn: string;
    /** AWSServiceRoleForConfig, used by every region's recorder. */
    configServiceLinkedRoleArn: string;
    /** Assumed by cloudtrail.amazonaws.com to deliver the trail to CloudWatch Logs; empty in organization mode (no account trail). */
    cloudTrailLogsRoleArn: string;
    /** Assumed by monitoring.rds.amazonaws.com for enhanced monitoring; empty in an organization's own accounts (no workloads). */
    rdsMonitoringRoleArn: string;
    /** Assumed by apigateway.amazonaws.com; the role of `aws.apigateway.Account` in every region; empty where there are no workloads. */
    apiGatewayCloudWatchRoleArn: string;
    /** The API's Lambda execution role; empty where there are no workloads. */
    apiLambdaRoleArn: string;
    /** Human access: assumable with MFA from the configured principals only; empty when none are configured (no human roles). */
    adminRoleArn: string;
    /** Human read-only access (SecurityAudit, ViewOnlyAccess): same conditions; empty when no principals are configured. */
    auditorRoleArn: string;
}

/** security (per region). */
export interface SecurityOutputs {
    /** The stack's region: consumers refuse an upstream from another region. */
    region: string;
    /** S3 data at rest. */
    dataKeyArn: string;
    /** Key id of the data key (for APIs that take an id rather than an ARN). */
    dataKeyId: string;
    /** RDS storage, Performance Insights and the database secret. */
    databaseKeyArn: string;
    /** Key id of the database key. */
    databaseKeyId: string;
    /** CloudWatch Logs and SNS. */
    logsKeyArn: string;
    /** Key id of the logs key. */
    logsKeyId: string;
    /** Encrypted SNS topic every layer's alarms notify. */
    alarmTopicArn: string;
    /** The AWS Config recorder of the region (rules depend on it). */
    configRecorderName: string;
}

/** network (per region). */
export interface NetworkOutputs {
    /** The stack's region: consumers refuse an upstream from another region. */
    region: string;
    vpcId: string;
    /** The VPC's IPv4 CIDR (distinct per region so the VPCs can be peered). */
    vpcCidr: string;
    /** The AZs the subnets span, in subnet order. */
    availabilityZones: string[];
    /** One per AZ: NAT gateways live here when `natGateways` asks for them (none by default); nothing else should. */
    publicSubnetIds: string[];
    /** One per AZ, the API's Lambda and the interface endpoints: no internet route unless `natGateways` adds one. */
    privateSubnetIds: string[];
    /** One per AZ, no route to the internet: the database. */
    isolatedSubnetIds: string[];
    /** The API's Lambda functions. */
    appSecurityGroupId: string;
    /** PostgreSQL, reachable only from the app SG. */
    databaseSecurityGroupId: string;
    /** Interface endpoints, 443 from inside the VPC. */
    endpointSecurityGroupId: string;
    /** The execute-api interface endpoint the private API is locked to. */
    executeApiEndpointId: string;
    /** S3 gateway endpoint on the private and isolated route tables. */
    s3GatewayEndpointId: string;
    /** Interface endpoint ids by service short name (e.g. `logs`, `kms`, `secretsmanager`). */
    interfaceEndpointIds: Record<string, string>;
    /** The VPC's flow log (ALL traffic). */
    flowLogId: string;
    /** Its KMS-encrypted CloudWatch log group. */
    flowLogGroupName: string;
}

/**
 * recovery (per partner region, recovery-only regions included). What a baseline
 * region's data layer needs to copy its data here; read across regions.
 */
export interface RecoveryOutputs {
    /** The stack's region: the data layer checks it is its partner region. */
    region: string;
    /** The baseline regions this stack holds copies for (their partner in topology.yaml). */
    sourceRegions: string[];
    /** Replica bucket name per source region (versioned, SSE-KMS with the replica key). */
    replicaBucketNames: Record<string, string>;
    /** CMK of this region for S3 replicas. */
    replicaKeyArn: string;
    /** Copy-target AWS Backup vault (Vault Lock, compliance mode after the grace period). */
    vaultName: string;
    vaultArn: string;
    /** CMK of the vault. */
    vaultKeyArn: string;
    /** The vault lock's retention bounds: a copy's retention must lie inside them or the copy job fails. */
    vaultMinRetentionDays: number;
    vaultMaxRetentionDays: number;
    /** CMK of this region for replicated RDS automated backups. */
    databaseBackupKeyArn: string;
}

/** data (per region). */
export interface DataOutputs {
    /** The stack's region: consumers refuse an upstream from another region. */
    region: string;
    /** Application data bucket (SSE-KMS with the data key, versioned, TLS-only). */
    dataBucketName: string;
    dataBucketArn: string;
    /** Server access log bucket of the data bucket. */
    accessLogBucketName: string;
    accessLogBucketArn: string;
    /** PostgreSQL endpoint host name (resolves only inside the VPC). */
    dbAddress: string;
    dbPort: number;
    /** Database created in the instance. */
    dbName: string;
    /** `db-...`, used in `rds-db:connect` ARNs for IAM database authentication. */
    dbResourceId: string;
    /** The Secrets Manager secret RDS manages for the master user. */
    dbSecretArn: string;
    /** Where this region's data survives its loss (its partner in topology.yaml). */
    recoveryRegion: string;
    /** The data bucket's replica in the recovery region. */
    replicaBucketName: string;
    /** This region's AWS Backup vault (Vault Lock); every recovery point is copied to the recovery region's vault. */
    backupVaultName: string;
    /** The RDS automated backups replicated to the recovery region (point-in-time restore there). */
    dbReplicatedBackupsArn: string;
}

/** api (per region). */
export interface ApiOutputs {
    /** The stack's region. */
    region: string;
    /** The PRIVATE REST API. */
    restApiId: string;
    stageName: string;
    /** `https://<api>.execute-api.<region>.amazonaws.com/<stage>`: resolves only through the VPC endpoint's private DNS. */
    invokeUrl: string;
    /** The execute-api VPC endpoint the API is bound and restricted to. */
    vpcEndpointId: string;
    /** The Lambda backend. */
    functionName: string;
}

export interface LayerContracts {
    organization: OrganizationOutputs;
    "log-archive": LogArchiveOutputs;
    "security-tooling": SecurityToolingOutputs;
    "global-iam": GlobalIamOutputs;
    security: SecurityOutputs;
    network: NetworkOutputs;
    recovery: RecoveryOutputs;
    data: DataOutputs;
    api: ApiOutputs;
}

/** What a producer's program returns: each contract key as an Input of its type, and nothing else. */
export type Exports<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * The keys of each contract at run time. `satisfies` makes the compiler reject a
 * list that misses or invents a key, so the list cannot drift from the interface.
 */
const keys =
    <T>() =>
    <K extends Record<keyof T, true>>(k: K & Record<Exclude<keyof K, keyof T>, never>) =>
        Object.keys(k) as (keyof T & string)[];

export const CONTRACT_KEYS: { readonly [L in LayerName]: readonly (keyof LayerContracts[L] & string)[] } = {
    organization: keys<OrganizationOutputs>()({
        organizationId: true,
        organizationArn: true,
        rootId: true,
        ouIds: true,
        accountIds: true,
        guardrailPolicyIds: true,
    }),
    "log-archive": keys<LogArchiveOutputs>()({ trailBucketName: true, trailBucketArn: true, trailKeyArn: true }),
    "security-tooling": keys<SecurityToolingOutputs>()({
        region: true,
        delegatedAdminAccountId: true,
        organizationTrailArn: true,
        findingAggregatorArn: true,
    }),
    "global-iam": keys<GlobalIamOutputs>()({
        accountId: true,
        homeRegion: true,
        flowLogsRoleArn: true,
        configRemediationRoleArn: true,
        configServiceLinkedRoleArn: true,
        cloudTrailLogsRoleArn: true,
        rdsMonitoringRoleArn: true,
        apiGatewayCloudWatchRoleArn: true,
        apiLambdaRoleArn: true,
        adminRoleArn: true,
        auditorRoleArn: true,
    }),
    security: keys<SecurityOutputs>()({
        region: true,
        dataKeyArn: true,
        dataKeyId: true,
        databaseKeyArn: true,
        databaseKeyId: true,
        logsKeyArn: true,
        logsKeyId: true,
        alarmTopicArn: true,
        configRecorderName: true,
    }),
    network: keys<NetworkOutputs>()({
        region: true,
        vpcId: true,
        vpcCidr: true,
        availabilityZones: true,
        publicSubnetIds: true,
        privateSubnetIds: true,
        isolatedSubnetIds: true,
        appSecurityGroupId: true,
        databaseSecurityGroupId: true,
        endpointSecurityGroupId: true,
        executeApiEndpointId: true,
        s3GatewayEndpointId: true,
        interfaceEndpointIds: true,
        flowLogId: true,
        flowLogGroupName: true,
    }),
    recovery: keys<RecoveryOutputs>()({
        region: true,
        sourceRegions: true,
        replicaBucketNames: true,
        replicaKeyArn: true,
        vaultName: true,
        vaultArn: true,
        vaultKeyArn: true,
        vaultMinRetentionDays: true,
        vaultMaxRetentionDays: true,
        databaseBackupKeyArn: true,
    }),
    data: keys<DataOutputs>()({
        region: true,
        dataBucketName: true,
        dataBucketArn: true,
        accessLogBucketName: true,
        accessLogBucketArn: true,
        dbAddress: true,
        dbPort: true,
        dbName: true,
        dbResourceId: true,
        dbSecretArn: true,
        recoveryRegion: true,
        replicaBucketName: true,
        backupVaultName: true,
        dbReplicatedBackupsArn: true,
    }),
    api: keys<ApiOutputs>()({
        region: true,
        restApiId: true,
        stageName: true,
        invokeUrl: true,
        vpcEndpointId: true,
        functionName: true,
    }),
};
