/**
 * The policy step of the offline plan: the pack's own offline evaluator, which
 * runs every policy the way the engine would (remediations, resource and stack
 * policies, enforcement levels, the pack config's defaults), under the baseline
 * conformance configuration (policy-pack/config/baseline.json): the baseline's
 * stacks are held to what it promises about them, not only to the guardrail.
 */
import { ACCOUNTS, DEPLOY_ROLE_NAME, ORGANIZATION_MODE, PlanFile } from "@baseline/lib";
import { PolicyReport, evaluatePlans, formatReport } from "@baseline/policy-pack/src/offline";
import { POLICIES } from "@baseline/policy-pack/src/pack";
import { BASELINE_CONFIG_FILE, baselinePolicyPackConfig, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";

export interface PolicyOutcome {
    readonly passed: boolean;
    readonly markdown: string;
    readonly report: PolicyReport;
}

/**
 * The committed configuration for the repository's own topology; for an organization, derived from the
 * topology being planned (the sample organization has no committed file), as `npm run stacks` derives
 * the committed one from topology.yaml.
 */
function baselineConfig() {
    return ORGANIZATION_MODE
        ? baselinePolicyPackConfig(POLICIES, { accountIds: ACCOUNTS.map((a) => a.id), deployRoleName: DEPLOY_ROLE_NAME })
        : readPolicyPackConfig(BASELINE_CONFIG_FILE);
}

export function evaluatePolicies(plans: readonly PlanFile[]): PolicyOutcome {
    const report = evaluatePlans([...plans], undefined, { policyPackConfig: baselineConfig() });
    return { passed: report.passed, markdown: formatReport(report), report };
}
