/**
 * `npm run report -- PLAN-DIR [--compare EARLIER-PLAN-DIR] [--out FILE]`: the
 * HTML report of a plan folder (npm run plan writes one as report.html in the
 * same run), optionally with what changed since an earlier plan folder.
 */
import * as fs from "fs";
import * as path from "path";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import type { PlanFile } from "@baseline/policy-pack/src/planFormat";
import { expandInput, loadPlan } from "./analyze";
import { checkOutputFile, parseCommandLine, UsageError } from "./cli";
import { reportInput } from "./report/build";
import { diffPlans, renderReport } from "./report/html";

export const USAGE = `usage: npm run report -- PLAN-DIR [--compare EARLIER-PLAN-DIR] [--out FILE]

  PLAN-DIR         a folder npm run plan wrote (its plan files)
  --compare DIR    an earlier plan folder: the report adds what changed since
  --out FILE       where to write the report (default: PLAN-DIR/report.html)`;

function plansIn(dir: string, flag: string): PlanFile[] {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`${flag} ${dir} is not a folder`);
    return expandInput(dir).files.map(loadPlan);
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
        const file = checkOutputFile(
            values.out !== undefined ? "--out" : "the report",
            values.out ?? path.join(dir, "report.html"),
        );
        const plans = plansIn(dir, "PLAN-DIR");
        const diff = values.compare ? diffPlans(plansIn(values.compare, "--compare"), plans, values.compare) : undefined;
        const html = renderReport(reportInput(plans, evaluatePlans(plans), diff));
        fs.writeFileSync(file, html);
        return { code: 0, out: `wrote ${path.relative(process.cwd(), file) || file}\n` };
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
