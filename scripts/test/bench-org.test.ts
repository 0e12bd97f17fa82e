/**
 * The scale benchmark's inputs: generated topologies that the validator accepts, stand-ins only
 * for the layers that are not built, and one clear error for a bad count.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { LAYER_NAMES, topologyProblems } from "@baseline/lib";
import { benchStacksDir, benchTopology, main } from "../src/bench-org";
import { STACKS_DIR, isBuilt } from "../src/planner";

describe("bench:org", () => {
    it("generates a valid topology with N workload accounts in every region, keeping the organization's own accounts", () => {
        for (const n of [1, 10]) {
            const doc = yaml.load(benchTopology(n)) as Record<string, never> & {
                accounts: { workloads: { name: string; id: string; regions?: string[] }[]; management: { id: string } };
            };
            expect(topologyProblems(doc)).toEqual([]);
            expect(doc.accounts.workloads).toHaveLength(n);
            expect(new Set(doc.accounts.workloads.map((w) => w.id)).size).toBe(n);
            expect(doc.accounts.workloads.every((w) => w.regions === undefined)).toBe(true);
            expect(doc.accounts.management.id).toBe("111111111111");
        }
        expect((yaml.load(benchTopology(10)) as { accounts: { workloads: { name: string }[] } }).accounts.workloads[9].name).toBe(
            "workload-10",
        );
    });

    it("stands in for exactly the layers that are not built, and links the others", () => {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-"));
        try {
            const { dir, stoodIn } = benchStacksDir(work, true);
            expect(stoodIn).toEqual(LAYER_NAMES.filter((l) => !isBuilt(l)));
            for (const layer of LAYER_NAMES) {
                const linked = fs.lstatSync(path.join(dir, layer)).isSymbolicLink();
                expect([layer, linked]).toEqual([layer, !stoodIn.includes(layer)]);
            }
            for (const layer of stoodIn) {
                expect(fs.readFileSync(path.join(dir, layer, "index.ts"), "utf8")).toContain(
                    `contractFixture(${JSON.stringify(layer)}, region, accountOfStack(pulumi.getStack())!.id)`,
                );
            }
            expect(benchStacksDir(work, false)).toEqual({ dir: STACKS_DIR, stoodIn: [] });
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    it("refuses a count it cannot run, naming the flag and what is allowed, on standard error", () => {
        const out: string[] = [];
        const err: string[] = [];
        const run = (argv: string[]) =>
            main(
                argv,
                (l) => out.push(l),
                (l) => err.push(l),
            );
        expect(run(["--workloads", "1,0"])).toBe(2);
        expect(err[0]).toMatch(/^bench:org: --workloads takes whole numbers from 1 to 50, separated by commas; got "1,0"/);
        expect(err[0]).toContain("usage: npm run bench:org");
        expect(run(["--rounds", "x"])).toBe(2);
        // --rounds is how many times the series runs: one number, and a list is refused rather than cut to its first.
        expect(run(["--rounds", "1,5", "--workloads", "1"])).toBe(2);
        expect(err[2]).toMatch(/^bench:org: --rounds takes one whole number from 1 to 5; got "1,5"/);
        expect(run(["--rounds", "1", "--rounds", "2"])).toBe(2);
        expect(err[3]).toMatch(/^bench:org: --rounds given twice/);
        expect(out).toEqual([]);
    });
});
