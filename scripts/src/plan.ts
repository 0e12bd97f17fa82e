/**
 * `npm run plan [-- --out DIR] [-- --stack layer/stack ...]`
 *
 * The main job on a machine without a cloud account: plans every stack instance
 * under the mock runtime in dependency order, checks the plans against the
 * policy pack, and writes one preview-shaped JSON file per stack, a summary and
 * the layer graph. Exits non-zero on any failed stack or mandatory violation.
 */
import * as fs from "fs";
import * as path from "path";
import {
    ACCOUNTS,
    LAYERS,
    LAYER_NAMES,
    ORGANIZATION_MODE,
    PlanFile,
    REGIONS,
    activeLayers,
    allInstances,
    layersMermaid,
    upstreamLayersOf,
    wrapText,
} from "@baseline/lib";
import { describeFailure } from "@baseline/lib/src/testing";
import { UsageError, parseCommandLine, shownPath } from "./cli";
import { StackPlanResult, parseTarget, planStacks } from "./planner";
import { PLAN_FLAGS, clearPlanOutputs, planOutDir } from "./planOutputs";
import { PlanVerdict, failureReasons } from "./planVerdict";
import { PolicyOutcome, evaluatePolicies } from "./policyBridge";
import { formatReportText } from "./reportText";
import { costMarkdown } from "./cost/estimate";
import { reportInput } from "./report/build";
import { renderReport } from "./report/html";

export const USAGE = `usage: npm run plan -- [--out DIR] [--stack layer/stack ...] [--rehearsal]

Plans every stack offline under the mock runtime (or each --stack with its
upstreams) and checks the plans against the policy pack.

options:
  --out DIR            folder for the plan files and summaries (default plan-out/); the
                       plan files and summaries of an earlier run there are removed first
  --stack layer/stack  plan this stack and its upstreams (repeatable), e.g. network/production-eu-central-1
  --rehearsal          plan every stack that sets an irreversible lock in rehearsal mode (deploymentMode=rehearsal),
                       as \`npm run deploy -- up --rehearsal\` deploys it
  -h, --help           this text`;

interface Args {
    out: string;
    targets: string[];
    rehearsal: boolean;
}

export function parseArgs(argv: readonly string[]): Args | "help" {
    const { help, values } = parseCommandLine(argv, PLAN_FLAGS);
    if (help) return "help";
    const targets = values.stack ?? [];
    for (const t of targets) {
        try {
            parseTarget(t);
        } catch (e) {
            throw new UsageError(`--stack: ${(e as Error).message}`);
        }
    }
    return {
        out: planOutDir(values.out),
        targets,
        rehearsal: values.rehearsal === true,
    };
}

/** File systems where nothing can be written (writing there hangs or fails late). */
const PSEUDO_FILE_SYSTEMS = ["/proc", "/sys"];

/**
 * Makes sure `--out` is, or can become, a folder this command can write to,
 * before anything is planned. Bounded: it walks up the path once, creates each
 * missing folder on its own (`mkdirSync({ recursive: true })` spins for ever
 * under /proc, where mkdir answers ENOENT for a parent that exists), and writes
 * one probe file.
 */
export function prepareOutDir(dir: string, shown: string = dir): void {
    const fail = (why: string): never => {
        throw new UsageError(`--out ${shown}: ${why}`);
    };
    const abs = path.resolve(dir);
    if (PSEUDO_FILE_SYSTEMS.some((p) => abs === p || abs.startsWith(`${p}/`))) {
        fail(
            `${abs} is inside ${abs.split("/").slice(0, 2).join("/")}, a kernel file system where no files can be written: choose a folder on disk`,
        );
    }
    const missing: string[] = [];
    for (let cur = abs; ; cur = path.dirname(cur)) {
        const link = lstat(cur, fail);
        if (link) {
            const target = link.isSymbolicLink() ? fs.statSync(cur, { throwIfNoEntry: false }) : link;
            if (!target) fail(`${cur} is a link to ${fs.readlinkSync(cur)}, which does not exist`);
            else if (!target.isDirectory()) fail(`${cur} is ${link.isSymbolicLink() ? "a link to " : ""}a file, not a folder`);
            break;
        }
        missing.unshift(cur);
        if (path.dirname(cur) === cur) break;
    }
    for (const m of missing) {
        try {
            fs.mkdirSync(m);
        } catch (e) {
            fail(`cannot create the folder ${m} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
    }
    const probe = path.join(abs, `.plan-write-check-${process.pid}`);
    try {
        fs.writeFileSync(probe, "");
        fs.unlinkSync(probe);
    } catch (e) {
        fail(`cannot write in ${abs} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
}

/** lstat that reads "a file on the way" (ENOTDIR) as not there, so the walk reaches that file and names it. */
function lstat(p: string, fail: (why: string) => never): fs.Stats | undefined {
    try {
        return fs.lstatSync(p, { throwIfNoEntry: false });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOTDIR") return undefined;
        return fail(`cannot read ${p} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
}

/**
 * Removes what an earlier run wrote to `dir` (plan files of the baseline's
 * projects and the summaries), so a failed run never leaves stale plans that
 * `npm run analyze` would pass. Other files are left alone.
 */
export function clearOutputs(dir: string): string[] {
    return clearPlanOutputs(
        dir,
        LAYER_NAMES.map((l) => LAYERS[l].project),
    );
}

function pad(s: string, n: number): string {
    return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function countByType(plan: PlanFile): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of plan.steps) counts[s.newState.type] = (counts[s.newState.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/** Resources the stack creates or updates (what the pack evaluates) and the StackReferences it reads. */
function counts(r: StackPlanResult): { resources: number; stackReferences: number } {
    const steps = r.plan?.steps ?? [];
    const stackReferences = steps.filter((s) => s.op === "read").length;
    return { resources: steps.length - stackReferences, stackReferences };
}

/** The stack's deployment mode for the tables: `-` where the layer sets nothing irreversible. */
function modeOf(r: StackPlanResult): string {
    return r.deploymentMode ?? "-";
}

/** One line that says which stacks run in rehearsal mode, or that none does. */
export function deploymentModeLine(results: readonly StackPlanResult[], width = 100): string {
    const rehearsal = results.filter((r) => r.deploymentMode === "rehearsal").map(stackId);
    const production = results.filter((r) => r.deploymentMode === "production").map(stackId);
    if (rehearsal.length === 0) {
        return `deployment mode: production (${production.length} stack(s) set irreversible locks: S3 Object Lock COMPLIANCE, Backup Vault Lock compliance mode)`;
    }
    return wrapText(
        `deployment mode: REHEARSAL in ${rehearsal.length} stack(s) (${rehearsal.join(", ")}): S3 Object Lock GOVERNANCE, ` +
            "Backup Vault Lock in governance mode, both removable; deploy such stacks only to a sandbox account" +
            (production.length ? `; production in ${production.join(", ")}` : ""),
        width,
        "  ",
    );
}

function stackId(r: StackPlanResult): string {
    return `${r.instance.layer}/${r.instance.stack}`;
}

export function verdict(results: readonly StackPlanResult[], policy: PolicyOutcome): PlanVerdict {
    const failed = results.filter((r) => r.status === "failed").map(stackId);
    const skipped = results.filter((r) => r.status === "skipped").map(stackId);
    const ok = failed.length === 0 && skipped.length === 0 && policy.passed;
    return { status: ok ? "passed" : "failed", failed, skipped, mandatory: policy.report.counts.mandatory };
}

/** The last line: says plainly whether the run failed and which stacks. */
export function verdictLine(v: PlanVerdict, planned: number, resources: number, seconds: string): string {
    if (v.status === "passed") {
        return `plan PASSED: ${planned} stack(s) planned, ${resources} resource(s), 0 mandatory policy violations, in ${seconds} s`;
    }
    return wrapText(`plan FAILED: ${failureReasons(v).join("; ")}`, 100, "  ");
}

/** Organization mode: the results of each account, accounts in topology order (empty for a single account). */
export function byAccount(
    results: readonly StackPlanResult[],
): { account: string; id: string; kind: string; results: StackPlanResult[] }[] {
    return ACCOUNTS.map((a) => ({
        account: a.name,
        id: a.id,
        kind: a.kind,
        results: results.filter((r) => r.instance.account === a.name),
    })).filter((g) => g.results.length > 0);
}

function summaryMarkdown(
    results: readonly StackPlanResult[],
    notBuilt: readonly string[],
    policy: PolicyOutcome,
    v: PlanVerdict,
    ms: number,
    derivedFrom: string | undefined,
): string {
    const lines = [
        "# Offline plan",
        "",
        `**${v.status === "passed" ? "PASSED" : "FAILED"}**: ${results.filter((r) => r.status === "planned").length} of ${results.length} stack instances planned in ${(ms / 1000).toFixed(1)} s` +
            (v.failed.length ? `; failed: ${v.failed.join(", ")}` : "") +
            (v.skipped.length ? `; skipped: ${v.skipped.join(", ")}` : "") +
            ".",
        "",
        "Resources are what each stack creates (the policy pack evaluates exactly these); stack references are the upstream stacks it reads.",
        "",
        deploymentModeLine(results, Infinity) + ". Mode `-`: the layer sets nothing irreversible.",
        "",
    ];
    if (derivedFrom)
        lines.push(
            `Stack files derived from ${derivedFrom}: a stack without a file on disk planned with what \`npm run stacks\` would write for it.`,
            "",
        );
    const table = (rows: readonly StackPlanResult[]): string[] => [
        "| layer | stack | region | mode | status | resources | stack references | ms |",
        "|---|---|---|---|---|---:|---:|---:|",
        ...rows.map((r) => {
            const n = counts(r);
            return `| ${r.instance.layer} | ${r.instance.stack} | ${r.instance.region} | ${modeOf(r)} | ${r.status}${r.error ? `: ${r.error.split("\n")[0]}` : ""} | ${n.resources} | ${n.stackReferences} | ${r.durationMs} |`;
        }),
        "",
    ];
    if (!ORGANIZATION_MODE) lines.push(...table(results));
    for (const group of byAccount(results)) {
        const n = group.results.reduce((a, r) => a + counts(r).resources, 0);
        lines.push(
            `### Account ${group.account} (${group.id}, ${group.kind}): ${group.results.length} stack(s), ${n} resource(s)`,
            "",
        );
        lines.push(...table(group.results));
    }
    if (notBuilt.length > 0) lines.push(`Not built yet: ${notBuilt.join(", ")}.`, "");
    lines.push("## Resources per type", "");
    for (const r of results) {
        if (!r.plan) continue;
        lines.push(`### ${r.plan.project}/${r.plan.stack}`, "", "| type | count |", "|---|---:|");
        for (const [t, n] of Object.entries(countByType(r.plan))) lines.push(`| \`${t}\` | ${n} |`);
        lines.push("");
    }
    lines.push("## Policy pack", "", policy.markdown, "");
    return lines.join("\n");
}

export interface PlanIo {
    readonly log: (line: string) => void;
    readonly error: (line: string) => void;
}

const CONSOLE: PlanIo = { log: (l) => console.log(l), error: (l) => console.error(l) };

/** Runs the command; returns its exit code (0 passed, 1 failed stacks or violations, 2 bad arguments). */
export async function main(
    argv: readonly string[],
    io: PlanIo = CONSOLE,
    /** Tests point the planner at a copy of the stacks folder. */
    opts: { stacksDir?: string } = {},
): Promise<number> {
    let args: Args;
    try {
        const parsed = parseArgs(argv);
        if (parsed === "help") {
            io.log(USAGE);
            return 0;
        }
        args = parsed;
        prepareOutDir(args.out, shownPath(args.out));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        io.error(`${wrapText(`plan: ${e.message}`, 100, "  ")}\n\n${USAGE}`);
        return 2;
    }
    const shownOut = shownPath(args.out);
    const removed = clearOutputs(args.out);
    const started = Date.now();
    io.log(
        `planning ${args.targets.length ? args.targets.join(", ") + " with upstreams" : "every stack"} offline (mock runtime)` +
            (args.rehearsal ? " in rehearsal mode" : ""),
    );
    if (removed.length > 0) io.log(`removed ${removed.length} file(s) of an earlier run from ${shownOut}`);
    // Wide enough for the longest stack name of the graph, so the progress lines line up.
    const width = Math.max(...allInstances(REGIONS).map((i) => i.layer.length + 1 + i.stack.length));
    const run = await planStacks({
        targets: args.targets,
        ...(args.rehearsal ? { deploymentMode: "rehearsal" as const } : {}),
        ...(opts.stacksDir ? { stacksDir: opts.stacksDir } : {}),
        onStack: (r) => {
            const detail =
                r.status === "planned"
                    ? `${counts(r).resources} resources, ${r.durationMs} ms`
                    : (r.error ?? "")
                          .split("\n")
                          .map((l) => wrapText(l, 110, "          "))
                          .join("\n      ");
            io.log(`  ${pad(r.status, 8)} ${pad(stackId(r), width)} ${detail}`);
        },
    });
    for (const plan of run.plans) {
        fs.writeFileSync(path.join(args.out, `${plan.project}.${plan.stack}.json`), JSON.stringify(plan, null, 2) + "\n");
    }
    const policy = evaluatePolicies(run.plans);
    const ms = Date.now() - started;
    const v = verdict(run.results, policy);
    fs.writeFileSync(path.join(args.out, "layers.mmd"), layersMermaid());
    // The run's verdict, not only the pack's: a failed or skipped stack fails the report too.
    const report = reportInput(run.plans, policy.report, undefined, failureReasons(v));
    fs.writeFileSync(
        path.join(args.out, "summary.md"),
        summaryMarkdown(run.results, run.notBuilt, policy, v, ms, run.derivedFrom && shownPath(run.derivedFrom)) +
            "\n" +
            costMarkdown(report.cost),
    );
    fs.writeFileSync(path.join(args.out, "report.html"), renderReport(report));
    const summary = {
        status: v.status,
        failed: v.failed,
        skipped: v.skipped,
        durationMs: ms,
        stacks: run.results.map((r) => ({
            layer: r.instance.layer,
            project: r.instance.project,
            stack: r.instance.stack,
            region: r.instance.region,
            ...(r.instance.account ? { account: r.instance.account } : {}),
            status: r.status,
            ...(r.deploymentMode ? { deploymentMode: r.deploymentMode } : {}),
            error: r.error,
            ...counts(r),
            byType: r.plan ? countByType(r.plan) : {},
            durationMs: r.durationMs,
        })),
        notBuilt: run.notBuilt,
        ...(run.derivedFrom ? { stackFilesDerivedFrom: shownPath(run.derivedFrom) } : {}),
        ...(ORGANIZATION_MODE
            ? { accounts: ACCOUNTS.map((a) => ({ name: a.name, id: a.id, kind: a.kind, regions: a.regions })) }
            : {}),
        layers: activeLayers().map((l) => ({ layer: l, project: LAYERS[l].project, dependsOn: upstreamLayersOf(l) })),
        policy: policy.report,
        cost: {
            monthlyUsd: report.cost.monthlyUsd,
            stacks: report.cost.stacks.map((c) => ({ stack: c.stack, monthlyUsd: c.monthlyUsd })),
        },
    };
    fs.writeFileSync(path.join(args.out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");

    const names = run.results.map((r) => `${r.instance.project}/${r.instance.stack}`);
    const col = Math.max(5, ...names.map((n) => n.length)) + 1;
    const totals = run.results.reduce(
        (a, r) => ({ resources: a.resources + counts(r).resources, refs: a.refs + counts(r).stackReferences }),
        { resources: 0, refs: 0 },
    );
    io.log("");
    io.log(`${pad("stack", col)} ${pad("status", 8)} ${pad("mode", 10)} resources  stack refs`);
    const row = (r: StackPlanResult): void => {
        const n = counts(r);
        const planned = r.status === "planned";
        io.log(
            `${pad(`${r.instance.project}/${r.instance.stack}`, col)} ${pad(r.status, 8)} ${pad(modeOf(r), 10)} ${pad(planned ? String(n.resources) : "-", 10)} ${planned ? n.stackReferences : "-"}`,
        );
    };
    if (!ORGANIZATION_MODE) run.results.forEach(row);
    for (const group of byAccount(run.results)) {
        io.log(`account ${group.account} (${group.id}, ${group.kind})`);
        group.results.forEach(row);
    }
    io.log(`${pad("total", col)} ${pad("", 8)} ${pad("", 10)} ${pad(String(totals.resources), 10)} ${totals.refs}`);
    io.log(
        "(resources: what the stacks create, all evaluated by the pack; stack refs: upstream stacks read, not resources;" +
            " mode -: the layer sets nothing irreversible)",
    );
    io.log(deploymentModeLine(run.results));
    if (run.notBuilt.length > 0) io.log(`not built yet: ${run.notBuilt.join(", ")}`);
    if (run.derivedFrom)
        io.log(
            `stack files derived from ${shownPath(run.derivedFrom)} (a stack without a file on disk: what npm run stacks would write)`,
        );
    io.log("");
    io.log(formatReportText(policy.report));
    if (v.failed.length + v.skipped.length > 0) {
        io.log(`(the pack judged only the ${run.plans.length} stack(s) that planned; the run failed, see below)`);
    }
    io.log("");
    io.log(
        `wrote ${run.plans.length} plan files, summary.md (with the policy table and the cost estimate), summary.json, layers.mmd and report.html to ${shownOut}`,
    );
    io.log(verdictLine(v, run.plans.length, totals.resources, (ms / 1000).toFixed(1)));
    return v.status === "passed" ? 0 : 1;
}

/** Runs the command in this process and exits with its code (npm run plan, through plan-command.ts). */
export function runCommand(argv: readonly string[]): void {
    main(argv).then(
        (code) => process.exit(code),
        (err: unknown) => {
            console.error(`plan FAILED: ${describeFailure(err)}`);
            process.exit(1);
        },
    );
}

if (require.main === module) runCommand(process.argv.slice(2));
