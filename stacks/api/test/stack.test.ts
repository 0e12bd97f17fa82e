import * as fs from "fs";
import * as path from "path";
import { ENVIRONMENT, REGIONS, Region, isTaggable, names } from "@baseline/lib";
import {
    RecordedResource,
    StackRunError,
    StackRunResult,
    contractFixture,
    findResource,
    ofType,
    runStack,
    simulate,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import program from "../index";

const PROJECT = "baseline-api";

function run(
    region: Region,
    opts: { config?: Record<string, string>; overrides?: Parameters<typeof upstreamOutputsFor>[2] } = {},
) {
    return runStack({
        project: PROJECT,
        stack: `production-${region}`,
        config: { "aws:region": region, ...(opts.config ?? {}) },
        stackOutputs: upstreamOutputsFor("api", region, opts.overrides),
        program,
    });
}

const runs = new Map<Region, StackRunResult>();
beforeAll(async () => {
    for (const region of REGIONS) runs.set(region, await run(region));
});

const one = (region: Region, type: string, name?: string): RecordedResource =>
    findResource(runs.get(region)!.resources, type, name);
const T = {
    fn: "aws:lambda/function:Function",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    queue: "aws:sqs/queue:Queue",
    api: "aws:apigateway/restApi:RestApi",
    policy: "aws:apigateway/restApiPolicy:RestApiPolicy",
    stage: "aws:apigateway/stage:Stage",
    deployment: "aws:apigateway/deployment:Deployment",
    settings: "aws:apigateway/methodSettings:MethodSettings",
    account: "aws:apigateway/account:Account",
    permission: "aws:lambda/permission:Permission",
    integration: "aws:apigateway/integration:Integration",
    method: "aws:apigateway/method:Method",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
};

describe.each(REGIONS)("api stack in %s", (region) => {
    const security = contractFixture("security", region);
    const network = contractFixture("network", region);
    const iam = contractFixture("global-iam", "us-east-1");
    const data = contractFixture("data", region);
    const res = () => runs.get(region)!.resources;

    test("exports exactly the ApiOutputs contract", () => {
        const out = runs.get(region)!.outputs;
        expect(Object.keys(out).sort()).toEqual([
            "functionName",
            "invokeUrl",
            "region",
            "restApiId",
            "stageName",
            "vpcEndpointId",
        ]);
        expect(out).toMatchObject({
            region,
            stageName: "v1",
            vpcEndpointId: network.executeApiEndpointId,
            functionName: names.apiFunctionName,
        });
        expect(out["restApiId"]).toBe(one(region, T.api).id);
    });

    test("the REST API is PRIVATE and bound to the network layer's execute-api endpoint", () => {
        const api = one(region, T.api);
        expect(api.inputs["endpointConfiguration"]).toEqual({ types: "PRIVATE", vpcEndpointIds: [network.executeApiEndpointId] });
        expect(api.inputs["policy"]).toBeUndefined();
    });

    test("the generated resource policy admits only this account's signed callers through the bound endpoint", async () => {
        const policy = one(region, T.policy).inputs["policy"] as string;
        expect(one(region, T.policy).inputs["restApiId"]).toBe(one(region, T.api).id);
        const exec = one(region, T.api).outputs["executionArn"] as string;
        const call = (account: string, context: Record<string, string>) =>
            simulate({
                principal: `arn:aws:iam::${account}:role/caller`,
                action: "execute-api:Invoke",
                resource: `${exec}/v1/GET/objects`,
                resourceAccount: iam.accountId,
                resourcePolicy: policy,
                identityPolicies: [
                    {
                        Version: "2012-10-17",
                        Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: `${exec}/*` }],
                    },
                ],
                context: { "aws:PrincipalAccount": account, ...context },
            });
        const vpce = { "aws:SourceVpce": network.executeApiEndpointId };
        await expect(call(iam.accountId, vpce)).resolves.toBe("Allowed");
        await expect(call(iam.accountId, { "aws:SourceVpce": "vpce-0ffffffffffffffff" })).resolves.toBe("ExplicitlyDenied");
        await expect(call(iam.accountId, {})).resolves.toBe("ExplicitlyDenied");
        await expect(call("210987654321", vpce)).resolves.toBe("ExplicitlyDenied");
    });

    test("the function carries no code signing configuration: the package is unsigned, and the architecture doc says why", () => {
        // A Warn configuration would pass every unsigned deployment while scanners count it as signed.
        expect(one(region, T.fn).inputs["codeSigningConfigArn"]).toBeUndefined();
        expect(ofType(res(), "aws:lambda/codeSigningConfig:CodeSigningConfig")).toEqual([]);
        expect(fs.readFileSync(path.join(__dirname, "../../../docs/architecture.md"), "utf8")).toContain(
            "No Lambda code signing",
        );
    });

    test("every method authenticates its caller with IAM (SigV4)", () => {
        const methods = ofType(res(), T.method);
        expect(methods.length).toBeGreaterThan(0);
        for (const m of methods) expect(m.inputs["authorization"]).toBe("AWS_IAM");
    });

    test("the Lambda runs a supported runtime in the private subnets of ≥2 AZs with the app SG", () => {
        const fn = one(region, T.fn);
        expect(fn.inputs["name"]).toBe(names.apiFunctionName);
        expect(fn.inputs["runtime"]).toBe("nodejs22.x");
        expect(fn.inputs["role"]).toBe(iam.apiLambdaRoleArn);
        expect(fn.inputs["handler"]).toBe("index.handler");
        const vpc = fn.inputs["vpcConfig"] as { subnetIds: string[]; securityGroupIds: string[] };
        expect(vpc.subnetIds).toEqual(network.privateSubnetIds);
        expect(vpc.securityGroupIds).toEqual([network.appSecurityGroupId]);
        expect(new Set(network.availabilityZones).size).toBeGreaterThanOrEqual(2);
        expect(vpc.subnetIds.length).toBeGreaterThanOrEqual(2);
    });

    test("the Lambda traces, reserves no concurrency by default, dead-letters and logs JSON to its own group", () => {
        const fn = one(region, T.fn);
        expect(fn.inputs["tracingConfig"]).toEqual({ mode: "Active" });
        // A new account cannot reserve any: the default leaves the input unset (unreserved).
        expect(fn.inputs["reservedConcurrentExecutions"]).toBeUndefined();
        expect(fn.inputs["timeout"]).toBe(10);
        const dlq = one(region, T.queue);
        expect(dlq.inputs["name"]).toBe(names.apiDeadLetterQueue);
        expect(dlq.inputs["kmsMasterKeyId"]).toBe(security.dataKeyArn);
        expect(dlq.protect).toBe(true);
        expect(fn.inputs["deadLetterConfig"]).toEqual({ targetArn: dlq.outputs["arn"] });
        expect(fn.inputs["loggingConfig"]).toMatchObject({ logFormat: "JSON", logGroup: names.apiFunctionLogGroup });
        expect(fn.inputs["environment"]).toEqual({
            variables: { DATA_BUCKET: data.dataBucketName, DB_ADDRESS: data.dbAddress, DB_PORT: String(data.dbPort) },
        });
        // The log group exists (encrypted) before Lambda would create it unencrypted.
        const fnLogs = ofType(res(), T.logGroup).find((g) => g.inputs["name"] === names.apiFunctionLogGroup)!;
        expect(fn.dependencies).toContain(fnLogs.urn);
    });

    test("every log group is KMS-encrypted with the logs key, retained and protected", () => {
        const groups = ofType(res(), T.logGroup);
        const groupNames = groups.map((g) => g.inputs["name"]);
        expect(groupNames).toEqual(
            expect.arrayContaining([
                names.apiFunctionLogGroup,
                names.apiAccessLogGroup,
                `API-Gateway-Execution-Logs_${one(region, T.api).id}/v1`,
            ]),
        );
        for (const g of groups) {
            expect(g.inputs["kmsKeyId"]).toBe(security.logsKeyArn);
            expect(g.inputs["retentionInDays"]).toBe(365);
            expect(g.inputs["deletionProtectionEnabled"]).toBe(true);
            expect(g.protect).toBe(true);
        }
    });

    test("the stage has JSON access logs, X-Ray and the regional CloudWatch role set first", () => {
        const stage = one(region, T.stage);
        const access = ofType(res(), T.logGroup).find((g) => g.inputs["name"] === names.apiAccessLogGroup)!;
        expect(stage.inputs["xrayTracingEnabled"]).toBe(true);
        const als = stage.inputs["accessLogSettings"] as { destinationArn: string; format: string };
        expect(als.destinationArn).toBe(access.outputs["arn"]);
        const format = JSON.parse(als.format) as Record<string, string>;
        expect(format).toMatchObject({
            requestId: "$context.requestId",
            status: "$context.status",
            vpceId: "$context.identity.vpceId",
            userArn: "$context.identity.userArn",
            accountId: "$context.identity.accountId",
        });
        expect(stage.inputs["deployment"]).toBe(one(region, T.deployment).id);
        const account = one(region, T.account);
        expect(account.inputs["cloudwatchRoleArn"]).toBe(iam.apiGatewayCloudWatchRoleArn);
        expect(stage.dependencies).toContain(account.urn);
        expect(one(region, T.settings).dependencies).toContain(account.urn);
        // Setting the account's role makes API Gateway create /aws/apigateway/welcome: created first, encrypted.
        const welcome = ofType(res(), T.logGroup).find((g) => g.inputs["name"] === "/aws/apigateway/welcome")!;
        expect(welcome.inputs).toMatchObject({ kmsKeyId: security.logsKeyArn, retentionInDays: 365 });
        expect(welcome.protect).toBe(true);
        expect(account.dependencies).toContain(welcome.urn);
    });

    test("method settings log executions, emit metrics, never log bodies and throttle", () => {
        const ms = one(region, T.settings);
        expect(ms.inputs["methodPath"]).toBe("*/*");
        expect(ms.inputs["stageName"]).toBe("v1");
        expect(ms.inputs["settings"]).toMatchObject({
            loggingLevel: "ERROR",
            metricsEnabled: true,
            dataTraceEnabled: false,
            throttlingRateLimit: 50,
            throttlingBurstLimit: 100,
        });
    });

    test("each route is a Lambda proxy integration, and the deployment follows them", () => {
        const fn = one(region, T.fn);
        const integrations = ofType(res(), T.integration);
        expect(integrations).toHaveLength(4);
        for (const i of integrations) {
            expect(i.inputs).toMatchObject({ type: "AWS_PROXY", integrationHttpMethod: "POST", uri: fn.outputs["invokeArn"] });
        }
        expect(ofType(res(), T.method).map((m) => m.inputs["httpMethod"])).toEqual(["GET", "GET", "GET", "GET"]);
        const deployment = one(region, T.deployment);
        expect((deployment.inputs["triggers"] as Record<string, string>)["redeployment"]).toMatch(/^[0-9a-f]{64}$/);
        expect(deployment.dependencies).toEqual(
            expect.arrayContaining([one(region, T.policy).urn, ...integrations.map((i) => i.urn)]),
        );
    });

    test("API Gateway may invoke the function only from this API's stage", () => {
        const p = one(region, T.permission);
        expect(p.inputs).toMatchObject({
            action: "lambda:InvokeFunction",
            function: names.apiFunctionName,
            principal: "apigateway.amazonaws.com",
            sourceArn: `${one(region, T.api).outputs["executionArn"] as string}/v1/*`,
        });
    });

    test("alarms on 5XX, p99 latency, Lambda errors and throttles and the DLQ notify the alarm topic", () => {
        const alarms = ofType(res(), T.alarm);
        const byMetric = Object.fromEntries(
            alarms.map((a) => [`${a.inputs["namespace"] as string}/${a.inputs["metricName"] as string}`, a]),
        );
        expect(Object.keys(byMetric).sort()).toEqual([
            "AWS/ApiGateway/5XXError",
            "AWS/ApiGateway/Latency",
            "AWS/Lambda/Errors",
            "AWS/Lambda/Throttles",
            "AWS/SQS/ApproximateNumberOfMessagesVisible",
        ]);
        for (const a of alarms) {
            expect(a.inputs["actionsEnabled"]).toBe(true);
            expect(a.inputs["alarmActions"]).toEqual([security.alarmTopicArn]);
            expect(a.inputs["treatMissingData"]).toBe("notBreaching");
        }
        expect(byMetric["AWS/ApiGateway/5XXError"].inputs["dimensions"]).toEqual({
            ApiName: one(region, T.api).inputs["name"],
            Stage: "v1",
        });
        expect(byMetric["AWS/ApiGateway/Latency"].inputs).toMatchObject({ extendedStatistic: "p99", threshold: 3000 });
        expect(byMetric["AWS/Lambda/Errors"].inputs["dimensions"]).toEqual({ FunctionName: names.apiFunctionName });
        expect(byMetric["AWS/SQS/ApproximateNumberOfMessagesVisible"].inputs["dimensions"]).toEqual({
            QueueName: names.apiDeadLetterQueue,
        });
    });

    test("every taggable resource is tagged Environment=Production", () => {
        const taggable = res().filter((r) => r.custom && !r.read && isTaggable(r.type));
        expect(taggable.map((r) => r.type)).toEqual(expect.arrayContaining([T.fn, T.api, T.stage, T.queue, T.logGroup, T.alarm]));
        for (const r of taggable) {
            expect({ name: r.name, tags: r.inputs["tags"] }).toMatchObject({
                name: r.name,
                tags: { Environment: ENVIRONMENT, Layer: "api" },
            });
        }
    });
});

describe("inputs that change the plan", () => {
    test("config values reach the resources", async () => {
        const r = await run("us-west-2", {
            config: {
                "baseline-api:logRetentionDays": "731",
                "baseline-api:throttlingRateLimit": "20",
                "baseline-api:throttlingBurstLimit": "40",
                "baseline-api:lambdaReservedConcurrency": "3",
                "baseline-api:loggingLevel": "INFO",
                "baseline-api:stageName": "live",
            },
        });
        expect(ofType(r.resources, T.logGroup).map((g) => g.inputs["retentionInDays"])).toEqual([731, 731, 731, 731]);
        expect(findResource(r.resources, T.settings).inputs["settings"]).toMatchObject({
            loggingLevel: "INFO",
            throttlingRateLimit: 20,
            throttlingBurstLimit: 40,
        });
        expect(findResource(r.resources, T.fn).inputs["reservedConcurrentExecutions"]).toBe(3);
        expect(findResource(r.resources, T.stage).inputs["stageName"]).toBe("live");
        expect(r.outputs["stageName"]).toBe("live");
    });

    test("the deployment hash changes when the bound endpoint (and so the policy) changes", async () => {
        const other = await run("us-east-1", { overrides: { network: { executeApiEndpointId: "vpce-0b0000000000other" } } });
        const hash = (rs: RecordedResource[]) =>
            (findResource(rs, T.deployment).inputs["triggers"] as Record<string, string>)["redeployment"];
        expect(hash(other.resources)).not.toBe(hash(runs.get("us-east-1")!.resources));
        // ...and is stable when nothing changes.
        expect(hash((await run("us-east-1")).resources)).toBe(hash(runs.get("us-east-1")!.resources));
    });

    test("a missing upstream output fails before any AWS resource is registered", async () => {
        const err = await run("eu-central-1", { overrides: { network: { executeApiEndpointId: undefined } } }).catch(
            (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StackRunError);
        expect((err as StackRunError).message).toMatch(/baseline-network\/production-eu-central-1.*executeApiEndpointId/);
        expect((err as StackRunError).resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    test("fewer than two private subnets is refused (Lambda.5)", async () => {
        const err = await run("us-east-1", { overrides: { network: { privateSubnetIds: ["subnet-0a0000000000000a1"] } } }).catch(
            (e: unknown) => e,
        );
        expect((err as Error).message).toMatch(/subnetIds has 1 subnet\(s\); Lambda.5 needs at least 2/);
    });
});
