/**
 * Connects the offline plan to the policy pack's offline evaluator. The pack
 * lives in its own workspace so that it can be published alone; the plan loads
 * it by path so a checkout without the pack still plans.
 */
import * as fs from "fs";
import * as path from "path";
import { PlanFile } from "@baseline/lib";
import { REPO_ROOT } from "./planner";

export interface PolicyOutcome {
    readonly passed: boolean;
    readonly markdown: string;
    readonly text: string;
    readonly json: unknown;
}

/** What the plan needs from policy-pack/src/offline.ts. */
interface OfflinePack {
    evaluatePlans(plans: PlanFile[]): { passed: boolean };
    formatReport(report: { passed: boolean }): string;
}

const OFFLINE = path.join(REPO_ROOT, "policy-pack", "src", "offline.ts");

export function evaluatePolicies(plans: readonly PlanFile[]): PolicyOutcome {
    if (!fs.existsSync(OFFLINE)) {
        const note = "The policy pack is not built yet: no policy results.";
        return { passed: true, markdown: note, text: note, json: { status: "not built yet" } };
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional workspace, loaded by path
    const pack = require(OFFLINE) as OfflinePack;
    const report = pack.evaluatePlans([...plans]);
    return {
        passed: report.passed,
        markdown: pack.formatReport(report),
        text: pack.formatReport(report),
        json: report,
    };
}
