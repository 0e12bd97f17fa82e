/**
 * `npm run pr-comment -- --preview preview.json --plan plan-out/summary.json --out comment.md`:
 * the one pull-request comment a reviewer reads. It summarises the engine's
 * preview per layer (from `npm run deploy -- preview --summary-json`) and the
 * policy pack's findings on the same commit (from `npm run plan`'s
 * summary.json: the offline evaluation of the same pack, whose findings the
 * engine-level run shows equal to the engine's). The workflow updates one
 * comment in place, found by the marker on its first line.
 */
import * as fs from "fs";
import type { PolicyReport, Violation } from "@baseline/policy-pack/src/offline";
import { checkOutputFile, parseCommandLine, UsageError } from "./cli";
import type { ResultsJson } from "./deploy/summary";
import { formatChanges } from "./deploy/summary";
import { usd } from "./cost/estimate";

/** The first line of the comment: how the workflow finds the comment to update. */
export const COMMENT_MARKER = "<!-- aws-secure-baseline: pull-request preview -->";

export const USAGE = `usage: npm run pr-comment -- --preview PREVIEW.json|--no-preview --plan SUMMARY.json [--out COMMENT.md]

  --preview F   the per-stack results of npm run deploy -- preview --summary-json F (must exist)
  --no-preview  no preview results to show: the comment says nothing was previewed (the workflow
                passes it when the preview stopped before any stack ran and wrote no results)
  --plan F      summary.json of npm run plan (the policy pack's findings)
  --out F       write the comment there (default: standard output)`;

interface PlanSummary {
    readonly status: string;
    readonly policy?: PolicyReport;
    /** The monthly cost estimate of the planned stacks (scripts/src/cost). */
    readonly cost?: { readonly monthlyUsd: number; readonly stacks: readonly { stack: string; monthlyUsd: number }[] };
}

export function renderComment(preview: ResultsJson | undefined, plan: PlanSummary): string {
    const lines = [COMMENT_MARKER, "## Preview of this change", ""];
    if (!preview) {
        lines.push("Nothing was previewed: the preview stopped before any stack ran and wrote no results (see the job log).", "");
    } else {
        lines.push(`\`${preview.verdict}\``, "");
        const layers = [...new Set(preview.stacks.map((s) => s.layer))];
        lines.push("| layer | stack | region | result | changes |", "|---|---|---|---|---|");
        for (const layer of layers) {
            for (const s of preview.stacks.filter((x) => x.layer === layer)) {
                const result =
                    s.status === "failed"
                        ? `**failed**: ${escape(s.error ?? "")}`
                        : s.status === "skipped"
                          ? `skipped (${escape(s.reason ?? "")})`
                          : s.status;
                lines.push(
                    `| ${layer} | ${s.stack} | ${s.region} | ${result} | ${s.status === "succeeded" ? formatChanges(s.changes) : "-"} |`,
                );
            }
        }
        lines.push("");
    }
    if (plan.cost) {
        lines.push(
            "## Monthly cost estimate",
            "",
            `**${usd(plan.cost.monthlyUsd)} a month** at list prices for the default configuration (the plan report and summary.md list each item, its price and the levers).`,
            "",
            `<details><summary>per stack</summary>`,
            "",
            "| stack | USD / month |",
            "|---|---:|",
            ...plan.cost.stacks.map((c) => `| ${c.stack} | ${usd(c.monthlyUsd)} |`),
            "",
            "</details>",
            "",
        );
    }
    const policy = plan.policy;
    lines.push("## Policy pack");
    if (!policy) {
        lines.push(
            "",
            `The offline plan ${plan.status === "failed" ? "FAILED before" : "did not reach"} the policy evaluation: see the job log.`,
        );
        return lines.join("\n") + "\n";
    }
    lines.push(
        "",
        `**${policy.passed ? "passed" : "FAILED"}**: ${policy.counts.mandatory} mandatory and ${policy.counts.advisory} advisory finding(s) over ${policy.counts.stacks} stacks and ${policy.counts.resources} resources.`,
    );
    const mandatory = policy.violations.filter((v) => v.enforcementLevel === "mandatory");
    if (mandatory.length > 0) {
        lines.push("", "| policy | stack | resource | finding |", "|---|---|---|---|");
        for (const v of mandatory) lines.push(findingRow(v));
    }
    const advisory = policy.violations.filter((v) => v.enforcementLevel === "advisory");
    if (advisory.length > 0) {
        const byPolicy = new Map<string, number>();
        for (const v of advisory) byPolicy.set(v.policyName, (byPolicy.get(v.policyName) ?? 0) + 1);
        lines.push(
            "",
            `<details><summary>${advisory.length} advisory finding(s)</summary>`,
            "",
            "| policy | findings |",
            "|---|---:|",
        );
        for (const [name, n] of [...byPolicy].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])))
            lines.push(`| ${name} | ${n} |`);
        lines.push("", "</details>");
    }
    return lines.join("\n") + "\n";
}

function findingRow(v: Violation): string {
    const resource = v.urn ? v.urn.split("::").pop() : "(stack)";
    return `| ${v.policyName} | ${v.stack} | ${escape(resource ?? "")} | ${escape(v.message)} |`;
}

/** Table cells hold one line, and a pipe would end the cell. */
function escape(text: string): string {
    return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function readJson(file: string, what: string): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(
            `${what} ${file} ${code === "ENOENT" ? "does not exist" : `cannot be read (${(e as Error).message})`}` +
                (what === "--preview" ? "; pass --no-preview when there are no preview results" : ""),
        );
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new UsageError(`${what} ${file} is not JSON: ${(e as Error).message}`);
    }
}

export function main(argv: readonly string[]): { code: number; out?: string; err?: string } {
    try {
        const parsed = parseCommandLine(argv, {
            preview: { type: "string" },
            "no-preview": { type: "boolean" },
            plan: { type: "string" },
            out: { type: "string" },
        });
        if (parsed.help) return { code: 0, out: `${USAGE}\n` };
        const v = parsed.values;
        // Saying that nothing was previewed takes a flag: a --preview file that is not there is an error, never "nothing to show".
        if (v.preview !== undefined && v["no-preview"]) throw new UsageError("--preview and --no-preview together: give one");
        if (v.preview === undefined && !v["no-preview"])
            throw new UsageError("--preview F (the preview's --summary-json) or --no-preview is required");
        if (!v.plan) throw new UsageError("--plan is required (summary.json of npm run plan)");
        const out = v.out !== undefined ? checkOutputFile("--out", v.out) : undefined;
        const preview = v.preview !== undefined ? (readJson(v.preview, "--preview") as ResultsJson) : undefined;
        if (preview && !Array.isArray(preview.stacks))
            throw new UsageError(`--preview ${v.preview} is not the output of deploy --summary-json`);
        const plan = readJson(v.plan, "--plan") as PlanSummary;
        if (typeof plan?.status !== "string") throw new UsageError(`--plan ${v.plan} is not a summary.json of npm run plan`);
        const comment = renderComment(preview, plan);
        if (out) {
            fs.writeFileSync(out, comment);
            return { code: 0 };
        }
        return { code: 0, out: comment };
    } catch (e) {
        if (e instanceof UsageError) return { code: 2, err: `pr-comment: ${e.message}\n\n${USAGE}\n` };
        throw e;
    }
}

if (require.main === module) {
    const r = main(process.argv.slice(2));
    if (r.out) process.stdout.write(r.out);
    if (r.err) process.stderr.write(r.err);
    process.exitCode = r.code;
}
