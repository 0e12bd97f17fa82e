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
import { LAYERS, PlanFile, layerOrder, layersMermaid } from "@baseline/lib";
import { describeFailure } from "@baseline/lib/src/testing";
import { REPO_ROOT, StackPlanResult, planStacks } from "./planner";
import { PolicyOutcome, evaluatePolicies } from "./policyBridge";

interface Args {
    out: string;
    targets: string[];
}

export function parseArgs(argv: readonly string[]): Args {
    const args: Args = { out: path.join(REPO_ROOT, "plan-out"), targets: [] };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined || v.startsWith("--")) throw new Error(`${a} needs a value`);
            return v;
        };
        if (a === "--out") args.out = path.resolve(value());
        else if (a === "--stack") args.targets.push(value());
        else if (a === "--help" || a === "-h") {
            console.log("usage: npm run plan [-- --out DIR] [--stack layer/stack ...]");
            process.exit(0);
        } else throw new Error(`unknown argument ${a}: expected --out DIR or --stack layer/stack`);
    }
    return args;
}

function pad(s: string, n: number): string {
    return s.length >= n ? s : s + " ".repeat(n - s.length);
}

function countByType(plan: PlanFile): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const s of plan.steps) counts[s.newState.type] = (counts[s.newState.type] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

function summaryMarkdown(
    results: readonly StackPlanResult[],
    notBuilt: readonly string[],
    policy: PolicyOutcome,
    ms: number,
): string {
    const lines = [
        "# Offline plan",
        "",
        `${results.filter((r) => r.status === "planned").length} of ${results.length} stack instances planned in ${(ms / 1000).toFixed(1)} s.`,
        "",
        "| layer | stack | region | status | resources | ms |",
        "|---|---|---|---|---:|---:|",
        ...results.map(
            (r) =>
                `| ${r.instance.layer} | ${r.instance.stack} | ${r.instance.region} | ${r.status}${r.error ? `: ${r.error.split("\n")[0]}` : ""} | ${r.plan?.steps.length ?? 0} | ${r.durationMs} |`,
        ),
        "",
    ];
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

export async function main(argv: readonly string[]): Promise<number> {
    const args = parseArgs(argv);
    const started = Date.now();
    fs.mkdirSync(args.out, { recursive: true });
    console.log(
        `planning ${args.targets.length ? args.targets.join(", ") + " with upstreams" : "every stack"} offline (mock runtime)`,
    );
    const run = await planStacks({
        targets: args.targets,
        onStack: (r) => {
            const name = pad(`${r.instance.layer}/${r.instance.stack}`, 34);
            const detail =
                r.status === "planned"
                    ? `${r.plan!.steps.length} resources, ${r.durationMs} ms`
                    : (r.error ?? "").split("\n").join("\n      ");
            console.log(`  ${pad(r.status, 8)} ${name} ${detail}`);
        },
    });
    for (const plan of run.plans) {
        fs.writeFileSync(path.join(args.out, `${plan.project}.${plan.stack}.json`), JSON.stringify(plan, null, 2) + "\n");
    }
    const policy = evaluatePolicies(run.plans);
    const ms = Date.now() - started;
    fs.writeFileSync(path.join(args.out, "layers.mmd"), layersMermaid());
    fs.writeFileSync(path.join(args.out, "summary.md"), summaryMarkdown(run.results, run.notBuilt, policy, ms));
    const summary = {
        durationMs: ms,
        stacks: run.results.map((r) => ({
            layer: r.instance.layer,
            project: r.instance.project,
            stack: r.instance.stack,
            region: r.instance.region,
            status: r.status,
            error: r.error,
            resources: r.plan?.steps.length ?? 0,
            byType: r.plan ? countByType(r.plan) : {},
            durationMs: r.durationMs,
        })),
        notBuilt: run.notBuilt,
        layers: layerOrder().map((l) => ({ layer: l, project: LAYERS[l].project, dependsOn: LAYERS[l].dependsOn })),
        policy: policy.report,
    };
    fs.writeFileSync(path.join(args.out, "summary.json"), JSON.stringify(summary, null, 2) + "\n");

    console.log("");
    console.log(`${pad("stack", 40)} ${pad("status", 8)} resources`);
    for (const r of run.results) {
        console.log(`${pad(`${r.instance.project}/${r.instance.stack}`, 40)} ${pad(r.status, 8)} ${r.plan?.steps.length ?? "-"}`);
    }
    if (run.notBuilt.length > 0) console.log(`not built yet: ${run.notBuilt.join(", ")}`);
    console.log("");
    console.log(policy.markdown);
    console.log(
        `wrote ${run.plans.length} plan files, summary.md, summary.json and layers.mmd to ${path.relative(process.cwd(), args.out) || "."}`,
    );
    console.log(`planned in ${(ms / 1000).toFixed(1)} s`);
    return run.ok && policy.passed ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            console.error(describeFailure(err));
            process.exit(1);
        },
    );
}
