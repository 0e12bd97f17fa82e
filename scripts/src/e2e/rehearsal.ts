/**
 * Rehearsal mode under the engine (docs/deploying.md, step 0). A deployed stack of a layer that
 * sets an irreversible lock is switched to rehearsal by the key the page sets in its stack file
 * (`pulumi config set deploymentMode rehearsal`), and previewed under the pack. The engine must
 * mean exactly what the offline rehearsal plan (`npm run plan -- --rehearsal`) says:
 * - the preview's resources, inputs included, are the rehearsal plan's (compare.ts, as step 5
 *   compares the production state with the production plan);
 * - it changes the resources whose inputs the two plans disagree on, and only those;
 * - the pack's deployment-mode-rehearsal policy reports the stack, as it must for any stack that
 *   runs in rehearsal mode.
 * Only a preview: the state keeps the production locks.
 */
import * as fs from "fs";
import * as path from "path";
import { DEPLOYMENT_MODE_KEY, PlanFile, StackInstance } from "@baseline/lib";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";
import { fromPreviewJson, PreviewStep } from "../analyze";
import { compareStack, normalize, StateResource } from "./compare";
import { exec } from "./exec";
import { FixtureCheck } from "./fixtures";
import { E2eWorkspace } from "./workspace";

/** The pack's policy that reports a stack in rehearsal mode (policies/general/rehearsalMode.ts). */
const REHEARSAL_POLICY = "deployment-mode-rehearsal";

/** Operations that leave a resource as it is. */
const UNCHANGED = new Set(["same", "read"]);

/** The URNs whose inputs differ between two plans of one stack, or that only one of them has. */
export function plannedChanges(production: PlanFile, rehearsal: PlanFile): string[] {
    const before = new Map(production.steps.map((s) => [s.urn, JSON.stringify(normalize(s.newState.inputs ?? {}))]));
    return rehearsal.steps
        .filter((s) => before.get(s.urn) !== JSON.stringify(normalize(s.newState.inputs ?? {})))
        .map((s) => s.urn)
        .sort();
}

/**
 * What is wrong with a rehearsal preview, given the stack's production and rehearsal plans: one
 * line each, empty when the engine does what the rehearsal plan says.
 */
export function rehearsalMismatches(production: PlanFile, rehearsal: PlanFile, steps: readonly PreviewStep[]): string[] {
    const problems: string[] = [];
    const expected = plannedChanges(production, rehearsal);
    if (expected.length === 0) problems.push("the rehearsal plan changes nothing against the production plan");
    const changed = steps.filter((s) => !UNCHANGED.has(s.op) && !s.newState?.type?.startsWith("pulumi:providers:"));
    const changedUrns = new Set(changed.map((s) => s.urn));
    for (const urn of expected) if (!changedUrns.has(urn)) problems.push(`planned change not previewed: ${urn}`);
    for (const s of changed) if (!expected.includes(s.urn)) problems.push(`previewed, not planned: ${s.op} ${s.urn}`);
    const resources: StateResource[] = steps.flatMap((s) =>
        s.newState
            ? [
                  {
                      urn: s.urn,
                      type: s.newState.type,
                      parent: s.newState["parent"] as string | undefined,
                      protect: s.newState["protect"] as boolean | undefined,
                      inputs: s.newState.inputs,
                  },
              ]
            : [],
    );
    for (const d of compareStack(rehearsal, { resources })) problems.push(`${d.what} ${d.urn}: ${d.detail}`);
    return problems;
}

export interface RehearsalOptions {
    /** The organization of the run's stack names. */
    readonly org: string;
    /** The installed pack (packedPack.ts). */
    readonly pack: string;
    /** A deployed stack of a layer that sets an irreversible lock. */
    readonly instance: StackInstance;
    /** Its production plan, from the run's offline plan. */
    readonly production: PlanFile;
}

export async function rehearsalCheck(ws: E2eWorkspace, opts: RehearsalOptions): Promise<FixtureCheck> {
    const { instance } = opts;
    const id = `${instance.layer}/${instance.stack}`;
    const name = `rehearsal mode under the engine: ${id} switched in its stack file previews exactly the offline rehearsal plan's changes, and the pack reports it (${REHEARSAL_POLICY})`;
    const started = Date.now();
    const out = path.join(ws.root, "plan-rehearsal");
    const plan = await exec(ws, "rehearsal-plan", "npm", [
        "run",
        "--silent",
        "plan",
        "--",
        "--rehearsal",
        "--stack",
        id,
        "--out",
        out,
    ]);
    const cwd = path.join(ws.repo, "stacks", instance.layer);
    const pulumi = path.join(ws.bin, "pulumi");
    const stack = ["--stack", `${opts.org}/${instance.project}/${instance.stack}`, "--non-interactive"];
    const set = await exec(ws, "rehearsal-config", pulumi, ["config", "set", DEPLOYMENT_MODE_KEY, "rehearsal", ...stack], {
        cwd,
    });
    const preview = await exec(
        ws,
        "rehearsal-preview",
        pulumi,
        [
            "preview",
            "--json",
            "--show-sames",
            "--policy-pack",
            opts.pack,
            "--policy-pack-config",
            path.join(opts.pack, "config", "baseline.json"),
            ...stack,
        ],
        { cwd },
    );
    const failed = [plan, set, preview].filter((r) => r.code !== 0);
    if (failed.length > 0)
        return {
            name,
            ok: false,
            seconds: (Date.now() - started) / 1000,
            detail: failed.map((r) => r.out.trim().split("\n").slice(-15).join("\n")).join("\n"),
        };
    const json = JSON.parse(preview.stdout.slice(preview.stdout.indexOf("{"))) as { steps?: PreviewStep[] };
    const rehearsal = JSON.parse(
        fs.readFileSync(path.join(out, `${instance.project}.${instance.stack}.json`), "utf8"),
    ) as PlanFile;
    const problems = rehearsalMismatches(opts.production, rehearsal, json.steps ?? []);
    const reported = evaluatePlans([fromPreviewJson(json, id)], undefined, {
        policyPackConfig: readPolicyPackConfig(BASELINE_CONFIG_FILE),
    }).violations.filter((v) => v.policyName === REHEARSAL_POLICY);
    if (reported.length === 0) problems.push(`${REHEARSAL_POLICY} does not report the previewed stack`);
    return { name, ok: problems.length === 0, seconds: (Date.now() - started) / 1000, detail: problems.slice(0, 25).join("\n") };
}
