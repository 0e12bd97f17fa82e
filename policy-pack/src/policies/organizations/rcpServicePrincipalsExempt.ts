import { ResourceValidationArgs } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";
import { statementLabel } from "../../iam";
import {
    mayApply,
    negatedConditionsOn,
    ORG_POLICY_TYPE,
    orgPolicyKind,
    orgPolicyStatements,
    PERIMETER_KEYS,
    SERVICE_PRINCIPAL_CONTEXT,
} from "../../organizations";

/**
 * A resource control policy that denies principals outside the organization (a negated
 * condition on `aws:PrincipalOrgID`, `aws:PrincipalOrgPaths` or `aws:PrincipalAccount`)
 * exempts AWS service principals, which belong to no organization: CloudTrail and Config
 * delivering to the log bucket, log delivery and the services acting on the organization's
 * behalf. AWS's data-perimeter RCPs write the exemption as
 * `"BoolIfExists": {"aws:PrincipalIsAWSService": "false"}` next to
 * `"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "<org id>"}`
 * (aws-samples/data-perimeter-policy-examples, resource_control_policies). Any condition that
 * is false for a service principal's request exempts it; one on a key the pack does not model
 * exempts no one.
 *
 * Controls: none in Security Hub (an organization's own guardrail).
 */
export const rcpServicePrincipalsExempt = resourcePolicy({
    name: "org-rcp-service-principals-exempt",
    description: "An RCP that denies principals outside the organization exempts AWS service principals.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "organizations",
    controls: [],
    onUnknown: "defer",
    resourceTypes: [ORG_POLICY_TYPE],
    remediationSteps:
        'Add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"} to the Deny statement, so that AWS services (CloudTrail, Config, log delivery) keep their access.',
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (args.type !== ORG_POLICY_TYPE || orgPolicyKind(args) !== "RCP") return;
        const parsed = orgPolicyStatements(args.props["content"]);
        // A document the API would refuse is reported by org-scp-region-deny-global-services.
        if ("error" in parsed) return;
        for (const s of parsed.statements) {
            if (!s.isDeny()) continue;
            const fence = negatedConditionsOn(s, PERIMETER_KEYS);
            if (fence.length === 0 || !mayApply(s, SERVICE_PRINCIPAL_CONTEXT)) continue;
            reportViolation(
                `content: ${statementLabel(s)} denies principals outside the organization (${fence.map((c) => c.conditionKey()).join(", ")}) and AWS service principals with them, which belong to no organization: add "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}.`,
            );
        }
    },
});
