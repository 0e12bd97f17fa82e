/**
 * `npm run report -- PLAN-DIR [--compare EARLIER-PLAN-DIR] [--out FILE]`: the
 * HTML report of a plan folder (npm run plan writes one as report.html in the
 * same run), optionally with what changed since an earlier plan folder.
 */
import * as fs from "fs";
import * as path from "path";
import type { PlanFile } from "@baseline/policy-pack/src/planFormat";
import { expandInput, loadPlan } from "./analyze";
import { checkOutputFile, parseCommandLine, UsageError } from "./cli";
import { evaluatePolicies } from "./policyBridge";
import { inPlanOrder, reportInput } from "./report/build";
import { diffPlans, renderReport } from "./report/html";

export const USAGE = `usage: npm run report -- PLAN-DIR [--compare EARLIER-PLAN-DIR] [--out FILE]

  PLAN-DIR         a folder npm run plan wrote (its plan files)
  --compare DIR    an earlier plan folder: the report adds what changed since
  --out FILE       where to write the report (default: PLAN-DIR/report.html)`;

/** A folder's plans, and why the run that wrote it failed (its summary.json's verdict) when it did. */
function plansIn(dir: string, flag: string): { plans: PlanFile[]; failures: string[] } {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${flag} ${dir} is not a folder`);
    const input = expandInput(dir);
    // In the order the plan evaluated them, so the findings come in its order too.
    return { plans: inPlanOrder(input.files.map(loadPlan)), failures: input.failures ?? [] };
}

export function main(argv: readonly string[]): { code: number; out: string } {
    try {
        const { help, values, positionals } = parseCommandLine(
            argv,
            { compare: { type: "string" }, out: { type: "string" } },
            { positionals: true },
        );
        if (help) return { code: 0, out: `${USAGE}\n` };
        if (positionals.length !== 1) throw new UsageError(`one plan folder, got ${positionals.length}`);
        const dir = positionals[0];
        // The plan folder first: a mistyped one is named as such, not as the missing folder of its report.
        const { plans, failures } = plansIn(dir, "PLAN-DIR");
        const file = checkOutputFile(
            values.out !== undefined ? "--out" : "the report",
            values.out ?? path.join(dir, "report.html"),
        );
        const compare =
            values.compare !== undefined ? { dir: values.compare, ...plansIn(values.compare, "--compare") } : undefined;
        // An earlier run that failed lacks the plans of its failed stacks: the comparison says so, as they show as added.
        const diff =
            compare &&
            diffPlans(
                compare.plans,
                plans,
                compare.dir + (compare.failures.length ? ` (whose plan run FAILED: ${compare.failures.join("; ")})` : ""),
            );
        // The pack as npm run plan applies it (the baseline's pack configuration), and the run's own verdict.
        const html = renderReport(reportInput(plans, evaluatePolicies(plans).report, diff, failures));
        fs.writeFileSync(file, html);
        const failed = failures.length ? ` (the plan run that wrote ${dir} FAILED: ${failures.join("; ")})` : "";
        return { code: 0, out: `wrote ${path.relative(process.cwd(), file) || file}${failed}\n` };
    } catch (e) {
        if (e instanceof UsageError) return { code: 2, out: `report: ${e.message}\n\n${USAGE}\n` };
        return { code: 1, out: `report: ${(e as Error).message}\n` };
    }
}

if (require.main === module) {
    const r = main(process.argv.slice(2));
    (r.code === 0 ? process.stdout : process.stderr).write(r.out);
    process.exitCode = r.code;
}
