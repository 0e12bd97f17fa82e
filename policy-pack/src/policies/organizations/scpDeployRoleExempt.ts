import { ResourceValidationArgs } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";
import { grantsAction, statementLabel } from "../../iam";
import {
    deployRoleActions,
    deployRoleContexts,
    mayApply,
    ORG_POLICY_TYPE,
    orgPolicyKind,
    orgPolicyStatements,
    someOf,
} from "../../organizations";

/**
 * No service control policy denies the deploy role what it must do. The baseline's
 * pipeline reaches every account through one role (`deployRoleName`); an SCP whose Deny
 * covers a write of the services the baseline manages (`deployRoleServices`, expanded from
 * the service authorization data) and carries no condition that is false for that role
 * (`ArnNotLike` / `StringNotLike` on `aws:PrincipalArn` matching
 * `arn:aws:iam::*:role/<deployRoleName>`) stops the next deploy in every account it reaches,
 * and only the management account can lift it. Conditions are judged by what they admit: an
 * exemption for `arn:aws:iam::111111111111:role/...` exempts one account, and a condition
 * that restricts the Deny to someone else (the root user) leaves the role alone.
 *
 * Controls: none in Security Hub (an organization's own guardrail).
 */
export const scpDeployRoleExempt = resourcePolicy({
    name: "org-scp-deploy-role-exempt",
    description: "No SCP denies the deploy role the writes the baseline performs without a condition that exempts it.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "organizations",
    controls: [],
    onUnknown: "defer",
    configKeys: ["deployRoleName", "deployRoleServices", "accountIds"],
    resourceTypes: [ORG_POLICY_TYPE],
    remediationSteps:
        'Exempt the deploy role in the Deny statement: "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/<deployRoleName>"}, or narrow its actions.',
    validateResource: (args: ResourceValidationArgs, reportViolation) => {
        if (args.type !== ORG_POLICY_TYPE || orgPolicyKind(args) !== "SCP") return;
        const parsed = orgPolicyStatements(args.props["content"]);
        // A document the API would refuse is reported by org-scp-region-deny-global-services.
        if ("error" in parsed) return;
        const config = args.getConfig<{ deployRoleName: string; deployRoleServices: string[]; accountIds: string[] }>();
        const needed = deployRoleActions(config.deployRoleServices);
        const contexts = deployRoleContexts(config.deployRoleName, config.accountIds);
        for (const s of parsed.statements) {
            if (!s.isDeny()) continue;
            const denied = needed.filter((a) => grantsAction(s, a));
            if (denied.length === 0) continue;
            const hit = contexts.filter((ctx) => mayApply(s, ctx));
            if (hit.length === 0) continue;
            const where =
                config.accountIds.length > 0
                    ? ` in account${hit.length > 1 ? "s" : ""} ${hit.map((c) => c.values.get("aws:principalaccount")).join(", ")}`
                    : "";
            reportViolation(
                `content: ${statementLabel(s)} denies the deploy role '${config.deployRoleName}'${where} ${denied.length} action${denied.length > 1 ? "s" : ""} it performs (${someOf(denied)}), and no condition exempts it: add "ArnNotLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/${config.deployRoleName}"}.`,
            );
        }
    },
});
