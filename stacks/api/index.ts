import { ApiOutputs, Exports, applyBaselineTags, resolveUpstream } from "@baseline/lib";
import { API_ROUTES } from "./handler/app";
import { ApiAlarms } from "./src/alarms";
import { Backend, validateBackendArgs } from "./src/backend";
import { readConfig } from "./src/config";
import { PrivateApi } from "./src/privateApi";

// `export =`, not `export default`: Pulumi loads a TypeScript program as CommonJS and
// calls the module itself when it is a function; it does not unwrap a default export
// there, so `export default` would run nothing and export the function object.
export = async (): Promise<Exports<ApiOutputs>> => {
    const cfg = readConfig();
    applyBaselineTags("api", cfg.owner);

    // Region, upstreamOrg and any upstreamStacks overrides, as read and validated by readCommonConfig.
    const [iam, security, network, data] = await Promise.all([
        resolveUpstream("global-iam", cfg.upstream),
        resolveUpstream("security", cfg.upstream),
        resolveUpstream("network", cfg.upstream),
        resolveUpstream("data", cfg.upstream),
    ]);
    validateBackendArgs({ subnetIds: network.privateSubnetIds, availabilityZones: network.availabilityZones });

    const backend = new Backend("backend", {
        roleArn: iam.apiLambdaRoleArn,
        subnetIds: network.privateSubnetIds,
        securityGroupId: network.appSecurityGroupId,
        logsKeyArn: security.logsKeyArn,
        dataKeyArn: security.dataKeyArn,
        logRetentionDays: cfg.logRetentionDays,
        reservedConcurrency: cfg.lambdaReservedConcurrency,
        memoryMb: cfg.lambdaMemoryMb,
        timeoutSeconds: cfg.lambdaTimeoutSeconds,
        dlqRetentionSeconds: cfg.dlqRetentionSeconds,
        environment: { DATA_BUCKET: data.dataBucketName, DB_ADDRESS: data.dbAddress, DB_PORT: String(data.dbPort) },
    });

    const api = new PrivateApi("api", {
        vpcEndpointId: network.executeApiEndpointId,
        accountId: iam.accountId,
        routes: API_ROUTES,
        functionName: backend.functionName,
        functionInvokeArn: backend.function.invokeArn,
        cloudWatchRoleArn: iam.apiGatewayCloudWatchRoleArn,
        logsKeyArn: security.logsKeyArn,
        logRetentionDays: cfg.logRetentionDays,
        stageName: cfg.stageName,
        loggingLevel: cfg.loggingLevel,
        throttlingRateLimit: cfg.throttlingRateLimit,
        throttlingBurstLimit: cfg.throttlingBurstLimit,
        // Let the function's own timeout fire first, so its error is logged and counted.
        integrationTimeoutMs: Math.min(29000, cfg.lambdaTimeoutSeconds * 1000 + 1000),
    });

    new ApiAlarms("alarms", {
        apiName: api.apiName,
        stageName: api.stageName,
        functionName: backend.functionName,
        deadLetterQueueName: backend.deadLetterQueue.name,
        topicArn: security.alarmTopicArn,
        api5xxThreshold: cfg.alarm5xxThreshold,
        latencyP99Ms: cfg.alarmLatencyP99Ms,
        lambdaErrorThreshold: cfg.alarmLambdaErrorThreshold,
    });

    return {
        region: cfg.region,
        restApiId: api.restApiId,
        stageName: api.stageName,
        invokeUrl: api.invokeUrl,
        vpcEndpointId: network.executeApiEndpointId,
        functionName: backend.functionName,
    };
};
