/**
 * Other teams' stacks under the engine: each program of policy-pack/fixtures/ is
 * previewed with the real CLI, `--policy-pack <pack> --policy-pack-config
 * config/organization.json`, and its exit status and the policies the engine
 * reports as mandatory must be the verdict declared in policy-pack/fixtures/verdicts.ts
 * (the same verdicts the offline test asserts).
 */
import * as fs from "fs";
import * as path from "path";
import { FIXTURE_STACK, FixtureVerdict, VERDICTS } from "@baseline/policy-pack/fixtures/verdicts";
import { pool } from "./pool";

export interface Ran {
    readonly code: number;
    readonly out: string;
    readonly seconds: number;
}

export type Runner = (label: string, cmd: string, args: readonly string[], cwd: string) => Promise<Ran>;

export interface FixtureCheck {
    readonly name: string;
    readonly ok: boolean;
    readonly seconds: number;
    readonly detail?: string;
}

/**
 * The policies a preview's output reports at level mandatory. The CLI (3.248.0)
 * prints each violation as `- [mandatory] [severity: high]  <policy>  (<type>: <name>)`;
 * older ones as `[mandatory]  <pack> v<version>  <policy>  (<type>: <name>)`.
 */
export function mandatoryPolicies(out: string): string[] {
    const names = new Set<string>();
    const line = /\[mandatory\](?:\s+\[severity: [a-z]+\])?\s+(?:\S+\s+v\d\S*\s+)?([a-z0-9]+(?:-[a-z0-9]+)+)/g;
    for (const m of out.matchAll(line)) names.add(m[1]);
    return [...names].sort();
}

/** Whether one preview meets its verdict, and what differs when it does not. */
export function judgeFixture(verdict: FixtureVerdict, ran: Pick<Ran, "code" | "out">): { ok: boolean; detail: string } {
    const found = mandatoryPolicies(ran.out);
    const statusOk = verdict.passes ? ran.code === 0 : ran.code !== 0;
    const policiesOk = JSON.stringify(found) === JSON.stringify([...verdict.mandatory].sort());
    const detail = [
        statusOk ? "" : `exit status ${ran.code}, expected ${verdict.passes ? "0" : "non-zero"}`,
        policiesOk ? "" : `mandatory policies ${JSON.stringify(found)}, expected ${JSON.stringify(verdict.mandatory)}`,
    ]
        .filter((s) => s !== "")
        .join("; ");
    return { ok: statusOk && policiesOk, detail };
}

export async function runFixtures(opts: {
    readonly repo: string;
    readonly pulumi: string;
    readonly org: string;
    readonly packDir: string;
    readonly configFile: string;
    /** What each fixture's stack gets: `pulumi stack init --secrets-provider`. */
    readonly secretsProvider: string;
    /** Fixtures previewed at a time: each is its own project and stack, so they share nothing. */
    readonly parallel: number;
    readonly run: Runner;
}): Promise<FixtureCheck[]> {
    // Each preview waits on its engine, program, pack and provider in turn, so a second one at a
    // time uses what the first leaves idle; the checks are reported in the verdicts' order.
    return pool(VERDICTS, opts.parallel, async (verdict): Promise<FixtureCheck> => {
        // Run from a copy outside the pack's folder: a program inside it makes the analyzer
        // start in the program's folder, where @pulumi/policy finds no package.json for the
        // pack's version. The copy stays under the repository so that @pulumi/aws resolves
        // from its node_modules, as for the team that wrote it.
        const dir = path.join(opts.repo, ".fixture-runs", verdict.name);
        fs.cpSync(path.join(opts.repo, "policy-pack", "fixtures", verdict.name), dir, { recursive: true });
        const stack = `${opts.org}/${verdict.name}/${FIXTURE_STACK}`;
        const init = await opts.run(
            `fixture-${verdict.name}-init`,
            opts.pulumi,
            ["stack", "init", stack, "--secrets-provider", opts.secretsProvider, "--non-interactive"],
            dir,
        );
        const preview = await opts.run(
            `fixture-${verdict.name}-preview`,
            opts.pulumi,
            [
                "preview",
                "--non-interactive",
                "--stack",
                stack,
                "--policy-pack",
                opts.packDir,
                "--policy-pack-config",
                opts.configFile,
            ],
            dir,
        );
        const judged = judgeFixture(verdict, preview);
        return {
            name: `fixture ${verdict.name} (${verdict.kind}) ${verdict.passes ? "passes" : `is stopped by ${verdict.mandatory.join(", ")}`} under the organization configuration`,
            ok: init.code === 0 && judged.ok,
            seconds: init.seconds + preview.seconds,
            detail: [init.code === 0 ? "" : `stack init failed: ${init.out.slice(-800)}`, judged.detail, preview.out.slice(-1500)]
                .filter((s) => s !== "")
                .join("\n"),
        };
    });
}
