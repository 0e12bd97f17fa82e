import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";

const PROPERTIES = { "aws:apigateway/restApi:RestApi": "policy", "aws:apigateway/restApiPolicy:RestApiPolicy": "policy" };

/**
 * API Gateway resource policies allow no `*` principal without a pinning
 * condition (for the baseline's private API: `aws:SourceVpce`). Which endpoint
 * the condition names is `apigateway-rest-api-private`'s check. An API whose
 * endpoint type is REGIONAL or EDGE may allow `execute-api:Invoke` to `*`: with
 * no policy at all it is as open, and the API Gateway developer guide writes its
 * IP deny-list on that Allow (openByDesign.ts); whether the API should be public
 * is `apigateway-rest-api-private`'s question. A RestApiPolicy does not carry its
 * API's endpoint type, and this resource policy sees no other resource: an open
 * Allow there is still reported (put the policy on the RestApi's `policy`).
 *
 * Controls: none in Security Hub for REST API resource policies.
 */
export const restApiPolicyNotPublic = resourcePolicy({
    name: "apigateway-rest-api-policy-not-public",
    description:
        "API Gateway resource policies allow no '*' principal without a condition that pins the caller, but Invoke on a REGIONAL or EDGE API.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "apigateway",
    controls: [],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES),
});
