/**
 * The stack files a deploy will run with, checked before the first stack
 * starts: a misspelled key in the api layer's stack file would otherwise only
 * fail when the api program runs, after global-iam, security, network and data
 * were already changed. The same checks as the offline plan (../stackFiles.ts);
 * the programs check the engine's config bag again when they run.
 */
import * as yaml from "js-yaml";
import * as path from "path";
import { DEPLOYMENT_MODE_KEY, DEPLOYMENT_MODE_LAYERS, parseProjectSpec } from "@baseline/lib/src/facts";
import { assumeRolesProblem, readStackFile } from "../stackFiles";
import type { DeployPlan } from "./plan";
import type { PreflightHost, PreflightProblem } from "../pulumiCli";

export function checkStackFiles(plan: DeployPlan, host: Pick<PreflightHost, "readFile">): PreflightProblem[] {
    const problems: PreflightProblem[] = [];
    const rel = (p: string) => path.relative(plan.root, p);
    for (const step of plan.waves.flat()) {
        const projectFile = path.join(step.workDir, "Pulumi.yaml");
        const projectText = host.readFile(projectFile);
        const stackFile = step.stackFile;
        const stackText = host.readFile(stackFile);
        // A missing Pulumi.yaml is its own preflight problem.
        if (projectText === undefined) continue;
        // The deploy never writes stack files, so the region must already be declared in one.
        if (stackText === undefined) {
            problems.push({
                what:
                    `${rel(stackFile)} is missing: it declares the stack's aws:region (${step.instance.region})` +
                    (step.instance.account ? ` and the deploy role of account ${step.instance.account}` : ""),
                fix: step.instance.account
                    ? "run npm run stacks (it writes the file from topology.yaml) and commit it"
                    : `create it with "config:\n  aws:region: ${step.instance.region}\n" and commit it`,
            });
            continue;
        }
        let spec;
        let doc: unknown;
        try {
            spec = parseProjectSpec(projectText, rel(projectFile));
            try {
                doc = yaml.load(stackText, { filename: rel(stackFile) });
            } catch (e) {
                throw new Error(`${rel(stackFile)} is not valid YAML: ${(e as Error).message}`);
            }
        } catch (e) {
            problems.push({ what: (e as Error).message.split("\n")[0], fix: "fix the file: the engine cannot read it either" });
            continue;
        }
        // As the engine reads it: a key without a namespace is the project's (`deploymentMode`).
        const stack = readStackFile(spec.project, spec.keys, doc, { secretsProvider: true });
        for (const p of stack.problems) {
            problems.push({ what: `${rel(stackFile)}: ${p}`, fix: "correct or remove the key in the stack file" });
        }
        const config = stack.config;
        // Irreversible locks: the mode a stack file declares must be the one the run was started for.
        if ((plan.op === "preview" || plan.op === "up") && DEPLOYMENT_MODE_LAYERS.includes(step.instance.layer)) {
            const key = `${step.instance.project}:${DEPLOYMENT_MODE_KEY}`;
            const mode = config[key] ?? "production";
            if (mode !== plan.deploymentMode) {
                problems.push(
                    plan.deploymentMode === "rehearsal"
                        ? {
                              what: `${rel(stackFile)}: ${key} is ${JSON.stringify(mode)}, but --rehearsal asks for a rehearsal`,
                              fix: `in the sandbox account's checkout: pulumi config set ${DEPLOYMENT_MODE_KEY} rehearsal --cwd ${rel(step.workDir)} --stack ${step.instance.stack}`,
                          }
                        : {
                              what: `${rel(stackFile)}: ${key} is ${JSON.stringify(mode)}: a rehearsal's relaxed locks, in a run without --rehearsal`,
                              fix: "pass --rehearsal if this is the sandbox account's rehearsal; for production remove the key (production locks cannot be undone)",
                          },
                );
            }
        }
        // Organization mode: the provider reaches the stack's account only by assuming its deploy role.
        const roles = assumeRolesProblem(step.instance, config);
        if (roles) {
            problems.push({
                what: `${rel(stackFile)}: ${roles}`,
                fix: "correct aws:assumeRoles in the stack file by hand (npm run stacks -- --check names every such file); the deploy never writes stack files",
            });
        }
        const region = config["aws:region"];
        if (region !== step.instance.region) {
            problems.push({
                what: `${rel(stackFile)}: aws:region is ${region === undefined ? "not set" : JSON.stringify(region)}, but stack ${step.instance.stack} runs in ${step.instance.region}`,
                fix: `set "aws:region: ${step.instance.region}" in the stack file (the deploy reads it and never writes it)`,
            });
        }
    }
    return problems;
}
