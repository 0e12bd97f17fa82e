/**
 * "Adding a fourth region" as docs/regions.md describes it, followed literally in a scratch copy of the
 * repository: its YAML blocks are added to topology.yaml where the page says, its command is
 * run through npm, and the new region's stacks are planned by the offline plan in that copy and
 * deployed dry, by the scripts `npm run plan` and `npm run deploy` run. Nothing is mocked: the
 * copy's own lib reads the copy's topology.yaml.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { linkNodeModules } from "../src/e2e/workspace";

const ROOT = path.resolve(__dirname, "../..");
const DOC = fs.readFileSync(path.join(ROOT, "docs/regions.md"), "utf8");
const SECTION = DOC.slice(DOC.indexOf("\n## Adding a fourth region\n"), DOC.indexOf("\n## Removing a region\n"));

/** The fenced blocks of the section, in order, without their indentation. */
function blocks(lang: string): string[] {
    const out: string[] = [];
    const re = new RegExp("^( *)```" + lang + "\\n([^]*?)^\\1```$", "gm");
    for (let m = re.exec(SECTION); m; m = re.exec(SECTION)) {
        const indent = m[1].length;
        out.push(
            m[2]
                .split("\n")
                .map((l) => l.slice(indent))
                .join("\n"),
        );
    }
    return out;
}

/**
 * Adds `entry` (a YAML list item, as the page prints it) at the end of the top-level list
 * `key` of topology.yaml, indented as that list's items are: "at the end of `regions:`".
 */
function addAtEndOf(text: string, key: string, entry: string): string {
    const lines = text.split("\n");
    const start = lines.findIndex((l) => l === `${key}:`);
    if (start < 0) throw new Error(`topology.yaml has no top-level ${key}:`);
    let end = start + 1;
    for (let i = start + 1; i < lines.length; i++) {
        if (/^\S/.test(lines[i])) break; // the next top-level key or comment
        if (lines[i].trim() !== "") end = i + 1;
    }
    const indent = /^( *)- /.exec(lines[start + 1] ?? "")?.[1] ?? "  ";
    const added = entry
        .trimEnd()
        .split("\n")
        .map((l) => indent + l);
    return [...lines.slice(0, end), ...added, ...lines.slice(end)].join("\n");
}

/** A copy of the repository's files with node_modules linked, the workspace packages pointing into the copy. */
function scratchCopy(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "new-region-"));
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
        .split("\n")
        .filter((f) => f && !f.startsWith("engine/") && fs.existsSync(path.join(ROOT, f)));
    for (const f of files) {
        fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
    }
    // The copy runs its own lib, pack and stacks: the workspace links point into it.
    linkNodeModules(ROOT, dir);
    return dir;
}

function npm(dir: string, args: string[]): { code: number; out: string } {
    return run(dir, "npm", args);
}

/**
 * `npm run <name> -- <args>` without npm in between: what package.json runs for the copy's
 * scripts (`ts-node --transpile-only scripts/src/<file>.ts`), as the copy's own node_modules
 * resolve it. The page's own command goes through npm.
 */
function script(dir: string, name: "stacks" | "plan" | "deploy", args: string[]): { code: number; out: string } {
    const line = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).scripts[name] as string;
    const file = /^ts-node --transpile-only (scripts\/src\/[\w-]+\.ts)$/.exec(line)?.[1];
    expect([name, file]).toEqual([name, expect.any(String)]);
    // The tsconfig ts-node finds from the script's folder when npm runs it.
    return run(dir, process.execPath, ["-r", "ts-node/register/transpile-only", file!, ...args], {
        TS_NODE_PROJECT: path.join(dir, "scripts", "tsconfig.json"),
    });
}

function run(dir: string, cmd: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): { code: number; out: string } {
    const env = { ...process.env, ...extraEnv };
    delete env.BASELINE_TOPOLOGY;
    const r = spawnSync(cmd, args, { cwd: dir, encoding: "utf8", env, timeout: 400_000 });
    return { code: r.status ?? -1, out: `${r.stdout}\n${r.stderr}` };
}

const yamlBlocks = blocks("yaml");
const command = blocks("sh")[0]?.trim();

it("the page's steps are one entry (or two, for a new jurisdiction) and one command", () => {
    expect(SECTION.startsWith("\n## Adding a fourth region\n")).toBe(true);
    expect(yamlBlocks).toHaveLength(3);
    expect(command).toBe("npm run stacks");
    expect(SECTION).toMatch(/at the end of `regions:`/);
    expect(SECTION).toMatch(/at the end of\s+`recoveryOnlyRegions:`/);
});

const cases = [
    {
        title: "a region in a jurisdiction the baseline has (eu-north-1, partner eu-west-1)",
        region: "eu-north-1",
        partner: "eu-west-1",
        edits: [["regions", yamlBlocks[0]]],
        /** eu-west-1 now holds the copies of two regions. */
        partnerSources: ["eu-central-1", "eu-north-1"],
    },
    {
        title: "a region in a new jurisdiction with a new recovery-only partner (ap-southeast-2, partner ap-southeast-4)",
        region: "ap-southeast-2",
        partner: "ap-southeast-4",
        edits: [
            ["regions", yamlBlocks[1]],
            ["recoveryOnlyRegions", yamlBlocks[2]],
        ],
        partnerSources: ["ap-southeast-2"],
    },
] as const;

describe.each(cases)("docs/regions.md steps for $title", ({ region, partner, edits, partnerSources }) => {
    let dir: string;
    beforeAll(() => {
        dir = scratchCopy();
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("plan the new region's stacks and its partner's recovery stack", () => {
        // Step 1: the entry (entries) as printed, where the page says.
        const file = path.join(dir, "topology.yaml");
        let text = fs.readFileSync(file, "utf8");
        for (const [key, entry] of edits) text = addAtEndOf(text, key, entry);
        fs.writeFileSync(file, text);

        // Step 2: the command.
        const sync = npm(dir, command.replace(/^npm /, "").split(" "));
        expect([sync.code, sync.out]).toEqual([
            0,
            expect.stringContaining(`created stacks/api/Pulumi.production-${region}.yaml`),
        ]);
        for (const layer of ["security", "network", "data", "api"])
            expect(fs.readFileSync(path.join(dir, `stacks/${layer}/Pulumi.production-${region}.yaml`), "utf8")).toBe(
                `config:\n  aws:region: ${region}\n`,
            );
        expect(fs.existsSync(path.join(dir, `stacks/recovery/Pulumi.production-${partner}.yaml`))).toBe(true);
        expect(fs.readFileSync(path.join(dir, "policy-pack/src/topology.generated.ts"), "utf8")).toContain(`"${region}"`);
        expect(script(dir, "stacks", ["--check"]).code).toBe(0);
        // Every file it wrote (it says which) is laid out as the repository's formatter wants it.
        const written = [...sync.out.matchAll(/^(?:created|regenerated) (\S+)/gm)].map((m) => m[1]);
        expect(written).toEqual(
            expect.arrayContaining([
                "policy-pack/src/topology.generated.ts",
                "policy-pack/config/baseline.json",
                ...["security", "network", "data", "api"].map((l) => `stacks/${l}/Pulumi.production-${region}.yaml`),
            ]),
        );
        const prettier = spawnSync(process.execPath, [require.resolve("prettier/bin/prettier.cjs"), "--check", ...written], {
            cwd: dir,
            encoding: "utf8",
        });
        expect([prettier.status, prettier.stdout + prettier.stderr]).toEqual([0, expect.anything()]);

        // The offline plan of the new region's API stack with every upstream, checked by the pack.
        const out = path.join(dir, "plan-new");
        const plan = script(dir, "plan", ["--out", out, "--stack", `api/production-${region}`]);
        expect([plan.code, plan.out]).toEqual([0, expect.stringMatching(/plan PASSED: \d+ stack\(s\) planned/)]);
        const read = (project: string, stack: string) =>
            JSON.parse(fs.readFileSync(path.join(out, `baseline-${project}.${stack}.json`), "utf8")) as {
                region: string;
                outputs: Record<string, unknown>;
                steps: unknown[];
            };
        for (const layer of ["security", "network", "data", "api"]) {
            const p = read(layer, `production-${region}`);
            expect([layer, p.region, p.steps.length > 0]).toEqual([layer, region, true]);
        }
        const network = read("network", `production-${region}`).outputs;
        expect(network.vpcCidr).toBe(/vpcCidr: (\S+)/.exec(edits[0][1])![1]);
        for (const az of network.availabilityZones as string[]) expect(az).toMatch(new RegExp(`^${region}[a-z]$`));
        const recovery = read("recovery", `production-${partner}`).outputs;
        expect(recovery.sourceRegions).toEqual(partnerSources);
        const data = read("data", `production-${region}`).outputs;
        expect(data.recoveryRegion).toBe(partner);
        expect(data.replicaBucketName).toBe((recovery.replicaBucketNames as Record<string, string>)[region]);

        // The deploy script takes the region, and deploys its partner's recovery stack with it.
        const deploy = script(dir, "deploy", ["up", "--dry-run", "--regions", region]);
        expect([deploy.code, deploy.out]).toEqual([
            0,
            expect.stringContaining(`api/production-${region} [baseline-api, ${region}]`),
        ]);
        expect(deploy.out).toContain(`recovery/production-${partner} [baseline-recovery, ${partner}]`);
    }, 600_000);
});

it("a new region whose jurisdiction is left out is refused with the missing entry named, before anything is planned", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "new-region-bad-"));
    try {
        const file = path.join(dir, "topology.yaml");
        const entry = yamlBlocks[0].replace(/^ *jurisdiction: .*\n/m, "");
        fs.writeFileSync(file, addAtEndOf(fs.readFileSync(path.join(ROOT, "topology.yaml"), "utf8"), "regions", entry));
        const r = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(ROOT, "scripts/src/stacks.ts"), "--check"],
            {
                cwd: ROOT,
                encoding: "utf8",
                env: { ...process.env, BASELINE_TOPOLOGY: file },
            },
        );
        expect(r.status).toBe(1);
        expect(r.stderr).toContain(`${file}: 1 problem in the topology`);
        expect(r.stderr).toContain("regions[3] (eu-north-1): jurisdiction is missing");
        expect(r.stderr).not.toMatch(/would leave/);
        // The offline plan refuses it the same way, once, before anything is planned or written.
        const out = path.join(dir, "plan-out");
        const plan = spawnSync(
            process.execPath,
            ["-r", "ts-node/register/transpile-only", path.join(ROOT, "scripts/src/plan.ts"), "--out", out],
            { cwd: ROOT, encoding: "utf8", env: { ...process.env, BASELINE_TOPOLOGY: file } },
        );
        expect(plan.status).not.toBe(0);
        expect(plan.stderr.split("regions[3] (eu-north-1): jurisdiction is missing")).toHaveLength(2);
        expect(plan.stdout).not.toMatch(/planned/);
        expect(fs.existsSync(out)).toBe(false);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 120_000);
