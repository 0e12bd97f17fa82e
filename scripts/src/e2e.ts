/**
 * `npm run e2e`: every stack through the real Pulumi engine.
 *
 * The Pulumi CLI and a Node.js language host are built from the Go modules at the
 * version of @pulumi/pulumi (engine/build.sh, cached outside the repository); the
 * aws provider is the stand-in of scripts/src/e2e/standInAws.ts. Against a local
 * file backend in a temporary folder this run:
 *
 *   1. plans offline (`npm run plan`), the reference for what follows;
 *   2. previews a downstream layer before its upstream exists: "Deploy ... first";
 *   3. deploys every stack with the project's deploy script, pack attached
 *      (`npm run deploy -- up --yes`); every preview and up here uses the pack as
 *      it is published: packed with `npm pack` and installed from the tarball
 *      (e2e/packedPack.ts);
 *   4. previews every stack again: no changes allowed (`--expect-no-changes`);
 *      saves each `pulumi preview --json` and runs `npm run analyze` over them:
 *      the pack's findings must equal the offline plan's;
 *   5. compares what the engine registered (`pulumi stack export`) with the plan
 *      files: URN, type, parent, protect and inputs of every resource;
 *   6. a preview of one stack switched to rehearsal mode equals the offline
 *      rehearsal plan (e2e/rehearsal.ts); negatives: destroy of a data layer
 *      without --allow-data-destruction is refused by the script; with it,
 *      protected resources stop the engine;
 *   7. other teams' stacks, previewed in the background since the pack was built
 *      (e2e/otherTeams.ts): a non-compliant program is stopped by the pack, and
 *      each fixture of policy-pack/fixtures/ meets its verdict;
 *   8. alongside them, the self-managed backend of docs/deploying.md, S3 state and
 *      awskms secrets, against moto (e2e/selfManagedBackend.ts).
 *
 * What it proves: the engine, config, StackReferences, the stack transformation,
 * the pack, the deploy script and idempotency. What it does not: that AWS
 * accepts the inputs (the stand-in answers as the mock runtime does).
 *
 *   npm run e2e [-- --keep] [-- --parallel N] [-- --load-time]   (--keep leaves the temporary folder)
 */
import * as fs from "fs";
import * as path from "path";
import { allInstances, PlanFile, StackInstance } from "@baseline/lib";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";
import { fromPreviewJson } from "./analyze";
import { UsageError, parseCommandLine, wholeNumberFlag } from "./cli";
import { ResultsJson } from "./deploy/summary";
import { countMismatches } from "./e2e/changeCounts";
import { compareStack, Deployment, Difference } from "./e2e/compare";
import { loadTimeReport } from "./e2e/loadTime";
import { packedPolicyPack } from "./e2e/packedPack";
import { enforcedPackTree, licenceProblems } from "./licences";
import { driftChecks, interruptedUp, pluginChecks } from "./e2e/dayTwo";
import { exec } from "./e2e/exec";
import { FixtureCheck, Ran } from "./e2e/fixtures";
import { otherTeamsChecks } from "./e2e/otherTeams";
import { rehearsalCheck } from "./e2e/rehearsal";
import { selfManagedBackendChecks } from "./e2e/selfManagedBackend";
import { pool } from "./e2e/pool";
import { startStandInVault } from "./e2e/standInVault";
import { timingReport } from "./e2e/timing";
import { buildEngine, createWorkspace, E2eWorkspace, installStandInAws, REPO_ROOT } from "./e2e/workspace";

const ORG = "organization";

interface Check {
    readonly name: string;
    readonly ok: boolean;
    readonly seconds: number;
    readonly detail?: string;
}

/** Runs a command in the workspace, keeping its output in logs/<label>.log. */
async function run(ws: E2eWorkspace, label: string, cmd: string, args: readonly string[], cwd: string): Promise<Ran> {
    const r = await exec(ws, label, cmd, args, { cwd });
    return { code: r.code ?? 1, out: r.out, seconds: r.seconds };
}

function npm(ws: E2eWorkspace, label: string, args: readonly string[]): Promise<Ran> {
    return run(ws, label, "npm", ["run", "--silent", ...args], ws.repo);
}

function pulumi(ws: E2eWorkspace, label: string, instance: StackInstance, args: readonly string[]): Promise<Ran> {
    const cwd = path.join(ws.repo, "stacks", instance.layer);
    return run(
        ws,
        label,
        path.join(ws.bin, "pulumi"),
        [...args, "--stack", `${ORG}/${instance.project}/${instance.stack}`, "--non-interactive"],
        cwd,
    );
}

function tail(text: string, lines = 15): string {
    return text.trim().split("\n").slice(-lines).join("\n");
}

function key(i: StackInstance): string {
    return `${i.project}.${i.stack}`;
}

function findingSet(plans: readonly PlanFile[]): string[] {
    return evaluatePlans(plans, undefined, { policyPackConfig: readPolicyPackConfig(BASELINE_CONFIG_FILE) })
        .violations.map((v) => `${v.enforcementLevel} ${v.policyName} ${v.stack} ${v.urn ?? "(stack)"}`)
        .sort();
}

export async function e2e(opts: { keep: boolean; parallel: number }): Promise<number> {
    const checks: Check[] = [];
    const check = (name: string, ok: boolean, seconds: number, detail?: string) => {
        checks.push({ name, ok, seconds, detail });
        process.stdout.write(
            `${ok ? "  ok    " : "  FAIL  "}${name} (${seconds.toFixed(1)} s)${!ok && detail ? `\n${detail.replace(/^/gm, "        ")}` : ""}\n`,
        );
    };
    const t0 = Date.now();

    let started = Date.now();
    const bin = buildEngine();
    check("engine: pulumi CLI and Node.js language host built (engine/build.sh)", true, (Date.now() - started) / 1000, bin);
    // Every stack's secrets provider (see the file for why not a passphrase).
    const vault = await startStandInVault();
    const ws = createWorkspace(bin, vault);
    process.stdout.write(`e2e workspace ${ws.root} (file backend, stand-in aws plugin)\n`);
    const instances = allInstances();
    let timing: string[] = [];
    let otherTeams: Promise<FixtureCheck[]> | undefined;
    let selfManaged: Promise<FixtureCheck[]> | undefined;

    try {
        // 1. The offline plan: the reference for the engine's results. The pack is built meanwhile
        //    (npm pack, then npm install: mostly waiting on npm), and the config check below needs no pack.
        const packStarted = Date.now();
        const packing = packedPolicyPack(ws).then(
            (dir) => ({ dir, seconds: (Date.now() - packStarted) / 1000 }),
            (error: unknown) => ({ error, seconds: (Date.now() - packStarted) / 1000 }),
        );
        const planDir = path.join(ws.root, "plan");
        const plan = await npm(ws, "plan", ["plan", "--", "--out", planDir]);
        check("offline plan of every stack (npm run plan)", plan.code === 0, plan.seconds, tail(plan.out));
        if (plan.code !== 0) {
            await packing;
            return 1;
        }
        const planFiles = new Map(
            instances.map((i) => [key(i), JSON.parse(fs.readFileSync(path.join(planDir, `${key(i)}.json`), "utf8")) as PlanFile]),
        );

        // 2b. Invalid config, as the engine prints it: the message alone (a RunError), naming the key,
        //     its value and what is allowed; not "an unhandled exception" with the error's fields.
        const badStack = `${ORG}/baseline-network/e2e-bad-config`;
        const networkDir = path.join(ws.repo, "stacks", "network");
        const badInit = await run(
            ws,
            "bad-config-init",
            path.join(bin, "pulumi"),
            ["stack", "init", badStack, "--secrets-provider", ws.secretsProvider, "--non-interactive"],
            networkDir,
        );
        const bad = await run(
            ws,
            "bad-config-preview",
            path.join(bin, "pulumi"),
            [
                "preview",
                "--non-interactive",
                "--stack",
                badStack,
                "-c",
                "aws:region=us-east-1",
                "-c",
                "baseline-network:azCount=99",
            ],
            networkDir,
        );
        await run(
            ws,
            "bad-config-rm",
            path.join(bin, "pulumi"),
            ["stack", "rm", badStack, "--yes", "--non-interactive"],
            networkDir,
        );
        check(
            "preview with an invalid config value prints the config error alone under the engine: key, value and what is allowed",
            badInit.code === 0 &&
                bad.code !== 0 &&
                bad.out.includes(`invalid configuration for stack baseline-network/e2e-bad-config (1 problem):`) &&
                bad.out.includes("baseline-network:azCount = 99: from 2 to 6") &&
                !/unhandled exception/.test(bad.out),
            badInit.seconds + bad.seconds,
            tail(badInit.out + bad.out),
        );

        // The pack as `pulumi policy publish` ships it: every --policy-pack below is this folder.
        const packed = await packing;
        if ("error" in packed) throw packed.error;
        const pack = packed.dir;
        const licences = licenceProblems(enforcedPackTree(pack));
        check(
            "the policy pack packed (npm pack, compiled by prepack) and installed from its tarball with its shrinkwrap; every installed licence allowed",
            licences.length === 0,
            packed.seconds,
            licences.join("\n"),
        );

        // 7. Stacks the baseline does not own need only the pack: previewed from here on, in a
        //    backend of their own and at the lowest CPU priority (e2e/otherTeams.ts); reported last.
        otherTeams = otherTeamsChecks(ws, { org: ORG, pack, parallel: opts.parallel }).catch((e: unknown): FixtureCheck[] => [
            { name: "other teams' stacks previewed under the pack", ok: false, seconds: 0, detail: String(e) },
        ]);
        // 8. The self-managed backend of docs/deploying.md (S3 state, awskms secrets), against moto,
        //    alongside them and as they do (e2e/selfManagedBackend.ts); reported last.
        selfManaged = selfManagedBackendChecks(ws).catch((e: unknown): FixtureCheck[] => [
            { name: "a self-managed backend as docs/deploying.md sets it up", ok: false, seconds: 0, detail: String(e) },
        ]);

        // 2. A downstream layer before its upstream exists.
        const early = await npm(ws, "preview-before-upstream", [
            "deploy",
            "--",
            "preview",
            "--policy-pack",
            pack,
            "--layers",
            "network",
            "--regions",
            "us-east-1",
            "--secrets-provider",
            ws.secretsProvider,
        ]);
        check(
            "preview of network before global-iam exists fails with 'Deploy the global-iam layer first'",
            early.code !== 0 && /Deploy the global-iam layer first/.test(early.out) && !/unknown stack/.test(early.out),
            early.seconds,
            tail(early.out),
        );

        // 3a. Ctrl-C during an up: a clean stop, no pending operation, no lock.
        for (const c of await interruptedUp(ws, ORG, instances, pack)) check(c.name, c.ok, c.seconds, c.detail);

        // 3. Every stack, in waves, with the project's deploy script and the packed pack attached
        //    (after 3a, also the rerun that completes the interrupted run).
        const upSummary = path.join(ws.root, "deploy-up.json");
        const up = await npm(ws, "deploy-up", [
            "deploy",
            "--",
            "up",
            "--yes",
            "--policy-pack",
            pack,
            "--secrets-provider",
            ws.secretsProvider,
            "--summary-json",
            upSummary,
        ]);
        check(
            `deploy up of all ${instances.length} stacks with the packed pack, resuming the interrupted run (npm run deploy -- up --yes --policy-pack <installed> --secrets-provider <stand-in Vault>)`,
            up.code === 0,
            up.seconds,
            tail(up.out, 40),
        );
        if (up.code !== 0) return 1;
        // Its change counts come from the engine's summary events (deploy/automation.ts): they must be
        // what the CLI printed for each stack.
        const mismatches = countMismatches(up.out, JSON.parse(fs.readFileSync(upSummary, "utf8")) as ResultsJson);
        check(
            `the deploy's change counts for all ${instances.length} stacks are the ones the CLI printed (Resources: ...)`,
            mismatches.length === 0,
            0,
            mismatches.join("\n"),
        );

        // 4. A second preview of every stack changes nothing; its JSON is the pack's input.
        const previewDir = path.join(ws.root, "previews");
        fs.mkdirSync(previewDir, { recursive: true });
        started = Date.now();
        const previews = await pool(instances, opts.parallel, async (i) => {
            const r = await pulumi(ws, `preview-${key(i)}`, i, [
                "preview",
                "--json",
                // Unchanged resources too: the pack judges every resource, as in the offline plan.
                "--show-sames",
                "--expect-no-changes",
                "--policy-pack",
                pack,
                // The baseline's stacks under its conformance configuration, as its policy group holds them.
                "--policy-pack-config",
                path.join(pack, "config", "baseline.json"),
            ]);
            fs.writeFileSync(path.join(previewDir, `${key(i)}.json`), r.out.slice(r.out.indexOf("{")));
            return { i, r };
        });
        const previewWallSeconds = (Date.now() - started) / 1000;
        const changed = previews.filter((p) => p.r.code !== 0);
        check(
            `second preview of all ${instances.length} stacks reports no changes (pulumi preview --expect-no-changes)`,
            changed.length === 0,
            previewWallSeconds,
            changed.map((p) => `${key(p.i)}:\n${tail(p.r.out)}`).join("\n"),
        );
        timing = timingReport({
            planSeconds: plan.seconds,
            previewWallSeconds,
            parallel: opts.parallel,
            previews: previews.map((p) => ({ stack: `${p.i.layer}/${p.i.stack}`, seconds: p.r.seconds })),
        });

        const analyze = await npm(ws, "analyze-previews", [
            "analyze",
            "--",
            "--policy-pack-config",
            path.join(pack, "config", "baseline.json"),
            previewDir,
        ]);
        check("npm run analyze over the saved previews passes", analyze.code === 0, analyze.seconds, tail(analyze.out));
        started = Date.now();
        const fromEngine = findingSet(
            previews
                .filter((p) => p.r.code === 0)
                .map((p) =>
                    fromPreviewJson(JSON.parse(fs.readFileSync(path.join(previewDir, `${key(p.i)}.json`), "utf8")), key(p.i)),
                ),
        );
        const fromPlan = findingSet([...planFiles.values()]);
        const onlyEngine = fromEngine.filter((f) => !fromPlan.includes(f));
        const onlyPlan = fromPlan.filter((f) => !fromEngine.includes(f));
        check(
            `the pack's findings on the engine's previews equal the offline plan's (${fromPlan.length} findings)`,
            onlyEngine.length === 0 && onlyPlan.length === 0,
            (Date.now() - started) / 1000,
            [...onlyEngine.map((f) => `engine only: ${f}`), ...onlyPlan.map((f) => `plan only: ${f}`)].join("\n"),
        );

        // 4b. Drift: none after up; an out-of-band change is found; nothing is written.
        const driftTarget = planFiles
            .get(key(instances.find((i) => i.layer === "network" && i.region === "us-east-1")!))!
            .steps.find((st) => st.newState.type === "aws:ec2/securityGroup:SecurityGroup")!.urn;
        for (const c of await driftChecks(ws, instances, driftTarget, "description")) check(c.name, c.ok, c.seconds, c.detail);

        // 4c. Plugins with automatic acquisition disabled: npm run plugins installs the pinned ones.
        // 5. What the engine registered against the plan files.
        // Both only read the state (4c with a plugin cache of its own): they run side by side, the
        // CLI of one using what the other leaves idle, and are reported in this order.
        const standIn = installStandInAws(path.join(ws.root, "stand-in-mirror"), ws.repo);
        const exportsStarted = Date.now();
        const diffs: (Difference & { stack: string })[] = [];
        const [pluginResults, exportSeconds] = await Promise.all([
            pluginChecks(
                ws,
                ORG,
                instances.find((i) => i.layer === "global-iam")!,
                standIn,
            ),
            pool(instances, opts.parallel, async (i) => {
                const r = await pulumi(ws, `export-${key(i)}`, i, ["stack", "export", "--show-secrets"]);
                if (r.code !== 0) {
                    diffs.push({
                        stack: key(i),
                        urn: "-",
                        what: "only in the plan",
                        detail: `stack export failed: ${tail(r.out, 3)}`,
                    });
                    return;
                }
                const exported = JSON.parse(r.out) as { deployment: Deployment };
                for (const d of compareStack(planFiles.get(key(i))!, exported.deployment)) diffs.push({ stack: key(i), ...d });
            }).then(() => (Date.now() - exportsStarted) / 1000),
        ]);
        for (const c of pluginResults) check(c.name, c.ok, c.seconds, c.detail);
        const resources = [...planFiles.values()].reduce((n, p) => n + p.steps.length, 0);
        check(
            `engine state equals the offline plan: URN, type, parent, protect and inputs of ${resources} resources`,
            diffs.length === 0,
            exportSeconds,
            diffs
                .slice(0, 25)
                .map((d) => `${d.stack} ${d.urn}: ${d.what}: ${d.detail}`)
                .join("\n") + (diffs.length > 25 ? `\n... and ${diffs.length - 25} more` : ""),
        );

        // 6a. Rehearsal mode under the engine, on a stack 6b and 6c leave alone (e2e/rehearsal.ts).
        const rehearsalStack = instances.find((i) => i.layer === "recovery" && i.region === "eu-west-1")!;
        const rehearsing = rehearsalCheck(ws, {
            org: ORG,
            pack,
            instance: rehearsalStack,
            production: planFiles.get(key(rehearsalStack))!,
        });

        // 6b. The deploy script refuses to destroy data without the explicit flag. The api layer
        // comes too: it reads the data stack, and a destroy never leaves a reader behind.
        const refused = await npm(ws, "destroy-refused", [
            "deploy",
            "--",
            "destroy",
            "--yes",
            "--layers",
            "data,api",
            "--regions",
            "us-east-1",
        ]);
        check(
            "destroy of the data layer without --allow-data-destruction is refused by the deploy script",
            refused.code === 2 &&
                /refusing to destroy data: this layer holds data or keys\. Pass --allow-data-destruction/.test(refused.out),
            refused.seconds,
            tail(refused.out),
        );

        // 6c. With the flag, the engine itself stops at the protected resources: api's access log
        // group first, in reverse layer order, and data, which waits for api, is not started.
        const guarded = await npm(ws, "destroy-protected", [
            "deploy",
            "--",
            "destroy",
            "--yes",
            "--allow-data-destruction",
            "--layers",
            "data,api",
            "--regions",
            "us-east-1",
        ]);
        check(
            "destroy of data and api (its reader) with --allow-data-destruction is stopped by the engine at protected resources",
            guarded.code !== 0 &&
                /because it is protected/.test(guarded.out) &&
                /deploy destroy FAILED: 1 failed \(api\/production-us-east-1\); 1 skipped \(data\/production-us-east-1\)/.test(
                    guarded.out,
                ),
            guarded.seconds,
            tail(guarded.out),
        );
        const rehearsed = await rehearsing;
        check(rehearsed.name, rehearsed.ok, rehearsed.seconds, rehearsed.detail);
    } finally {
        // Reported here, also after a failed step: the workspace is removed only once they are done.
        if (otherTeams) for (const c of await otherTeams) check(c.name, c.ok, c.seconds, c.detail);
        if (selfManaged) for (const c of await selfManaged) check(c.name, c.ok, c.seconds, c.detail);
        const failed = checks.filter((c) => !c.ok);
        if (timing.length > 0) process.stdout.write(`\n${timing.join("\n")}\n`);
        process.stdout.write(
            `\ne2e ${failed.length === 0 ? "passed" : "FAILED"} in ${((Date.now() - t0) / 1000).toFixed(0)} s` +
                (opts.keep || failed.length > 0 ? `; logs in ${path.join(ws.root, "logs")}` : "") +
                `\n${checks.length - failed.length} passed, ${failed.length} failed\n`,
        );
        if (!opts.keep && failed.length === 0) fs.rmSync(ws.root, { recursive: true, force: true });
        await vault.close();
    }
    return checks.every((c) => c.ok) ? 0 : 1;
}

export const USAGE = `usage: npm run e2e [-- --keep] [-- --parallel N] [-- --load-time]

Deploys every stack through the real Pulumi engine (built by engine/build.sh) against a
local file backend with a stand-in aws provider, then checks idempotency, the policy pack
and the deploy script's guards. See docs/engine.md.

options:
  --keep        keep the temporary folder (state, logs, previews) after a passing run
  --parallel N  stack previews and exports at a time (default 3)
  --load-time   only measure how long each stack program takes to load, transpile-only
                (as Pulumi.yaml configures it) and type-checking (ts-node's default), and
                how long the packed policy pack takes to start as the engine starts it
  -h, --help    this text`;

export interface E2eArgs {
    readonly keep: boolean;
    readonly parallel: number;
    readonly loadTime: boolean;
}

/**
 * The command line of `npm run e2e`, through the shared parser (scripts/src/cli.ts): its options,
 * or "help". Throws a UsageError naming the flag (unknown, without its value, given twice) or the
 * value and what is allowed.
 */
export function parseE2eArgs(argv: readonly string[]): E2eArgs | "help" {
    const { help, values } = parseCommandLine(argv, {
        keep: { type: "boolean" },
        parallel: { type: "string" },
        "load-time": { type: "boolean" },
    });
    if (help) return "help";
    const parallel = wholeNumberFlag("--parallel", values.parallel, 3, 13);
    return { keep: values.keep === true, parallel, loadTime: values["load-time"] === true };
}

if (require.main === module) {
    let args: E2eArgs | "help";
    try {
        args = parseE2eArgs(process.argv.slice(2));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        process.stderr.write(`e2e: ${e.message}\n\n${USAGE}\n`);
        process.exit(2);
    }
    if (args === "help") {
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
    }
    const { keep, parallel } = args;
    process.chdir(REPO_ROOT);
    if (args.loadTime) {
        loadTimeReport().then(
            (report) => {
                process.stdout.write(`${report}\n`);
                process.exit(0);
            },
            (e: unknown) => {
                process.stderr.write(`e2e --load-time: ${e instanceof Error ? e.message : String(e)}\n`);
                process.exit(1);
            },
        );
    } else {
        e2e({ keep, parallel }).then(
            (code) => (process.exitCode = code),
            (e: unknown) => {
                process.stderr.write(`e2e: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
                process.exitCode = 1;
            },
        );
    }
}
