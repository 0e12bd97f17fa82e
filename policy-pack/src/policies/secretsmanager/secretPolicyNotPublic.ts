import { resourcePolicy } from "../../policy";
import { publicPolicyValidation } from "../../resourcePolicies";

const PROPERTIES = { "aws:secretsmanager/secret:Secret": "policy", "aws:secretsmanager/secretPolicy:SecretPolicy": "policy" };

/**
 * Secrets Manager resource policies grant nothing to anyone without a pinning
 * condition (Secrets Manager's own `blockPublicPolicy` only applies when set).
 *
 * Controls: none mapped in Security Hub.
 */
export const secretPolicyNotPublic = resourcePolicy({
    name: "secretsmanager-secret-policy-not-public",
    description: "Secrets Manager resource policies allow no '*' principal without a condition that pins the caller.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "secretsmanager",
    controls: [],
    onUnknown: "defer",
    resourceTypes: Object.keys(PROPERTIES),
    validateResource: publicPolicyValidation(PROPERTIES),
});
