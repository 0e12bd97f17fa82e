/**
 * `npm test [-- <jest arguments>]`: the type-check (`tsc -b`) and the tests (jest) side by side,
 * with one exit code for both.
 *
 * jest strips each file of its types with swc (jest.config.js), so it never needs the type-check's
 * output; `tsc -b` still checks every project, as before. One after the other, a cold `tsc -b` (a
 * fresh clone, no .tsbuild yet) kept one core busy and the other idle for about 15 s before jest
 * started; side by side, jest uses that core.
 *
 * What the user sees is what `tsc -b && jest` showed: type errors stop the tests (jest is ended as
 * soon as `tsc -b` fails) and are printed with tsc's exit code; otherwise jest's output and exit
 * code, then one line saying the type-check passed. tsc's output is held back until then, so the
 * two never interleave.
 */
import { ChildProcess, spawn } from "child_process";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** A command as `spawn` takes it, and how the report names it. */
export interface Command {
    readonly label: string;
    readonly file: string;
    readonly args: readonly string[];
}

export interface SideBySide {
    /** What the process exits with. */
    readonly code: number;
    /** The lines to print after the tests' output: the type-check's verdict, and its output when it failed. */
    readonly report: string[];
}

/** The exit code of a finished child; one ended by a signal counts as 128 + the signal's number, as a shell reports it. */
function exitCodeOf(child: ChildProcess): Promise<number> {
    return new Promise((resolve) => {
        child.on("error", () => resolve(127));
        child.on("close", (code, signal) => resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1)));
    });
}

/**
 * Runs `typeCheck` (output held back) and `tests` (output inherited) at once, in `cwd`. A failed
 * type-check ends the tests and decides the exit code, as `typeCheck && tests` would have.
 */
export async function runSideBySide(typeCheck: Command, tests: Command, cwd: string): Promise<SideBySide> {
    const started = Date.now();
    const checker = spawn(typeCheck.file, [...typeCheck.args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    checker.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    checker.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const runner = spawn(tests.file, [...tests.args], { cwd, stdio: "inherit" });

    // Ctrl-C reaches both children through the terminal; a signal sent to this process alone is passed on.
    const forward = (signal: NodeJS.Signals) => {
        for (const child of [checker, runner]) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    for (const s of signals) process.on(s, forward);
    try {
        const testsDone = exitCodeOf(runner);
        const checked = await exitCodeOf(checker);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (checked !== 0) {
            const running = runner.exitCode === null && runner.signalCode === null;
            if (running) runner.kill("SIGTERM");
            await testsDone;
            const stopped = running ? ", so the tests were stopped" : "";
            return {
                code: checked,
                report: [
                    `${typeCheck.label} failed (exit ${checked}, ${seconds} s)${stopped}:`,
                    output.trimEnd() || "(no output)",
                ],
            };
        }
        const code = await testsDone;
        return { code, report: [`${typeCheck.label}: no type errors (${seconds} s, alongside the tests)`] };
    } finally {
        for (const s of signals) process.off(s, forward);
    }
}

/** A worker count as jest reads `maxWorkers`: a number, or a share of the cores ("50%"); `undefined` if it is neither. */
function workerCount(value: string | number, cores: number): number | undefined {
    const text = String(value);
    const share = /^(\d+)%$/.exec(text);
    if (share) return Math.max(1, Math.floor((cores * Number(share[1])) / 100));
    return /^\d+$/.test(text) ? Math.max(1, Number(text)) : undefined;
}

/**
 * How many jest workers a run with these arguments starts: `-i`/`--runInBand` one, the last
 * `-w`/`--maxWorkers`, otherwise jest.config.js's `maxWorkers` (jest's default, one core less than
 * the machine has, when that is unset).
 */
export function jestWorkers(args: readonly string[], configured: string | number | undefined, cores: number): number {
    let workers = (configured === undefined ? undefined : workerCount(configured, cores)) ?? Math.max(1, cores - 1);
    for (let i = 0; i < args.length; i++) {
        if (args[i] === "-i" || args[i] === "--runInBand") return 1;
        const m = /^(?:-w|--maxWorkers|--max-workers)(?:=(.*))?$/.exec(args[i]);
        if (!m) continue;
        const value = m[1] ?? args[++i];
        workers = (value === undefined ? undefined : workerCount(value, cores)) ?? workers;
    }
    return workers;
}

/**
 * V8 flags for jest's node when its workers take every core (jest-worker forks each worker with the
 * parent's execArgv, so they get them too). V8 then has no idle core for its background work, and
 * each second of it is a second of the other worker's:
 *
 * - `--max-opt=1`: no tier above Sparkplug. jest runs every module afresh in each test file's realm,
 *   so every function is a new closure with new feedback in each of the 144 files, and what TurboFan
 *   compiled for it is thrown away with the file. Sparkplug's code belongs to the function's shared
 *   code, which the shared scripts of jest.runtime.js keep for the worker's life.
 * - `--single-threaded-gc`: the collector's parallel and concurrent helper threads only take turns
 *   with the other worker.
 *
 * The whole suite, two workers on this 2-core machine, interleaved rounds: 46.5-48.3 s without flags,
 * 43.5-44.0 s with `--max-opt=1`, 39.9-42.3 s with both (user CPU 80.5-82.8 s, 73.1-74.2 s,
 * 67.0-71.6 s). With one worker, a core is left for V8's background threads: `--max-opt=1` still saved
 * CPU (80.7-87.8 s to 72.3-74.3 s user) but no time (69.4-77.2 s against 73.7-75.8 s), and the
 * offline plan, one process, took 2.14-2.18 s without it and 2.25-2.28 s with it. So below one worker
 * per core, V8 keeps its defaults.
 *
 * Neither flag changes what a test runs or asserts; they choose how V8 compiles and collects.
 */
export function jestNodeFlags(workers: number, cores: number): string[] {
    return workers >= cores ? ["--max-opt=1", "--single-threaded-gc"] : [];
}

/** jest as `npm test` starts it: node with `jestNodeFlags`, then jest with the arguments given to `npm test`. */
export function jestCommand(jestArgs: readonly string[], maxWorkers: string | number | undefined, cores: number): Command {
    const flags = jestNodeFlags(jestWorkers(jestArgs, maxWorkers, cores), cores);
    return {
        label: "jest",
        file: process.execPath,
        args: [...flags, require.resolve("jest/bin/jest", { paths: [ROOT] }), ...jestArgs],
    };
}

if (require.main === module) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- jest's own configuration, plain JavaScript outside this project
    const { maxWorkers } = require(path.join(ROOT, "jest.config.js")) as { maxWorkers?: string | number };
    runSideBySide(
        { label: "tsc -b", file: process.execPath, args: [require.resolve("typescript/bin/tsc", { paths: [ROOT] }), "-b"] },
        jestCommand(process.argv.slice(2), maxWorkers, os.availableParallelism()),
        ROOT,
    ).then(({ code, report }) => {
        (code === 0 ? console.log : console.error)(["", ...report].join("\n"));
        process.exit(code);
    });
}
