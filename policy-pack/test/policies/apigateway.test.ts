import { executionLogging } from "../../src/policies/apigateway/executionLogging";
import { restApiPrivate } from "../../src/policies/apigateway/restApiPrivate";
import { stageAccessLogging } from "../../src/policies/apigateway/stageAccessLogging";
import { stageXrayTracing } from "../../src/policies/apigateway/stageXrayTracing";
import { runResourcePolicyCases, runStackPolicyCases } from "../cases";
import { patched, without } from "../fixtures";

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
                patched("api", { endpointConfiguration: { types: "REGIONAL", vpcEndpointIds: ["vpce-1"] } }),
                [["api", "REST API 'api' endpoint type is REGIONAL; it must be PRIVATE."]],
            ],
            [
                "no endpoint configuration",
                patched("api", { endpointConfiguration: undefined }),
                [
                    ["api", "REST API 'api' endpoint type is EDGE (default); it must be PRIVATE."],
                    ["api", "REST API 'api' is not bound to a VPC endpoint (endpointConfiguration.vpcEndpointIds)."],
                ],
            ],
            [
                "no VPC endpoint",
                patched("api", { endpointConfiguration: { types: ["PRIVATE"] } }),
                [["api", "REST API 'api' is not bound to a VPC endpoint (endpointConfiguration.vpcEndpointIds)."]],
            ],
            ["no resource policy", without("api-policy"), [["api", "REST API 'api' has no resource policy."]]],
            [
                "policy without aws:SourceVpce",
                patched("api-policy", { policy: allowOnly() }),
                [["api", "REST API 'api' resource policy does not restrict aws:SourceVpce."]],
            ],
            [
                "policy on the RestApi itself",
                patched("api", { policy: allowOnly({ StringEquals: { "aws:SourceVpce": "vpce-1" } }) }, without("api-policy")),
                [],
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
