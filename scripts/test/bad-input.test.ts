/**
 * Bad input to the plan, analyze and deploy commands, as a new user would give
 * it: each case is one row of input and the message it must produce (with a
 * non-zero exit), so the list of cases only grows. Valid input next to it
 * checks that the right result still comes out.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyze } from "../src/analyze";
import { checkOutputFile } from "../src/cli";
import { main as orgCiMain } from "../src/orgCi";
import { main as prCommentMain } from "../src/prComment";
import { main as reportMain } from "../src/report";
import { main as deployMain, MainDeps } from "../src/deploy";
import { parseArgs as deployArgs } from "../src/deploy/cli";
import { FakeWorkspaces } from "../src/deploy/fake";
import { buildPlan } from "../src/deploy/plan";
import { preflight } from "../src/deploy/preflight";
import { PreflightHost } from "../src/pulumiCli";
import { main as planMain, parseArgs as planArgs, prepareOutDir, verdict, verdictLine } from "../src/plan";
import { STACKS_DIR, StackPlanResult, loadStackConfig, parseTarget } from "../src/planner";
import { PolicyOutcome } from "../src/policyBridge";
import { enforcementLevelProblems } from "@baseline/policy-pack/src/config";
import { readProjectSpec } from "@baseline/lib";
import { BASELINE_CONFIG_FILE } from "@baseline/policy-pack/src/profiles";

/** The policy pack configuration deploy uses unless told otherwise, as it is in the repository. */
const baselineConfig = (p: string) =>
    p.endsWith(path.join("policy-pack", "config", "baseline.json")) ? fs.readFileSync(BASELINE_CONFIG_FILE, "utf8") : undefined;

/** A built policy pack, as the deploy preflight checks it: its manifest names a main that exists. */
const PACK_MANIFEST = "policy-pack/package.json";
const PACK_MAIN = "policy-pack/dist/index.js";
const BUILT_PACK_MANIFEST = '{"main":"dist/index.js"}';

let tmp: string;
beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), "bad-input-"))));
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
    const f = path.join(tmp, name);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
    return f;
}

/** The plan file of a stack with no resources, `<folder>/baseline-<layer>.<stack>.json`, as npm run plan writes it. */
function writeEmptyPlan(folder: string, layer: string, stack: string): string {
    const project = `baseline-${layer}`;
    return write(`${folder}/${project}.${stack}.json`, { project, stack, layer, region: "us-east-1", steps: [], outputs: {} });
}

/** Text with every run of white space as one space: messages are wrapped for the terminal. */
function flat(text: string): string {
    return text.replace(/\s+/g, " ");
}

function errorOf(fn: () => unknown): string {
    try {
        fn();
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error("expected an error");
}

/** Runs plan's main and returns its exit code and what it printed. */
async function plan(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await planMain(argv, { log: (l) => out.push(l), error: (l) => err.push(l) });
    return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("the three commands parse arguments the same way", () => {
    test.each([
        ["plan", ["--verbose"], "unknown option --verbose (known: --out, --stack, --rehearsal, --help)"],
        ["plan", ["--out"], "--out needs a value"],
        ["plan", ["--out", "--stack", "x"], "--out needs a value (to pass one that starts with a dash, write --out=-...)"],
        ["plan", ["--out="], "--out needs a value"],
        ["plan", ["--out", "a", "--out", "b"], "--out given twice"],
        ["plan", ["stray"], "unexpected argument stray: this command takes only options"],
        ["plan", ["--stack", "network/production-ap-south-1"], '--stack: unknown stack "network/production-ap-south-1"'],
        ["analyze", ["--verbose", "x.json"], "unknown option --verbose (known: --policy-pack-config, --summary, --help)"],
        ["analyze", ["--summary"], "--summary needs a value"],
        ["analyze", [], "no plan file or folder given"],
        ["deploy", ["up", "--force"], "unknown option --force"],
        ["deploy", ["up", "--yes=1"], "--yes takes no value"],
        ["deploy", ["up", "--layers", "api", "--layers", "data"], "--layers given twice"],
        ["deploy", ["up", "--org="], "--org needs a value"],
    ])("%s %j: %s", async (command, argv, message) => {
        if (command === "plan") {
            const r = await plan(argv);
            expect([r.code, flat(r.err)]).toEqual([2, expect.stringContaining(`plan: ${message}`)]);
            expect(r.err).toContain("usage: npm run plan");
        } else if (command === "analyze") {
            const r = analyze(argv);
            expect([r.code, flat(r.output)]).toEqual([2, expect.stringContaining(`analyze: ${message}`)]);
            expect(r.output).toContain("usage: npm run analyze");
        } else {
            expect(() => deployArgs(argv)).toThrow(message);
        }
    });

    test.each([
        [["--stack=network/production-eu-central-1"], ["network/production-eu-central-1"]],
        [
            ["--stack", "network/production-eu-central-1", "--stack", "data/production-us-east-1"],
            ["network/production-eu-central-1", "data/production-us-east-1"],
        ],
    ])("plan takes --flag value and --flag=value: %j", (argv, targets) => {
        expect(planArgs(argv)).toMatchObject({ targets });
        expect(planArgs(["--out=/tmp/x"])).toMatchObject({ out: "/tmp/x" });
    });

    test("deploy takes --flag=value too", () => {
        expect(deployArgs(["preview", "--layers=network", "--parallel=2"])).toMatchObject({
            options: { layers: ["network"], parallel: 2 },
        });
    });

    test("every command prints --help and exits 0", async () => {
        const p = await plan(["--help"]);
        expect([p.code, p.out]).toEqual([0, expect.stringContaining("usage: npm run plan")]);
        expect(analyze(["-h"])).toMatchObject({ code: 0, output: expect.stringContaining("usage: npm run analyze") });
        expect(deployArgs(["--help"])).toEqual({ help: true });
    });
});

describe("plan --out must be a folder it can write, checked at once", () => {
    test.each([
        ["/proc/plan-out", "--out /proc/plan-out: /proc/plan-out is inside /proc, a kernel file system"],
        ["/proc/self/plan-out", "is inside /proc"],
        ["<file>", "is a file, not a folder"],
        ["<file>/sub", "is a file, not a folder"],
        ["<dangling>", "which does not exist"],
    ])("%s", async (out, message) => {
        const file = write("a-file", "x");
        const dangling = path.join(tmp, "dangling");
        fs.symlinkSync(path.join(tmp, "nowhere"), dangling);
        const dir = out.replace("<file>", file).replace("<dangling>", dangling);
        const started = Date.now();
        expect(() => prepareOutDir(dir)).toThrow(message);
        const r = await plan(["--out", dir]);
        expect([r.code, r.err]).toEqual([2, expect.stringContaining(message)]);
        expect(Date.now() - started).toBeLessThan(5000);
    });

    test("a missing folder is created, nested", () => {
        const dir = path.join(tmp, "a", "b", "c");
        prepareOutDir(dir);
        expect(fs.statSync(dir).isDirectory()).toBe(true);
        expect(fs.readdirSync(dir)).toEqual([]);
    });
});

describe("plan owns its output folder and says how the run ended", () => {
    test("an earlier run's plan files and summaries are removed; other files stay", async () => {
        const stale = write("out/baseline-network.production-us-east-1.json", {
            project: "baseline-network",
            stack: "x",
            steps: [],
        });
        write("out/summary.json", { status: "passed" });
        const mine = write("out/notes.txt", "mine");
        const r = await plan(["--out", path.join(tmp, "out"), "--stack", "global-iam/production"]);
        expect(r.code).toBe(0);
        expect(fs.existsSync(stale)).toBe(false);
        expect(fs.existsSync(mine)).toBe(true);
        expect(fs.readdirSync(path.join(tmp, "out")).sort()).toEqual([
            "baseline-global-iam.production.json",
            "layers.mmd",
            "notes.txt",
            "report.html",
            "summary.json",
            "summary.md",
        ]);
        const summary = JSON.parse(fs.readFileSync(path.join(tmp, "out", "summary.json"), "utf8"));
        expect(summary).toMatchObject({ status: "passed", failed: [], skipped: [] });
        expect(summary.stacks[0]).toMatchObject({ stack: "production", resources: expect.any(Number), stackReferences: 0 });
        // The counts agree: the pack evaluated exactly the resources the table shows.
        expect(summary.policy.counts.resources).toBe(summary.stacks[0].resources);
        expect(r.out.split("\n").pop()).toMatch(
            /^plan PASSED: 1 stack\(s\) planned, \d+ resource\(s\), 0 mandatory policy violations/,
        );
        // Findings are readable lines grouped by stack; the markdown table is only in summary.md.
        expect(r.out).not.toContain("|---|");
        expect(fs.readFileSync(path.join(tmp, "out", "summary.md"), "utf8")).toContain(
            "**PASSED**: 1 of 1 stack instances planned",
        );
    }, 60000);

    test("a run with a failed stack: no stale plans, summary.json says failed, the last line names the stack", async () => {
        // A copy of global-iam and security whose programs are the real ones (linked), with a typo in one stack file.
        const stacks = path.join(tmp, "stacks");
        for (const layer of ["global-iam", "security"]) {
            const dir = path.join(stacks, layer);
            fs.mkdirSync(dir, { recursive: true });
            for (const f of fs.readdirSync(path.join(STACKS_DIR, layer))) {
                if (/^Pulumi\..*yaml$/.test(f)) fs.copyFileSync(path.join(STACKS_DIR, layer, f), path.join(dir, f));
            }
            fs.symlinkSync(path.join(STACKS_DIR, layer, "index.ts"), path.join(dir, "index.ts"));
        }
        fs.appendFileSync(path.join(stacks, "security", "Pulumi.production-us-west-2.yaml"), "  enableCloudTrial: false\n");
        const out = path.join(tmp, "out");
        const stale = write("out/baseline-security.production-us-west-2.json", {
            project: "baseline-security",
            stack: "x",
            steps: [],
        });

        const log: string[] = [];
        const code = await planMain(
            ["--out", out, "--stack", "security/production-us-west-2"],
            { log: (l) => log.push(l), error: (l) => log.push(l) },
            { stacksDir: stacks },
        );
        expect(code).toBe(1);
        expect(fs.existsSync(stale)).toBe(false);
        expect(fs.readdirSync(out).sort()).toEqual([
            "baseline-global-iam.production.json",
            "layers.mmd",
            "report.html",
            "summary.json",
            "summary.md",
        ]);
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        expect(summary).toMatchObject({ status: "failed", failed: ["security/production-us-west-2"], skipped: [] });
        const text = log.join("\n");
        expect(flat(text)).toContain(
            "baseline-security:enableCloudTrial: not a config key of baseline-security: did you mean enableCloudTrail?",
        );
        expect(log[log.length - 1]).toBe("plan FAILED: 1 stack(s) failed (security/production-us-west-2)");
        // The table fits its longest name: every row's status starts where the header's does.
        const header = log.find((l) => l.startsWith("stack "))!;
        const rows = log.filter((l) => /^baseline-(global-iam|security)\//.test(l));
        expect(rows).toHaveLength(2);
        for (const row of rows) expect(row.indexOf(row.includes("failed") ? "failed" : "planned")).toBe(header.indexOf("status"));
        expect(fs.readFileSync(path.join(out, "summary.md"), "utf8")).toContain("**FAILED**: 1 of 2 stack instances planned");
        // The report's headline is the run's verdict, with its reason, though the pack passed the one plan there is.
        expect(summary.policy.passed).toBe(true);
        expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).toContain(
            '<span class="verdict failed">FAILED</span> <span class="why">(1 stack(s) failed (security/production-us-west-2))</span>: 1 stacks,',
        );
        // And analyze refuses the folder, though the one plan file in it passes.
        expect(analyze([out]).code).toBe(1);
        // npm run report on the folder writes the plan's own report again, FAILED and all.
        const written = fs.readFileSync(path.join(out, "report.html"), "utf8");
        expect(reportMain([out]).code).toBe(0);
        expect(fs.readFileSync(path.join(out, "report.html"), "utf8")).toBe(written);
    }, 60000);

    const instance = parseTarget("network/production-us-east-1");
    const skippedInstance = parseTarget("data/production-us-east-1");
    const policy = (mandatory: number) =>
        ({ passed: mandatory === 0, markdown: "", report: { counts: { mandatory } } }) as unknown as PolicyOutcome;
    test.each([
        [
            [{ instance, status: "failed", error: "boom", durationMs: 1 }],
            0,
            "plan FAILED: 1 stack(s) failed (network/production-us-east-1)",
        ],
        [
            [
                { instance, status: "failed", error: "boom", durationMs: 1 },
                { instance: skippedInstance, status: "skipped", error: "upstream", durationMs: 0 },
            ],
            0,
            "plan FAILED: 1 stack(s) failed (network/production-us-east-1); 1 skipped (data/production-us-east-1)",
        ],
        [[{ instance, status: "planned", durationMs: 1 }], 2, "plan FAILED: 2 mandatory policy violation(s)"],
    ] as [StackPlanResult[], number, string][])("a failed run never ends on PASSED: %#", (results, mandatory, line) => {
        const v = verdict(results, policy(mandatory));
        expect(v.status).toBe("failed");
        expect(verdictLine(v, 1, 10, "1.0")).toBe(line);
    });

    test("analyze refuses a folder whose plan run failed, even when its plan files pass", () => {
        writeEmptyPlan("out", "data", "production-us-east-1");
        write("out/summary.json", {
            status: "failed",
            failed: ["network/production-us-east-1"],
            skipped: ["data/production-us-east-1"],
            stacks: [
                { layer: "network", stack: "production-us-east-1", status: "failed" },
                { layer: "data", stack: "production-us-east-1", status: "skipped" },
                { layer: "global-iam", stack: "production", status: "planned" },
            ],
        });
        const r = analyze([path.join(tmp, "out")]);
        expect(r.code).toBe(1);
        expect(r.output.split("\n").pop()).toBe(
            `analyze FAILED: ${path.join(tmp, "out", "summary.json")}: the plan run that wrote this folder FAILED: ` +
                "1 stack(s) failed (network/production-us-east-1); 1 skipped (data/production-us-east-1); " +
                "its plan files do not cover every stack (1 of 3 planned), so this analysis cannot pass. Fix the plan and run npm run plan again.",
        );
    });

    test("a folder whose plan run failed on mandatory violations alone: analyze says so, and that every stack is covered", async () => {
        // global-iam trusting another account's root (acknowledged, so the program accepts it): the pack refuses it.
        const dir = path.join(tmp, "stacks", "global-iam");
        fs.mkdirSync(dir, { recursive: true });
        for (const f of fs.readdirSync(path.join(STACKS_DIR, "global-iam"))) {
            if (/^Pulumi\..*yaml$/.test(f)) fs.copyFileSync(path.join(STACKS_DIR, "global-iam", f), path.join(dir, f));
        }
        fs.symlinkSync(path.join(STACKS_DIR, "global-iam", "index.ts"), path.join(dir, "index.ts"));
        fs.appendFileSync(
            path.join(dir, "Pulumi.production.yaml"),
            "  baseline-global-iam:trustedPrincipals:\n    - arn:aws:iam::999999999999:root\n" +
                "  baseline-global-iam:allowForeignAccountRootPrincipals: true\n",
        );
        const out = path.join(tmp, "out");
        const log: string[] = [];
        const code = await planMain(
            ["--out", out, "--stack", "global-iam/production"],
            { log: (l) => log.push(l), error: (l) => log.push(l) },
            { stacksDir: path.join(tmp, "stacks") },
        );
        expect(code).toBe(1);
        const last = log[log.length - 1];
        expect(last).toMatch(/^plan FAILED: \d+ mandatory policy violation\(s\)$/);
        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        expect(summary).toMatchObject({ status: "failed", failed: [], skipped: [] });

        const r = analyze([out]);
        expect(r.code).toBe(1);
        expect(r.output.split("\n").pop()).toBe(
            `analyze FAILED: ${path.join(out, "summary.json")}: the plan run that wrote this folder FAILED: ` +
                `${summary.policy.counts.mandatory} mandatory policy violation(s); its plan files cover every stack it was to plan (1), ` +
                "but the run's verdict stands, so this analysis cannot pass either. Fix the violations and run npm run plan again.",
        );
        expect(last).toBe(`plan FAILED: ${summary.policy.counts.mandatory} mandatory policy violation(s)`);
    }, 60000);
});

describe("analyze names the file of every bad input", () => {
    const URN = "urn:pulumi:production-us-east-1::baseline-data::aws:sns/topic:Topic::old";
    test.each([
        ["malformed JSON", "{ nope", "bad.json is not valid JSON:"],
        ["not an object", "[1, 2]", "bad.json: neither a plan file nor 'pulumi preview --json' output (not a JSON object)"],
        ["no steps", { hello: 1 }, "bad.json: neither a plan file nor 'pulumi preview --json' output (no steps)"],
        ["empty preview", { steps: [] }, "bad.json: the preview has no steps"],
        [
            "bad URN",
            { steps: [{ op: "create", urn: "not-a-urn", newState: { type: "aws:s3/bucket:Bucket" } }] },
            'bad.json: steps[0].urn: "not-a-urn" is not a Pulumi URN',
        ],
        [
            "newState null",
            { steps: [{ op: "create", urn: URN, newState: null }] },
            `bad.json: steps[0] (create ${URN}) has newState null`,
        ],
        ["step without op", { steps: [{ urn: URN }] }, "bad.json: steps[0] is not a step (no op)"],
        [
            "plan file step without newState",
            { project: "p", stack: "s", steps: [{ urn: URN }] },
            "bad.json: steps[0] has no newState with a type",
        ],
    ])("%s", (_what, content, message) => {
        const file = write("bad.json", content);
        const r = analyze([file]);
        expect(r.code).toBe(2);
        expect(r.output).toContain(message.replace("bad.json", file));
    });

    test("a missing file and a folder without plans", () => {
        expect(analyze([path.join(tmp, "nope.json")])).toMatchObject({
            code: 2,
            output: expect.stringContaining("nope.json: no such file"),
        });
        fs.mkdirSync(path.join(tmp, "empty"));
        expect(analyze([path.join(tmp, "empty")])).toMatchObject({
            code: 2,
            output: expect.stringContaining("no plan files in this folder"),
        });
        write("dir/broken.json", "{");
        expect(analyze([path.join(tmp, "dir")])).toMatchObject({
            code: 2,
            output: expect.stringContaining("broken.json is not valid JSON"),
        });
    });

    test("a plan file or folder given twice, under any name, is refused: its plans would count twice", () => {
        const plan = writeEmptyPlan("out", "data", "production-us-east-1");
        const out = path.join(tmp, "out");
        fs.symlinkSync(out, path.join(tmp, "link"));
        for (const [argv, message] of [
            [[out, out], `${out} is given twice: give each plan file or folder once (its plans would count twice)`],
            [[out, `${out}/`], `${out}/ is ${out} again: give each plan file or folder once`],
            [[out, path.join(tmp, "link")], `${path.join(tmp, "link")} is ${out} again: give each plan file or folder once`],
            [[plan, plan], `${plan} is given twice`],
            [
                [out, plan],
                `${plan} is named by both ${out} and ${plan}: give each plan file or folder once (it would count twice)`,
            ],
        ] as [string[], string][]) {
            const r = analyze(argv);
            expect([r.code, flat(r.output)]).toEqual([2, expect.stringContaining(`analyze: ${message}`)]);
        }
        expect(analyze([out]).code).toBe(0);
    });

    test("a preview with deletes only is valid input, and passes", () => {
        const file = write("deletes.json", { steps: [{ op: "delete", urn: URN, oldState: { type: "aws:sns/topic:Topic" } }] });
        const r = analyze([file]);
        expect(r.code).toBe(0);
        expect(r.report!.counts).toMatchObject({ stacks: 1, resources: 0 });
    });
});

describe("an output file is checked before anything runs, with one error naming the flag and the path", () => {
    /** One plan file (a stack with no resources) in a folder, as npm run plan writes it. */
    function planDir(): string {
        writeEmptyPlan("plans", "global-iam", "production");
        return path.join(tmp, "plans");
    }

    test.each([
        ["<tmp>", "is a folder"],
        ["/nonexist/out.md", "the folder /nonexist does not exist"],
        ["<file>/out.md", "<file> is a file, not a folder"],
        ["<file>/sub/out.md", "<file> is a file, not a folder"],
    ])("%s: %s", async (given, why) => {
        const file = write("a-file", "x");
        const out = given.replace("<tmp>", tmp).replace("<file>", file);
        const message = `${out}: ${why.replace("<file>", file)} (give the path of a file, in a folder that exists)`;
        expect(errorOf(() => checkOutputFile("--out", out))).toBe(`--out ${message}`);
        const dir = planDir();

        const comment = prCommentMain(["--no-preview", "--plan", write("summary.json", { status: "passed" }), "--out", out]);
        expect([comment.code, comment.err?.split("\n")[0]]).toEqual([2, `pr-comment: --out ${message}`]);
        const analyzed = analyze(["--summary", out, dir]);
        expect([analyzed.code, analyzed.output.split("\n")[0]]).toEqual([2, `analyze: --summary ${message}`]);
        const report = reportMain([dir, "--out", out]);
        expect([report.code, report.out.split("\n")[0]]).toEqual([2, `report: --out ${message}`]);
        expect(fs.existsSync(path.join(dir, "report.html"))).toBe(false);
        const ci = await orgCiMain(["--out", out]);
        expect([ci.code, ci.lines[0]]).toEqual([2, `gen:org-ci: --out ${message}`]);
    });

    test("the report's default file, PLAN-DIR/report.html, is checked too", () => {
        const dir = planDir();
        fs.mkdirSync(path.join(dir, "report.html"));
        const r = reportMain([dir]);
        expect([r.code, r.out.split("\n")[0]]).toEqual([
            2,
            `report: the report ${path.join(dir, "report.html")}: is a folder (give the path of a file, in a folder that exists)`,
        ]);
    });

    test("a mistyped plan folder is named as the plan folder, not as the missing folder of its report", () => {
        const r = reportMain([path.join(tmp, "nope")]);
        expect([r.code, r.out.split("\n")[0]]).toEqual([2, `report: PLAN-DIR ${path.join(tmp, "nope")} is not a folder`]);
    });

    test("a new or an existing file in a folder that exists is fine, relative or not", () => {
        const existing = write("exists.md", "x");
        expect(checkOutputFile("--out", existing)).toBe(existing);
        expect(checkOutputFile("--out", path.join(tmp, "new.md"))).toBe(path.join(tmp, "new.md"));
        expect(checkOutputFile("--out", "new.md")).toBe(path.resolve("new.md"));
        const r = reportMain([planDir(), "--out", path.join(tmp, "r.html")]);
        expect(r.code).toBe(0);
        expect(fs.readFileSync(path.join(tmp, "r.html"), "utf8")).toMatch(/^<!doctype html>/);
    });
});

describe("policy pack config: enforcement levels are exact", () => {
    test.each([
        [{ all: "mandatory" }, []],
        [{ "rds-backup-retention": { enforcementLevel: "advisory", minBackupRetentionDays: 14 } }, []],
        [
            { all: "Mandatory" },
            [
                'all: "Mandatory" is not an enforcement level: one of advisory, mandatory, remediate, disabled (levels are lower case: did you mean mandatory?)',
            ],
        ],
        [
            { "rds-backup-retention": "warn" },
            ['rds-backup-retention: "warn" is not an enforcement level: one of advisory, mandatory, remediate, disabled'],
        ],
        [
            { "rds-backup-retention": { enforcementLevel: "ADVISORY" } },
            [expect.stringContaining('rds-backup-retention.enforcementLevel: "ADVISORY" is not an enforcement level')],
        ],
        [
            { "rds-backup-retention": 3 },
            ["rds-backup-retention: 3 is neither an enforcement level nor an object of policy config"],
        ],
        [[], [expect.stringContaining("must be a JSON object")]],
    ])("%j", (config, problems) => {
        expect(enforcementLevelProblems(config)).toEqual(problems);
    });

    const host = (files: Record<string, string>): PreflightHost => ({
        env: { PATH: "/bin", PULUMI_ACCESS_TOKEN: "t", AWS_PROFILE: "p" },
        homeDir: "/home/dev",
        platform: "linux",
        exists: (p) =>
            p === "/bin/pulumi" || p.endsWith("Pulumi.yaml") || p.endsWith("PulumiPolicy.yaml") || p.endsWith(PACK_MAIN),
        isExecutable: (p) => p === "/bin/pulumi",
        readFile: (p) => (p.endsWith(PACK_MANIFEST) ? BUILT_PACK_MANIFEST : (files[p] ?? baselineConfig(p))),
    });

    test.each([
        ['{ "all": "Mandatory" }', 'cfg.json: all: "Mandatory" is not an enforcement level'],
        ['{ "all": ', "cfg.json is not valid JSON"],
        ['{ "no-such-policy": "advisory" }', "cfg.json: no-such-policy: no such policy"],
        [
            '{ "rds-backup-retention": { "minBackupRetentionDays": 0 } }',
            "cfg.json: rds-backup-retention.minBackupRetentionDays: must be >= 1",
        ],
        [undefined, "cfg.json cannot be read"],
    ])("analyze, deploy preflight and deploy --dry-run refuse %s", async (text, message) => {
        const file = path.join(tmp, "cfg.json");
        if (text !== undefined) fs.writeFileSync(file, text);
        const previewJson = write("p.json", {
            steps: [{ op: "delete", urn: "urn:pulumi:s::baseline-data::aws:sns/topic:Topic::t" }],
        });

        const a = analyze(["--policy-pack-config", file, previewJson]);
        expect(a.code).toBe(2);
        expect(a.output).toContain(
            message.replace("cfg.json", file).replace(" cannot be read", ": no such policy pack config file"),
        );

        const files = text === undefined ? {} : { [file]: text };
        const plan = buildPlan(
            {
                op: "preview",
                layers: ["network"],
                regions: ["us-east-1"],
                parallel: 1,
                dryRun: false,
                yes: false,
                allowDataDestruction: false,
                excludeProtected: false,
                policyPackConfig: file,
            },
            "/repo",
        );
        const shown = file; // outside the repository: shown as given
        expect(preflight(plan, host(files)).map((p) => p.what)).toEqual([
            expect.stringContaining(`--policy-pack-config ${message.replace("cfg.json", shown)}`),
        ]);

        const err: string[] = [];
        const out: string[] = [];
        const deps: MainDeps = {
            env: {},
            out: (t) => out.push(t),
            err: (t) => err.push(t),
            host: host(files),
            workspaces: async () => new FakeWorkspaces(),
            root: "/repo",
        };
        expect(await deployMain(["preview", "--dry-run", "--policy-pack-config", file], deps)).toBe(1);
        expect(flat(err.join(""))).toContain(message.replace("cfg.json", shown));
        expect(out).toEqual([]);
    });

    test("a valid file passes the dry run", async () => {
        const file = write("ok.json", { all: "advisory" });
        const out: string[] = [];
        const deps: MainDeps = {
            env: {},
            out: (t) => out.push(t),
            err: () => undefined,
            host: host({ [file]: fs.readFileSync(file, "utf8") }),
            workspaces: async () => new FakeWorkspaces(),
            root: "/repo",
        };
        expect(await deployMain(["preview", "--dry-run", "--policy-pack-config", file], deps)).toBe(0);
        expect(out.join("")).toContain("policyPackConfigs");
    });
});

describe("the planner's checks of a stack file", () => {
    /** A stacks folder holding network's real Pulumi.yaml and the given stack file. */
    function stacksWith(stackFile: string, projectFile?: string): string {
        const dir = path.join(tmp, "stacks", "network");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            projectFile ?? fs.readFileSync(path.join(STACKS_DIR, "network", "Pulumi.yaml"), "utf8"),
        );
        fs.writeFileSync(path.join(dir, "Pulumi.production-us-east-1.yaml"), stackFile);
        return path.join(tmp, "stacks");
    }
    const load = (dir: string) => loadStackConfig(parseTarget("network/production-us-east-1"), dir);

    test.each([
        [
            "config:\n  aws:region: us-east-1\n  natGateway: single\n",
            "baseline-network:natGateway: not a config key of baseline-network: did you mean natGateways?",
        ],
        ["config:\n  aws:region: us-east-1\n  baseline-network:AZCount: 2\n", "did you mean azCount?"],
        [
            "config:\n  aws:region: us-east-1\n  baseline-security:owner: me\n",
            "baseline-security:owner: belongs to project baseline-security",
        ],
        [
            "config:\n  aws:region: us-east-1\n  aws:regoin: us-east-1\n",
            "aws:regoin: not a config key of the aws provider: did you mean aws:region?",
        ],
        ["config:\n  aws:region: us-east-1\n  owner:\n", 'baseline-network:owner has no value (an empty "owner:" line)'],
        [
            "config:\n  aws:region: us-east-1\n  owner:\n    secure: AAABAJm0xK==\n",
            "baseline-network:owner is an encrypted (secure) value: the offline plan has no secrets provider to decrypt it",
        ],
        ["config:\n  aws:region: us-east-1\n  natGateways: [single\n", "Pulumi.production-us-east-1.yaml is not valid YAML"],
        ["config: [1, 2]\n", "config must be a map of key: value"],
        [
            // The CLI drops a top-level key it does not know, and with it every setting under it.
            "config: {aws:region: us-east-1}\nconfgi: {baseline-network:azCount: 2}\n",
            "confgi: not a top-level key of a stack file: did you mean config? (allowed: config, environment, secretsprovider, encryptedkey, encryptionsalt;",
        ],
        [
            "config:\n  aws:region: us-east-1\nsecretprovider: passphrase\n",
            "secretprovider: not a top-level key of a stack file: did you mean secretsprovider?",
        ],
        [
            "config:\n  aws:region: us-east-1\nowner: me\n",
            "owner: not a top-level key of a stack file (allowed: config, environment,",
        ],
        ["- aws:region: us-east-1\n", "a stack file must be a map of top-level keys (allowed: config, environment,"],
        [
            "config:\n  aws:region: us-east-1\n  azCount: 2\n  baseline-network:azCount: 3\n",
            "baseline-network:azCount is set twice (as azCount and as baseline-network:azCount): keep one",
        ],
    ])("%j", (stackFile, message) => {
        expect(() => load(stacksWith(stackFile))).toThrow();
        expect(flat(errorOf(() => load(stacksWith(stackFile))))).toContain(message);
    });

    test("a Pulumi.yaml that is not YAML is named", () => {
        expect(() => load(stacksWith("config:\n  aws:region: us-east-1\n", "name: baseline-network\nconfig: {\n"))).toThrow(
            "stacks/network/Pulumi.yaml is not valid YAML",
        );
    });

    test.each([
        [
            "azCount:\n    type: integr\n",
            'stacks/network/Pulumi.yaml: could not validate (the Pulumi CLI refuses this file too):\n  * #/config/azCount/type: value must be one of "string", "integer", "boolean", "array", "object" (got "integr")',
        ],
        [
            "interfaceEndpoints:\n    type: array\n    items:\n      type: strnig\n",
            '#/config/interfaceEndpoints/items/type: value must be one of "string", "integer", "boolean", "array", "object" (got "strnig")',
        ],
        [
            "interfaceEndpoints:\n    type: array\n    default: []\n",
            "The configuration key 'interfaceEndpoints' declares an array but does not specify the underlying type via the 'items' attribute",
        ],
    ])("a misspelt or incomplete type in Pulumi.yaml is refused with the CLI's message: %j", (declaration, message) => {
        const real = fs.readFileSync(path.join(STACKS_DIR, "network", "Pulumi.yaml"), "utf8");
        const key = declaration.slice(0, declaration.indexOf(":"));
        // Replace the key's real declaration (up to the next key at the same indent) with the broken one.
        const broken = real.replace(new RegExp(`  ${key}:\\n(    .*\\n|\\s*\\n)*?(?=  \\w)`), `  ${declaration}`);
        expect(broken).not.toBe(real);
        expect(() => load(stacksWith("config:\n  aws:region: us-east-1\n", broken))).toThrow(message);
    });

    test("every declared type of every layer's Pulumi.yaml is one the CLI accepts", () => {
        for (const layer of fs.readdirSync(STACKS_DIR)) {
            const file = path.join(STACKS_DIR, layer, "Pulumi.yaml");
            if (fs.existsSync(file)) expect(() => readProjectSpec(file)).not.toThrow();
        }
    });

    test("several problems come in one error naming the stack file", () => {
        expect(() => load(stacksWith("config:\n  aws:region: us-east-1\n  natGateway: single\n  colour: red\n"))).toThrow(
            /Pulumi\.production-us-east-1\.yaml: 2 problems in the stack file:\n {2}- baseline-network:natGateway: [^\n]+\n(\s{6}[^\n]+\n)*\s{2}- baseline-network:colour/,
        );
    });

    test("the real stack files pass", () => {
        expect(load(STACKS_DIR)).toMatchObject({ "aws:region": "us-east-1", "baseline-network:natGateways": "none" });
    });

    test("the top-level keys a stack file may have pass, and a key without a namespace is the project's", () => {
        const file =
            "secretsprovider: passphrase\nencryptionsalt: v1:abc\nencryptedkey: ''\nenvironment: []\n" +
            "config:\n  aws:region: us-east-1\n  azCount: 2\n";
        expect(load(stacksWith(file))).toMatchObject({ "aws:region": "us-east-1", "baseline-network:azCount": "2" });
    });
});

describe("deploy checks every stack file it will run before the first stack starts", () => {
    const ROOT = "/repo";
    const networkYaml = fs.readFileSync(path.join(STACKS_DIR, "network", "Pulumi.yaml"), "utf8");
    const hostWith = (stackFile: string): PreflightHost => ({
        env: { PATH: "/bin", PULUMI_ACCESS_TOKEN: "t", AWS_PROFILE: "p" },
        homeDir: "/home/dev",
        platform: "linux",
        exists: (p) =>
            p === "/bin/pulumi" || p.endsWith("Pulumi.yaml") || p.endsWith("PulumiPolicy.yaml") || p.endsWith(PACK_MAIN),
        isExecutable: (p) => p === "/bin/pulumi",
        readFile: (p) =>
            p.endsWith(PACK_MANIFEST)
                ? BUILT_PACK_MANIFEST
                : p === "/repo/stacks/network/Pulumi.yaml"
                  ? networkYaml
                  : p === "/repo/stacks/network/Pulumi.production-us-west-2.yaml"
                    ? stackFile
                    : baselineConfig(p),
    });
    const dryRun = async (stackFile: string) => {
        const err: string[] = [];
        const deps: MainDeps = {
            env: {},
            out: () => undefined,
            err: (t) => err.push(t),
            host: hostWith(stackFile),
            workspaces: async () => new FakeWorkspaces(),
            root: ROOT,
        };
        const code = await deployMain(["up", "--dry-run", "--layers", "network", "--regions", "us-west-2"], deps);
        return { code, err: flat(err.join("")) };
    };

    test.each([
        [
            "config:\n  aws:region: us-west-2\n  natGateway: single\n",
            "stacks/network/Pulumi.production-us-west-2.yaml: baseline-network:natGateway: not a config key of baseline-network: did you mean natGateways?",
        ],
        [
            "config:\n  aws:region: us-west-2\n  baseline-data:dbName: app\n",
            "baseline-data:dbName: belongs to project baseline-data",
        ],
        ["config:\n  aws:region: us-west-2\n  owner:\n", 'baseline-network:owner has no value (an empty "owner:" line)'],
        ["config: [\n", "stacks/network/Pulumi.production-us-west-2.yaml is not valid YAML"],
        [
            "config: {aws:region: us-west-2}\nconfgi: {baseline-network:azCount: 2}\n",
            "stacks/network/Pulumi.production-us-west-2.yaml: confgi: not a top-level key of a stack file: did you mean config?",
        ],
        [
            "config:\n  aws:region: us-west-2\n  azCount: 2\n  baseline-network:azCount: 3\n",
            "stacks/network/Pulumi.production-us-west-2.yaml: baseline-network:azCount is set twice",
        ],
    ])("%j", async (stackFile, message) => {
        const r = await dryRun(stackFile);
        expect(r.code).toBe(1);
        expect(r.err).toContain(message);
        expect(r.err).toContain("nothing was run");
        const plan = buildPlan(
            {
                op: "up",
                layers: ["network"],
                regions: ["us-west-2"],
                parallel: 1,
                dryRun: false,
                yes: true,
                allowDataDestruction: false,
                excludeProtected: false,
            },
            ROOT,
        );
        expect(
            flat(
                preflight(plan, hostWith(stackFile))
                    .map((p) => p.what)
                    .join(" "),
            ),
        ).toContain(message);
    });

    test("a secure value is fine for the real engine, which decrypts it", async () => {
        expect((await dryRun("config:\n  aws:region: us-west-2\n  owner:\n    secure: AAABAJm0xK==\n")).code).toBe(0);
    });
});
