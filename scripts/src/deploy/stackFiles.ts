/**
 * The stack files a deploy will run with, checked before the first stack
 * starts: a misspelled key in the api layer's stack file would otherwise only
 * fail when the api program runs, after global-iam, security, network and data
 * were already changed. The same checks as the offline plan (../stackFiles.ts);
 * the programs check the engine's config bag again when they run.
 */
import * as yaml from "js-yaml";
import * as path from "path";
import { parseProjectSpec } from "@baseline/lib";
import { stackConfigProblems } from "../stackFiles";
import type { DeployPlan } from "./plan";
import type { PreflightHost, PreflightProblem } from "./preflight";

export function checkStackFiles(plan: DeployPlan, host: Pick<PreflightHost, "readFile">): PreflightProblem[] {
    const problems: PreflightProblem[] = [];
    const rel = (p: string) => path.relative(plan.root, p);
    for (const step of plan.waves.flat()) {
        const projectFile = path.join(step.workDir, "Pulumi.yaml");
        const projectText = host.readFile(projectFile);
        // A missing Pulumi.yaml is its own preflight problem; a missing stack file is a new stack.
        const stackFile = path.join(step.workDir, `Pulumi.${step.instance.stack}.yaml`);
        const stackText = host.readFile(stackFile);
        if (projectText === undefined || stackText === undefined) continue;
        let spec;
        let stack: { config?: unknown } | undefined;
        try {
            spec = parseProjectSpec(projectText, rel(projectFile));
            try {
                stack = (yaml.load(stackText, { filename: rel(stackFile) }) ?? {}) as { config?: unknown };
            } catch (e) {
                throw new Error(`${rel(stackFile)} is not valid YAML: ${(e as Error).message}`);
            }
        } catch (e) {
            problems.push({ what: (e as Error).message.split("\n")[0], fix: "fix the file: the engine cannot read it either" });
            continue;
        }
        for (const p of stackConfigProblems(spec.project, spec.keys, stack.config, { secretsProvider: true })) {
            problems.push({ what: `${rel(stackFile)}: ${p}`, fix: "correct or remove the key in the stack file" });
        }
    }
    return problems;
}
