import { apiWiring } from "../../src/policies/apigateway/apiWiring";
import { runMeaningCases } from "../meaningCases";
import { executionLogging } from "../../src/policies/apigateway/executionLogging";
import { restApiPrivate } from "../../src/policies/apigateway/restApiPrivate";
import { stageAccessLogging } from "../../src/policies/apigateway/stageAccessLogging";
import { stageXrayTracing } from "../../src/policies/apigateway/stageXrayTracing";
import { runResourcePolicyCases, runStackPolicyCases } from "../cases";
import { evaluate, found, patched, sourceVpceDeny, without } from "../fixtures";
import { restApiPolicyNotPublic } from "../../src/policies/apigateway/restApiPolicyNotPublic";
import { runResourcePolicyCases as runCases } from "../cases";
import { POLICIES } from "../../src/pack";
import { UNKNOWN_SENTINEL } from "../../src/offline";

const VPCE = "vpce-0123456789abcdef0";

const allowOnly = (condition?: Record<string, unknown>) =>
    JSON.stringify({
        Statement: [
            {
                Effect: "Allow",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: "*",
                ...(condition ? { Condition: condition } : {}),
            },
        ],
    });

const NOT_RESTRICTED = (bound: string) =>
    `REST API 'api' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (${bound}).`;
const openApi = (vpcEndpointIds: string[], policy: unknown) =>
    JSON.stringify({
        openapi: "3.0.1",
        info: { title: "orders", version: "1.0" },
        paths: {},
        "x-amazon-apigateway-endpoint-configuration": { vpcEndpointIds },
        "x-amazon-apigateway-policy": policy,
    });
/** The API imported from `body`, PRIVATE, with no vpcEndpointIds argument (unless `bound`) and no RestApiPolicy. */
const fromBody = (body: string, bound?: string[]) =>
    patched(
        "api",
        { body, endpointConfiguration: { types: "PRIVATE", ...(bound ? { vpcEndpointIds: bound } : {}) } },
        without("api-policy"),
    );

runResourcePolicyCases([
    [
        stageAccessLogging,
        [
            [
                "no access logs",
                "api-stage",
                { accessLogSettings: undefined },
                ["Stage does not write access logs: set accessLogSettings.destinationArn and format."],
            ],
        ],
    ],
    [
        stageXrayTracing,
        [["no tracing", "api-stage", { xrayTracingEnabled: false }, ["Stage does not trace: set xrayTracingEnabled: true."]]],
    ],
]);

runStackPolicyCases([
    [
        restApiPrivate,
        [
            [
                "REGIONAL endpoint",
                patched("api", { endpointConfiguration: { types: "REGIONAL", vpcEndpointIds: [VPCE] } }),
                [["api", "REST API 'api' endpoint type is REGIONAL; it must be PRIVATE."]],
            ],
            [
                "no endpoint configuration",
                patched("api", { endpointConfiguration: undefined }),
                [
                    ["api", "REST API 'api' endpoint type is EDGE (default); it must be PRIVATE."],
                    ["api", "REST API 'api' is not bound to a VPC endpoint (endpointConfiguration.vpcEndpointIds)."],
                    [
                        "api",
                        "REST API 'api' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (none).",
                    ],
                ],
            ],
            [
                "no VPC endpoint",
                patched("api", { endpointConfiguration: { types: ["PRIVATE"] } }),
                [
                    ["api", "REST API 'api' is not bound to a VPC endpoint (endpointConfiguration.vpcEndpointIds)."],
                    [
                        "api",
                        "REST API 'api' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (none).",
                    ],
                ],
            ],
            ["no resource policy", without("api-policy"), [["api", "REST API 'api' has no resource policy."]]],
            [
                "policy without aws:SourceVpce",
                patched("api-policy", { policy: allowOnly() }),
                [
                    [
                        "api",
                        "REST API 'api' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (" +
                            VPCE +
                            ").",
                    ],
                ],
            ],
            [
                "policy restricted to another endpoint than the one the API is bound to",
                patched("api-policy", { policy: allowOnly({ StringEquals: { "aws:SourceVpce": "vpce-0fffffffffffffff0" } }) }),
                [
                    [
                        "api",
                        "REST API 'api' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (" +
                            VPCE +
                            ").",
                    ],
                ],
            ],
            [
                "policy restricted to any endpoint (wildcard)",
                patched("api-policy", { policy: allowOnly({ StringLike: { "aws:SourceVpce": "vpce-*" } }) }),
                [
                    [
                        "api",
                        "REST API 'api' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (" +
                            VPCE +
                            ").",
                    ],
                ],
            ],
            [
                "policy on the RestApi itself",
                patched("api", { policy: allowOnly({ StringEquals: { "aws:SourceVpce": VPCE } }) }, without("api-policy")),
                [],
            ],
            [
                // @pulumi/aws: vpcEndpointIds and policy correspond to these extensions of an imported OpenAPI body.
                "endpoints and policy in the OpenAPI body's x-amazon-apigateway extensions",
                fromBody(openApi([VPCE], sourceVpceDeny(VPCE))),
                [],
            ],
            [
                "a body policy restricted to another endpoint than the body binds",
                fromBody(openApi([VPCE], sourceVpceDeny("vpce-0fffffffffffffff0"))),
                [["api", NOT_RESTRICTED(VPCE)]],
            ],
            [
                "the vpcEndpointIds argument overrides the body's",
                fromBody(openApi([VPCE], sourceVpceDeny(VPCE)), ["vpce-0fffffffffffffff0"]),
                [["api", NOT_RESTRICTED("vpce-0fffffffffffffff0")]],
            ],
            [
                "the policy argument overrides the body's",
                patched("api", { policy: allowOnly() }, fromBody(openApi([VPCE], sourceVpceDeny(VPCE)))),
                [["api", NOT_RESTRICTED(VPCE)]],
            ],
            [
                "a body that is not JSON (YAML): judged on the arguments, as before",
                fromBody("openapi: 3.0.1\nx-amazon-apigateway-policy: {}\n"),
                [
                    ["api", "REST API 'api' is not bound to a VPC endpoint (endpointConfiguration.vpcEndpointIds)."],
                    ["api", "REST API 'api' has no resource policy."],
                ],
            ],
            [
                "a body unknown at preview, with neither argument: judged at pulumi up",
                fromBody(UNKNOWN_SENTINEL),
                [["(stack)", "can't run policy 'apigateway-rest-api-private' during preview: body is unknown"]],
            ],
        ],
    ],
    [
        executionLogging,
        [
            [
                "no method settings",
                without("api-method-settings"),
                [
                    [
                        "api-stage",
                        "Stage 'api-stage' has no execution logging: add MethodSettings with methodPath '*/*' and loggingLevel INFO or ERROR.",
                    ],
                ],
            ],
            [
                "logging OFF",
                patched("api-method-settings", { settings: { loggingLevel: "OFF" } }),
                [
                    ["api-method-settings", "MethodSettings 'api-method-settings' turns execution logging OFF for */*."],
                    [
                        "api-stage",
                        "Stage 'api-stage' has no execution logging: add MethodSettings with methodPath '*/*' and loggingLevel INFO or ERROR.",
                    ],
                ],
            ],
            [
                "settings for another stage",
                patched("api-method-settings", { stageName: "v2" }),
                [
                    [
                        "api-stage",
                        "Stage 'api-stage' has no execution logging: add MethodSettings with methodPath '*/*' and loggingLevel INFO or ERROR.",
                    ],
                ],
            ],
        ],
    ],
]);

const PUBLIC = (where: string, sid = "statement #1") =>
    `${where}: ${sid} allows Principal '*' without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).`;
const openDoc = (action: string, condition?: Record<string, unknown>) =>
    JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            { Effect: "Allow", Principal: "*", Action: action, Resource: "*", ...(condition ? { Condition: condition } : {}) },
        ],
    });

runCases([
    [
        restApiPolicyNotPublic,
        [
            ["Invoke for anyone, no Deny", "api-policy", { policy: openDoc("execute-api:Invoke") }, [PUBLIC("policy")]],
            [
                "a Deny with IfExists does not take it back",
                "api-policy",
                {
                    policy: JSON.stringify({
                        Statement: [
                            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
                            {
                                Effect: "Deny",
                                Principal: "*",
                                Action: "execute-api:Invoke",
                                Resource: "execute-api:/*",
                                Condition: { StringNotEqualsIfExists: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
                            },
                        ],
                    }),
                },
                [PUBLIC("policy")],
            ],
            [
                "an Allow pinned to the endpoint passes",
                "api-policy",
                { policy: openDoc("execute-api:Invoke", { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } }) },
                [],
            ],
        ],
    ],
]);

runMeaningCases(
    apiWiring,
    [
        {
            title: "a Lambda proxy integration",
            added: [
                {
                    type: "aws:apigateway/integration:Integration",
                    name: "x",
                    inputs: { type: "AWS_PROXY", uri: "arn:aws:apigateway:us-east-1:lambda:path/f" },
                },
            ],
            expected: null,
        },
        {
            title: "an HTTP integration to the internet",
            added: [
                {
                    type: "aws:apigateway/integration:Integration",
                    name: "x",
                    inputs: { type: "HTTP_PROXY", uri: "https://example.com" },
                },
            ],
            expected: /leaves the private network/,
        },
        {
            title: "an HTTP integration through a VPC link",
            added: [
                {
                    type: "aws:apigateway/integration:Integration",
                    name: "x",
                    inputs: { type: "HTTP_PROXY", uri: "http://nlb", connectionType: "VPC_LINK" },
                },
            ],
            expected: null,
        },
        {
            title: "a deployment that makes its own stage",
            added: [{ type: "aws:apigateway/deployment:Deployment", name: "x", inputs: { restApi: "api-1", stageName: "prod" } }],
            expected: /creates a stage outside the managed one/,
        },
        {
            title: "the account without a logging role",
            added: [{ type: "aws:apigateway/account:Account", name: "x", inputs: {} }],
            expected: /cloudwatchRoleArn is not set/,
        },
        {
            title: "a greedy resource",
            added: [{ type: "aws:apigateway/resource:Resource", name: "x", inputs: { pathPart: "{proxy+}", restApi: "api-1" } }],
            expected: /routes every path/,
        },
        {
            title: "an unknown authorization",
            added: [{ type: "aws:apigateway/method:Method", name: "x", inputs: { authorization: "OPEN", httpMethod: "GET" } }],
            expected: /is not one of NONE/,
        },
    ],
    true,
);

describe("apigateway-rest-api-policy-not-public: source IP allow-lists", () => {
    const policy = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
    const allow = (Condition?: Record<string, unknown>) => ({
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        ...(Condition ? { Condition } : {}),
    });
    const denyUnless = (Condition: Record<string, unknown>) => ({
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition,
    });
    const on = (doc: string) => found(evaluate(restApiPolicyNotPublic, patched("api-policy", { policy: doc })));

    it("passes an Allow limited to two office CIDRs", () => {
        expect(on(policy(allow({ IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } })))).toEqual([]);
    });

    it("passes an open Allow that a Deny takes back from every address outside the office CIDRs", () => {
        expect(on(policy(allow(), denyUnless({ NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } })))).toEqual([]);
    });

    it("reports an open Allow whose Deny spares the whole internet, or every address but a few", () => {
        for (const ips of [["0.0.0.0/0"], ["0.0.0.0/1", "128.0.0.0/1"], ["203.0.113.0/24", "0.0.0.0/7"]])
            expect([ips, on(policy(allow(), denyUnless({ NotIpAddress: { "aws:SourceIp": ips } })))]).toEqual([
                ips,
                [["api-policy", PUBLIC("policy")]],
            ]);
    });

    // AWS's own deny-list example: anyone may invoke, but a Deny blocks one source block.
    const denyList = policy(allow(), {
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: "execute-api:/*",
        Condition: { IpAddress: { "aws:SourceIp": "192.0.2.0/24" } },
    });
    const onApi = (endpointConfiguration: unknown, doc = denyList, extra: Record<string, unknown> = {}) =>
        evaluate(restApiPolicyNotPublic, patched("api", { endpointConfiguration, policy: doc, ...extra }, without("api-policy")));

    it("reports the IP deny-list on a RestApiPolicy, which does not carry its API's endpoint type, and on a PRIVATE API", () => {
        expect(on(denyList)).toEqual([["api-policy", PUBLIC("policy")]]);
        expect(found(onApi({ types: "PRIVATE", vpcEndpointIds: [VPCE] }))).toEqual([["api", PUBLIC("policy")]]);
    });

    it("passes the IP deny-list, and an open Invoke, on a REGIONAL or EDGE API: with no policy at all it is as open", () => {
        for (const ec of [{ types: "REGIONAL" }, { types: ["EDGE"] }, undefined]) {
            expect([ec, found(onApi(ec))]).toEqual([ec, []]);
            expect([ec, found(onApi(ec, openDoc("execute-api:Invoke")))]).toEqual([ec, []]);
        }
        // More than Invoke is more than the public endpoint gives anyone.
        expect(found(onApi({ types: "REGIONAL" }, openDoc("execute-api:*")))).toEqual([["api", PUBLIC("policy")]]);
        // An API imported from an OpenAPI body may take its endpoint type from the body: not known, judged as before.
        expect(found(onApi(undefined, denyList, { body: "{}" }))).toEqual([["api", PUBLIC("policy")]]);
    });

    it("defers, and blocks nothing, while the endpoint type is unknown at preview", () => {
        const report = onApi({ types: UNKNOWN_SENTINEL });
        expect(found(report)).toEqual([
            [
                "api",
                "can't run policy 'apigateway-rest-api-policy-not-public' during preview: endpointConfiguration.types is unknown",
            ],
        ]);
        expect(report.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    });

    it("aws-no-foreign-principals passes the IP deny-list on a REGIONAL API and reports it on a PRIVATE one", () => {
        const foreignPrincipals = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
        const onStack = (types: string) =>
            found(
                evaluate(
                    foreignPrincipals,
                    patched("api", { endpointConfiguration: { types }, policy: denyList }, without("api-policy")),
                ),
            );
        expect(onStack("REGIONAL")).toEqual([]);
        expect(onStack("PRIVATE")).toEqual([["api", expect.stringMatching(/allows '\*'/)]]);
    });
});
