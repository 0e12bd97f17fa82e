/**
 * The run's checks of stacks the baseline does not own: a program with an SNS topic without a
 * CMK, stopped by the pack under the baseline's configuration, and each program of
 * policy-pack/fixtures/ under the organization's (fixtures.ts). They need the packed pack and
 * nothing the baseline's steps make, so the run starts them as soon as the pack is installed
 * and reports them at its end.
 *
 * Meanwhile they must neither slow nor disturb the baseline's steps:
 * - They keep their stacks in a file backend of their own (`<root>/other-teams-state`): the
 *   checks of the baseline's backend (no lock after the Ctrl-C, drift writes nothing) see only
 *   the baseline's stacks, as they did when these ran after them. Other teams' stacks live in
 *   their own state anyway.
 * - Every command runs under `nice -n 19`, which the CLI's program, pack and provider processes
 *   inherit, so they take the CPU the baseline's steps leave idle (about 28 core-seconds of a
 *   165 s run on 2 cores, sampled from /proc/stat each second: while the pack builds, before and
 *   in the deploy's first wave, in the plugin checks) rather than CPU those steps would use.
 */
import * as fs from "fs";
import * as path from "path";
import { exec } from "./exec";
import { FixtureCheck, Ran, runFixtures } from "./fixtures";
import { E2eWorkspace } from "./workspace";

export interface OtherTeamsOptions {
    readonly org: string;
    /** The installed pack (packedPack.ts). */
    readonly pack: string;
    /** Fixture previews at a time. */
    readonly parallel: number;
}

/** The state folder of other teams' stacks in a workspace. */
export function otherTeamsBackend(ws: Pick<E2eWorkspace, "root">): string {
    return path.join(ws.root, "other-teams-state");
}

export async function otherTeamsChecks(ws: E2eWorkspace, opts: OtherTeamsOptions): Promise<FixtureCheck[]> {
    const backend = otherTeamsBackend(ws);
    fs.mkdirSync(backend, { recursive: true });
    const env = { ...ws.env, PULUMI_BACKEND_URL: `file://${backend}` };
    const pulumi = path.join(ws.bin, "pulumi");
    const run = async (label: string, cmd: string, args: readonly string[], cwd: string): Promise<Ran> => {
        const r = await exec(ws, label, "nice", ["-n", "19", cmd, ...args], { cwd, env });
        return { code: r.code ?? 1, out: r.out, seconds: r.seconds };
    };
    const checks: FixtureCheck[] = [];

    // The pack stops a non-compliant program under the engine.
    const fixture = path.join(ws.repo, "scripts", "e2e-fixtures", "noncompliant-topic");
    const stack = `${opts.org}/e2e-noncompliant/dev`;
    const init = await run(
        "fixture-init",
        pulumi,
        ["stack", "init", stack, "--secrets-provider", ws.secretsProvider, "--non-interactive"],
        fixture,
    );
    const stopped = await run(
        "fixture-preview",
        pulumi,
        [
            "preview",
            "--non-interactive",
            "--stack",
            stack,
            "--policy-pack",
            opts.pack,
            // sns-topic-cmk is an organization opinion: mandatory under the baseline's configuration.
            "--policy-pack-config",
            path.join(opts.pack, "config", "baseline.json"),
        ],
        fixture,
    );
    checks.push({
        name: "a program with an SNS topic without a CMK is stopped by the pack (sns-topic-cmk, mandatory)",
        ok: init.code === 0 && stopped.code !== 0 && /sns-topic-cmk/.test(stopped.out) && /mandatory/.test(stopped.out),
        seconds: init.seconds + stopped.seconds,
        detail: (init.out + stopped.out).trim().split("\n").slice(-15).join("\n"),
    });

    // Other teams' stacks: each fixture's verdict under the organization configuration.
    checks.push(
        ...(await runFixtures({
            repo: ws.repo,
            pulumi,
            org: opts.org,
            packDir: opts.pack,
            configFile: path.join(opts.pack, "config", "organization.json"),
            secretsProvider: ws.secretsProvider,
            parallel: opts.parallel,
            run,
        })),
    );
    return checks;
}
