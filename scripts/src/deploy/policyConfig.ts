/**
 * The policy pack of a deploy and its configuration, checked before any stack
 * runs (in the preflight and in `--dry-run`). The pack folder must exist and be
 * a pack (the preflight also wants it built). The configuration (the
 * `--policy-pack-config` file, or else the pack's own `config/baseline.json`)
 * must exist, be JSON, spell every enforcement level as CrossGuard does, name
 * only policies of the pack and give each a value its schema allows. Otherwise a
 * typo such as `"Mandatory"` would only surface, if at all, halfway through a
 * deploy, after the first layers had changed. Each problem names the flag the
 * user gave, or the default the value came from.
 */
import * as path from "path";
import { enforcementLevelProblems } from "@baseline/policy-pack/src/config";
import { PolicyConfigError, resolvePolicies } from "@baseline/policy-pack/src/offline";
import { POLICIES } from "@baseline/policy-pack/src/pack";
import { DeployPlan, PACK_CONFIG_FILE } from "./plan";
import type { PreflightHost, PreflightProblem } from "../pulumiCli";

/** What --policy-pack accepts, for the fix of every pack problem. */
const PACK_FIX =
    "pass the folder of a policy pack: the repository's policy-pack (built with npm run build -w policy-pack) or an unpacked, installed pack tarball";

/** The policy pack config files the plan's previews and ups will pass. */
export function policyPackConfigFiles(plan: DeployPlan): string[] {
    return [...new Set(plan.waves.flat().flatMap((s) => s.options.policyPackConfigs ?? []))];
}

/** Whether the plan runs the pack at all: preview and up do. */
function runsPack(plan: DeployPlan): boolean {
    return plan.waves.flat().some((s) => s.options.policyPacks !== undefined);
}

/** A path as messages show it: relative inside the repository, absolute outside it. */
function shownPath(plan: DeployPlan, p: string): string {
    const rel = path.relative(plan.root, p);
    return rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? p : rel;
}

/** The pack folder as messages name it: the flag the user gave, or the default. */
function packName(plan: DeployPlan): string {
    return `${plan.policyPackGiven ? "--policy-pack" : "the policy pack"} ${shownPath(plan, plan.policyPackDir)}`;
}

/**
 * The pack folder of a preview or up: it exists and is a pack (PulumiPolicy.yaml); with `built`,
 * its main (package.json) exists too, since the engine loads the compiled pack and a pack not built
 * yet would fail every preview after the engine started. --dry-run leaves the build out: it may
 * run before npm run build (CI's dry run does).
 */
export function checkPolicyPack(
    plan: DeployPlan,
    host: Pick<PreflightHost, "exists" | "readFile">,
    how: { built: boolean },
): PreflightProblem[] {
    if (!runsPack(plan)) return [];
    const dir = plan.policyPackDir;
    if (!host.exists(path.join(dir, "PulumiPolicy.yaml"))) {
        return [
            host.exists(dir)
                ? { what: `${packName(plan)} is not a policy pack: it has no PulumiPolicy.yaml`, fix: PACK_FIX }
                : { what: `${packName(plan)} does not exist`, fix: PACK_FIX },
        ];
    }
    if (!how.built) return [];
    const text = host.readFile(path.join(dir, "package.json"));
    if (text === undefined)
        return [
            { what: `${packName(plan)} has no package.json`, fix: "a policy pack folder has a package.json naming its main" },
        ];
    let main: unknown;
    try {
        main = (JSON.parse(text) as { main?: unknown }).main ?? "index.js";
    } catch {
        return [{ what: `${packName(plan)}: its package.json is not JSON`, fix: "restore the pack's package.json" }];
    }
    if (typeof main !== "string" || host.exists(path.join(dir, main))) return [];
    return [
        {
            what: `${packName(plan)} is not built: ${shownPath(plan, path.join(dir, main))} does not exist (the pack's main: the engine loads the compiled pack)`,
            fix: "build it with npm run build -w policy-pack, or pass --policy-pack with an installed pack tarball",
        },
    ];
}

/** The problems of one configuration file, each starting with `shownAs` (what names the file). */
export function policyPackConfigProblems(
    file: string,
    host: Pick<PreflightHost, "readFile">,
    shownAs = `--policy-pack-config ${file}`,
): PreflightProblem[] {
    const fix = 'a JSON object like { "all": "mandatory", "<policy>": "advisory" | { "enforcementLevel": "...", ... } }';
    const text = host.readFile(file);
    if (text === undefined) return [{ what: `${shownAs} cannot be read (no such file?)`, fix: "pass an existing file" }];
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (e) {
        return [{ what: `${shownAs} is not valid JSON: ${(e as Error).message}`, fix }];
    }
    const levels = enforcementLevelProblems(json);
    const problems = levels.length > 0 ? levels : packProblems(json as Record<string, never>);
    return problems.map((p) => ({ what: `${shownAs}: ${p}`, fix }));
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

/**
 * Every problem of every policy pack config file of the plan, paths inside the repository shown
 * relative to it. The pack's own configuration is the pack's: nothing to say about it when the
 * pack folder itself is wrong (checkPolicyPack says that), and a missing one names --policy-pack.
 */
export function checkPolicyPackConfigs(plan: DeployPlan, host: Pick<PreflightHost, "exists" | "readFile">): PreflightProblem[] {
    if (plan.policyPackConfigGiven) {
        return policyPackConfigFiles(plan).flatMap((f) =>
            policyPackConfigProblems(f, host, `--policy-pack-config ${shownPath(plan, f)}`),
        );
    }
    if (checkPolicyPack(plan, host, { built: false }).length > 0) return [];
    return policyPackConfigFiles(plan).flatMap((f) =>
        host.readFile(f) === undefined
            ? [
                  {
                      what: `${packName(plan)} has no ${PACK_CONFIG_FILE}, the configuration preview and up pass without --policy-pack-config`,
                      fix: `pass --policy-pack-config F, or a pack that has ${PACK_CONFIG_FILE}`,
                  },
              ]
            : policyPackConfigProblems(f, host, `${shownPath(plan, f)} (the pack's configuration)`),
    );
}
