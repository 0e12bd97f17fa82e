/**
 * `npm run deploy -- <preview|up|refresh|destroy> [options]`: every stack of the
 * baseline in layer order through the Pulumi Automation API. See
 * scripts/src/deploy/cli.ts for the options and docs/deploying.md for a fresh
 * account step by step.
 *
 * Exit codes: 0 all stacks succeeded (or --dry-run / --help), 1 a stack failed,
 * drifted or was skipped, or a preflight check failed, 2 a usage error or
 * refusal, 130 interrupted (Ctrl-C).
 */
import * as fs from "fs";
import * as path from "path";
import * as readline from "readline";
import { USAGE, UsageError, parseArgs } from "./deploy/cli";
import { WorkspaceFactory, runPlan } from "./deploy/orchestrator";
import { MUTATING, REPO_ROOT, buildPlan, destroyGuard, formatKept, formatPlan } from "./deploy/plan";
import { checkPolicyPack, checkPolicyPackConfigs } from "./deploy/policyConfig";
import { checkStackFiles } from "./deploy/stackFiles";
import { formatProblems, preflight } from "./deploy/preflight";
import { PreflightHost, formatProblem, realHost } from "./pulumiCli";
import { exitCode, formatSummary, resultsJson } from "./deploy/summary";

export interface MainDeps {
    readonly env: NodeJS.ProcessEnv;
    readonly out: (text: string) => void;
    readonly err: (text: string) => void;
    readonly host: PreflightHost;
    /** Loaded only when something really runs, so --dry-run never loads the Automation API. */
    readonly workspaces: () => Promise<WorkspaceFactory>;
    /** Asks the user; undefined when there is no terminal to ask on. */
    readonly confirm?: (question: string) => Promise<boolean>;
    readonly root?: string;
    /** Writes `--summary-json` (default: the file system). */
    readonly writeFile?: (file: string, text: string) => void;
    /** Aborted on the first Ctrl-C (see `onInterrupt`): running stacks stop cleanly, nothing new starts. */
    readonly signal?: AbortSignal;
}

/** What the process needs of itself to handle Ctrl-C; a test passes an EventEmitter. */
export interface InterruptHost {
    on(event: "SIGINT", listener: () => void): unknown;
    exit(code: number): never | void;
}

/**
 * First Ctrl-C: abort the run, which the Automation API forwards to each running
 * \`pulumi\` as SIGINT (the CLI then finishes the resource operations in flight,
 * writes the state and releases the lock), and wait for it. Second Ctrl-C: stop
 * at once, as a user who presses it twice expects. Without a handler Node would
 * exit on the first one and leave the CLI processes writing into closed pipes,
 * with pending operations and locked stacks.
 */
export function onInterrupt(proc: InterruptHost, say: (text: string) => void): AbortSignal {
    const controller = new AbortController();
    proc.on("SIGINT", () => {
        if (!controller.signal.aborted) {
            say(
                "\ndeploy: interrupt received: stopping cleanly. Running stacks finish their current resource operations and " +
                    "save their state; no new stack starts. Press Ctrl-C again to stop at once (may leave stacks locked).\n",
            );
            controller.abort();
            return;
        }
        say("\ndeploy: second interrupt: stopping now. A stack left locked needs `pulumi cancel` (see the deploy docs).\n");
        proc.exit(130);
    });
    return controller.signal;
}

export async function main(argv: readonly string[], deps: MainDeps): Promise<number> {
    let parsed;
    try {
        parsed = parseArgs(argv, deps.env);
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        deps.err(`deploy: ${e.message}\n\n${USAGE}\n`);
        return 2;
    }
    if (parsed.help) {
        deps.out(`${USAGE}\n`);
        return 0;
    }
    const opts = parsed.options;

    const plan = buildPlan(opts, deps.root ?? REPO_ROOT);
    const refusal = destroyGuard(opts, plan);
    if (refusal) {
        deps.err(`deploy: ${refusal}\n`);
        return 2;
    }

    if (opts.dryRun) {
        // A dry run needs no CLI or credentials, but it does check the files the run would use.
        // The pack's build is left to the preflight: a dry run may come before npm run build.
        const bad = [
            ...checkPolicyPack(plan, deps.host, { built: false }),
            ...checkStackFiles(plan, deps.host),
            ...checkPolicyPackConfigs(plan, deps.host),
        ];
        if (bad.length > 0) {
            deps.err(
                [
                    `deploy --dry-run: ${bad.length} problem${bad.length === 1 ? "" : "s"} in the files the run would use (nothing was run):`,
                    ...bad.map(formatProblem),
                ].join("\n") + "\n",
            );
            return 1;
        }
        deps.out(formatPlan(plan));
        return 0;
    }

    const problems = preflight(plan, deps.host);
    if (problems.length > 0) {
        deps.err(`${formatProblems(problems)}\n`);
        return 1;
    }

    // Said before the question: what a limited destroy leaves in place is part of what is asked.
    const kept = formatKept(plan);
    if (kept.length > 0) deps.out(`${kept.join("\n")}\n`);
    const count = plan.waves.flat().length;
    if (MUTATING.has(opts.op) && !opts.yes) {
        const question = `${opts.op} ${count} stack${count === 1 ? "" : "s"} (${plan.waves
            .flat()
            .map((s) => s.id)
            .join(", ")})? Type "yes" to continue: `;
        const ok = deps.confirm ? await deps.confirm(question) : undefined;
        if (ok === undefined) {
            deps.err(
                `deploy: ${opts.op} changes real infrastructure; pass --yes to run it without a terminal (run preview first)\n`,
            );
            return 2;
        }
        if (!ok) {
            deps.err("deploy: cancelled, nothing was run\n");
            return 2;
        }
    }

    deps.out(formatPlan(plan).split("\n")[0] + "\n");
    const results = await runPlan(plan, await deps.workspaces(), {
        log: (line) => deps.out(`${line}\n`),
        ...(deps.signal ? { signal: deps.signal } : {}),
    });
    deps.out(`\n${formatSummary(results)}`);
    const write = deps.writeFile ?? ((file: string, text: string) => fs.writeFileSync(path.resolve(file), text));
    if (opts.summaryJson) {
        // The path was checked before the run (deploy/cli.ts); what can still fail here is said in one line.
        try {
            write(opts.summaryJson, `${JSON.stringify(resultsJson(results), null, 2)}\n`);
        } catch (e) {
            const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
            deps.err(`deploy: --summary-json ${opts.summaryJson}: the results could not be written (${why})\n`);
            return Math.max(exitCode(results), 1);
        }
    }
    return exitCode(results);
}

function ttyConfirm(): ((q: string) => Promise<boolean>) | undefined {
    if (!process.stdin.isTTY) return undefined;
    return (question) =>
        new Promise((resolve) => {
            const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
            rl.question(question, (answer) => {
                rl.close();
                resolve(answer.trim() === "yes");
            });
        });
}

if (require.main === module) {
    main(process.argv.slice(2), {
        env: process.env,
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
        host: realHost(),
        workspaces: async () => (await import("./deploy/automation")).automationWorkspaces(),
        confirm: ttyConfirm(),
        signal: onInterrupt(process, (t) => process.stderr.write(t)),
    }).then(
        (code) => {
            process.exitCode = code;
        },
        (e: unknown) => {
            process.stderr.write(`deploy: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exitCode = 1;
        },
    );
}
