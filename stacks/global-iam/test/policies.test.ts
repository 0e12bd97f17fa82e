/**
 * Least privilege, tested with the IAM policy simulator: for each role, requests it must be able
 * to make are allowed and neighbouring requests are denied, by both its trust and permission policies.
 */
import { simulate, SimulationRequest } from "@baseline/lib/src/testing";
import { AUTOMATION_ACTIONS, names, PolicyDocument, REMEDIATION_RUNBOOKS, RUNBOOK_IDS, RunbookId } from "@baseline/lib";
import {
    apiGatewayCloudWatchPolicy,
    apiLambdaPolicy,
    cloudTrailLogsPolicy,
    configRemediationPolicy,
    flowLogsPolicy,
    humanTrustPolicy,
    rdsMonitoringPolicy,
    roleArn,
    serviceRoleArn,
    runbookStatements,
    trust,
} from "../src/policies";

const acct = "123456789012";
const other = "210987654321";
const ctx = { accountId: acct };

/** A KMS key's default policy: the account administers the key and delegates its use to IAM policies. */
const defaultKeyPolicy: PolicyDocument = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: "kms:*", Resource: "*" }],
};

const identity =
    (policy: PolicyDocument, principal: string) => (req: Omit<SimulationRequest, "principal" | "identityPolicies">) =>
        simulate({
            ...req,
            principal,
            identityPolicies: [policy],
            resourcePolicy: req.resourcePolicy ?? (req.resource.startsWith("arn:aws:kms:") ? defaultKeyPolicy : undefined),
        });

describe("service trust policies", () => {
    const cases: [string, PolicyDocument, string, string | undefined, string | undefined][] = [
        [
            "flow logs",
            trust.flowLogs(ctx),
            "vpc-flow-logs.amazonaws.com",
            `arn:aws:ec2:us-west-2:${acct}:vpc-flow-log/fl-0123`,
            `arn:aws:ec2:us-west-2:${other}:vpc-flow-log/fl-0123`,
        ],
        [
            "remediation",
            trust.configRemediation(ctx),
            "ssm.amazonaws.com",
            `arn:aws:ssm:eu-central-1:${acct}:automation-execution/abc`,
            `arn:aws:ssm:ap-south-1:${acct}:automation-execution/abc`,
        ],
        [
            "rds monitoring",
            trust.rdsMonitoring(ctx),
            "monitoring.rds.amazonaws.com",
            `arn:aws:rds:us-east-1:${acct}:db:baseline-postgres`,
            `arn:aws:rds:us-east-1:${other}:db:x`,
        ],
    ];
    const role = `arn:aws:iam::${acct}:role/baseline/some-role`;

    test.each(cases)("%s: its service, on behalf of this account, may assume it", async (_n, policy, service, sourceArn) => {
        const context: Record<string, string> = { "aws:SourceAccount": acct };
        if (sourceArn) context["aws:SourceArn"] = sourceArn;
        expect(
            await simulate({ principal: service, action: "sts:AssumeRole", resource: role, resourcePolicy: policy, context }),
        ).toBe("Allowed");
    });

    test.each(cases)(
        "%s: another account, another source or another service may not",
        async (_n, policy, service, sourceArn, badArn) => {
            const base: Record<string, string> = sourceArn ? { "aws:SourceArn": sourceArn } : {};
            expect(
                await simulate({
                    principal: service,
                    action: "sts:AssumeRole",
                    resource: role,
                    resourcePolicy: policy,
                    context: { ...base, "aws:SourceAccount": other },
                }),
            ).not.toBe("Allowed");
            if (badArn) {
                expect(
                    await simulate({
                        principal: service,
                        action: "sts:AssumeRole",
                        resource: role,
                        resourcePolicy: policy,
                        context: { "aws:SourceAccount": acct, "aws:SourceArn": badArn },
                    }),
                ).not.toBe("Allowed");
            }
            expect(
                await simulate({
                    principal: "ec2.amazonaws.com",
                    action: "sts:AssumeRole",
                    resource: role,
                    resourcePolicy: policy,
                    context: { ...base, "aws:SourceAccount": acct },
                }),
            ).not.toBe("Allowed");
        },
    );

    test("each trusts exactly one service principal with an aws:SourceAccount condition", () => {
        for (const [, policy] of cases) {
            expect(policy.Statement).toHaveLength(1);
            expect(policy.Statement[0].Principal).toEqual({ Service: expect.any(String) });
            expect(policy.Statement[0].Condition?.StringEquals).toEqual({ "aws:SourceAccount": acct });
        }
    });
});

// Services that do not (or are not documented to) send aws:SourceAccount / aws:SourceArn when they
// assume the role: API Gateway's logging role, Lambda's execution role, CloudTrail's CloudWatch Logs role.
describe.each([
    ["api gateway", trust.apiGatewayCloudWatch(ctx), "apigateway.amazonaws.com", "apigateway-cloudwatch"],
    ["lambda", trust.apiLambda(ctx), "lambda.amazonaws.com", "api-lambda"],
    ["cloudtrail logs", trust.cloudTrailLogs(ctx), "cloudtrail.amazonaws.com", "cloudtrail-logs"],
])("%s trust policy", (_n, policy, service, roleName) => {
    const role = roleArn(acct, roleName);
    const assume = (principal: string) =>
        simulate({ principal, action: "sts:AssumeRole", resource: role, resourcePolicy: policy });
    test("its service may assume it without source context (it sends none); no other service or account may", async () => {
        expect(await assume(service)).toBe("Allowed");
        expect(await assume("ec2.amazonaws.com")).not.toBe("Allowed");
        expect(await assume(`arn:aws:iam::${other}:root`)).not.toBe("Allowed");
    });
    test("exactly one service principal and no condition (a source condition would make it unassumable)", () => {
        expect(policy.Statement).toEqual([
            { Sid: "TrustedService", Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" },
        ]);
    });
});

describe("human trust policy", () => {
    const admin = roleArn(acct, "admin");
    const policy = humanTrustPolicy([`arn:aws:iam::${acct}:role/ops`], 3600);
    const allowAssume: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: admin }],
    };
    const assume = (principal: string, context: Record<string, string>) =>
        simulate({
            principal,
            action: "sts:AssumeRole",
            resource: admin,
            resourcePolicy: policy,
            identityPolicies: [allowAssume],
            context,
        });

    test("a trusted principal with recent MFA may assume", async () => {
        expect(
            await assume(`arn:aws:iam::${acct}:role/ops`, {
                "aws:MultiFactorAuthPresent": "true",
                "aws:MultiFactorAuthAge": "600",
            }),
        ).toBe("Allowed");
    });
    test("without MFA, with stale MFA, or from an untrusted principal: denied", async () => {
        expect(await assume(`arn:aws:iam::${acct}:role/ops`, { "aws:MultiFactorAuthPresent": "false" })).not.toBe("Allowed");
        expect(
            await assume(`arn:aws:iam::${acct}:role/ops`, {
                "aws:MultiFactorAuthPresent": "true",
                "aws:MultiFactorAuthAge": "7200",
            }),
        ).not.toBe("Allowed");
        expect(
            await assume(`arn:aws:iam::${acct}:role/other`, {
                "aws:MultiFactorAuthPresent": "true",
                "aws:MultiFactorAuthAge": "60",
            }),
        ).not.toBe("Allowed");
    });
});
describe("human trust policy with an Identity Center permission-set role", () => {
    const admin = roleArn(acct, "admin");
    const sso = `arn:aws:iam::${acct}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admins_0123456789abcdef`;
    const ops = `arn:aws:iam::${acct}:role/ops`;
    const policy = humanTrustPolicy([ops, sso], 3600);
    const allowAssume: PolicyDocument = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: admin }],
    };
    const assume = (principal: string, context: Record<string, string>) =>
        simulate({
            principal,
            action: "sts:AssumeRole",
            resource: admin,
            resourcePolicy: policy,
            identityPolicies: [allowAssume],
            context,
        });

    test("the permission-set role may assume without MFA keys (Identity Center enforced MFA at sign-in)", async () => {
        expect(await assume(sso, {})).toBe("Allowed");
        expect(await assume(sso, { "aws:MultiFactorAuthPresent": "false" })).toBe("Allowed");
    });
    test("other principals still need recent MFA; another permission set is not trusted", async () => {
        expect(await assume(ops, {})).not.toBe("Allowed");
        expect(await assume(ops, { "aws:MultiFactorAuthPresent": "true", "aws:MultiFactorAuthAge": "600" })).toBe("Allowed");
        const otherSet = `arn:aws:iam::${acct}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_ReadOnly_fedcba9876543210`;
        expect(await assume(otherSet, {})).not.toBe("Allowed");
    });
});

describe("permission policies", () => {
    test("flow logs: only the flow-log log groups", async () => {
        const as = identity(flowLogsPolicy(ctx), roleArn(acct, "vpc-flow-logs"));
        const stream = (group: string) => `arn:aws:logs:us-west-2:${acct}:log-group:${group}:log-stream:eni-1-all`;
        expect(await as({ action: "logs:PutLogEvents", resource: stream(names.flowLogGroup("us-west-2")) })).toBe("Allowed");
        expect(await as({ action: "logs:PutLogEvents", resource: stream(names.apiFunctionLogGroup) })).not.toBe("Allowed");
        // The security layer's remediation group, where default VPCs' flow logs land.
        expect(await as({ action: "logs:PutLogEvents", resource: stream(names.remediationFlowLogGroup("us-west-2")) })).toBe(
            "Allowed",
        );
        expect(
            await as({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:ap-south-1:${acct}:log-group:${names.flowLogGroup("us-west-2")}:log-stream:x`,
            }),
        ).not.toBe("Allowed");
        expect(
            await as({
                action: "logs:DeleteLogGroup",
                resource: `arn:aws:logs:us-west-2:${acct}:log-group:${names.flowLogGroup("us-west-2")}`,
            }),
        ).not.toBe("Allowed");
    });

    test("cloudtrail: only the trail's log streams of its log group in the home region", async () => {
        const as = identity(cloudTrailLogsPolicy(ctx), roleArn(acct, "cloudtrail-logs"));
        const stream = (region: string, group: string, name = `${acct}_CloudTrail_us-east-1`) =>
            `arn:aws:logs:${region}:${acct}:log-group:${group}:log-stream:${name}`;
        // The multi-region trail writes one stream per region it records: <account>_CloudTrail_<region>.
        for (const r of ["us-east-1", "us-west-2", "eu-central-1"]) {
            const s = stream("us-east-1", names.cloudTrailLogGroup, `${acct}_CloudTrail_${r}`);
            expect(await as({ action: "logs:CreateLogStream", resource: s })).toBe("Allowed");
            expect(await as({ action: "logs:PutLogEvents", resource: s })).toBe("Allowed");
        }
        expect(
            await as({ action: "logs:PutLogEvents", resource: stream("us-east-1", names.cloudTrailLogGroup, "other-stream") }),
        ).not.toBe("Allowed");
        expect(
            await as({
                action: "logs:DeleteLogGroup",
                resource: `arn:aws:logs:us-east-1:${acct}:log-group:${names.cloudTrailLogGroup}`,
            }),
        ).not.toBe("Allowed");
        expect(await as({ action: "logs:PutLogEvents", resource: stream("us-west-2", names.cloudTrailLogGroup) })).not.toBe(
            "Allowed",
        );
        expect(
            await as({ action: "logs:PutLogEvents", resource: stream("us-east-1", names.flowLogGroup("us-east-1")) }),
        ).not.toBe("Allowed");
    });

    test("rds monitoring: only RDSOSMetrics", async () => {
        const as = identity(rdsMonitoringPolicy(ctx), roleArn(acct, "rds-monitoring"));
        expect(
            await as({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:eu-central-1:${acct}:log-group:RDSOSMetrics:log-stream:db-ABC`,
            }),
        ).toBe("Allowed");
        expect(
            await as({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:eu-central-1:${acct}:log-group:${names.cloudTrailLogGroup}:log-stream:x`,
            }),
        ).not.toBe("Allowed");
    });

    test("api gateway: execution and access logs only", async () => {
        const as = identity(apiGatewayCloudWatchPolicy(ctx), roleArn(acct, "apigateway-cloudwatch"));
        expect(
            await as({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:us-east-1:${acct}:log-group:API-Gateway-Execution-Logs_a1b2c3d4e5/v1:log-stream:x`,
            }),
        ).toBe("Allowed");
        expect(
            await as({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:us-east-1:${acct}:log-group:${names.apiAccessLogGroup}:log-stream:x`,
            }),
        ).toBe("Allowed");
        expect(
            await as({
                action: "logs:CreateLogStream",
                resource: `arn:aws:logs:eu-central-1:${acct}:log-group:/aws/apigateway/welcome:log-stream:x`,
            }),
        ).toBe("Allowed");
        expect(
            await as({
                action: "logs:PutLogEvents",
                resource: `arn:aws:logs:us-east-1:${acct}:log-group:${names.cloudTrailLogGroup}:log-stream:x`,
            }),
        ).not.toBe("Allowed");
    });

    describe("api lambda", () => {
        const as = identity(apiLambdaPolicy(ctx), roleArn(acct, "api-lambda"));
        const dataKey = `arn:aws:kms:us-west-2:${acct}:key/1111-2222`;
        const fromFunction = (region: string) => ({
            "lambda:SourceFunctionArn": `arn:aws:lambda:${region}:${acct}:function:${names.apiFunctionName}`,
            "aws:ResourceAccount": acct,
        });
        test("reads its data buckets, writes its own logs, sends to its DLQ", async () => {
            expect(
                await as({
                    action: "s3:GetObject",
                    resource: `arn:aws:s3:::${names.dataBucket(acct, "us-west-2")}/reports/a.json`,
                    context: fromFunction("us-west-2"),
                }),
            ).toBe("Allowed");
            expect(
                await as({
                    action: "s3:ListBucket",
                    resource: `arn:aws:s3:::${names.dataBucket(acct, "us-west-2")}`,
                    context: fromFunction("us-west-2"),
                }),
            ).toBe("Allowed");
            expect(
                await as({
                    action: "logs:PutLogEvents",
                    resource: `arn:aws:logs:us-west-2:${acct}:log-group:${names.apiFunctionLogGroup}:log-stream:2024/x`,
                }),
            ).toBe("Allowed");
            expect(
                await as({ action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-central-1:${acct}:${names.apiDeadLetterQueue}` }),
            ).toBe("Allowed");
            expect(await as({ action: "xray:PutTraceSegments", resource: "*" })).toBe("Allowed");
        });
        test("each region's function reads only its own region's bucket, and only while this account owns it", async () => {
            const bucket = (r: string) => `arn:aws:s3:::${names.dataBucket(acct, r as never)}`;
            // us-east-1's function may not read us-west-2's bucket (the old `baseline-data-<account>-*` allowed it).
            expect(
                await as({ action: "s3:GetObject", resource: `${bucket("us-west-2")}/a`, context: fromFunction("us-east-1") }),
            ).toBe("ImplicitlyDenied");
            expect(
                await as({ action: "s3:ListBucket", resource: bucket("eu-central-1"), context: fromFunction("us-west-2") }),
            ).toBe("ImplicitlyDenied");
            // A bucket of the same name in another account (S3 ARNs carry no account).
            expect(
                await as({
                    action: "s3:GetObject",
                    resource: `${bucket("us-west-2")}/a`,
                    resourceAccount: "999999999999",
                    context: { ...fromFunction("us-west-2"), "aws:ResourceAccount": "999999999999" },
                }),
            ).toBe("ImplicitlyDenied");
            // The role's credentials used anywhere but in the function (no source function ARN).
            expect(
                await as({
                    action: "s3:GetObject",
                    resource: `${bucket("us-west-2")}/a`,
                    context: { "aws:ResourceAccount": acct },
                }),
            ).toBe("ImplicitlyDenied");
            for (const r of ["us-east-1", "us-west-2", "eu-central-1"]) {
                expect([r, await as({ action: "s3:GetObject", resource: `${bucket(r)}/k`, context: fromFunction(r) })]).toEqual([
                    r,
                    "Allowed",
                ]);
            }
        });
        test("cannot write data, read other buckets, or send to other queues", async () => {
            expect(
                await as({ action: "s3:PutObject", resource: `arn:aws:s3:::${names.dataBucket(acct, "us-west-2")}/a` }),
            ).not.toBe("Allowed");
            expect(
                await as({ action: "s3:GetObject", resource: `arn:aws:s3:::${names.configBucket(acct, "us-west-2")}/a` }),
            ).not.toBe("Allowed");
            expect(await as({ action: "sqs:SendMessage", resource: `arn:aws:sqs:eu-central-1:${acct}:other-queue` })).not.toBe(
                "Allowed",
            );
            expect(
                await as({
                    action: "logs:PutLogEvents",
                    resource: `arn:aws:logs:us-west-2:${acct}:log-group:/aws/lambda/other:log-stream:x`,
                }),
            ).not.toBe("Allowed");
        });
        test("VPC networking: exactly the EC2 actions of AWSLambdaVPCAccessExecutionRole, ENIs in this account only", async () => {
            const ec2Actions = apiLambdaPolicy(ctx)
                .Statement.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]))
                .filter((a) => a.startsWith("ec2:"))
                .sort();
            expect(ec2Actions).toEqual(
                [
                    "ec2:AssignPrivateIpAddresses",
                    "ec2:CreateNetworkInterface",
                    "ec2:DeleteNetworkInterface",
                    "ec2:DescribeNetworkInterfaces",
                    "ec2:DescribeSubnets",
                    "ec2:UnassignPrivateIpAddresses",
                ].sort(),
            );
            const inRegion = { "aws:RequestedRegion": "us-west-2" };
            expect(await as({ action: "ec2:DescribeNetworkInterfaces", resource: "*", context: inRegion })).toBe("Allowed");
            expect(await as({ action: "ec2:DescribeSubnets", resource: "*", context: inRegion })).toBe("Allowed");
            expect(await as({ action: "ec2:DescribeVpcs", resource: "*", context: inRegion })).not.toBe("Allowed");
            expect(
                await as({
                    action: "ec2:DeleteNetworkInterface",
                    resource: `arn:aws:ec2:us-west-2:${acct}:network-interface/eni-0123456789abcdef0`,
                }),
            ).toBe("Allowed");
            expect(
                await as({
                    action: "ec2:DeleteNetworkInterface",
                    resource: `arn:aws:ec2:us-west-2:${other}:network-interface/eni-0123456789abcdef0`,
                }),
            ).not.toBe("Allowed");
        });
        test("decrypts with the data key only through S3 (and SQS for the DLQ)", async () => {
            const viaS3 = { "kms:ViaService": "s3.us-west-2.amazonaws.com", "kms:ResourceAliases": [names.keyAlias.data] };
            expect(await as({ action: "kms:Decrypt", resource: dataKey, context: viaS3 })).toBe("Allowed");
            expect(
                await as({
                    action: "kms:GenerateDataKey",
                    resource: dataKey,
                    context: { ...viaS3, "kms:ViaService": "sqs.us-west-2.amazonaws.com" },
                }),
            ).toBe("Allowed");
            expect(
                await as({ action: "kms:Decrypt", resource: dataKey, context: { "kms:ResourceAliases": [names.keyAlias.data] } }),
            ).not.toBe("Allowed");
            expect(
                await as({
                    action: "kms:Decrypt",
                    resource: dataKey,
                    context: { ...viaS3, "kms:ResourceAliases": [names.keyAlias.database] },
                }),
            ).not.toBe("Allowed");
            expect(await as({ action: "kms:GenerateDataKey", resource: dataKey, context: viaS3 })).not.toBe("Allowed");
        });
    });
});

describe("config remediation role", () => {
    const policy = configRemediationPolicy(ctx, RUNBOOK_IDS);
    const as = identity(policy, serviceRoleArn(acct, "configRemediation"));

    /** A resource each action of each runbook acts on, in a non-home region. */
    const sample = (id: RunbookId, action: string): { resource: string; context?: Record<string, string> } => {
        const r = "eu-central-1";
        const [service] = action.split(":");
        if (service === "s3") return { resource: `arn:aws:s3:::some-bucket`, context: { "aws:ResourceAccount": acct } };
        if (service === "kms") return { resource: `arn:aws:kms:${r}:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab` };
        if (service === "rds") return { resource: `arn:aws:rds:${r}:${acct}:db:baseline-postgres` };
        if (service === "iam" && id === "AWSSupport-EnableVPCFlowLogs")
            return {
                resource: roleArn(acct, "vpc-flow-logs"),
                context: { "iam:PassedToService": "vpc-flow-logs.amazonaws.com" },
            };
        if (service === "iam") return { resource: "*" };
        if (action === "ec2:CreateFlowLogs") return { resource: `arn:aws:ec2:${r}:${acct}:vpc/vpc-0123456789abcdef0` };
        if (action === "ec2:DeleteFlowLogs") return { resource: `arn:aws:ec2:${r}:${acct}:vpc-flow-log/fl-0123456789abcdef0` };
        if (action.startsWith("ec2:Revoke")) return { resource: `arn:aws:ec2:${r}:${acct}:security-group/sg-0123456789abcdef0` };
        if (action === "logs:DescribeLogStreams")
            return { resource: `arn:aws:logs:${r}:${acct}:log-group:${names.flowLogGroup(r)}` };
        return { resource: "*", context: { "aws:RequestedRegion": r } };
    };

    test("grants exactly the actions of the wired runbooks, plus running the automation", () => {
        const granted = new Set(policy.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
        const expected = new Set<string>([
            ...AUTOMATION_ACTIONS,
            ...RUNBOOK_IDS.flatMap((id) => [...REMEDIATION_RUNBOOKS[id].actions]),
        ]);
        expect([...granted].sort()).toEqual([...expected].sort());
        for (const id of RUNBOOK_IDS) expect(runbookStatements(id, ctx).length).toBeGreaterThan(0);
    });

    test.each(RUNBOOK_IDS)("every action %s performs is allowed", async (id) => {
        for (const action of REMEDIATION_RUNBOOKS[id].actions) {
            const { resource, context } = sample(id, action);
            expect([action, await as({ action, resource, context })]).toEqual([action, "Allowed"]);
        }
        expect(
            await as({
                action: "ssm:StartAutomationExecution",
                resource: `arn:aws:ssm:us-west-2:${acct}:automation-definition/${id}:$DEFAULT`,
            }),
        ).toBe("Allowed");
    });

    test("denied: other runbooks, other accounts' buckets, other roles to pass, regions outside the baseline", async () => {
        expect(
            await as({
                action: "ssm:StartAutomationExecution",
                resource: `arn:aws:ssm:us-west-2:${acct}:automation-definition/AWS-DeleteStack:$DEFAULT`,
            }),
        ).not.toBe("Allowed");
        expect(
            await as({
                action: "s3:PutBucketPolicy",
                resource: "arn:aws:s3:::someone-elses",
                context: { "aws:ResourceAccount": other },
            }),
        ).not.toBe("Allowed");
        expect(
            await as({
                action: "s3:DeleteBucket",
                resource: "arn:aws:s3:::some-bucket",
                context: { "aws:ResourceAccount": acct },
            }),
        ).not.toBe("Allowed");
        expect(
            await as({
                action: "iam:PassRole",
                resource: roleArn(acct, "admin"),
                context: { "iam:PassedToService": "vpc-flow-logs.amazonaws.com" },
            }),
        ).not.toBe("Allowed");
        expect(await as({ action: "rds:ModifyDBInstance", resource: `arn:aws:rds:ap-south-1:${acct}:db:x` })).not.toBe("Allowed");
        expect(await as({ action: "rds:DeleteDBInstance", resource: `arn:aws:rds:us-east-1:${acct}:db:x` })).not.toBe("Allowed");
        expect(
            await as({
                action: "kms:ScheduleKeyDeletion",
                resource: `arn:aws:kms:us-east-1:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
            }),
        ).not.toBe("Allowed");
        expect(await as({ action: "iam:CreateRole", resource: roleArn(acct, "x") })).not.toBe("Allowed");
    });
});
