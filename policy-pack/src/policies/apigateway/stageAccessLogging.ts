import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * API Gateway stages write access logs (`accessLogSettings` with a destination
 * and a format).
 *
 * Controls: none for REST APIs (APIGateway.9 covers V2 only); checkov CKV_AWS_76,
 * cdk-nag AwsSolutions-APIG1.
 */
export const stageAccessLogging = resourcePolicy({
    name: "apigateway-stage-access-logging",
    description: "API Gateway stages write access logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "apigateway",
    controls: [],
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.apigateway.Stage, (stage, _args, reportViolation) => {
        const s = stage.accessLogSettings;
        if (!s?.destinationArn || !s.format)
            reportViolation("Stage does not write access logs: set accessLogSettings.destinationArn and format.");
    }),
});
