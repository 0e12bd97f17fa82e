/**
 * The inputs a reader checks first, per resource type, for the report's
 * per-stack tables. Types not listed show their first few plain inputs.
 */
export const KEY_SETTINGS: Readonly<Record<string, readonly string[]>> = {
    "aws:s3/bucket:Bucket": ["bucket", "objectLockEnabled", "forceDestroy"],
    "aws:s3/bucketVersioning:BucketVersioning": ["versioningConfiguration"],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": ["rules"],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": [
        "blockPublicAcls",
        "blockPublicPolicy",
        "ignorePublicAcls",
        "restrictPublicBuckets",
    ],
    "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration": ["rule"],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": ["rules"],
    "aws:rds/instance:Instance": [
        "instanceClass",
        "engine",
        "multiAz",
        "storageEncrypted",
        "publiclyAccessible",
        "deletionProtection",
        "backupRetentionPeriod",
    ],
    "aws:kms/key:Key": ["description", "enableKeyRotation", "deletionWindowInDays"],
    "aws:cloudtrail/trail:Trail": ["name", "isMultiRegionTrail", "enableLogFileValidation", "kmsKeyId"],
    "aws:cloudwatch/logGroup:LogGroup": ["name", "retentionInDays", "kmsKeyId"],
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["name", "metricName", "threshold"],
    "aws:ec2/vpc:Vpc": ["cidrBlock", "enableDnsSupport"],
    "aws:ec2/subnet:Subnet": ["cidrBlock", "availabilityZoneId", "mapPublicIpOnLaunch"],
    "aws:ec2/securityGroup:SecurityGroup": ["name", "description"],
    "aws:ec2/vpcEndpoint:VpcEndpoint": ["serviceName", "vpcEndpointType", "privateDnsEnabled"],
    "aws:ec2/natGateway:NatGateway": ["connectivityType"],
    "aws:ec2/flowLog:FlowLog": ["trafficType", "logDestinationType"],
    "aws:guardduty/detector:Detector": ["enable", "findingPublishingFrequency"],
    "aws:guardduty/detectorFeature:DetectorFeature": ["name", "status"],
    "aws:cfg/rule:Rule": ["name", "source"],
    "aws:cfg/remediationConfiguration:RemediationConfiguration": ["configRuleName", "targetId", "automatic"],
    "aws:securityhub/standardsControlAssociation:StandardsControlAssociation": [
        "securityControlId",
        "associationStatus",
        "updatedReason",
    ],
    "aws:securityhub/standardsSubscription:StandardsSubscription": ["standardsArn"],
    "aws:backup/vault:Vault": ["name"],
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration": ["minRetentionDays", "maxRetentionDays", "changeableForDays"],
    "aws:iam/role:Role": ["name", "maxSessionDuration"],
    "aws:lambda/function:Function": ["runtime", "handler", "memorySize", "timeout"],
    "aws:apigateway/restApi:RestApi": ["name", "endpointConfiguration"],
    "aws:apigateway/method:Method": ["httpMethod", "authorization"],
    "aws:sns/topic:Topic": ["name", "kmsMasterKeyId"],
    "aws:sqs/queue:Queue": ["name", "kmsMasterKeyId", "sqsManagedSseEnabled"],
};

/** The key settings of a resource as short `name=value` strings. */
export function keySettings(type: string, inputs: Record<string, unknown>): string[] {
    const keys =
        KEY_SETTINGS[type] ??
        Object.keys(inputs)
            .filter((k) => !k.startsWith("__") && k !== "tags" && k !== "tagsAll" && typeof inputs[k] !== "object")
            .slice(0, 4);
    return keys.filter((k) => inputs[k] !== undefined).map((k) => `${k}=${short(inputs[k])}`);
}

function short(v: unknown): string {
    const text = typeof v === "string" ? v : JSON.stringify(v);
    return text.length > 90 ? `${text.slice(0, 87)}...` : text;
}
