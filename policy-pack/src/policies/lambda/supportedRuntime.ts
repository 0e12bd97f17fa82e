import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";

type Config = Pick<PackConfig, "supportedLambdaRuntimes">;

/**
 * Lambda functions use a supported runtime (`supportedLambdaRuntimes`; its default is
 * every managed runtime AWS had not deprecated on the day src/lambdaRuntimes.ts was
 * last read against the AWS Lambda Developer Guide's "Supported runtimes" table).
 * Container image functions have no runtime and are not checked.
 *
 * Controls: Lambda.2 (FSBP).
 */
export const lambdaSupportedRuntime = resourcePolicy({
    name: "lambda-function-supported-runtime",
    description: "Lambda functions use a supported runtime.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "lambda",
    controls: ["Lambda.2"],
    onUnknown: "fail",
    configKeys: ["supportedLambdaRuntimes"],
    validateResource: validateResourceOfType(aws.lambda.Function, (fn, args, reportViolation) => {
        if (fn.packageType === "Image") args.notApplicable("container image functions have no managed runtime");
        const { supportedLambdaRuntimes } = args.getConfig<Config>();
        const runtime = fn.runtime as string | undefined;
        if (runtime === undefined || !supportedLambdaRuntimes.includes(runtime))
            reportViolation(
                `Lambda runtime '${runtime ?? "(none)"}' is not supported; use one of ${supportedLambdaRuntimes.join(", ")}.`,
            );
    }),
});
