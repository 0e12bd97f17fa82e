/**
 * `npm run plan`: runs scripts/src/plan.ts (which says what the command does).
 *
 * The topology is read when @baseline/lib loads, so the plan is required inside the try: a topology
 * that cannot be read or is not valid ends the run as its one error, not as a stack trace, and like
 * every failed run it first removes the plan files and summaries an earlier run left in --out, so
 * `npm run analyze` cannot pass them as this run's.
 */
import * as fs from "fs";
import { parseCommandLine, shownPath } from "./cli";
import { PLAN_FLAGS, clearPlanOutputs, planOutDir, projectsInStacksDir } from "./planOutputs";

/**
 * After the plan could not load: clears an earlier run's files from the --out folder the command
 * line names; returns what to say about it. A command line the plan would refuse clears nothing
 * (the plan refuses it before it clears anything either).
 */
export function clearAfterFailedLoad(argv: readonly string[], stacksDir?: string): string[] {
    let out: string;
    try {
        const { help, values } = parseCommandLine(argv, PLAN_FLAGS);
        if (help) return [];
        out = planOutDir(values.out);
    } catch {
        return [];
    }
    if (!fs.statSync(out, { throwIfNoEntry: false })?.isDirectory()) return [];
    try {
        const removed = clearPlanOutputs(out, projectsInStacksDir(stacksDir));
        return removed.length > 0 ? [`removed ${removed.length} file(s) of an earlier run from ${shownPath(out)}`] : [];
    } catch (e) {
        return [`could not remove the files of an earlier run from ${shownPath(out)}: ${(e as Error).message}`];
    }
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    let plan: typeof import("./plan");
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late so a bad topology is reported, not thrown
        plan = require("./plan") as typeof import("./plan");
    } catch (e) {
        for (const l of clearAfterFailedLoad(argv)) console.error(l);
        // A topology error is input to name (its message says what is wrong); anything else is a bug to trace.
        const err = e as Error;
        console.error(`plan FAILED: ${err.name === "TopologyError" ? err.message : (err.stack ?? err.message)}`);
        process.exit(1);
    }
    plan.runCommand(argv);
}
