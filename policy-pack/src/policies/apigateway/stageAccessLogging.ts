import { resourcePolicy } from "../../policy";

const STAGES = ["aws:apigateway/stage:Stage", "aws:apigatewayv2/stage:Stage"];

/**
 * API Gateway stages write access logs (`accessLogSettings` with a destination
 * and a format): REST API stages and HTTP or WebSocket API (V2) stages alike.
 *
 * Controls: APIGateway.9 for V2 stages; none for REST APIs (checkov CKV_AWS_76,
 * cdk-nag AwsSolutions-APIG1).
 */
export const stageAccessLogging = resourcePolicy({
    name: "apigateway-stage-access-logging",
    description: "API Gateway stages write access logs.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "apigateway",
    controls: ["APIGateway.9"],
    onUnknown: "defer",
    resourceTypes: STAGES,
    validateResource: (args, reportViolation) => {
        if (!STAGES.includes(args.type)) return;
        // The same block in both: { destinationArn, format }.
        const s = args.props["accessLogSettings"] as { destinationArn?: unknown; format?: unknown } | undefined;
        if (!s?.destinationArn || !s.format)
            reportViolation("Stage does not write access logs: set accessLogSettings.destinationArn and format.");
    },
});
