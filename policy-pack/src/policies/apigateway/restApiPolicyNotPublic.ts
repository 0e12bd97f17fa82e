import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";

const PROPERTIES = { "aws:apigateway/restApi:RestApi": "policy", "aws:apigateway/restApiPolicy:RestApiPolicy": "policy" };

/**
 * API Gateway resource policies allow no `*` principal without a pinning
 * condition (for the baseline's private API: `aws:SourceVpce`). Which endpoint
 * the condition names is `apigateway-rest-api-private`'s check.
 *
 * Controls: none in Security Hub for REST API resource policies.
 */
export const restApiPolicyNotPublic = resourcePolicy({
    name: "apigateway-rest-api-policy-not-public",
    description: "API Gateway resource policies allow no '*' principal without a condition that pins the caller.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "apigateway",
    controls: [],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES),
});
