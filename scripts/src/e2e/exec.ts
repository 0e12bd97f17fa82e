/**
 * How the engine-level run starts a command: without blocking (it builds the pack while it
 * plans, and runs stacks side by side), in the workspace's environment, with its output
 * collected and kept in `<workspace>/logs/<label>.log`.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { E2eWorkspace } from "./workspace";

export interface Ran {
    /** The exit status; null when a signal ended the command or it could not start. */
    readonly code: number | null;
    readonly signal: NodeJS.Signals | null;
    /** stdout and stderr as they came. */
    readonly out: string;
    /** stdout alone (for a command whose stdout is JSON). */
    readonly stdout: string;
    readonly seconds: number;
}

export interface ExecOptions {
    /** Default: the workspace's repository copy. */
    readonly cwd?: string;
    /** Default: the workspace's environment. */
    readonly env?: NodeJS.ProcessEnv;
    /** Called once the command started, e.g. to send it a signal after some output. */
    readonly whileRunning?: (child: ChildProcess, out: () => string) => void;
}

export function exec(
    ws: Pick<E2eWorkspace, "root" | "repo" | "env">,
    label: string,
    cmd: string,
    args: readonly string[],
    opts: ExecOptions = {},
): Promise<Ran> {
    const started = Date.now();
    const logs = path.join(ws.root, "logs");
    fs.mkdirSync(logs, { recursive: true });
    return new Promise((resolve) => {
        const child = spawn(cmd, [...args], {
            cwd: opts.cwd ?? ws.repo,
            env: opts.env ?? ws.env,
            stdio: ["ignore", "pipe", "pipe"],
        });
        let out = "";
        let stdout = "";
        child.stdout.on("data", (d: Buffer) => {
            out += d.toString();
            stdout += d.toString();
        });
        child.stderr.on("data", (d: Buffer) => (out += d.toString()));
        // A command that cannot start (not on PATH) is reported with why instead of throwing.
        // Node still emits "close" after such an "error" (with a negative errno as the code),
        // so the run ends there alone: ending it twice would write the log after the caller
        // may have removed the workspace.
        let ran = true;
        child.on("error", (e) => {
            out += `${cmd}: ${e.message}\n`;
            if (child.pid === undefined) ran = false;
        });
        opts.whileRunning?.(child, () => out);
        child.on("close", (code, signal) => {
            fs.writeFileSync(path.join(logs, `${label.replace(/[^A-Za-z0-9_.-]+/g, "_")}.log`), out);
            resolve({ code: ran ? code : null, signal, out, stdout, seconds: (Date.now() - started) / 1000 });
        });
    });
}
