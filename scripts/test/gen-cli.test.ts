/**
 * Every `gen:*` script of package.json takes its arguments itself, the same way: `--help` prints what
 * it writes and writes nothing, `--check` writes nothing and says whether each file is current, and
 * any other argument is one error naming it (exit 2) before anything is written. Run through npm, as
 * a user runs them: npm appends the arguments to the script's command, so a command that chains a
 * second program would hand them to that one.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHANGELOG_FILE, PACK_DIR, main as packDigest, packDigest as digestOf, packVersion } from "../src/pack-version";

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

/** Runs `npm run <script> -- <args>`; whatever it wrote is put back (so a regression cannot leave the tree changed). */
function npmRun(script: string, args: string[]): { code: number | null; out: string; err: string; written: string[] } {
    const before = snapshot();
    const r = spawnSync("npm", ["run", "--silent", script, "--", ...args], { cwd: ROOT, encoding: "utf8" });
    const written: string[] = [];
    for (const [rel, was] of snapshot()) {
        const had = before.get(rel)!;
        if (had.text === was.text && had.mtimeMs === was.mtimeMs) continue;
        written.push(rel);
        const file = path.join(ROOT, rel);
        if (had.text === undefined) fs.rmSync(file, { force: true });
        else fs.writeFileSync(file, had.text);
    }
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

describe.each(SCRIPTS.map((s) => [s]))("npm run %s", (script) => {
    it("-- --help prints its usage, with what it writes and its options, exits 0 and writes nothing", () => {
        const r = npmRun(script, ["--help"]);
        expect({ code: r.code, err: r.err, written: r.written }).toEqual({ code: 0, err: "", written: [] });
        const lines = r.out.split("\n");
        expect(lines[0]).toMatch(new RegExp(`^usage: npm run ${script} \\[-- --check\\]`));
        expect(lines[2]).toMatch(/^(Rewrites|Records|Writes) /);
        expect(r.out).toMatch(/\n {2}--check +write nothing; exit 1 when a generated file is stale\n/);
        expect(r.out).toMatch(/\n {2}-h, --help +print this text and write nothing\n$/);
    }, 60000);

    it("refuses an unknown argument with one error naming it, before writing anything", () => {
        const r = npmRun(script, ["--chek"]);
        expect({ code: r.code, out: r.out, written: r.written }).toEqual({ code: 2, out: "", written: [] });
        const lines = r.err.split("\n");
        expect(lines[0]).toMatch(new RegExp(`^${script}: unknown option --chek \\(known: --check, (--out, )?--help\\)$`));
        expect(lines.slice(1, 3)).toEqual(["", expect.stringMatching(/^usage: npm run /)]);
        const positional = npmRun(script, ["README.md"]);
        expect([positional.code, positional.err.split("\n")[0], positional.written]).toEqual([
            2,
            `${script}: unexpected argument README.md: this command takes only options (known: --check, ${script === "gen:org-ci" ? "--out, " : ""}--help)`,
            [],
        ]);
    }, 60000);
});

describe("npm run gen:pack-config", () => {
    /** The script's main on another file, in a process of its own (Prettier's API loads ES modules, which jest's runtime does not). */
    function packConfig(argv: string[], file: string): { code: number; lines: string[] } {
        const call = `require("./scripts/src/gen-pack-config").main(${JSON.stringify(argv)}, ${JSON.stringify(file)})`;
        const r = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", "-e", `${call}.then((r) => process.stdout.write(JSON.stringify(r)))`],
            { cwd: ROOT, encoding: "utf8" },
        );
        expect(r.stderr).toBe("");
        return JSON.parse(r.stdout) as { code: number; lines: string[] };
    }

    it("-- --check says the committed configuration is up to date", () => {
        expect(npmRun("gen:pack-config", ["--check"])).toEqual({
            code: 0,
            out: "policy-pack/config/baseline.json: up to date\n",
            err: "",
            written: [],
        });
    }, 60000);

    it("--check names a stale or missing file and leaves it; written, it is the committed text as Prettier lays it out", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-config-"));
        try {
            const file = path.join(dir, "baseline.json");
            const rel = path.relative(ROOT, file);
            const committed = fs.readFileSync(path.join(ROOT, "policy-pack/config/baseline.json"), "utf8");
            expect(packConfig(["--check"], file)).toEqual({ code: 1, lines: [`${rel} is missing: run npm run gen:pack-config`] });
            fs.writeFileSync(file, JSON.stringify(JSON.parse(committed)));
            expect(packConfig(["--check"], file)).toEqual({ code: 1, lines: [`${rel} is stale: run npm run gen:pack-config`] });
            expect(fs.readFileSync(file, "utf8")).toBe(JSON.stringify(JSON.parse(committed)));
            expect(packConfig([], file)).toEqual({ code: 0, lines: [`${rel}: rewritten`] });
            expect(fs.readFileSync(file, "utf8")).toBe(committed);
            expect(packConfig([], file)).toEqual({ code: 0, lines: [`${rel}: unchanged`] });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 60000);
});

describe("npm run gen:pack-digest says what it did", () => {
    let dir: string;
    let changelog: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-digest-"));
        for (const f of [
            "index.ts",
            "PulumiPolicy.yaml",
            "tsconfig.json",
            "tsconfig.build.json",
            "package.json",
            "npm-shrinkwrap.json",
        ])
            fs.copyFileSync(path.join(PACK_DIR, f), path.join(dir, f));
        fs.cpSync(path.join(PACK_DIR, "src"), path.join(dir, "src"), { recursive: true });
        changelog = path.join(dir, "CHANGELOG.md");
        fs.copyFileSync(CHANGELOG_FILE, changelog);
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const rel = () => path.relative(process.cwd(), changelog);

    it("--check: up to date, with the version and digest it checked", () => {
        expect(packDigest(["--check"], dir, changelog)).toEqual({
            code: 0,
            lines: [
                `${rel()}: the entry of policy-pack ${packVersion(dir)} records the pack's digest (sha256:${digestOf(dir)}): up to date`,
            ],
        });
    });

    it("unchanged when the entry already records the digest; recorded when it did not", () => {
        const before = fs.readFileSync(changelog, "utf8");
        expect(packDigest([], dir, changelog)).toEqual({
            code: 0,
            lines: [
                `${rel()}: the entry of policy-pack ${packVersion(dir)} already records this digest (sha256:${digestOf(dir)}); unchanged`,
            ],
        });
        expect(fs.readFileSync(changelog, "utf8")).toBe(before);

        fs.appendFileSync(path.join(dir, "src/policies/general/allowedRegions.ts"), "\n// a stricter rule\n");
        expect(packDigest(["--check"], dir, changelog).code).toBe(1);
        expect(packDigest([], dir, changelog)).toEqual({
            code: 0,
            lines: [`${rel()}: recorded the digest of policy-pack ${packVersion(dir)} (sha256:${digestOf(dir)})`],
        });
        expect(packDigest(["--check"], dir, changelog).code).toBe(0);
    });

    it("refuses to record the digest under an older version's entry, and writes nothing", () => {
        const pkgFile = path.join(dir, "package.json");
        fs.writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkgFile, "utf8")), version: "9.9.9" }));
        const before = fs.readFileSync(changelog, "utf8");
        const r = packDigest([], dir, changelog);
        expect(r.code).toBe(1);
        expect(r.lines).toEqual([
            expect.stringMatching(
                /: the newest entry is \S+, but policy-pack\/package.json says 9\.9\.9: add a "## 9\.9\.9" entry/,
            ),
        ]);
        expect(fs.readFileSync(changelog, "utf8")).toBe(before);
    });
});
