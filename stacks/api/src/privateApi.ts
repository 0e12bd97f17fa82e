/**
 * The private REST API: endpoint type PRIVATE, bound to the network layer's
 * execute-api interface endpoint, IAM (SigV4) authorization on every method and a
 * resource policy that admits only this account's principals through that endpoint; Lambda proxy integrations for the handler's routes; a
 * deployment that is replaced whenever the routes, integrations or policy
 * change; and a stage with access logs, execution logs, metrics, X-Ray and
 * throttling.
 */
import { createHash } from "crypto";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { encryptedLogGroup, NAME_PREFIX, names, PolicyDocument } from "@baseline/lib";
import { LoggingLevel } from "./config";

/**
 * The API's resource policy: a call must come through the bound execute-api endpoint AND be
 * signed (SigV4, every method is `AWS_IAM`) by a principal of this account.
 *
 * - The Allow names this account, not `*`. The IAM user guide ("AWS account principals"):
 *   specifying an account in the Principal element "delegates authority to the account", so a
 *   role of this account may invoke only when its own identity policy grants
 *   `execute-api:Invoke` on this API as well: callers are chosen one by one, by IAM.
 * - The two Denies make both requirements hold whatever else grants: API Gateway's policy
 *   evaluation tables ("How API Gateway resource policies affect authorization workflow",
 *   Table A) allow a same-account call that either the identity policy or the resource policy
 *   allows, unless one of them explicitly denies. `StringNotEquals` also matches a request
 *   that carries no such key at all (an absent key satisfies a negated condition), so an
 *   unsigned call (no `aws:PrincipalAccount`) or a call from outside any endpoint (no
 *   `aws:SourceVpce`) is explicitly denied.
 * - Both keys are ones API Gateway sets: its table "AWS condition keys that can be used in API
 *   Gateway resource policies" lists `aws:PrincipalAccount` (needs AuthN, authorization type IAM)
 *   and `aws:SourceVpce` ("This key can only be used for private APIs").
 */
export function apiResourcePolicy(executionArn: string, vpceId: string, accountId: string): PolicyDocument {
    const resource = `${executionArn}/*`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowInvokeByThisAccountThroughApiEndpoint",
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${accountId}:root` },
                Action: "execute-api:Invoke",
                Resource: resource,
                Condition: { StringEquals: { "aws:SourceVpce": vpceId, "aws:PrincipalAccount": accountId } },
            },
            {
                Sid: "DenyInvokeFromAnywhereElse",
                Effect: "Deny",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: resource,
                Condition: { StringNotEquals: { "aws:SourceVpce": vpceId } },
            },
            {
                Sid: "DenyInvokeByOtherAccountsOrAnonymous",
                Effect: "Deny",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: resource,
                Condition: { StringNotEquals: { "aws:PrincipalAccount": accountId } },
            },
        ],
    };
}

/** Access-log format: one JSON object per request, with who made it (CKV_AWS_76, AwsSolutions-APIG1). */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    path: "$context.path",
    status: "$context.status",
    protocol: "$context.protocol",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationLatency: "$context.integration.latency",
    integrationStatus: "$context.integration.status",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    vpceId: "$context.identity.vpceId",
    // Who signed the request (every method authorizes with IAM): the IAM identity, and its account.
    userArn: "$context.identity.userArn",
    accountId: "$context.identity.accountId",
    xrayTraceId: "$context.xrayTraceId",
    errorMessage: "$context.error.message",
    errorResponseType: "$context.error.responseType",
});

export interface Route {
    /** API Gateway resource path, e.g. `/objects/{key+}`. */
    readonly path: string;
    readonly method: string;
}

/** The log group API Gateway writes its first event to once the account's CloudWatch role is set, per region. */
export const API_GATEWAY_WELCOME_LOG_GROUP = "/aws/apigateway/welcome";

export interface PrivateApiArgs {
    readonly vpcEndpointId: pulumi.Input<string>;
    /** The only account whose principals may invoke the API (the resource policy's principal). */
    readonly accountId: pulumi.Input<string>;
    readonly routes: readonly Route[];
    readonly functionName: pulumi.Input<string>;
    readonly functionInvokeArn: pulumi.Input<string>;
    readonly cloudWatchRoleArn: pulumi.Input<string>;
    readonly logsKeyArn: pulumi.Input<string>;
    readonly logRetentionDays: number;
    readonly stageName: string;
    readonly loggingLevel: LoggingLevel;
    readonly throttlingRateLimit: number;
    readonly throttlingBurstLimit: number;
    /** Integration timeout, at most API Gateway's 29 s default. */
    readonly integrationTimeoutMs: number;
}

/**
 * The arguments of a route's Method besides its API and resource ids. The deployment's
 * redeployment hash is computed from these same objects, so no Method argument can change
 * without the stage getting a new snapshot.
 */
export function methodArgs(route: Route) {
    return {
        httpMethod: route.method,
        // SigV4: API Gateway authenticates every caller with IAM, then the resource policy
        // admits only principals of this account calling through the bound endpoint. With
        // `NONE` any process that reached the endpoint could call without credentials.
        authorization: "AWS_IAM",
        apiKeyRequired: false,
        requestParameters: route.path.includes("{key+}") ? { "method.request.path.key": true } : undefined,
    };
}

/** The arguments of a route's Lambda proxy Integration besides the ids and the function's URI (hashed separately). */
export function integrationArgs(route: Route, timeoutMs: number) {
    return {
        httpMethod: route.method,
        type: "AWS_PROXY",
        // Lambda is always invoked with POST, whatever the client's method.
        integrationHttpMethod: "POST",
        timeoutMilliseconds: timeoutMs,
    };
}

export interface DeploymentSnapshot {
    readonly routes: readonly Route[];
    readonly methods: readonly ReturnType<typeof methodArgs>[];
    readonly integrations: readonly ReturnType<typeof integrationArgs>[];
    readonly policy: string;
    readonly uri: string;
    readonly resourceIds: readonly string[];
    readonly methodIds: readonly string[];
    readonly integrationIds: readonly string[];
}

/**
 * A deployment is a snapshot of the API: the stage keeps serving it until the deployment is
 * replaced. Its `triggers.redeployment` is this hash of everything the snapshot captures: every
 * Method and Integration argument, the routes, the resource policy (a private API's policy takes
 * effect only on redeployment), the integration target, and the ids, which change whenever one of
 * those resources is replaced.
 */
export function redeploymentHash(snapshot: DeploymentSnapshot): string {
    return createHash("sha256").update(JSON.stringify(snapshot)).digest("hex");
}

/** Every resource path the routes need, parents first (`/objects` before `/objects/{key+}`). */
export function resourcePaths(routes: readonly Route[]): string[] {
    const paths = new Set<string>();
    for (const r of routes) {
        const parts = r.path.split("/").filter(Boolean);
        for (let i = 1; i <= parts.length; i++) paths.add("/" + parts.slice(0, i).join("/"));
    }
    return [...paths].sort((a, b) => a.split("/").length - b.split("/").length || a.localeCompare(b));
}

/** A logical-name fragment for a path: `/objects/{key+}` → `objects-key`. */
export function pathSlug(path: string): string {
    return path.replace(/[{}+]/g, "").split("/").filter(Boolean).join("-") || "root";
}

export class PrivateApi extends pulumi.ComponentResource {
    readonly restApi: aws.apigateway.RestApi;
    readonly policy: aws.apigateway.RestApiPolicy;
    readonly deployment: aws.apigateway.Deployment;
    readonly stage: aws.apigateway.Stage;
    readonly accessLogGroup: aws.cloudwatch.LogGroup;
    readonly executionLogGroup: aws.cloudwatch.LogGroup;
    /** The REST API's name, the `ApiName` dimension of its CloudWatch metrics. */
    readonly apiName: string;
    readonly restApiId: pulumi.Output<string>;
    readonly stageName: pulumi.Output<string>;
    readonly invokeUrl: pulumi.Output<string>;

    constructor(name: string, args: PrivateApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:api:PrivateApi", name, {}, opts);
        const parent = { parent: this };

        // API Gateway's CloudWatch role is a regional account setting, not a property
        // of one API: this layer owns the only API in each region, so it sets it.
        // Execution and access logging fail to enable until the role is in place.
        // Setting the role makes API Gateway create /aws/apigateway/welcome in the region, unencrypted and
        // never expiring (CLOUDWATCH_LOG_GROUP_ENCRYPTED); the layer that sets the role creates it first.
        const welcomeLogs = encryptedLogGroup(
            `${name}-welcome-logs`,
            { name: API_GATEWAY_WELCOME_LOG_GROUP, kmsKeyId: args.logsKeyArn, retentionInDays: args.logRetentionDays },
            parent,
        );
        const account = new aws.apigateway.Account(
            `${name}-account`,
            { cloudwatchRoleArn: args.cloudWatchRoleArn },
            { ...parent, dependsOn: [welcomeLogs] },
        );

        this.apiName = `${NAME_PREFIX}-api`;
        this.restApi = new aws.apigateway.RestApi(
            `${name}-api`,
            {
                name: this.apiName,
                description:
                    "Private API: SigV4-signed calls by this account's principals through the VPC's execute-api endpoint",
                endpointConfiguration: { types: "PRIVATE", vpcEndpointIds: [args.vpcEndpointId] },
                // The resource policy is a separate RestApiPolicy, as the provider
                // recommends: setting `policy` here as well would make the two fight.
            },
            parent,
        );

        const policyJson = pulumi
            .all([this.restApi.executionArn, args.vpcEndpointId, args.accountId])
            .apply(([arn, vpce, account]) => JSON.stringify(apiResourcePolicy(arn, vpce, account)));
        this.policy = new aws.apigateway.RestApiPolicy(
            `${name}-policy`,
            { restApiId: this.restApi.id, policy: policyJson },
            parent,
        );

        const resources = new Map<string, aws.apigateway.Resource>();
        for (const path of resourcePaths(args.routes)) {
            const parentPath = path.slice(0, path.lastIndexOf("/"));
            const parentId = parentPath === "" ? this.restApi.rootResourceId : resources.get(parentPath)!.id;
            resources.set(
                path,
                new aws.apigateway.Resource(
                    `${name}-res-${pathSlug(path)}`,
                    { restApi: this.restApi.id, parentId, pathPart: path.slice(path.lastIndexOf("/") + 1) },
                    parent,
                ),
            );
        }

        const methods: aws.apigateway.Method[] = [];
        const integrations: aws.apigateway.Integration[] = [];
        for (const route of args.routes) {
            const resource = resources.get(route.path)!;
            const slug = `${route.method.toLowerCase()}-${pathSlug(route.path)}`;
            const method = new aws.apigateway.Method(
                `${name}-method-${slug}`,
                { restApi: this.restApi.id, resourceId: resource.id, ...methodArgs(route) },
                parent,
            );
            methods.push(method);
            integrations.push(
                new aws.apigateway.Integration(
                    `${name}-integration-${slug}`,
                    {
                        restApi: this.restApi.id,
                        resourceId: resource.id,
                        ...integrationArgs(route, args.integrationTimeoutMs),
                        // The method's own output, so the integration waits for the method.
                        httpMethod: method.httpMethod,
                        uri: args.functionInvokeArn,
                    },
                    parent,
                ),
            );
        }

        const redeployment = pulumi
            .all([
                policyJson,
                args.functionInvokeArn,
                pulumi.all([...resources.values()].map((r) => r.id)),
                pulumi.all(methods.map((m) => m.id)),
                pulumi.all(integrations.map((i) => i.id)),
            ])
            .apply(([policy, uri, resourceIds, methodIds, integrationIds]) =>
                redeploymentHash({
                    routes: args.routes,
                    methods: args.routes.map(methodArgs),
                    integrations: args.routes.map((r) => integrationArgs(r, args.integrationTimeoutMs)),
                    policy,
                    uri,
                    resourceIds,
                    methodIds,
                    integrationIds,
                }),
            );
        this.deployment = new aws.apigateway.Deployment(
            `${name}-deployment`,
            { restApi: this.restApi.id, description: "Managed by Pulumi (baseline api layer)", triggers: { redeployment } },
            // A PRIVATE API without a resource policy cannot be deployed.
            { parent: this, dependsOn: [this.policy, ...methods, ...integrations] },
        );

        this.accessLogGroup = encryptedLogGroup(
            `${name}-access-logs`,
            { name: names.apiAccessLogGroup, kmsKeyId: args.logsKeyArn, retentionInDays: args.logRetentionDays },
            { parent: this },
        );

        // API Gateway writes execution logs to this fixed name and would otherwise
        // create the group itself, unencrypted and never expiring.
        this.executionLogGroup = encryptedLogGroup(
            `${name}-execution-logs`,
            {
                name: pulumi.interpolate`API-Gateway-Execution-Logs_${this.restApi.id}/${args.stageName}`,
                kmsKeyId: args.logsKeyArn,
                retentionInDays: args.logRetentionDays,
            },
            { parent: this },
        );

        this.stage = new aws.apigateway.Stage(
            `${name}-stage`,
            {
                restApi: this.restApi.id,
                deployment: this.deployment.id,
                stageName: args.stageName,
                xrayTracingEnabled: true,
                accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
            },
            { parent: this, dependsOn: [account] },
        );

        new aws.apigateway.MethodSettings(
            `${name}-method-settings`,
            {
                restApi: this.restApi.id,
                stageName: this.stage.stageName,
                methodPath: "*/*",
                settings: {
                    loggingLevel: args.loggingLevel,
                    metricsEnabled: true,
                    // Full request/response bodies in logs would copy data out of the data layer.
                    dataTraceEnabled: false,
                    throttlingRateLimit: args.throttlingRateLimit,
                    throttlingBurstLimit: args.throttlingBurstLimit,
                    cachingEnabled: false,
                },
            },
            { parent: this, dependsOn: [account, this.executionLogGroup] },
        );

        new aws.lambda.Permission(
            `${name}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: args.functionName,
                principal: "apigateway.amazonaws.com",
                // This API's stage only (Lambda.1: no public invoke); any method and path.
                sourceArn: pulumi.interpolate`${this.restApi.executionArn}/${args.stageName}/*`,
            },
            parent,
        );

        this.restApiId = this.restApi.id;
        this.stageName = this.stage.stageName;
        this.invokeUrl = this.stage.invokeUrl;
        this.registerOutputs({ restApiId: this.restApiId, stageName: this.stageName, invokeUrl: this.invokeUrl });
    }
}
