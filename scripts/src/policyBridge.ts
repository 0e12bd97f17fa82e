/**
 * The policy step of the offline plan: the pack's own offline evaluator, which
 * runs every policy the way the engine would (remediations, resource and stack
 * policies, enforcement levels, the pack config's defaults).
 */
import { PlanFile } from "@baseline/lib";
import { PolicyReport, evaluatePlans, formatReport } from "@baseline/policy-pack/src/offline";

export interface PolicyOutcome {
    readonly passed: boolean;
    readonly markdown: string;
    readonly report: PolicyReport;
}

export function evaluatePolicies(plans: readonly PlanFile[]): PolicyOutcome {
    const report = evaluatePlans([...plans]);
    return { passed: report.passed, markdown: formatReport(report), report };
}
