/**
 * `npm test` (scripts/src/test.ts): the type-check and the tests side by side, one exit code, and a
 * failed type-check still stops the tests and decides the outcome, as `tsc -b && jest` did.
 * Stand-in commands (node one-liners) play both parts. And how jest is started: the V8 flags its
 * node gets, and when.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Command, jestCommand, jestNodeFlags, jestWorkers, runSideBySide } from "../src/test";

const node = (label: string, script: string): Command => ({ label, file: process.execPath, args: ["-e", script] });
/** Prints `text` to stderr and exits with `code` after `ms`. */
const exits = (label: string, code: number, ms: number, text = "") =>
    node(label, `setTimeout(() => { process.stderr.write(${JSON.stringify(text)}); process.exit(${code}); }, ${ms});`);

describe("runSideBySide", () => {
    it("passes when both pass, and says the type-check passed without printing its output", async () => {
        const r = await runSideBySide(exits("tsc -b", 0, 50, "noise"), exits("jest", 0, 300), __dirname);
        expect(r.code).toBe(0);
        expect(r.report).toEqual([expect.stringMatching(/^tsc -b: no type errors \(\d+\.\d s, alongside the tests\)$/)]);
    });

    it("ends with the tests' code when they fail and the type-check passes", async () => {
        const r = await runSideBySide(exits("tsc -b", 0, 50), exits("jest", 1, 100), __dirname);
        expect(r.code).toBe(1);
        expect(r.report[0]).toMatch(/^tsc -b: no type errors/);
    });

    it("stops the tests when the type-check fails, and reports its errors with its exit code", async () => {
        const started = Date.now();
        // Tests that would run for a minute: they are ended when the type-check fails.
        const r = await runSideBySide(
            exits("tsc -b", 2, 100, "index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.\n"),
            node("jest", "setTimeout(() => process.exit(0), 60000);"),
            __dirname,
        );
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(r.code).toBe(2);
        expect(r.report).toEqual([
            expect.stringMatching(/^tsc -b failed \(exit 2, \d+\.\d s\), so the tests were stopped:$/),
            "index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        ]);
    }, 30_000);

    it("fails on a type error found after every test passed", async () => {
        const r = await runSideBySide(exits("tsc -b", 1, 400, "error TS6305"), exits("jest", 0, 50), __dirname);
        expect(r.code).toBe(1);
        // The tests had ended: nothing was stopped.
        expect(r.report).toEqual([expect.stringMatching(/^tsc -b failed \(exit 1, \d+\.\d s\):$/), "error TS6305"]);
    });

    it("counts a command that cannot start as failed", async () => {
        const r = await runSideBySide({ label: "tsc -b", file: "/nonexistent/tsc", args: [] }, exits("jest", 0, 50), __dirname);
        expect(r.code).toBe(127);
        expect(r.report[0]).toMatch(/^tsc -b failed \(exit 127/);
    });
});

const ROOT = path.resolve(__dirname, "../..");

describe("how npm test starts jest", () => {
    it("counts the workers as jest does: the configuration, then -w/--maxWorkers, -i/--runInBand", () => {
        expect(jestWorkers([], 2, 2)).toBe(2);
        expect(jestWorkers(["--silent"], 2, 8)).toBe(2);
        // jest's default, one core less than the machine has.
        expect(jestWorkers([], undefined, 4)).toBe(3);
        expect(jestWorkers([], undefined, 1)).toBe(1);
        expect(jestWorkers([], "50%", 4)).toBe(2);
        expect(jestWorkers(["-w", "1"], 2, 2)).toBe(1);
        expect(jestWorkers(["-w=3"], 2, 2)).toBe(3);
        expect(jestWorkers(["--maxWorkers", "4"], 2, 2)).toBe(4);
        expect(jestWorkers(["--maxWorkers=25%"], 2, 8)).toBe(2);
        expect(jestWorkers(["--max-workers=1", "--maxWorkers=3"], 2, 2)).toBe(3);
        expect(jestWorkers(["-i"], 2, 2)).toBe(1);
        expect(jestWorkers(["--runInBand", "-w", "2"], 2, 2)).toBe(1);
        // A value jest itself would refuse leaves the count as it was.
        expect(jestWorkers(["-w", "many"], 2, 2)).toBe(2);
        expect(jestWorkers(["-w"], 2, 2)).toBe(2);
    });

    it("caps V8 at Sparkplug and keeps its collector on one thread only when the workers take every core", () => {
        expect(jestNodeFlags(2, 2)).toEqual(["--max-opt=1", "--single-threaded-gc"]);
        expect(jestNodeFlags(3, 2)).toEqual(["--max-opt=1", "--single-threaded-gc"]);
        expect(jestNodeFlags(1, 2)).toEqual([]);
        expect(jestNodeFlags(2, 4)).toEqual([]);
    });

    it("passes the flags to node before jest's entry point, and the arguments after it", () => {
        const jest = require.resolve("jest/bin/jest", { paths: [ROOT] });
        expect(jestCommand(["--silent", "lib"], 2, 2)).toEqual({
            label: "jest",
            file: process.execPath,
            args: ["--max-opt=1", "--single-threaded-gc", jest, "--silent", "lib"],
        });
        expect(jestCommand(["-i"], 2, 2).args).toEqual([jest, "-i"]);
        expect(jestCommand([], 2, 4).args).toEqual([jest]);
    });

    it("starts this node with those flags, and jest's workers inherit them", () => {
        // A jest-worker pool, as jest makes one, started by a node that has the flags: the worker answers with its own execArgv.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "npm-test-flags-"));
        try {
            fs.writeFileSync(path.join(dir, "argv.js"), "exports.argv = () => process.execArgv;\n");
            const pool = [
                `const { Worker } = require(${JSON.stringify(require.resolve("jest-worker", { paths: [ROOT] }))});`,
                `const w = new Worker(${JSON.stringify(path.join(dir, "argv.js"))}, { numWorkers: 1, exposedMethods: ["argv"] });`,
                "w.argv().then((a) => { process.stdout.write(JSON.stringify({ main: process.execArgv, worker: a })); return w.end(); });",
            ].join("\n");
            // A file, not -e: node's execArgv holds -e and its script, which the fork would run again.
            fs.writeFileSync(path.join(dir, "pool.js"), pool);
            const flags = jestNodeFlags(2, 2);
            const r = spawnSync(process.execPath, [...flags, path.join(dir, "pool.js")], { encoding: "utf8", timeout: 60_000 });
            expect([r.status, r.stderr]).toEqual([0, ""]);
            expect(JSON.parse(r.stdout)).toEqual({ main: flags, worker: flags });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
