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

if (require.main === module) {
    const node = process.execPath;
    runSideBySide(
        { label: "tsc -b", file: node, args: [require.resolve("typescript/bin/tsc", { paths: [ROOT] }), "-b"] },
        { label: "jest", file: node, args: [require.resolve("jest/bin/jest", { paths: [ROOT] }), ...process.argv.slice(2)] },
        ROOT,
    ).then(({ code, report }) => {
        (code === 0 ? console.log : console.error)(["", ...report].join("\n"));
        process.exit(code);
    });
}
