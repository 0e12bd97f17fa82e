/**
 * The policy step of the offline plan: the pack's own offline evaluator, which
 * runs every policy the way the engine would (remediations, resource and stack
 * policies, enforcement levels, the pack config's defaults), under the baseline
 * conformance configuration (policy-pack/config/baseline.json): the baseline's
 * stacks are held to what it promises about them, not only to the guardrail.
 */
import { PlanFile } from "@baseline/lib";
import { PolicyReport, evaluatePlans, formatReport } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";

export interface PolicyOutcome {
    readonly passed: boolean;
    readonly markdown: string;
    readonly report: PolicyReport;
}

export function evaluatePolicies(plans: readonly PlanFile[]): PolicyOutcome {
    const report = evaluatePlans([...plans], undefined, { policyPackConfig: readPolicyPackConfig(BASELINE_CONFIG_FILE) });
    return { passed: report.passed, markdown: formatReport(report), report };
}
