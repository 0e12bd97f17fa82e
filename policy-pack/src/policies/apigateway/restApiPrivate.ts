import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { judgeEach } from "../../unknown";
import { asArray, asRecord, conditionValues, jsonInput, PolicyStatement, policyStatements, referrers } from "../../util";

/**
 * True when the resource policy lets requests in only through the endpoints in
 * `bound` (the API's own `vpcEndpointIds`): a Deny with `StringNotEquals
 * aws:SourceVpce` naming only those endpoints, or Allow statements that all
 * carry `StringEquals aws:SourceVpce` naming only those endpoints. A condition
 * on another endpoint, or a wildcard, would admit traffic from any VPC whose
 * endpoint matches.
 */
export function restrictsSourceVpce(statements: readonly PolicyStatement[], bound: readonly string[]): boolean {
    const ours = (values: string[]) => values.length > 0 && values.every((v) => bound.includes(v));
    const deny = statements.some(
        (s) => s.Effect === "Deny" && ours(conditionValues(s, /^StringNotEquals(IfExists)?$/i, "aws:SourceVpce")),
    );
    const allows = statements.filter((s) => s.Effect === "Allow");
    const allowOnly = allows.length > 0 && allows.every((s) => ours(conditionValues(s, /^StringEquals$/i, "aws:SourceVpce")));
    return deny || allowOnly;
}

function resourcePolicies(resources: readonly PolicyResource[], api: PolicyResource): unknown[] {
    const docs = referrers(resources, ["aws:apigateway/restApiPolicy:RestApiPolicy"], "restApiId", api).map(
        (p) => p.props["policy"],
    );
    if (api.props["policy"] !== undefined && api.props["policy"] !== "") docs.push(api.props["policy"]);
    return docs;
}

/**
 * The OpenAPI `body` an API is imported from, when it is JSON text (the pack has no YAML parser); undefined
 * when there is none or it does not parse, and the API is judged on its arguments alone. A body unknown at
 * preview throws, and the API is judged at `pulumi up`.
 */
function openApiBody(api: PolicyResource): Record<string, unknown> | undefined {
    const body = api.props["body"];
    return typeof body === "string" ? asRecord(jsonInput(body)) : undefined;
}

/**
 * API Gateway REST APIs are PRIVATE, bound to at least one VPC endpoint
 * (`endpointConfiguration.vpcEndpointIds`) and carry a resource policy that
 * restricts `aws:SourceVpce` to exactly those endpoints, given either as the RestApi's `policy` or as a
 * separate `aws.apigateway.RestApiPolicy` (hence a stack policy). An API imported from a JSON OpenAPI `body`
 * may give the endpoints and the policy in the body's `x-amazon-apigateway-endpoint-configuration` and
 * `x-amazon-apigateway-policy` extensions instead; the arguments win where both are given.
 *
 * Controls: no Security Hub control (the private endpoint is why APIGateway.4's
 * WAF requirement is suppressed for this API); checkov CKV2_AWS_29 passes PRIVATE.
 */
export const restApiPrivate = stackPolicy({
    name: "apigateway-rest-api-private",
    description:
        "REST APIs are PRIVATE, bound to a VPC endpoint and restricted to that endpoint by a resource policy on aws:SourceVpce.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "apigateway",
    controls: [],
    onUnknown: "defer",
    resourceTypes: ["aws:apigateway/restApi:RestApi", "aws:apigateway/restApiPolicy:RestApiPolicy"],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        judgeEach(
            args.resources.filter((r) => r.type === "aws:apigateway/restApi:RestApi"),
            (api) => {
                const ec = api.props["endpointConfiguration"] as
                    { types?: string | string[]; vpcEndpointIds?: string[] } | undefined;
                const types = asArray(ec?.types);
                let bound = asArray(ec?.vpcEndpointIds);
                let docs = resourcePolicies(args.resources, api);
                // An API imported from an OpenAPI body may carry both in the body. @pulumi/aws: `vpcEndpointIds`
                // "corresponds to the `x-amazon-apigateway-endpoint-configuration` extension `vpcEndpointIds`
                // property", and `policy` "corresponds to the `x-amazon-apigateway-policy` extension"; "If the
                // argument value is provided and is different than the OpenAPI value, the argument value will
                // override the OpenAPI value", so the body is read only where no argument (nor a RestApiPolicy,
                // which replaces the API's policy) gives the value. Read before any finding, so that a body unknown
                // at preview defers the API as a whole.
                if (bound.length === 0 || docs.length === 0) {
                    const body = openApiBody(api);
                    if (bound.length === 0)
                        bound = asArray(
                            asRecord(body?.["x-amazon-apigateway-endpoint-configuration"])["vpcEndpointIds"] as string[],
                        );
                    const policy = body?.["x-amazon-apigateway-policy"];
                    if (docs.length === 0 && policy !== undefined && policy !== null && policy !== "") docs = [policy];
                }
                if (types.length !== 1 || types[0] !== "PRIVATE")
                    reportViolation(
                        `REST API '${api.name}' endpoint type is ${types.join(", ") || "EDGE (default)"}; it must be PRIVATE.`,
                        api.urn,
                    );
                if (bound.length === 0)
                    reportViolation(
                        `REST API '${api.name}' is not bound to a VPC endpoint (endpointConfiguration.vpcEndpointIds).`,
                        api.urn,
                    );
                if (docs.length === 0) reportViolation(`REST API '${api.name}' has no resource policy.`, api.urn);
                else if (!docs.some((d) => restrictsSourceVpce(policyStatements(d) ?? [], bound)))
                    reportViolation(
                        `REST API '${api.name}' resource policy does not restrict aws:SourceVpce to the endpoint(s) it is bound to (${bound.join(", ") || "none"}).`,
                        api.urn,
                    );
            },
        );
    },
});
