/**
 * The command line of `npm run plan` and the files it owns in its --out folder. Loads nothing of
 * @baseline/lib, which reads the topology as it loads: the command's entry (plan-command.ts) clears
 * an earlier run's files through this even when the topology cannot be read, so a failed run never
 * leaves stale plans for `npm run analyze` to pass.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** The flags of `npm run plan` (scripts/src/plan.ts `parseArgs` checks the values). */
export const PLAN_FLAGS = {
    out: { type: "string" },
    stack: { type: "string", multiple: true },
    rehearsal: { type: "boolean" },
} as const;

/** The folder --out names, or plan-out/ at the repository root. */
export function planOutDir(out: string | undefined): string {
    return path.resolve(out ?? path.join(REPO_ROOT, "plan-out"));
}

const SUMMARY_FILES = ["summary.md", "summary.json", "layers.mmd", "report.html"];

/**
 * Removes what an earlier run wrote to `dir` (the plan files `<project>.<stack>.json` of
 * `projects` and the summaries), so a failed run never leaves stale plans that
 * `npm run analyze` would pass. Other files are left alone.
 */
export function clearPlanOutputs(dir: string, projects: readonly string[]): string[] {
    const owned = (f: string) =>
        SUMMARY_FILES.includes(f) || (f.endsWith(".json") && projects.some((p) => f.startsWith(`${p}.`)));
    const removed = fs.readdirSync(dir).filter(owned);
    for (const f of removed) fs.rmSync(path.join(dir, f), { force: true });
    return removed;
}

/**
 * The projects of the layers in `stacksDir`, from each layer's Pulumi.yaml `name` (the planner
 * refuses a layer whose name is not its project in the layer graph, so these are the same names);
 * for when the layer graph cannot be loaded. A Pulumi.yaml that cannot be read names no project.
 */
export function projectsInStacksDir(stacksDir: string = path.join(REPO_ROOT, "stacks")): string[] {
    const projects: string[] = [];
    for (const layer of fs.readdirSync(stacksDir)) {
        try {
            const doc = yaml.load(fs.readFileSync(path.join(stacksDir, layer, "Pulumi.yaml"), "utf8")) as {
                name?: unknown;
            } | null;
            if (typeof doc?.name === "string") projects.push(doc.name);
        } catch {
            // Not a layer folder, or its Pulumi.yaml is broken: the plan reports that when it runs.
        }
    }
    return projects;
}
