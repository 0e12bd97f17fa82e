import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * Lambda functions have active X-Ray tracing (`tracingConfig.mode: "Active"`).
 *
 * Controls: Lambda.7 (NIST).
 */
export const lambdaTracingActive = resourcePolicy({
    name: "lambda-function-tracing-active",
    description: "Lambda functions have X-Ray tracing in Active mode.",
    enforcementLevel: "mandatory",
    severity: "low",
    service: "lambda",
    controls: ["Lambda.7"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, _args, reportViolation) => {
        if (fn.tracingConfig?.mode !== "Active")
            reportViolation("Lambda function does not trace: set tracingConfig.mode 'Active'.");
    }),
});
