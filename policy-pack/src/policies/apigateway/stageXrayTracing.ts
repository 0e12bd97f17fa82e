import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * API Gateway stages have X-Ray tracing enabled (`xrayTracingEnabled: true`).
 *
 * Controls: APIGateway.3 (FSBP).
 */
export const stageXrayTracing = resourcePolicy({
    name: "apigateway-stage-xray-tracing",
    description: "API Gateway stages have X-Ray tracing enabled.",
    enforcementLevel: "mandatory",
    severity: "low",
    service: "apigateway",
    controls: ["APIGateway.3"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.apigateway.Stage, (stage, _args, reportViolation) => {
        if (stage.xrayTracingEnabled !== true) reportViolation("Stage does not trace: set xrayTracingEnabled: true.");
    }),
});
