/**
 * `npm run bench:org [-- --workloads 1,2,5,10] [-- --rounds 2]`
 *
 * How the offline plan scales with the organization: for each count of workload accounts it
 * writes a topology (the sample organization's regions and organization accounts, with that many
 * workload accounts in every baseline region) to a temporary folder, plans it with `npm run plan`
 * in a fresh process (the topology is read once per process), and prints the stacks, the resources,
 * the wall time, the peak resident memory and the planning time per stack. The rounds run
 * interleaved (1, 2, 5, 10, then again), so a shared machine's load spreads over every size.
 *
 * Layers that are not built yet (no stacks/<layer>/index.ts) would skip every stack that reads
 * them, and with the organization's layers that is most of a member account. So by default each
 * such layer gets a stand-in program that registers nothing and returns its contract's fixture
 * outputs (lib/src/testing/upstream.ts `contractFixture`, in the stack's account and region): the
 * layers that are built then plan as they would under the real upstreams. The table says which
 * layers were stood in; `--no-stand-ins` plans the repository's stacks folder as it is.
 *
 * The cost per stack should stay flat: the planner keeps only the plan files of the run (which the
 * pack evaluates together) and each stack's outputs for its dependents.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { LAYERS, LAYER_NAMES, LayerName } from "@baseline/lib";
import { UsageError, parseCommandLine } from "./cli";
import { STACKS_DIR, isBuilt } from "./planner";

const ROOT = path.resolve(__dirname, "../..");
export const SAMPLE_TOPOLOGY = path.join(ROOT, "examples/organization/topology.yaml");

export const USAGE = `usage: npm run bench:org -- [--workloads 1,2,5,10] [--rounds 2] [--no-stand-ins]

Plans generated organizations offline (the sample organization's regions, with N workload
accounts in every region), each in a fresh process, and prints stacks, resources, wall time,
peak RSS and planning time per stack.

options:
  --workloads a,b,..  the counts of workload accounts (default 1,2,5,10; each 1 to 50)
  --rounds N          how many times the whole series runs, interleaved (default 2; 1 to 5)
  --no-stand-ins      plan the stacks folder as it is: layers not built yet skip their dependents
                      (default: a stand-in returning the layer's contract fixture for each)
  -h, --help          this text`;

/** A topology with `workloads` workload accounts (`workload-01` ...), each in every baseline region. */
export function benchTopology(workloads: number, sample: string = fs.readFileSync(SAMPLE_TOPOLOGY, "utf8")): string {
    const doc = yaml.load(sample) as { accounts: { workloads: unknown[] } };
    doc.accounts.workloads = Array.from({ length: workloads }, (_, i) => {
        const name = `workload-${String(i + 1).padStart(2, "0")}`;
        return { name, id: String(400000000000 + i + 1), email: `aws+${name}@example.com` };
    });
    return yaml.dump(doc, { lineWidth: -1 });
}

export interface BenchRow {
    readonly round: number;
    readonly workloads: number;
    /** Stack instances of the topology, and how many of them the plan planned (not built or skipped: the rest). */
    readonly stacks: number;
    readonly planned: number;
    readonly resources: number;
    readonly wallMs: number;
    /** The planner's own time: the sum of each planned stack's planning time. */
    readonly planMs: number;
    readonly peakRssMb: number;
    readonly exitCode: number;
}

/** Writes the child's peak RSS (kilobytes on Linux, process.resourceUsage) when it exits. */
const RSS_PROBE = `process.on("exit", () => require("fs").writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`;

/**
 * A stacks folder for the benchmark: each built layer linked to the repository's, each layer not
 * built yet a stand-in project whose program returns the contract fixture of its stack's account
 * and region (and registers nothing). Returns the folder and the layers stood in.
 */
export function benchStacksDir(work: string, standIns: boolean): { dir: string; stoodIn: LayerName[] } {
    if (!standIns) return { dir: STACKS_DIR, stoodIn: [] };
    const dir = fs.mkdtempSync(path.join(work, "stacks-"));
    // Programs outside the repository resolve @pulumi/* and @baseline/lib through the repository's node_modules.
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const stoodIn: LayerName[] = [];
    for (const layer of LAYER_NAMES) {
        if (isBuilt(layer)) {
            fs.symlinkSync(path.join(STACKS_DIR, layer), path.join(dir, layer), "dir");
            continue;
        }
        stoodIn.push(layer);
        fs.mkdirSync(path.join(dir, layer));
        fs.writeFileSync(path.join(dir, layer, "Pulumi.yaml"), `name: ${LAYERS[layer].project}\nruntime: nodejs\n`);
        fs.writeFileSync(
            path.join(dir, layer, "index.ts"),
            [
                `// A benchmark's stand-in for the ${layer} layer, which is not built yet: its contract's fixture outputs.`,
                'import * as pulumi from "@pulumi/pulumi";',
                'import { DeployRegion, accountOfStack } from "@baseline/lib";',
                'import { contractFixture } from "@baseline/lib/src/testing/upstream";',
                "export = async () => {",
                '    const region = new pulumi.Config("aws").require("region") as DeployRegion;',
                `    return contractFixture(${JSON.stringify(layer)}, region, accountOfStack(pulumi.getStack())!.id);`,
                "};",
                "",
            ].join("\n"),
        );
    }
    return { dir, stoodIn };
}

/** Plans one generated topology in a fresh process. */
export function runOne(workloads: number, round: number, work: string, stacksDir: string = STACKS_DIR): BenchRow {
    const dir = fs.mkdtempSync(path.join(work, `w${workloads}-`));
    try {
        const topology = path.join(dir, "topology.yaml");
        fs.writeFileSync(topology, benchTopology(workloads));
        const probe = path.join(dir, "rss-probe.js");
        fs.writeFileSync(probe, RSS_PROBE);
        const rssFile = path.join(dir, "rss");
        const out = path.join(dir, "plan-out");
        const started = Date.now();
        const r = spawnSync(
            process.execPath,
            [
                "--require",
                probe,
                path.join(ROOT, "node_modules/ts-node/dist/bin.js"),
                "--transpile-only",
                "scripts/src/bench-org-child.ts",
                out,
                stacksDir,
            ],
            {
                cwd: ROOT,
                encoding: "utf8",
                env: { ...process.env, BASELINE_TOPOLOGY: topology, BENCH_RSS_FILE: rssFile },
                maxBuffer: 256 * 1024 * 1024,
            },
        );
        const wallMs = Date.now() - started;
        if (r.error) throw r.error;
        const summaryFile = path.join(out, "summary.json");
        if (!fs.existsSync(summaryFile)) {
            throw new Error(`the plan of ${workloads} workload account(s) wrote no summary (exit ${r.status}):\n${r.stderr}`);
        }
        const summary = JSON.parse(fs.readFileSync(summaryFile, "utf8")) as {
            stacks: { status: string; resources: number; durationMs: number }[];
        };
        const planned = summary.stacks.filter((s) => s.status === "planned");
        return {
            round,
            workloads,
            stacks: summary.stacks.length,
            planned: planned.length,
            resources: planned.reduce((a, s) => a + s.resources, 0),
            wallMs,
            planMs: planned.reduce((a, s) => a + s.durationMs, 0),
            peakRssMb: Math.round(Number(fs.readFileSync(rssFile, "utf8")) / 1024),
            exitCode: r.status ?? 1,
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export function formatRows(rows: readonly BenchRow[]): string {
    const lines = [
        "| round | workload accounts | stacks | planned | resources | wall s | plan s | ms per planned stack | peak RSS MB | exit |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ...rows.map(
            (r) =>
                `| ${r.round} | ${r.workloads} | ${r.stacks} | ${r.planned} | ${r.resources} | ${(r.wallMs / 1000).toFixed(1)} | ` +
                `${(r.planMs / 1000).toFixed(1)} | ${r.planned ? Math.round(r.planMs / r.planned) : "-"} | ${r.peakRssMb} | ${r.exitCode} |`,
        ),
    ];
    return lines.join("\n");
}

function parseCounts(text: string | undefined, flag: string, fallback: number[], max: number): number[] {
    if (text === undefined) return fallback;
    const items = text.split(",").map((s) => s.trim());
    const bad = items.filter((s) => !/^\d+$/.test(s) || Number(s) < 1 || Number(s) > max);
    if (bad.length > 0 || items.length === 0) {
        throw new UsageError(`${flag} takes whole numbers from 1 to ${max}, separated by commas; got "${text}"`);
    }
    return items.map(Number);
}

/** One count (--rounds is how many times the series runs: one number, not a list). */
function parseCount(text: string | undefined, flag: string, fallback: number, max: number): number {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text.trim()) || Number(text) < 1 || Number(text) > max) {
        throw new UsageError(`${flag} takes one whole number from 1 to ${max}; got "${text}"`);
    }
    return Number(text);
}

export function main(
    argv: readonly string[],
    log: (line: string) => void = console.log,
    /** Usage errors (exit 2), with the usage. */
    error: (line: string) => void = console.error,
): number {
    let workloads: number[];
    let rounds: number;
    let standIns: boolean;
    try {
        const { help, values } = parseCommandLine(argv, {
            workloads: { type: "string" },
            rounds: { type: "string" },
            "no-stand-ins": { type: "boolean" },
        });
        if (help) {
            log(USAGE);
            return 0;
        }
        workloads = parseCounts(values.workloads, "--workloads", [1, 2, 5, 10], 50);
        rounds = parseCount(values.rounds, "--rounds", 2, 5);
        standIns = values["no-stand-ins"] !== true;
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        error(`bench:org: ${e.message}\n\n${USAGE}`);
        return 2;
    }
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-org-"));
    const rows: BenchRow[] = [];
    let stoodIn: LayerName[] = [];
    try {
        const stacks = benchStacksDir(work, standIns);
        stoodIn = stacks.stoodIn;
        if (stoodIn.length > 0)
            log(`stand-ins (contract fixtures, no resources) for the layers not built yet: ${stoodIn.join(", ")}`);
        for (let round = 1; round <= rounds; round++) {
            for (const n of workloads) {
                const row = runOne(n, round, work, stacks.dir);
                rows.push(row);
                log(
                    `round ${round}: ${n} workload account(s): ${row.planned}/${row.stacks} stacks planned, ${row.resources} resources, ` +
                        `${(row.wallMs / 1000).toFixed(1)} s wall, ${row.peakRssMb} MB peak RSS`,
                );
            }
        }
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
    log("");
    log(formatRows(rows));
    log("");
    log(
        `(${os.cpus().length} CPU(s), load average ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(" ")}; planned: the stacks whose layers are built and whose upstreams planned` +
            (stoodIn.length > 0 ? `, stand-ins for ${stoodIn.join(", ")} included` : "") +
            ")",
    );
    return 0;
}

if (require.main === module) process.exit(main(process.argv.slice(2)));
