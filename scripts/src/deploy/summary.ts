/**
 * The table printed at the end of a deploy: one row per stack with its
 * operation, result, resource changes and duration, then the errors in full.
 */
import { ChangeCounts, StepResult, firstLine } from "./orchestrator";

/** Change kinds in the order a reader cares about; `same` last. */
const CHANGE_ORDER = ["create", "update", "replace", "delete", "import", "read", "refresh", "same"];

export function formatChanges(changes: ChangeCounts | undefined): string {
    if (!changes) return "-";
    const entries = Object.entries(changes).filter((e): e is [string, number] => typeof e[1] === "number" && e[1] > 0);
    if (entries.length === 0) return "no resources";
    const rank = (k: string): number => (CHANGE_ORDER.includes(k) ? CHANGE_ORDER.indexOf(k) : CHANGE_ORDER.length - 1);
    return entries
        .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
        .map(([k, n]) => `${n} ${k}`)
        .join(", ");
}

export function formatDuration(ms: number): string {
    if (ms < 1000) return `${ms}ms`;
    const s = Math.round(ms / 1000);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

function resultText(r: StepResult): string {
    switch (r.status) {
        case "succeeded":
            return "succeeded";
        case "failed":
            return `FAILED: ${truncate(firstLine(r.error ?? ""), 60)}`;
        case "skipped":
            return `skipped (${r.reason})`;
    }
}

function truncate(s: string, n: number): string {
    return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

export function formatSummary(results: readonly StepResult[]): string {
    const rows = results.map((r) => [
        r.step.id,
        r.step.op,
        resultText(r),
        r.status === "succeeded" ? formatChanges(r.changes) : "-",
        r.status === "skipped" ? "-" : formatDuration(r.durationMs),
    ]);
    const header = ["stack", "operation", "result", "changes", "duration"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]): string =>
        cells
            .map((c, i) => c.padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    const count = (s: StepResult["status"]): number => results.filter((r) => r.status === s).length;
    const out = [
        line(header),
        line(widths.map((w) => "-".repeat(w))),
        ...rows.map(line),
        "",
        `${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped`,
    ];
    const failed = results.filter((r) => r.status === "failed");
    for (const r of failed) {
        out.push("", `${r.step.id} ${r.step.op} failed:`, ...lastLines(r.error ?? "", 30).map((l) => `  ${l}`));
    }
    out.push("", verdictLine(results));
    return out.join("\n") + "\n";
}

/**
 * The last line of a deploy: after the error tails above, a reader (or a CI log)
 * sees at once whether the run failed and which stacks.
 */
export function verdictLine(results: readonly StepResult[]): string {
    const op = results[0]?.step.op ?? "deploy";
    const ids = (s: StepResult["status"]) => results.filter((r) => r.status === s).map((r) => r.step.id);
    const [failed, skipped] = [ids("failed"), ids("skipped")];
    if (failed.length === 0 && skipped.length === 0) return `deploy ${op} succeeded: ${results.length} stack(s)`;
    const parts = [
        ...(failed.length ? [`${failed.length} failed (${failed.join(", ")})`] : []),
        ...(skipped.length ? [`${skipped.length} skipped (${skipped.join(", ")})`] : []),
    ];
    return `deploy ${op} FAILED: ${parts.join("; ")}`;
}

function lastLines(text: string, n: number): string[] {
    const lines = text.trimEnd().split("\n");
    return lines.length <= n ? lines : ["…", ...lines.slice(-n)];
}

/** 0 when every stack succeeded; 1 otherwise (a skipped stack is not done). */
export function exitCode(results: readonly StepResult[]): number {
    return results.every((r) => r.status === "succeeded") ? 0 : 1;
}
