import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { refersTo } from "../../util";

const LOGGING_LEVELS = ["INFO", "ERROR"];

function sameApi(a: PolicyResource, b: PolicyResource): boolean {
    const da = (a.propertyDependencies?.["restApi"] ?? []).map((r) => r.urn);
    const db = (b.propertyDependencies?.["restApi"] ?? []).map((r) => r.urn);
    if (da.length > 0 && db.length > 0) return da.some((u) => db.includes(u));
    const va = a.props["restApi"];
    const vb = b.props["restApi"];
    return typeof va === "string" && typeof vb === "string" ? va === vb : true;
}

function appliesTo(ms: PolicyResource, stage: PolicyResource): boolean {
    if (refersTo(ms, "stageName", stage)) return true;
    return ms.props["stageName"] !== undefined && ms.props["stageName"] === stage.props["stageName"] && sameApi(ms, stage);
}

/**
 * Every API Gateway stage has execution logging: an `aws.apigateway.MethodSettings`
 * for the stage with `methodPath: "*\/*"` and `settings.loggingLevel` INFO or ERROR.
 * A MethodSettings that turns logging OFF for any path is reported too.
 * (Delivery also needs the regional `aws.apigateway.Account` CloudWatch role.)
 *
 * Controls: APIGateway.1 (FSBP).
 */
export const executionLogging = stackPolicy({
    name: "apigateway-execution-logging",
    description: "Every API Gateway stage has execution logging (MethodSettings */* with loggingLevel INFO or ERROR).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "apigateway",
    controls: ["APIGateway.1"],
    onUnknown: "defer",
    resourceTypes: ["aws:apigateway/stage:Stage", "aws:apigateway/methodSettings:MethodSettings"],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const settings = args.resources.filter((r) => r.type === "aws:apigateway/methodSettings:MethodSettings");
        for (const ms of settings) {
            const level = (ms.props["settings"] as { loggingLevel?: string } | undefined)?.loggingLevel;
            if (level === "OFF")
                reportViolation(
                    `MethodSettings '${ms.name}' turns execution logging OFF for ${String(ms.props["methodPath"])}.`,
                    ms.urn,
                );
        }
        for (const stage of args.resources.filter((r) => r.type === "aws:apigateway/stage:Stage")) {
            const mine = settings.filter((ms) => appliesTo(ms, stage) && ms.props["methodPath"] === "*/*");
            const logging = mine.some((ms) =>
                LOGGING_LEVELS.includes(String((ms.props["settings"] as { loggingLevel?: string } | undefined)?.loggingLevel)),
            );
            if (!logging)
                reportViolation(
                    `Stage '${stage.name}' has no execution logging: add MethodSettings with methodPath '*/*' and loggingLevel INFO or ERROR.`,
                    stage.urn,
                );
        }
    },
});
