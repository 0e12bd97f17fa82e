/**
 * How the engine-level run starts commands (scripts/src/e2e/exec.ts): output kept in the
 * workspace's logs under the command's label, stdout apart for JSON, and a command that
 * cannot start reported as a failure with why rather than thrown.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { exec } from "../src/e2e/exec";

let root: string;
beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-exec-"));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const ws = () => ({ root, repo: root, env: { ...process.env, E2E_EXEC_PROBE: "from the workspace" } });

it("runs in the workspace's folder and environment, keeps the output under the label, stdout apart", async () => {
    const script =
        'process.stdout.write(process.cwd() + " " + process.env.E2E_EXEC_PROBE); process.stderr.write(" [err]"); process.exit(3)';
    const r = await exec(ws(), "probe run/1", process.execPath, ["-e", script]);
    expect({ code: r.code, signal: r.signal, stdout: r.stdout }).toEqual({
        code: 3,
        signal: null,
        stdout: `${fs.realpathSync(root)} from the workspace`,
    });
    expect(r.out).toBe(`${r.stdout} [err]`);
    // The label names the log file, with what a file name cannot hold replaced.
    expect(fs.readFileSync(path.join(root, "logs", "probe_run_1.log"), "utf8")).toBe(r.out);
    expect(r.seconds).toBeGreaterThan(0);
});

it("takes another folder and environment, and lets the caller signal the command", async () => {
    const other = fs.mkdtempSync(path.join(root, "other-"));
    const r = await exec(
        ws(),
        "signalled",
        process.execPath,
        ["-e", 'console.log("up", process.env.E2E_EXEC_PROBE); setInterval(() => {}, 1000)'],
        {
            cwd: other,
            env: { ...process.env, E2E_EXEC_PROBE: "given" },
            whileRunning: (child, out) => {
                const t = setInterval(() => {
                    if (out().includes("up")) {
                        clearInterval(t);
                        child.kill("SIGTERM");
                    }
                }, 20);
            },
        },
    );
    expect({ code: r.code, signal: r.signal, out: r.out }).toEqual({ code: null, signal: "SIGTERM", out: "up given\n" });
});

it("reports a command that cannot start as a failure naming it, without throwing", async () => {
    let closed = false;
    const r = await exec(ws(), "missing", "no-such-command-e2e", [], {
        whileRunning: (child) => child.on("close", () => (closed = true)),
    });
    expect(r.code).toBeNull();
    expect(r.out).toBe("no-such-command-e2e: spawn no-such-command-e2e ENOENT\n");
    expect(fs.readFileSync(path.join(root, "logs", "missing.log"), "utf8")).toBe(r.out);
    // It ends once, after Node's "close" that follows the "error": nothing is written after the
    // caller has the result (and may have removed the workspace, as afterEach does here).
    expect(closed).toBe(true);
});
