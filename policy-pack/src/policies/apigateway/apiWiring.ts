import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";

const ACCOUNT = "aws:apigateway/account:Account";
const DEPLOYMENT = "aws:apigateway/deployment:Deployment";
const INTEGRATION = "aws:apigateway/integration:Integration";
const METHOD = "aws:apigateway/method:Method";
const RESOURCE = "aws:apigateway/resource:Resource";

const AUTHORIZATIONS = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];

/**
 * Baseline conformance: the private API stays wired the way the README
 * describes it. The account-level CloudWatch role is set (execution logging
 * needs it); a deployment creates no stage of its own (`stageName` makes a stage
 * outside the managed one, without its access logging, tracing and throttling);
 * integrations call AWS services (Lambda) or a VPC link, not an arbitrary HTTP
 * endpoint on the internet; methods use a known authorization type; resources
 * serve named paths, not a greedy `{proxy+}` that routes every path.
 *
 * Controls: APIGateway.1 (FSBP) in part (the logging role).
 */
export const apiWiring = resourcePolicy({
    name: "apigateway-api-wiring",
    description:
        "Baseline conformance: API logging role set, no deployment-made stage, integrations to AWS or a VPC link, named paths.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "apigateway",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [ACCOUNT, DEPLOYMENT, INTEGRATION, METHOD, RESOURCE],
    validateResource: (args, reportViolation) => {
        if (!inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        const p = args.props;
        switch (args.type) {
            case ACCOUNT:
                if (!p["cloudwatchRoleArn"])
                    reportViolation("cloudwatchRoleArn is not set: stages could not write execution logs.");
                break;
            case DEPLOYMENT:
                if (p["stageName"])
                    reportViolation(
                        `stageName ${JSON.stringify(p["stageName"])} creates a stage outside the managed one (no access logging, tracing or throttling): use aws.apigateway.Stage.`,
                    );
                break;
            case INTEGRATION: {
                const type = String(p["type"] ?? "");
                if ((type === "HTTP" || type === "HTTP_PROXY") && p["connectionType"] !== "VPC_LINK")
                    reportViolation(
                        `An ${type} integration to ${String(p["uri"])} leaves the private network: use a Lambda (AWS_PROXY) or a VPC link.`,
                    );
                break;
            }
            case METHOD:
                if (!AUTHORIZATIONS.includes(String(p["authorization"])))
                    reportViolation(
                        `authorization ${JSON.stringify(p["authorization"])} is not one of ${AUTHORIZATIONS.join(", ")}.`,
                    );
                break;
            case RESOURCE:
                if (/^\{proxy\+\}$/.test(String(p["pathPart"])))
                    reportViolation("pathPart {proxy+} routes every path: name the paths the API serves.");
                break;
        }
    },
});
