/**
 * BASELINE_TOPOLOGY naming no file, or a folder: every command that reads the topology ends with
 * its one message (a TopologyError, printed without a stack trace) before it writes anything, and
 * `npm run plan` removes the plans of an earlier run from --out first, as every failed run does, so
 * `npm run analyze` cannot pass them as current (docs/plan.md).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { clearAfterFailedLoad } from "../src/plan-command";
import { projectsInStacksDir } from "../src/planOutputs";
import { LAYERS, LAYER_NAMES } from "@baseline/lib";

const ROOT = path.resolve(__dirname, "../..");

let tmp: string;
beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-topology-"));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A plan folder as a passing run leaves it, plus a file of the user's. */
function stalePlanOut(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "baseline-global-iam.production.json"), JSON.stringify({ steps: [] }));
    fs.writeFileSync(path.join(dir, "summary.json"), JSON.stringify({ status: "passed", failed: [], skipped: [] }));
    fs.writeFileSync(path.join(dir, "summary.md"), "**PASSED**");
    fs.writeFileSync(path.join(dir, "notes.txt"), "mine");
}

/** Runs a script as package.json runs it. */
function run(script: string, args: string[], topology: string) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", script, ...args], {
        cwd: ROOT,
        env: { ...process.env, BASELINE_TOPOLOGY: topology },
        encoding: "utf8",
        timeout: 60000,
    });
}

it("the plan's entry reads the layer projects from the stacks folder as the layer graph names them", () => {
    expect(projectsInStacksDir().sort()).toEqual(LAYER_NAMES.map((l) => LAYERS[l].project).sort());
});

it("after a failed load, the plan clears the --out folder its command line names, and only what a run writes there", () => {
    const out = path.join(tmp, "out");
    stalePlanOut(out);
    expect(clearAfterFailedLoad(["--out", out, "--help"])).toEqual([]);
    expect(clearAfterFailedLoad(["--out", out, "--bogus"])).toEqual([]);
    expect(fs.readdirSync(out)).toHaveLength(4);
    expect(clearAfterFailedLoad([`--out=${out}`])).toEqual([`removed 3 file(s) of an earlier run from ${out}`]);
    expect(fs.readdirSync(out)).toEqual(["notes.txt"]);
    expect(clearAfterFailedLoad(["--out", path.join(tmp, "none")])).toEqual([]);
});

it("npm run plan with BASELINE_TOPOLOGY naming no file: one line, exit 1, and no stale plans left for analyze", () => {
    const out = path.join(tmp, "plan-out");
    stalePlanOut(out);
    const missing = path.join(tmp, "nonexist.yaml");
    const r = run("scripts/src/plan-command.ts", ["--out", out], missing);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
        `removed 3 file(s) of an earlier run from ${out}\n` +
            `plan FAILED: BASELINE_TOPOLOGY=${missing}: no such file (it names the topology file to use, e.g. ` +
            "BASELINE_TOPOLOGY=examples/organization/topology.yaml; unset it to use the repository's topology.yaml)\n",
    );
    expect(fs.readdirSync(out)).toEqual(["notes.txt"]);
    const analyzed = run("scripts/src/analyze.ts", [out], path.join(ROOT, "topology.yaml"));
    expect(analyzed.status).not.toBe(0);
    expect(analyzed.stderr + analyzed.stdout).toContain("no plan files in this folder");
}, 120000);

it.each([
    ["npm run deploy", "scripts/src/deploy.ts", ["preview", "--dry-run"]],
    ["npm run analyze", "scripts/src/analyze.ts", ["plan-out"]],
    ["npm run report", "scripts/src/report.ts", []],
    ["npm run restore", "scripts/src/restore.ts", ["--region", "us-east-1", "--account", "123456789012", "--dry-run"]],
    ["npm run plan", "scripts/src/plan-command.ts", ["--out", "/nonexistent-plan-out"]],
])(
    "%s with BASELINE_TOPOLOGY naming a folder: its one message, no stack trace",
    (_name, script, args) => {
        const r = run(script, args, tmp);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain(`BASELINE_TOPOLOGY=${tmp}: a folder, not a file (it names the topology file to use`);
        expect(r.stderr).not.toMatch(/^\s+at /m);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
    },
    60000,
);
