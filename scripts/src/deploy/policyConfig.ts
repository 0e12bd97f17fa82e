/**
 * The `--policy-pack-config` file of a deploy, checked before any stack runs
 * (in the preflight and in `--dry-run`): it exists, is JSON, every enforcement
 * level is one CrossGuard knows in its exact spelling, every policy it names is
 * in the pack, and every config value fits the policy's schema. Otherwise a
 * typo such as `"Mandatory"` would only surface, if at all, halfway through a
 * deploy, after the first layers had changed.
 */
import * as path from "path";
import { enforcementLevelProblems } from "@baseline/policy-pack/src/config";
import { PolicyConfigError, resolvePolicies } from "@baseline/policy-pack/src/offline";
import { POLICIES } from "@baseline/policy-pack/src/pack";
import type { DeployPlan } from "./plan";
import type { PreflightHost, PreflightProblem } from "../pulumiCli";

/** The policy pack config files the plan's previews and ups will pass. */
export function policyPackConfigFiles(plan: DeployPlan): string[] {
    return [...new Set(plan.waves.flat().flatMap((s) => s.options.policyPackConfigs ?? []))];
}

export function policyPackConfigProblems(
    file: string,
    host: Pick<PreflightHost, "readFile">,
    shownAs = file,
): PreflightProblem[] {
    const fix = 'a JSON object like { "all": "mandatory", "<policy>": "advisory" | { "enforcementLevel": "...", ... } }';
    const text = host.readFile(file);
    if (text === undefined)
        return [{ what: `--policy-pack-config ${shownAs} cannot be read (no such file?)`, fix: "pass an existing file" }];
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        return [{ what: `--policy-pack-config ${shownAs} is not valid JSON: ${(e as Error).message}`, fix }];
    }
    const levels = enforcementLevelProblems(json);
    const problems = levels.length > 0 ? levels : packProblems(json as Record<string, never>);
    return problems.map((p) => ({ what: `--policy-pack-config ${shownAs}: ${p}`, fix }));
}

function packProblems(json: Record<string, never>): string[] {
    try {
        resolvePolicies(POLICIES, {}, json);
        return [];
    } catch (e) {
        if (e instanceof PolicyConfigError) return [...e.problems];
        throw e;
    }
}

/** Every problem of every policy pack config file of the plan, paths inside the repository shown relative to it. */
export function checkPolicyPackConfigs(plan: DeployPlan, host: Pick<PreflightHost, "readFile">): PreflightProblem[] {
    const shown = (f: string) => {
        const rel = path.relative(plan.root, f);
        return rel === "" || rel.startsWith("..") ? f : rel;
    };
    return policyPackConfigFiles(plan).flatMap((f) => policyPackConfigProblems(f, host, shown(f)));
}
