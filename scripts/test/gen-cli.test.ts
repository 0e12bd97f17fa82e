/**
 * Every `gen:*` script of package.json takes its arguments itself, the same way: `--help` prints what
 * it writes and writes nothing, `--check` writes nothing and says whether each file is current, and
 * any other argument is one error naming it (exit 2) before anything is written. npm appends the
 * arguments to the script's command, so a command that chained a second program would hand them to
 * that one: each command is checked to run its generator alone, each generator's entry point is
 * called with the arguments (in this process: sixteen runs through npm took some 19 s of the suite),
 * and gen:pack-config, whose command used to chain Prettier, is run through npm as a user runs it.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as genContracts from "../src/gen-contracts-doc";
import * as genControls from "../src/gen-controls-doc";
import * as genNotice from "../src/gen-notice";
import * as genPackConfig from "../src/gen-pack-config";
import * as genTaggable from "../src/gen-taggable";
import * as orgCi from "../src/orgCi";
import * as packShrinkwrap from "../src/pack-shrinkwrap";
import { main as packDigest } from "../src/pack-version";

const ROOT = path.resolve(__dirname, "../..");
const SCRIPTS = Object.keys(
    (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
).filter((s) => s.startsWith("gen:"));

/** What the generators write; a `--help` or a refused argument must leave each as it was. */
const GENERATED = [
    "lib/src/taggable.generated.ts",
    "policy-pack/src/taggable.generated.ts",
    "docs/contracts.md",
    "README.md",
    "docs/controls.md",
    "policy-pack/CHANGELOG.md",
    "NOTICE",
    "policy-pack/NOTICE",
    "policy-pack/npm-shrinkwrap.json",
    "policy-pack/config/baseline.json",
    ".github/workflows/organization.yml",
];

function snapshot(): Map<string, { text?: string; mtimeMs?: number }> {
    return new Map(
        GENERATED.map((rel) => {
            const file = path.join(ROOT, rel);
            return [rel, fs.existsSync(file) ? { text: fs.readFileSync(file, "utf8"), mtimeMs: fs.statSync(file).mtimeMs } : {}];
        }),
    );
}

/** The generated files written since `before`, each put back as it was (so a regression cannot leave the tree changed). */
function putBack(before: ReturnType<typeof snapshot>): string[] {
    const written: string[] = [];
    for (const [rel, was] of snapshot()) {
        const had = before.get(rel)!;
        if (had.text === was.text && had.mtimeMs === was.mtimeMs) continue;
        written.push(rel);
        const file = path.join(ROOT, rel);
        if (had.text === undefined) fs.rmSync(file, { force: true });
        else fs.writeFileSync(file, had.text);
    }
    return written;
}

/** Runs `npm run <script> -- <args>`; whatever it wrote is put back. */
function npmRun(script: string, args: string[]): { code: number | null; out: string; err: string; written: string[] } {
    const before = snapshot();
    const r = spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, encoding: "utf8" });
    const written = putBack(before);
    return { code: r.status, out: r.stdout, err: r.stderr, written };
}

it("the generators are the gen:* scripts of package.json", () => {
    expect(SCRIPTS.sort()).toEqual([
        "gen:contracts",
        "gen:controls",
        "gen:notice",
        "gen:org-ci",
        "gen:pack-config",
        "gen:pack-digest",
        "gen:pack-shrinkwrap",
        "gen:taggable",
    ]);
});

/**
 * Each generator's entry point, as its package.json command runs it: `ts-node --transpile-only FILE`,
 * whose `require.main` block hands `process.argv.slice(2)` to ENTRY (gen-org-ci.ts to orgCi's main).
 */
const ENTRIES: Readonly<Record<string, { file: string; entry: () => (argv: string[]) => unknown }>> = {
    "gen:taggable": { file: "gen-taggable.ts", entry: () => genTaggable.run },
    "gen:contracts": { file: "gen-contracts-doc.ts", entry: () => genContracts.main },
    "gen:controls": { file: "gen-controls-doc.ts", entry: () => genControls.main },
    "gen:notice": { file: "gen-notice.ts", entry: () => genNotice.main },
    "gen:pack-shrinkwrap": { file: "pack-shrinkwrap.ts", entry: () => packShrinkwrap.main },
    "gen:pack-digest": { file: "pack-version.ts", entry: () => packDigest },
    "gen:org-ci": { file: "gen-org-ci.ts", entry: () => orgCi.main },
    "gen:pack-config": { file: "gen-pack-config.ts", entry: () => genPackConfig.main },
};

/** The entry point called with `argv` in this process; whatever it wrote is put back, as npmRun does. */
async function callEntry(script: string, argv: string[]): Promise<{ code: number; lines: string[]; written: string[] }> {
    const before = snapshot();
    const r = (await ENTRIES[script].entry()(argv)) as { code: number; lines: string[] };
    const written = putBack(before);
    return { code: r.code, lines: r.lines, written };
}

it("each gen:* command runs one program, its generator, so npm hands the arguments given after -- to it alone", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> })
        .scripts;
    expect(Object.keys(ENTRIES).sort()).toEqual([...SCRIPTS].sort());
    for (const script of SCRIPTS) {
        expect([script, scripts[script]]).toEqual([script, `ts-node --transpile-only scripts/src/${ENTRIES[script].file}`]);
        const source = fs.readFileSync(path.join(ROOT, "scripts/src", ENTRIES[script].file), "utf8");
        expect([script, /process\.argv\.slice\(2\)/.test(source)]).toEqual([script, true]);
    }
});

describe.each(SCRIPTS.map((s) => [s]))("npm run %s", (script) => {
    it("--help gives its usage, with what it writes and its options, exit 0, and writes nothing", async () => {
        const r = await callEntry(script, ["--help"]);
        expect({ code: r.code, written: r.written }).toEqual({ code: 0, written: [] });
        const lines = r.lines.join("\n").split("\n");
        expect(lines[0]).toMatch(new RegExp(`^usage: npm run ${script} \\[-- --check\\]`));
        expect(lines[2]).toMatch(/^(Rewrites|Records|Writes) /);
        expect(r.lines.join("\n")).toMatch(/\n {2}--check +write nothing; exit 1 when a generated file is stale\n/);
        expect(r.lines.join("\n")).toMatch(/\n {2}-h, --help +print this text and write nothing$/);
    });

    it("refuses an unknown option or an argument with one error naming it, before writing anything", async () => {
        const r = await callEntry(script, ["--chek"]);
        expect({ code: r.code, written: r.written }).toEqual({ code: 2, written: [] });
        const lines = r.lines.join("\n").split("\n");
        expect(lines[0]).toMatch(new RegExp(`^${script}: unknown option --chek \\(known: --check, (--out, )?--help\\)$`));
        expect(lines.slice(1, 3)).toEqual(["", expect.stringMatching(/^usage: npm run /)]);
        const positional = await callEntry(script, ["README.md"]);
        expect([positional.code, positional.lines[0], positional.written]).toEqual([
            2,
            `${script}: unexpected argument README.md: this command takes only options (known: --check, ${script === "gen:org-ci" ? "--out, " : ""}--help)`,
            [],
        ]);
    });
});

it("npm run gen:pack-config -- --help, run through npm as a user runs it, prints its usage and writes nothing", () => {
    // The command that chained `&& prettier --write FILE` handed --help to Prettier and left the file unformatted.
    const r = npmRun("gen:pack-config", ["--help"]);
    expect({ code: r.code, err: r.err, written: r.written }).toEqual({ code: 0, err: "", written: [] });
    expect(r.out).toMatch(/^usage: npm run gen:pack-config \[-- --check\]/);
}, 60000);

describe("npm run gen:pack-config", () => {
    /**
     * The script's main, in a process of its own (Prettier's API loads ES modules, which jest's runtime
     * does not): on the committed file with --check, then on a scratch file that starts missing, is
     * written unformatted, and is checked and written in turn. One process for every step: each start
     * loads Prettier and the pack.
     */
    function packConfigSteps(file: string): { result: { code: number; lines: string[] }; text: string | null }[] {
        const script = `
const fs = require("fs");
const { main } = require("./scripts/src/gen-pack-config");
const file = ${JSON.stringify(file)};
const committed = fs.readFileSync("policy-pack/config/baseline.json", "utf8");
const read = () => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : null);
const steps = [
    () => main(["--check"]),
    () => main(["--check"], file),
    () => (fs.writeFileSync(file, JSON.stringify(JSON.parse(committed))), main(["--check"], file)),
    () => main([], file),
    () => main([], file),
];
(async () => {
    const out = [];
    for (const step of steps) out.push({ result: await step(), text: read() });
    process.stdout.write(JSON.stringify(out));
})();`;
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
            cwd: ROOT,
            encoding: "utf8",
        });
        expect(r.stderr).toBe("");
        return JSON.parse(r.stdout) as { result: { code: number; lines: string[] }; text: string | null }[];
    }

    it("--check says the committed file is up to date, names a stale or missing one and leaves it; written, it is the committed text as Prettier lays it out", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
        try {
            const file = path.join(dir, "baseline.json");
            const rel = path.relative(ROOT, file);
            const committed = fs.readFileSync(path.join(ROOT, "policy-pack/config/baseline.json"), "utf8");
            const unformatted = JSON.stringify(JSON.parse(committed));
            expect(packConfigSteps(file)).toEqual([
                { result: { code: 0, lines: ["policy-pack/config/baseline.json: up to date"] }, text: null },
                { result: { code: 1, lines: [`${rel} is missing: run npm run gen:pack-config`] }, text: null },
                { result: { code: 1, lines: [`${rel} is stale: run npm run gen:pack-config`] }, text: unformatted },
                { result: { code: 0, lines: [`${rel}: rewritten`] }, text: committed },
                { result: { code: 0, lines: [`${rel}: unchanged`] }, text: committed },
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 60000);
});
