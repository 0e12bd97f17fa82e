/**
 * Every trust and permission policy of global-iam, as plain JSON built by pure
 * functions, so tests can run them through the IAM policy simulator.
 *
 * global-iam is deployed before the resources its roles serve, so permissions
 * are scoped to the ARN patterns of `lib/src/naming.ts` in the baseline's
 * regions and this account, not to ARNs it cannot know yet.
 */
import {
    AUTOMATION_ACTIONS,
    HOME_REGION,
    NAME_PREFIX,
    names,
    PolicyDocument,
    policyDocument,
    Region,
    REGIONS,
    REMEDIATION_RUNBOOKS,
    RunbookId,
    Statement,
} from "@baseline/lib";

export interface IamContext {
    readonly accountId: string;
    /** Regions the regional roles serve (default: every baseline region). */
    readonly regions?: readonly Region[];
}

const doc = policyDocument;
const regionsOf = (ctx: IamContext): readonly Region[] => ctx.regions ?? REGIONS;
const perRegion = (ctx: IamContext, f: (r: Region) => string): string[] => regionsOf(ctx).map(f);

/** Role names (under `names.rolePath`, but see ROOT_PATH_ROLES); the contract carries their ARNs. */
export const ROLE_NAMES = {
    flowLogs: "vpc-flow-logs",
    configRemediation: `${NAME_PREFIX}-config-remediation`,
    cloudTrailLogs: "cloudtrail-logs",
    rdsMonitoring: "rds-monitoring",
    apiGatewayCloudWatch: "apigateway-cloudwatch",
    apiLambda: "api-lambda",
    admin: "admin",
    auditor: "auditor",
} as const;

/**
 * Roles at the root path instead of `names.rolePath`. The config remediation role is handed to AWS's
 * runbooks as AutomationAssumeRole, which several of them check against a pattern with no path in it
 * (`^arn:(?:aws|aws-us-gov|aws-cn):iam::\d{12}:role/[\w+=,.@-]+$`, as in the AWS-owned
 * AWSConfigRemediation documents that AWS's Automated Security Response solution copies): an ARN with
 * `role/baseline/` would fail the runbook's parameter validation, and the remediation with it, after a
 * clean `up`. Its name carries the prefix instead (`baseline-...`), which the organization's
 * account-protection SCP covers as it covers the path.
 */
export const ROOT_PATH_ROLES: ReadonlySet<keyof typeof ROLE_NAMES> = new Set(["configRemediation"]);

/** The IAM path of a role of ROLE_NAMES. */
export function rolePathOf(key: keyof typeof ROLE_NAMES): string {
    return ROOT_PATH_ROLES.has(key) ? "/" : names.rolePath;
}

/** The ARN of a role named `name` under `names.rolePath` in `accountId`. */
export function roleArn(accountId: string, name: string): string {
    return `arn:aws:iam::${accountId}:role${names.rolePath}${name}`;
}

/** The ARN of a role of ROLE_NAMES in `accountId`, at its own path. */
export function serviceRoleArn(accountId: string, key: keyof typeof ROLE_NAMES): string {
    return `arn:aws:iam::${accountId}:role${rolePathOf(key)}${ROLE_NAMES[key]}`;
}

// ---------------------------------------------------------------------------------------------
// Trust policies
// ---------------------------------------------------------------------------------------------

/**
 * A service role trusted by exactly one service principal, only on behalf of this account
 * (aws:SourceAccount) and, where the service sets it, only for the expected source resources
 * (aws:SourceArn): the confused-deputy protection AWS recommends.
 */
export function serviceTrustPolicy(service: string, accountId: string, sourceArns?: readonly string[]): PolicyDocument {
    return doc({
        Sid: "TrustedServiceFromThisAccount",
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        Condition: {
            StringEquals: { "aws:SourceAccount": accountId },
            ...(sourceArns && sourceArns.length > 0 ? { ArnLike: { "aws:SourceArn": [...sourceArns] } } : {}),
        },
    });
}

/**
 * A service role for a service that does not put aws:SourceAccount or aws:SourceArn in the
 * request context when it assumes the role: a condition on them would make the role
 * unassumable. The role is still safe from other accounts: iam:PassRole cannot pass a role
 * across accounts, so only this account can hand it to the service.
 */
export function unconditionalServiceTrustPolicy(service: string): PolicyDocument {
    return doc({ Sid: "TrustedService", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });
}

export const trust = {
    flowLogs: (ctx: IamContext) =>
        serviceTrustPolicy(
            "vpc-flow-logs.amazonaws.com",
            ctx.accountId,
            perRegion(ctx, (r) => `arn:aws:ec2:${r}:${ctx.accountId}:vpc-flow-log/*`),
        ),
    configRemediation: (ctx: IamContext) =>
        serviceTrustPolicy(
            "ssm.amazonaws.com",
            ctx.accountId,
            perRegion(ctx, (r) => `arn:aws:ssm:${r}:${ctx.accountId}:automation-execution/*`),
        ),
    rdsMonitoring: (ctx: IamContext) =>
        serviceTrustPolicy(
            "monitoring.rds.amazonaws.com",
            ctx.accountId,
            perRegion(ctx, (r) => `arn:aws:rds:${r}:${ctx.accountId}:db:*`),
        ),
    // API Gateway assumes its account-level CloudWatch role for every API in the region, and it
    // does not set aws:SourceAccount when it assumes roles (observed for integration credential
    // roles, and not documented for the logging role), so a condition would make `UpdateAccount`
    // fail with "The role ARN does not have required permissions set to API Gateway".
    apiGatewayCloudWatch: (_ctx: IamContext) => unconditionalServiceTrustPolicy("apigateway.amazonaws.com"),
    // No AWS documentation found says Lambda sets aws:SourceAccount / aws:SourceArn when it assumes
    // an execution role (Lambda's own execution-role examples trust lambda.amazonaws.com without a
    // condition, and AWS Support is quoted in prowler-cloud/prowler#2810 that no public list of
    // services sending them exists). With the evidence unclear, a condition risks "The role defined
    // for the function cannot be assumed by Lambda", so the trust is unconditional like API
    // Gateway's: iam:PassRole still keeps the role to functions of this account.
    apiLambda: (_ctx: IamContext) => unconditionalServiceTrustPolicy("lambda.amazonaws.com"),
    // CloudTrail documents aws:SourceArn for its bucket, topic and key policies, but not for the
    // AssumeRole of its CloudWatch Logs role, and adding aws:SourceArn / aws:SourceAccount to this
    // trust is reported to stop CloudTrail -> CloudWatch Logs delivery (prowler-cloud/prowler#4714);
    // CreateTrail then fails with InvalidCloudWatchLogsRoleArnException. The trail, bucket and key
    // policies keep their aws:SourceArn conditions (documented there); this trust relies on
    // iam:PassRole, which cannot pass the role to another account's trail.
    cloudTrailLogs: (_ctx: IamContext) => unconditionalServiceTrustPolicy("cloudtrail.amazonaws.com"),
};

/** IAM Identity Center's permission-set roles: `role/aws-reserved/sso.amazonaws.com/[<region>/]AWSReservedSSO_*`. */
export const IDENTITY_CENTER_ROLE =
    /^arn:aws:iam::\d{12}:role\/aws-reserved\/sso\.amazonaws\.com\/([\w-]+\/)?AWSReservedSSO_[\w+=,.@-]+$/;

/**
 * Human roles: assumable only by the configured principals, only with MFA, and only with an MFA
 * authentication younger than `mfaMaxAgeSeconds` (CIS 1.x: MFA for console and role access).
 *
 * IAM Identity Center users reach these roles from their permission-set role
 * (`AWSReservedSSO_<set>_<id>`). STS sets aws:MultiFactorAuthPresent only for sessions whose MFA it
 * validated itself (an IAM user's MFA device, or AssumeRole with SerialNumber); an Identity Center
 * session is created through SAML federation, so the key is not true there, and an MFA condition
 * makes the role unassumable for them (reported in opendatacube/datacube-k8s-eks#41: "The
 * condition that MFA is a requirement for valid credentials is invalid for SSO users"). Identity
 * Center enforces MFA at its own sign-in instead (Settings > Authentication > MFA: "Every time they
 * sign in"), so permission-set roles get their own statement without the MFA keys; every other
 * principal keeps them.
 */
export function humanTrustPolicy(principals: readonly string[], mfaMaxAgeSeconds: number): PolicyDocument {
    const sso = principals.filter((p) => IDENTITY_CENTER_ROLE.test(p));
    const others = principals.filter((p) => !IDENTITY_CENTER_ROLE.test(p));
    const statements: Statement[] = [];
    if (others.length > 0) {
        statements.push({
            Sid: "AssumeWithRecentMfa",
            Effect: "Allow",
            Principal: { AWS: others },
            Action: "sts:AssumeRole",
            Condition: {
                Bool: { "aws:MultiFactorAuthPresent": "true" },
                NumericLessThan: { "aws:MultiFactorAuthAge": String(mfaMaxAgeSeconds) },
            },
        });
    }
    if (sso.length > 0) {
        statements.push({
            Sid: "AssumeFromIdentityCenterPermissionSets",
            Effect: "Allow",
            Principal: { AWS: sso },
            Action: "sts:AssumeRole",
        });
    }
    return doc(...statements);
}

// ---------------------------------------------------------------------------------------------
// Permission policies
// ---------------------------------------------------------------------------------------------

/** Log group ARN patterns (group and its streams) under a name prefix, per region. */
function logGroupArns(ctx: IamContext, nameOrPrefix: string, regions: readonly Region[] = regionsOf(ctx)): string[] {
    return regions.flatMap((r) => [
        `arn:aws:logs:${r}:${ctx.accountId}:log-group:${nameOrPrefix}`,
        `arn:aws:logs:${r}:${ctx.accountId}:log-group:${nameOrPrefix}:*`,
    ]);
}

/** VPC Flow Logs to CloudWatch Logs: only the flow-log log groups (`names.flowLogGroupPrefix/<region>`). */
export function flowLogsPolicy(ctx: IamContext): PolicyDocument {
    return doc(
        {
            Sid: "WriteFlowLogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            Resource: logGroupArns(ctx, `${names.flowLogGroupPrefix}/*`),
        },
        {
            // DescribeLogGroups is a list call with no resource-level permissions: "*" is the only valid resource.
            Sid: "FindFlowLogGroups",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": [...regionsOf(ctx)] } },
        },
    );
}

/**
 * CloudTrail to CloudWatch Logs, as CloudTrail documents the role's policy
 * (cloudtrail-required-policy-for-cloudwatch-logs): CreateLogStream and PutLogEvents only on the
 * trail's log streams (`<account>_CloudTrail_<region>`, one per region the multi-region trail
 * covers) of its log group in the home region.
 */
export function cloudTrailLogsPolicy(ctx: IamContext): PolicyDocument {
    return doc({
        Sid: "WriteTrailLogStreams",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:${HOME_REGION}:${ctx.accountId}:log-group:${names.cloudTrailLogGroup}:log-stream:${ctx.accountId}_CloudTrail_*`,
    });
}

/** RDS enhanced monitoring: the RDSOSMetrics log group RDS writes to (as AmazonRDSEnhancedMonitoringRole, scoped). */
export function rdsMonitoringPolicy(ctx: IamContext): PolicyDocument {
    return doc(
        {
            Sid: "EnableCreationAndManagementOfRDSCloudwatchLogGroups",
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
            Resource: perRegion(ctx, (r) => `arn:aws:logs:${r}:${ctx.accountId}:log-group:RDS*`),
        },
        {
            Sid: "EnableCreationAndManagementOfRDSCloudwatchLogStreams",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
            Resource: perRegion(ctx, (r) => `arn:aws:logs:${r}:${ctx.accountId}:log-group:RDS*:log-stream:*`),
        },
    );
}

/**
 * API Gateway account-level logging (as AmazonAPIGatewayPushToCloudWatchLogs, scoped): execution logs
 * go to groups API Gateway names `API-Gateway-Execution-Logs_<api>/<stage>`; access logs to `names.apiAccessLogGroup`.
 */
export function apiGatewayCloudWatchPolicy(ctx: IamContext): PolicyDocument {
    return doc(
        {
            Sid: "WriteApiGatewayLogs",
            Effect: "Allow",
            Action: [
                "logs:CreateLogGroup",
                "logs:CreateLogStream",
                "logs:DescribeLogStreams",
                "logs:PutLogEvents",
                "logs:GetLogEvents",
                "logs:FilterLogEvents",
            ],
            Resource: [
                ...logGroupArns(ctx, "API-Gateway-Execution-Logs_*"),
                ...logGroupArns(ctx, names.apiAccessLogGroup),
                // When the role is set (aws.apigateway.Account), API Gateway checks it by writing a
                // welcome stream to this group; without it UpdateAccount rejects the role.
                ...logGroupArns(ctx, "/aws/apigateway/welcome"),
            ],
        },
        {
            // DescribeLogGroups is a list call with no resource-level permissions: "*" is the only valid resource.
            Sid: "FindLogGroups",
            Effect: "Allow",
            Action: "logs:DescribeLogGroups",
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": [...regionsOf(ctx)] } },
        },
    );
}

/** The API's Lambda execution role. */
export function apiLambdaPolicy(ctx: IamContext): PolicyDocument {
    const acct = ctx.accountId;
    return doc(
        {
            Sid: "WriteOwnLogGroup",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: logGroupArns(ctx, names.apiFunctionLogGroup),
        },
        {
            // Lambda manages the function's ENIs in the VPC subnets chosen at deploy time.
            Sid: "ManageVpcNetworkInterfaces",
            Effect: "Allow",
            Action: [
                "ec2:CreateNetworkInterface",
                "ec2:DeleteNetworkInterface",
                "ec2:AssignPrivateIpAddresses",
                "ec2:UnassignPrivateIpAddresses",
            ],
            Resource: regionsOf(ctx).flatMap((r) => [
                `arn:aws:ec2:${r}:${acct}:network-interface/*`,
                `arn:aws:ec2:${r}:${acct}:subnet/*`,
                `arn:aws:ec2:${r}:${acct}:security-group/*`,
            ]),
        },
        {
            // The describe calls of AWSLambdaVPCAccessExecutionRole (v3); ec2:Describe* supports no
            // resource-level permissions, and Lambda documents DescribeNetworkInterfaces only on "*".
            Sid: "DescribeVpcNetworking",
            Effect: "Allow",
            Action: ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
            Resource: "*",
            Condition: { StringEquals: { "aws:RequestedRegion": [...regionsOf(ctx)] } },
        },
        {
            // X-Ray trace submission has no resource-level permissions: "*" is the only valid resource.
            Sid: "XRayTracing",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            Resource: "*",
        },
        // One statement per region: the function of region R reads only R's data bucket. The role is
        // shared by the three regions' functions, so the function is told apart by
        // lambda:SourceFunctionArn. The Lambda developer guide ("Using source function ARN to control
        // function access behavior"): "Lambda injects the source function ARN into the credentials
        // context if the request is an AWS API request that comes from within your execution
        // environment". S3 ARNs carry no account, so aws:ResourceAccount keeps a same-named bucket of
        // another account out. HeadObject needs s3:GetObject, ListObjectsV2 s3:ListBucket.
        ...regionsOf(ctx).map((r): Statement => ({
            Sid: `ReadDataBucketFromFunctionIn${r.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase())}`,
            Effect: "Allow",
            Action: ["s3:ListBucket", "s3:GetObject"],
            Resource: [`arn:aws:s3:::${names.dataBucket(acct, r)}`, `arn:aws:s3:::${names.dataBucket(acct, r)}/*`],
            Condition: {
                StringEquals: { "aws:ResourceAccount": acct },
                ArnEquals: { "lambda:SourceFunctionArn": `arn:aws:lambda:${r}:${acct}:function:${names.apiFunctionName}` },
            },
        })),
        {
            // Key ARNs are created later by the security layer: scope by the data key's alias instead.
            Sid: "DecryptDataThroughS3",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: perRegion(ctx, (r) => `arn:aws:kms:${r}:${acct}:key/*`),
            Condition: {
                "ForAnyValue:StringEquals": { "kms:ResourceAliases": names.keyAlias.data },
                StringEquals: { "kms:ViaService": perRegion(ctx, (r) => `s3.${r}.amazonaws.com`) },
            },
        },
        {
            Sid: "SendToDeadLetterQueue",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: perRegion(ctx, (r) => `arn:aws:sqs:${r}:${acct}:${names.apiDeadLetterQueue}`),
        },
        {
            // SQS SSE-KMS: a producer needs GenerateDataKey and Decrypt on the queue's key, through SQS only.
            Sid: "EncryptDeadLetterMessages",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: perRegion(ctx, (r) => `arn:aws:kms:${r}:${acct}:key/*`),
            Condition: {
                "ForAnyValue:StringEquals": { "kms:ResourceAliases": names.keyAlias.data },
                StringEquals: { "kms:ViaService": perRegion(ctx, (r) => `sqs.${r}.amazonaws.com`) },
            },
        },
    );
}

/**
 * What each remediation runbook may touch. The actions are exactly `REMEDIATION_RUNBOOKS[id].actions`
 * (a test checks it); the resources are the narrowest patterns the APIs accept, because the resources
 * to remediate are found by AWS Config at run time.
 */
export function runbookStatements(id: RunbookId, ctx: IamContext): Statement[] {
    const acct = ctx.accountId;
    const ec2 = (kind: string) => perRegion(ctx, (r) => `arn:aws:ec2:${r}:${acct}:${kind}/*`);
    const sid = id.replace(/^AWS(ConfigRemediation|Support)?-/, "").replace(/[^A-Za-z0-9]/g, "");
    // S3 ARNs carry no account: limit to this account's buckets with aws:ResourceAccount.
    const anyOwnBucket = {
        Resource: "arn:aws:s3:::*",
        Condition: { StringEquals: { "aws:ResourceAccount": acct } },
    };
    const actions = [...REMEDIATION_RUNBOOKS[id].actions] as string[];
    switch (id) {
        case "AWS-EnableS3BucketKeys":
        case "AWSConfigRemediation-ConfigureS3BucketPublicAccessBlock":
        case "AWSConfigRemediation-RestrictBucketSSLRequestsOnly":
            return [{ Sid: sid, Effect: "Allow", Action: actions, ...anyOwnBucket }];
        case "AWSSupport-EnableVPCFlowLogs":
            return [
                {
                    Sid: `${sid}Create`,
                    Effect: "Allow",
                    Action: ["ec2:CreateFlowLogs"],
                    Resource: [...ec2("vpc"), ...ec2("vpc-flow-log")],
                },
                { Sid: `${sid}Delete`, Effect: "Allow", Action: ["ec2:DeleteFlowLogs"], Resource: ec2("vpc-flow-log") },
                {
                    // Describe calls and the log-delivery APIs support no resource-level permissions.
                    Sid: `${sid}Describe`,
                    Effect: "Allow",
                    Action: [
                        "ec2:DescribeFlowLogs",
                        "logs:CreateLogDelivery",
                        "logs:DeleteLogDelivery",
                        "logs:DescribeLogGroups",
                    ],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": [...regionsOf(ctx)] } },
                },
                {
                    Sid: `${sid}LogStreams`,
                    Effect: "Allow",
                    Action: ["logs:DescribeLogStreams"],
                    Resource: logGroupArns(ctx, `${names.flowLogGroupPrefix}/*`),
                },
                {
                    Sid: `${sid}GetRole`,
                    Effect: "Allow",
                    Action: ["iam:GetRole"],
                    Resource: serviceRoleArn(acct, "flowLogs"),
                },
                {
                    Sid: `${sid}PassRole`,
                    Effect: "Allow",
                    Action: ["iam:PassRole"],
                    Resource: serviceRoleArn(acct, "flowLogs"),
                    Condition: { StringEquals: { "iam:PassedToService": "vpc-flow-logs.amazonaws.com" } },
                },
            ];
        case "AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules":
            return [
                {
                    Sid: `${sid}Describe`,
                    Effect: "Allow",
                    // ec2:Describe* supports no resource-level permissions.
                    Action: ["ec2:DescribeSecurityGroups"],
                    Resource: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": [...regionsOf(ctx)] } },
                },
                {
                    Sid: `${sid}Revoke`,
                    Effect: "Allow",
                    Action: ["ec2:RevokeSecurityGroupEgress", "ec2:RevokeSecurityGroupIngress"],
                    Resource: ec2("security-group"),
                },
            ];
        case "AWSConfigRemediation-EnableKeyRotation":
            return [
                { Sid: sid, Effect: "Allow", Action: actions, Resource: perRegion(ctx, (r) => `arn:aws:kms:${r}:${acct}:key/*`) },
            ];
        case "AWSConfigRemediation-DisablePublicAccessToRDSInstance":
        case "AWSConfigRemediation-EnableRDSInstanceDeletionProtection":
            return [
                { Sid: sid, Effect: "Allow", Action: actions, Resource: perRegion(ctx, (r) => `arn:aws:rds:${r}:${acct}:db:*`) },
            ];
        case "AWSConfigRemediation-SetIAMPasswordPolicy":
            // The account password policy is an account-level setting: these APIs take no resource.
            return [{ Sid: sid, Effect: "Allow", Action: actions, Resource: "*" }];
    }
}

/** The Config remediation role: exactly the actions of the given runbooks, plus running the automation itself. */
export function configRemediationPolicy(ctx: IamContext, runbooks: readonly RunbookId[]): PolicyDocument {
    const acct = ctx.accountId;
    return doc(
        {
            Sid: "RunWiredRunbooks",
            Effect: "Allow",
            Action: [AUTOMATION_ACTIONS[0]],
            // AWS-owned documents: the definition's account is AWS's, hence the account wildcard.
            Resource: regionsOf(ctx).flatMap((r) => runbooks.map((id) => `arn:aws:ssm:${r}:*:automation-definition/${id}:*`)),
        },
        {
            Sid: "ReadOwnExecutions",
            Effect: "Allow",
            Action: [AUTOMATION_ACTIONS[1]],
            Resource: perRegion(ctx, (r) => `arn:aws:ssm:${r}:${acct}:automation-execution/*`),
        },
        ...runbooks.flatMap((id) => runbookStatements(id, ctx)),
    );
}

/** AWS managed policies of the human roles. */
export const HUMAN_ROLE_POLICIES = {
    // Administration is the role's purpose; the role itself is guarded by MFA, a trusted-principal list and short sessions.
    admin: ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/AWSSupportAccess"],
    // Metadata-only read access for auditors (no object or secret reads).
    auditor: ["arn:aws:iam::aws:policy/SecurityAudit", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
} as const;
