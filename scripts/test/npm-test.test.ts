/**
 * `npm test` (scripts/src/test.ts): the type-check and the tests side by side, one exit code, and a
 * failed type-check still stops the tests and decides the outcome, as `tsc -b && jest` did.
 * Stand-in commands (node one-liners) play both parts.
 */
import { Command, runSideBySide } from "../src/test";

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
