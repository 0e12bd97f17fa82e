/**
 * What each layer exports, defined in one place. A producer's program returns
 * `Exports<XxxOutputs>`, so the compiler checks it against its contract; a
 * consumer reads it through `resolveUpstream`, which checks that every key is
 * there before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { LayerName } from "./layers";

/** global-iam (one stack, home region). All role ARNs downstream layers hand to AWS services. */
export interface GlobalIamOutputs {
    accountId: string;
    homeRegion: string;
    /** Assumed by vpc-flow-logs.amazonaws.com; writes only to the flow-log log groups. */
    flowLogsRoleArn: string;
    /** Assumed by ssm.amazonaws.com for AWS Config automatic remediation. */
    configRemediationRoleArn: string;
    /** AWSServiceRoleForConfig, used by every region's recorder. */
    configServiceLinkedRoleArn: string;
    /** Assumed by cloudtrail.amazonaws.com to deliver the trail to CloudWatch Logs. */
    cloudTrailLogsRoleArn: string;
    /** Assumed by monitoring.rds.amazonaws.com for enhanced monitoring. */
    rdsMonitoringRoleArn: string;
    /** Assumed by apigateway.amazonaws.com; the role of `aws.apigateway.Account` in every region. */
    apiGatewayCloudWatchRoleArn: string;
    /** The API's Lambda execution role. */
    apiLambdaRoleArn: string;
    /** Human access: assumable with MFA from the configured principals only. */
    adminRoleArn: string;
    auditorRoleArn: string;
}

/** security (per region). */
export interface SecurityOutputs {
    region: string;
    /** S3 data at rest. */
    dataKeyArn: string;
    dataKeyId: string;
    /** RDS storage, Performance Insights and the database secret. */
    databaseKeyArn: string;
    databaseKeyId: string;
    /** CloudWatch Logs and SNS. */
    logsKeyArn: string;
    logsKeyId: string;
    /** Encrypted SNS topic every layer's alarms notify. */
    alarmTopicArn: string;
    configRecorderName: string;
}

/** network (per region). */
export interface NetworkOutputs {
    region: string;
    vpcId: string;
    vpcCidr: string;
    availabilityZones: string[];
    publicSubnetIds: string[];
    privateSubnetIds: string[];
    isolatedSubnetIds: string[];
    /** The API's Lambda functions. */
    appSecurityGroupId: string;
    /** PostgreSQL, reachable only from the app SG. */
    databaseSecurityGroupId: string;
    /** Interface endpoints, 443 from inside the VPC. */
    endpointSecurityGroupId: string;
    /** The execute-api interface endpoint the private API is locked to. */
    executeApiEndpointId: string;
    s3GatewayEndpointId: string;
    /** Interface endpoint ids by service short name (e.g. `logs`, `kms`, `secretsmanager`). */
    interfaceEndpointIds: Record<string, string>;
    flowLogId: string;
    flowLogGroupName: string;
}

/** data (per region). */
export interface DataOutputs {
    region: string;
    dataBucketName: string;
    dataBucketArn: string;
    accessLogBucketName: string;
    accessLogBucketArn: string;
    dbAddress: string;
    dbPort: number;
    dbName: string;
    /** `db-...`, used in `rds-db:connect` ARNs for IAM database authentication. */
    dbResourceId: string;
    /** The Secrets Manager secret RDS manages for the master user. */
    dbSecretArn: string;
}

/** api (per region). */
export interface ApiOutputs {
    region: string;
    restApiId: string;
    stageName: string;
    invokeUrl: string;
    vpcEndpointId: string;
    functionName: string;
}

export interface LayerContracts {
    "global-iam": GlobalIamOutputs;
    security: SecurityOutputs;
    network: NetworkOutputs;
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
