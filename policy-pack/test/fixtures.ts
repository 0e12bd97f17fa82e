/**
 * A compliant baseline stack as a PlanFile: one of every resource the pack
 * checks, wired the way the layers wire them. Policy tests evaluate it, then
 * change one property per case and assert the exact violation.
 */
import { REGION_DENY_GLOBAL_EXEMPTIONS } from "../src/globalServices";
import type { PlanFile, PlanStep } from "@baseline/lib";
import { evaluatePlans, PolicyReport } from "../src/offline";
import { PackConfig } from "../src/config";
import { BaselinePolicy } from "../src/policy";
import { PolicyPackConfig } from "@pulumi/policy";
import { POLICIES } from "../src/pack";
import { baselinePolicyPackConfig } from "../src/profiles";
import { exemptionList } from "../src/policies/pack/exemptions";
import { Exemption } from "../src/exemptions";

export const PROJECT = "baseline-test";
export const STACK = "production-us-east-1";
export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
const TAGS = { Environment: "Production", Project: "aws-secure-baseline" };

export const DATA_BUCKET = `baseline-data-${ACCOUNT}-${REGION}`;
export const LOG_BUCKET = `baseline-access-logs-${ACCOUNT}-${REGION}`;
const KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1111-2222`;
const VPCE = "vpce-0123456789abcdef0";
const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:baseline-alarms`;
const DB_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:db:baseline-postgres`;

export interface Res {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly id?: string;
    readonly outputs?: Record<string, unknown>;
    readonly op?: PlanStep["op"];
    readonly dependencies?: readonly string[];
    /** The engine's record of which resources (URNs) each input came from, e.g. `{ defaultCacheBehavior: [fnUrn] }`. */
    readonly propertyDependencies?: Record<string, readonly string[]>;
    readonly protect?: boolean;
}

export function urnOf(type: string, name: string, project = PROJECT, stack = STACK): string {
    return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

export function planOf(resources: readonly Res[], over: Partial<PlanFile> = {}): PlanFile {
    const project = over.project ?? PROJECT;
    const stack = over.stack ?? STACK;
    const steps: PlanStep[] = resources.map((r) => {
        const urn = urnOf(r.type, r.name, project, stack);
        return {
            op: r.op ?? "create",
            urn,
            newState: {
                urn,
                type: r.type,
                custom: true,
                ...(r.id ? { id: r.id } : {}),
                ...(r.protect ? { protect: true } : {}),
                dependencies: r.dependencies ?? [],
                ...(r.propertyDependencies ? { propertyDependencies: r.propertyDependencies } : {}),
                inputs: r.inputs,
                outputs: { ...(r.id ? { id: r.id } : {}), ...(r.outputs ?? {}) },
            },
        };
    });
    return { project, stack, layer: "test", region: REGION, outputs: {}, ...over, steps };
}

const bucketPolicy = (bucket: string) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });

const bucketSet = (name: string, bucket: string, sse: Record<string, unknown>, tags: Record<string, string> = {}): Res[] => [
    { type: "aws:s3/bucket:Bucket", name, id: bucket, inputs: { bucket, tags: { ...TAGS, ...tags } } },
    {
        type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        name: `${name}-sse`,
        inputs: { bucket, rules: [{ applyServerSideEncryptionByDefault: sse, bucketKeyEnabled: true }] },
    },
    {
        type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        name: `${name}-pab`,
        inputs: { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    },
    { type: "aws:s3/bucketPolicy:BucketPolicy", name: `${name}-policy`, inputs: { bucket, policy: bucketPolicy(bucket) } },
    {
        type: "aws:s3/bucketVersioning:BucketVersioning",
        name: `${name}-versioning`,
        inputs: { bucket, versioningConfiguration: { status: "Enabled" } },
    },
    {
        type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        name: `${name}-lifecycle`,
        inputs: { bucket, rules: [{ id: "noncurrent", status: "Enabled", noncurrentVersionExpiration: { noncurrentDays: 90 } }] },
    },
];

/** Where data lives: the baseline sets `protect: true` on every resource of these types. */
const PROTECTED_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:rds/instance:Instance",
    "aws:rds/cluster:Cluster",
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    "aws:kms/key:Key",
    "aws:cloudwatch/logGroup:LogGroup",
    "aws:backup/vault:Vault",
    "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
];

/** A private API's resource policy: a Deny to all but `vpce`, as the API Gateway developer guide's example writes it. */
export const sourceVpceDeny = (vpce: string) => ({
    Version: "2012-10-17",
    Statement: [
        { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
        {
            Effect: "Deny",
            Principal: "*",
            Action: "execute-api:Invoke",
            Resource: "execute-api:/*",
            Condition: { StringNotEquals: { "aws:SourceVpce": vpce } },
        },
    ],
});

const apiPolicy = JSON.stringify(sourceVpceDeny(VPCE));

export const ORG_ID = "o-a1b2c3d4e5";
export const ROOT_ID = "r-ab12";
export const DEPLOY_ROLE = "baseline-deploy";
/** The deploy role's exemption, as the organization's SCPs write it. */
export const DEPLOY_EXEMPTION = { ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::*:role/${DEPLOY_ROLE}` } };
/** The global services of AWS's region-deny SCP (src/globalServices.ts). */
export const GLOBAL_SERVICES: readonly string[] = REGION_DENY_GLOBAL_EXEMPTIONS;

/** The organization layer's SCPs, as it writes them: each Deny the deploy role's work meets exempts the role. */
export const ORG_SCPS: Readonly<
    Record<string, { name: string; doc: { Version: string; Statement: Record<string, unknown>[] } }>
> = {
    "region-deny-scp": {
        name: "baseline-region-deny",
        doc: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyOutsideRegions",
                    Effect: "Deny",
                    NotAction: GLOBAL_SERVICES,
                    Resource: "*",
                    Condition: { StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2"] } },
                },
            ],
        },
    },
    "security-services-scp": {
        name: "baseline-protect-security-services",
        doc: {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "KeepDetection",
                    Effect: "Deny",
                    Action: [
                        "cloudtrail:StopLogging",
                        "cloudtrail:DeleteTrail",
                        "config:StopConfigurationRecorder",
                        "guardduty:DeleteDetector",
                    ],
                    Resource: "*",
                    Condition: DEPLOY_EXEMPTION,
                },
            ],
        },
    },
    "accounts-scp": {
        name: "baseline-protect-accounts",
        doc: {
            Version: "2012-10-17",
            Statement: [
                { Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
                {
                    Sid: "DenyRootUser",
                    Effect: "Deny",
                    Action: "*",
                    Resource: "*",
                    Condition: { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } },
                },
            ],
        },
    },
};

/** The organization's data perimeter RCP, as AWS's data-perimeter examples write it. */
export const PERIMETER_RCP = {
    Version: "2012-10-17",
    Statement: [
        {
            Sid: "EnforceOrgIdentities",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*", "kms:*", "sts:AssumeRole", "sqs:*", "secretsmanager:*"],
            Resource: "*",
            Condition: {
                StringNotEqualsIfExists: { "aws:PrincipalOrgID": ORG_ID },
                BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
            },
        },
    ],
};

const OUS = ["security-ou", "workloads-ou"];

/**
 * An organization as the organization layer builds it: its OUs, its SCPs and RCP, each attached
 * to both OUs, compliant.
 */
export function organizationResources(): Res[] {
    const policies: [string, string, string, string, unknown][] = [
        ...Object.entries(ORG_SCPS).map(([resource, { name, doc }]): [string, string, string, string, unknown] => [
            resource,
            `p-${resource.slice(0, 8).replace(/-/g, "")}00`,
            name,
            "SERVICE_CONTROL_POLICY",
            doc,
        ]),
        ["perimeter-rcp", "p-perimeter1", "baseline-data-perimeter", "RESOURCE_CONTROL_POLICY", PERIMETER_RCP],
    ];
    return [
        {
            type: "aws:organizations/organization:Organization",
            name: "org",
            id: ORG_ID,
            inputs: { featureSet: "ALL", enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"] },
            outputs: { roots: [{ id: ROOT_ID }] },
        },
        ...["Security", "Workloads"].map((name) => ({
            type: "aws:organizations/organizationalUnit:OrganizationalUnit",
            name: `${name.toLowerCase()}-ou`,
            id: `ou-ab12-${name.toLowerCase()}`,
            inputs: { name, parentId: ROOT_ID, tags: TAGS },
        })),
        ...policies.map(([name, id, physical, type, doc]) => ({
            type: "aws:organizations/policy:Policy",
            name,
            id,
            inputs: { name: physical, type, content: JSON.stringify(doc), tags: TAGS },
        })),
        ...policies.flatMap(([policy, policyId]) =>
            OUS.map((ou) => ({
                type: "aws:organizations/policyAttachment:PolicyAttachment",
                name: `${policy}-${ou}`,
                inputs: { policyId, targetId: `ou-ab12-${ou.replace(/-ou$/, "")}` },
                dependencies: [
                    urnOf("aws:organizations/policy:Policy", policy),
                    urnOf("aws:organizations/organizationalUnit:OrganizationalUnit", ou),
                ],
            })),
        ),
    ];
}

/** What the baseline declares must stay attached (BASELINE_VALUES.requiredAttachments), for the fixture's OUs. */
export const REQUIRED_ATTACHMENTS = [
    "baseline-region-deny",
    "baseline-protect-security-services",
    "baseline-protect-accounts",
    "baseline-data-perimeter",
].map((policy) => ({ policy, targets: ["Security", "Workloads"] }));

/** Every resource kind the pack checks, compliant. */
export function compliantResources(): Res[] {
    return allResources().map((r) => (PROTECTED_TYPES.includes(r.type) ? { ...r, protect: true } : r));
}

function allResources(): Res[] {
    return [
        { type: "pulumi:providers:aws", name: "default_7_48_0", inputs: { region: REGION } },
        {
            type: "aws:kms/key:Key",
            name: "data-key",
            id: "1111-2222",
            outputs: { arn: KEY_ARN },
            inputs: { enableKeyRotation: true, tags: TAGS },
        },
        // Network
        { type: "aws:ec2/vpc:Vpc", name: "vpc", id: "vpc-0a1b2c", inputs: { cidrBlock: "10.0.0.0/16", tags: TAGS } },
        {
            type: "aws:ec2/flowLog:FlowLog",
            name: "vpc-flow-log",
            inputs: { vpcId: "vpc-0a1b2c", trafficType: "ALL", logDestination: "arn:aws:logs:x", tags: TAGS },
            dependencies: [urnOf("aws:ec2/vpc:Vpc", "vpc")],
        },
        {
            type: "aws:ec2/subnet:Subnet",
            name: "private-a",
            inputs: { vpcId: "vpc-0a1b2c", cidrBlock: "10.0.0.0/24", mapPublicIpOnLaunch: false, tags: TAGS },
        },
        {
            type: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            name: "default-sg",
            id: "sg-default",
            inputs: { vpcId: "vpc-0a1b2c", tags: TAGS },
        },
        {
            type: "aws:ec2/securityGroup:SecurityGroup",
            name: "app-sg",
            inputs: {
                vpcId: "vpc-0a1b2c",
                ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
                tags: TAGS,
            },
        },
        {
            type: "aws:ec2/securityGroupRule:SecurityGroupRule",
            name: "db-from-app",
            inputs: {
                type: "ingress",
                protocol: "tcp",
                fromPort: 5432,
                toPort: 5432,
                cidrBlocks: ["10.0.0.0/16"],
                securityGroupId: "sg-1",
            },
        },
        {
            type: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            name: "https-v6",
            inputs: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv6: "::/0", securityGroupId: "sg-1", tags: TAGS },
        },
        // Logs, topics, secrets
        {
            type: "aws:cloudwatch/logGroup:LogGroup",
            name: "api-access",
            inputs: { kmsKeyId: KEY_ARN, retentionInDays: 365, tags: TAGS },
        },
        {
            type: "aws:sns/topic:Topic",
            name: "alarms",
            id: TOPIC_ARN,
            inputs: { kmsMasterKeyId: KEY_ARN, tags: TAGS },
            outputs: { arn: TOPIC_ARN },
        },
        // Someone the alarm topic reaches (sns-topic-has-subscription), attributed to it by dependency and ARN.
        {
            type: "aws:sns/topicSubscription:TopicSubscription",
            name: "alarms-email",
            inputs: { topic: TOPIC_ARN, protocol: "email", endpoint: "security@example.com" },
            dependencies: [urnOf("aws:sns/topic:Topic", "alarms")],
        },
        { type: "aws:secretsmanager/secret:Secret", name: "db-secret", inputs: { kmsKeyId: KEY_ARN, tags: TAGS } },
        // Data
        ...bucketSet(
            "data",
            DATA_BUCKET,
            { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
            { "baseline:role": "application-data" },
        ),
        ...bucketSet("access-logs", LOG_BUCKET, { sseAlgorithm: "AES256" }),
        {
            type: "aws:s3/bucketLogging:BucketLogging",
            name: "data-logging",
            inputs: { bucket: DATA_BUCKET, targetBucket: LOG_BUCKET, targetPrefix: "data/" },
        },
        {
            type: "aws:rds/instance:Instance",
            name: "postgres",
            id: "baseline-postgres",
            outputs: { arn: DB_ARN },
            inputs: {
                storageEncrypted: true,
                kmsKeyId: KEY_ARN,
                publiclyAccessible: false,
                deletionProtection: true,
                backupRetentionPeriod: 7,
                multiAz: true,
                iamDatabaseAuthenticationEnabled: true,
                engine: "postgres",
                tags: TAGS,
            },
        },
        // Recovery
        {
            type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
            name: "data-replication",
            inputs: {
                bucket: DATA_BUCKET,
                role: `arn:aws:iam::${ACCOUNT}:role/replication`,
                rules: [{ status: "Enabled", destination: { bucket: "arn:aws:s3:::replica" } }],
            },
        },
        // Failed replication pages someone (backup-and-replication-alerting).
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "data-replication-failed",
            inputs: {
                namespace: "AWS/S3",
                metricName: "OperationsFailedReplication",
                alarmActions: [TOPIC_ARN],
                actionsEnabled: true,
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 1,
                tags: TAGS,
            },
        },
        {
            type: "aws:backup/vault:Vault",
            name: "vault",
            id: "baseline-backup",
            inputs: { name: "baseline-backup", kmsKeyArn: KEY_ARN, tags: TAGS },
        },
        {
            type: "aws:backup/vaultLockConfiguration:VaultLockConfiguration",
            name: "vault-lock",
            inputs: { backupVaultName: "baseline-backup", changeableForDays: 3, minRetentionDays: 7, maxRetentionDays: 365 },
        },
        {
            type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
            name: "postgres-backup-replication",
            inputs: { region: "us-west-2", sourceDbInstanceArn: DB_ARN, kmsKeyId: KEY_ARN, retentionPeriod: 14 },
        },
        // API
        {
            type: "aws:apigateway/restApi:RestApi",
            name: "api",
            id: "api-1",
            inputs: { endpointConfiguration: { types: "PRIVATE", vpcEndpointIds: [VPCE] }, tags: TAGS },
        },
        {
            type: "aws:apigateway/restApiPolicy:RestApiPolicy",
            name: "api-policy",
            inputs: { restApiId: "api-1", policy: apiPolicy },
        },
        {
            type: "aws:apigateway/stage:Stage",
            name: "api-stage",
            inputs: {
                restApi: "api-1",
                stageName: "v1",
                deployment: "dep-1",
                xrayTracingEnabled: true,
                accessLogSettings: { destinationArn: "arn:aws:logs:x", format: "{}" },
                tags: TAGS,
            },
        },
        {
            type: "aws:apigateway/methodSettings:MethodSettings",
            name: "api-method-settings",
            inputs: {
                restApi: "api-1",
                stageName: "v1",
                methodPath: "*/*",
                settings: { loggingLevel: "INFO", metricsEnabled: true },
            },
        },
        {
            type: "aws:lambda/function:Function",
            name: "api-backend",
            inputs: {
                runtime: "nodejs22.x",
                tracingConfig: { mode: "Active" },
                vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
                tags: TAGS,
            },
        },
        // Identity
        {
            type: "aws:iam/accountPasswordPolicy:AccountPasswordPolicy",
            name: "password-policy",
            inputs: {
                minimumPasswordLength: 14,
                passwordReusePrevention: 24,
                maxPasswordAge: 90,
                requireUppercaseCharacters: true,
                requireLowercaseCharacters: true,
                requireNumbers: true,
                requireSymbols: true,
            },
        },
        {
            type: "aws:iam/policy:Policy",
            name: "read-data",
            inputs: {
                policy: JSON.stringify({
                    Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${DATA_BUCKET}/*` }],
                }),
                tags: TAGS,
            },
        },
        {
            type: "aws:iam/role:Role",
            name: "api-role",
            inputs: {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "lambda.amazonaws.com" },
                            Action: "sts:AssumeRole",
                            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                        },
                    ],
                }),
                inlinePolicies: [
                    {
                        name: "logs",
                        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "logs:PutLogEvents", Resource: "*" }] }),
                    },
                ],
                tags: TAGS,
            },
        },
        {
            type: "aws:iam/role:Role",
            name: "human-admin",
            id: "baseline-admin",
            inputs: {
                name: "baseline-admin",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
                            Action: "sts:AssumeRole",
                            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
                        },
                    ],
                }),
                tags: TAGS,
            },
        },
        {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "human-admin-access",
            inputs: { role: "baseline-admin", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
        },
        {
            type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            name: "api-role-basic",
            inputs: { role: "api-role", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
        },
        // Resource policies
        {
            type: "aws:kms/keyPolicy:KeyPolicy",
            name: "data-key-policy",
            inputs: {
                keyId: "1111-2222",
                policy: JSON.stringify({
                    Statement: [
                        { Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" },
                        {
                            Effect: "Allow",
                            Principal: "*",
                            Action: ["kms:Decrypt"],
                            Resource: "*",
                            Condition: {
                                StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
                            },
                        },
                    ],
                }),
            },
        },
        {
            type: "aws:sns/topicPolicy:TopicPolicy",
            name: "alarms-policy",
            inputs: {
                arn: `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`,
                policy: JSON.stringify({
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "cloudwatch.amazonaws.com" },
                            Action: "sns:Publish",
                            Resource: `arn:aws:sns:${REGION}:${ACCOUNT}:alarms`,
                            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
                        },
                    ],
                }),
            },
        },
        {
            type: "aws:sqs/queue:Queue",
            name: "dlq",
            inputs: { kmsMasterKeyId: KEY_ARN, tags: TAGS },
        },
        {
            type: "aws:lambda/permission:Permission",
            name: "api-invoke",
            inputs: {
                action: "lambda:InvokeFunction",
                function: "api-backend",
                principal: "apigateway.amazonaws.com",
                sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:api-1/*/*`,
            },
        },
        {
            type: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
            name: "data-ownership",
            inputs: { bucket: DATA_BUCKET, rule: { objectOwnership: "BucketOwnerEnforced" } },
        },
        {
            type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
            name: "account-pab",
            inputs: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        },
        {
            type: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
            name: "https-out",
            inputs: { ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0", securityGroupId: "sg-1", tags: TAGS },
        },
        {
            type: "aws:ec2/networkAcl:NetworkAcl",
            name: "public-nacl",
            inputs: {
                vpcId: "vpc-0a1b2c",
                ingress: [
                    { ruleNo: 100, action: "allow", protocol: "-1", fromPort: 0, toPort: 0, cidrBlock: "10.0.0.0/16" },
                    { ruleNo: 200, action: "allow", protocol: "tcp", fromPort: 1024, toPort: 3388, cidrBlock: "0.0.0.0/0" },
                    { ruleNo: 210, action: "allow", protocol: "tcp", fromPort: 3390, toPort: 65535, cidrBlock: "0.0.0.0/0" },
                ],
                egress: [{ ruleNo: 100, action: "allow", protocol: "tcp", fromPort: 443, toPort: 443, cidrBlock: "0.0.0.0/0" }],
                tags: TAGS,
            },
        },
        // Detection
        {
            type: "aws:cloudtrail/trail:Trail",
            name: "trail",
            inputs: {
                s3BucketName: LOG_BUCKET,
                isMultiRegionTrail: true,
                includeGlobalServiceEvents: true,
                enableLogFileValidation: true,
                kmsKeyId: KEY_ARN,
                cloudWatchLogsGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:trail:*`,
                cloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/trail`,
                advancedEventSelectors: [
                    { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
                    {
                        name: "S3 data events",
                        fieldSelectors: [
                            { field: "eventCategory", equals: ["Data"] },
                            { field: "resources.type", equals: ["AWS::S3::Object"] },
                        ],
                    },
                ],
                tags: TAGS,
            },
        },
        {
            type: "aws:cfg/recorder:Recorder",
            name: "recorder",
            inputs: {
                roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
                recordingGroup: { allSupported: true },
            },
        },
        { type: "aws:cfg/recorderStatus:RecorderStatus", name: "recorder-status", inputs: { name: "recorder", isEnabled: true } },
        {
            type: "aws:cfg/deliveryChannel:DeliveryChannel",
            name: "delivery",
            inputs: { s3BucketName: LOG_BUCKET, s3KmsKeyArn: KEY_ARN },
        },
        {
            type: "aws:accessanalyzer/analyzer:Analyzer",
            name: "analyzer",
            inputs: { analyzerName: "baseline", type: "ACCOUNT", tags: TAGS },
        },
        { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "ebs-default", inputs: { enabled: true } },
        {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "api-5xx",
            inputs: {
                alarmActions: [`arn:aws:sns:${REGION}:${ACCOUNT}:alarms`],
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 1,
                tags: TAGS,
            },
        },
        { type: "aws:guardduty/detector:Detector", name: "guardduty", inputs: { enable: true, tags: TAGS } },
        {
            type: "aws:securityhub/account:Account",
            name: "securityhub",
            inputs: { enableDefaultStandards: false, autoEnableControls: true },
        },
        ...["aws-foundational-security-best-practices/v/1.0.0", "cis-aws-foundations-benchmark/v/3.0.0"].map((standard, i) => ({
            type: "aws:securityhub/standardsSubscription:StandardsSubscription",
            name: `securityhub-standard-${i}`,
            inputs: { standardsArn: `arn:aws:securityhub:${REGION}::standards/${standard}` },
        })),
        // The organization's own guardrails
        ...organizationResources(),
    ];
}

/** The compliant resources with one resource's inputs patched (`undefined` deletes a key). */
export function patched(name: string, patch: Record<string, unknown>, base: Res[] = compliantResources()): Res[] {
    if (!base.some((r) => r.name === name)) throw new Error(`no fixture resource ${name}`);
    return base.map((r) => {
        if (r.name !== name) return r;
        const inputs: Record<string, unknown> = { ...r.inputs, ...patch };
        for (const [k, v] of Object.entries(patch)) if (v === undefined) delete inputs[k];
        return { ...r, inputs };
    });
}

export function without(name: string, base: Res[] = compliantResources()): Res[] {
    if (!base.some((r) => r.name === name)) throw new Error(`no fixture resource ${name}`);
    return base.filter((r) => r.name !== name);
}

/**
 * Evaluates `policy` under the baseline's own configuration (config/baseline.json: the
 * compliant fixture is a baseline stack), with `config` overriding the keys it names
 * and `policyPackConfig` applied last.
 */
export function evaluate(
    policy: BaselinePolicy,
    resources: Res[],
    config?: Partial<PackConfig>,
    policyPackConfig?: PolicyPackConfig,
): PolicyReport {
    const policies = policy === exemptionList ? [policy] : [exemptionList, policy];
    return evaluatePlans([planOf(resources)], config, {
        policies,
        policyPackConfig: underBaseline(policies, config, {
            "pack-exemptions": { exemptions: [LOG_BUCKET_EXEMPTION] },
            ...policyPackConfig,
        }),
    });
}

/** The access-log bucket's exemption, as the baseline's configuration gives it to its own access-log buckets. */
export const LOG_BUCKET_EXEMPTION: Exemption = {
    policy: "s3-bucket-sse-kms-cmk",
    resource: `${PROJECT}/*/access-logs`,
    reason: "S3 server access logging cannot deliver to a target bucket encrypted with SSE-KMS.",
    owner: "platform-security",
    expires: "2099-12-31",
};

/** The baseline's configuration for `policies`, without the keys `config` sets, then `over`. */
export function underBaseline(
    policies: readonly BaselinePolicy[],
    config: Partial<PackConfig> = {},
    over: PolicyPackConfig = {},
): PolicyPackConfig {
    const names = new Set(policies.map((p) => p.name));
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, entry] of Object.entries(baselinePolicyPackConfig(POLICIES))) {
        if (!names.has(name) || typeof entry !== "object") continue;
        const e: Record<string, unknown> = { ...entry };
        for (const k of Object.keys(config)) delete e[k];
        out[name] = e;
    }
    for (const [name, entry] of Object.entries(over)) {
        if (name === "all") continue;
        out[name] = typeof entry === "string" ? { ...out[name], enforcementLevel: entry } : { ...out[name], ...entry };
    }
    return { ...(over["all"] !== undefined ? { all: over["all"] } : {}), ...out } as PolicyPackConfig;
}

/** `[urn name, message]` of every violation, for exact assertions. */
export function found(report: PolicyReport): [string, string][] {
    // The finding is the first line; the lines after it (policy, resource, fix, exemption) are
    // the same for every finding of a policy and are asserted by test/messages.test.ts.
    return report.violations.map((v) => [v.urn ? v.urn.slice(v.urn.lastIndexOf("::") + 2) : "(stack)", v.message.split("\n")[0]]);
}
