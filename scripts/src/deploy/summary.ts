/**
 * The table printed at the end of a deploy: one row per stack with its
 * operation, result, resource changes and duration, then the errors in full.
 */
import * as path from "path";
import { ChangeCounts, NOT_STARTED, StepResult, firstLine } from "./orchestrator";

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
            return r.step.op === "drift" ? "no drift" : r.absent ? "nothing to destroy: no such stack" : "succeeded";
        case "failed":
            return lockOf(r.error ?? "") ? "FAILED: stack is locked" : `FAILED: ${truncate(firstLine(r.error ?? ""), 60)}`;
        case "skipped":
            return `skipped (${r.reason})`;
        case "interrupted":
            return "INTERRUPTED";
        case "drifted":
            return `DRIFT in ${r.drift?.length ?? 0} resource(s)`;
    }
}

/** Who holds a stack's lock, as the CLI reports it. */
export interface LockHolder {
    /** The lock file (file or object-store backends). */
    readonly lockFile: string;
    readonly holder: string;
    readonly pid: string;
    readonly since: string;
}

/**
 * Whether an error is the backend refusing a second update of a locked stack
 * (the Automation API's ConcurrentUpdateError: `the stack is currently locked by`
 * on a file or object-store backend, `[409] Conflict: Another update is currently
 * in progress.` on Pulumi Cloud), and who holds the lock where the CLI says.
 */
export function lockOf(error: string): { readonly cloud: boolean; readonly holders: readonly LockHolder[] } | undefined {
    const cloud = error.includes("Another update is currently in progress");
    if (!cloud && !error.includes("the stack is currently locked by")) return undefined;
    const holders = [...error.matchAll(/(\S+\.json): created by (\S+) \(pid (\d+)\) at (\S+)/g)].map((m) => ({
        lockFile: m[1],
        holder: m[2],
        pid: m[3],
        since: m[4],
    }));
    return { cloud, holders };
}

/** What to do about a locked stack: wait and rerun, or cancel a lock whose holder is gone. */
export function lockAdvice(r: StepResult): string[] {
    const lock = lockOf(r.error ?? "");
    if (!lock) return [];
    const dir = path.join("stacks", r.step.instance.layer);
    const who = lock.cloud
        ? "another update runs in Pulumi Cloud (its Activity tab names who started it)"
        : lock.holders.length > 0
          ? lock.holders.map((h) => `${h.holder} (pid ${h.pid}) since ${h.since}, lock file ${h.lockFile}`).join("; ")
          : "another update (the CLI did not say who)";
    return [
        `${r.step.id} is locked: held by ${who}.`,
        `  If that update is still running, wait for it to end and run this command again.`,
        `  If it is not (the process is gone, the CI job was killed), release the lock and run this command again:`,
        `    cd ${dir} && pulumi cancel --stack ${r.step.stackName} --yes`,
        `  then check the stack for pending operations: cd ${dir} && pulumi refresh --stack ${r.step.stackName}`,
    ];
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
    const extra = (["interrupted", "drifted"] as const).filter((s) => count(s) > 0).map((s) => `, ${count(s)} ${s}`);
    const out = [
        line(header),
        line(widths.map((w) => "-".repeat(w))),
        ...rows.map(line),
        "",
        `${count("succeeded")} succeeded, ${count("failed")} failed, ${count("skipped")} skipped${extra.join("")}`,
    ];
    for (const r of results.filter((x) => x.status === "drifted")) {
        out.push("", `${r.step.id} differs from its state (changed outside Pulumi):`);
        for (const d of r.drift ?? []) out.push(`  ${d.op} ${d.urn}${d.keys.length ? `: ${d.keys.join(", ")}` : ""}`);
    }
    for (const r of results.filter((x) => x.status === "failed")) {
        const advice = lockAdvice(r);
        out.push(
            "",
            `${r.step.id} ${r.step.op} failed:`,
            ...(advice.length ? advice : lastLines(r.error ?? "", 30).map((l) => `  ${l}`)),
        );
    }
    out.push(...resumeAdvice(results));
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
    const [failed, skipped, interrupted, drifted] = [ids("failed"), ids("skipped"), ids("interrupted"), ids("drifted")];
    if (failed.length + skipped.length + interrupted.length + drifted.length === 0) {
        return op === "drift"
            ? `deploy drift: no drift in ${results.length} stack(s)`
            : `deploy ${op} succeeded: ${results.length} stack(s)`;
    }
    const parts = [
        ...(drifted.length ? [`${drifted.length} drifted (${drifted.join(", ")})`] : []),
        ...(interrupted.length ? [`${interrupted.length} interrupted (${interrupted.join(", ")})`] : []),
        ...(failed.length ? [`${failed.length} failed (${failed.join(", ")})`] : []),
        ...(skipped.length ? [`${skipped.length} skipped (${skipped.join(", ")})`] : []),
    ];
    const verdict =
        interrupted.length > 0 || skipped.some((id) => isNotStarted(results, id))
            ? "INTERRUPTED"
            : op === "drift" && failed.length + skipped.length === 0
              ? "DRIFT"
              : "FAILED";
    return `deploy ${op} ${verdict}: ${parts.join("; ")}`;
}

function isNotStarted(results: readonly StepResult[], id: string): boolean {
    return results.some((r) => r.step.id === id && r.status === "skipped" && r.reason === NOT_STARTED);
}

/** After an interrupt: what finished, what did not, and how to pick up from there. */
export function resumeAdvice(results: readonly StepResult[]): string[] {
    const interrupted = results.filter((r) => r.status === "interrupted");
    const notStarted = results.filter((r) => r.status === "skipped" && r.reason === NOT_STARTED);
    if (interrupted.length === 0 && notStarted.length === 0) return [];
    const finished = results.filter((r) => r.status === "succeeded" || r.status === "drifted");
    const list = (rs: readonly StepResult[]) => (rs.length ? rs.map((r) => r.step.id).join(", ") : "none");
    const op = results[0].step.op;
    return [
        "",
        "The run was interrupted (Ctrl-C). The engine finished the resource operations it had started and recorded them:",
        `  finished:    ${list(finished)}`,
        `  interrupted: ${list(interrupted)}`,
        `  not started: ${list(notStarted)}`,
        `To resume, run the same command again (npm run deploy -- ${op} ...): finished stacks report no changes.`,
        "If a stack then reports a pending operation (a create the interrupt cut short), check that resource in the",
        "AWS console and run `pulumi refresh --stack <stack>` in its layer folder before the rerun.",
    ];
}

function lastLines(text: string, n: number): string[] {
    const lines = text.trimEnd().split("\n");
    return lines.length <= n ? lines : ["…", ...lines.slice(-n)];
}

/**
 * 0 when every stack succeeded; 130 (the shell's code for SIGINT) when the run was
 * interrupted; 1 otherwise (a failed, skipped or drifted stack is not done).
 */
export function exitCode(results: readonly StepResult[]): number {
    if (resumeAdvice(results).length > 0) return 130;
    return results.every((r) => r.status === "succeeded") ? 0 : 1;
}

/** The results as data: what `--summary-json` writes and the pull-request comment reads. */
export interface ResultsJson {
    readonly op: string;
    readonly verdict: string;
    readonly exitCode: number;
    readonly stacks: readonly {
        readonly id: string;
        readonly layer: string;
        readonly stack: string;
        readonly region: string;
        readonly status: StepResult["status"];
        readonly changes?: ChangeCounts;
        readonly drift?: StepResult["drift"];
        readonly reason?: string;
        readonly error?: string;
        /** `destroy`: there was no such stack. */
        readonly absent?: true;
        readonly durationMs: number;
    }[];
}

export function resultsJson(results: readonly StepResult[]): ResultsJson {
    return {
        op: results[0]?.step.op ?? "",
        verdict: verdictLine(results),
        exitCode: exitCode(results),
        stacks: results.map((r) => ({
            id: r.step.id,
            layer: r.step.instance.layer,
            stack: r.step.instance.stack,
            region: r.step.instance.region,
            status: r.status,
            ...(r.changes ? { changes: r.changes } : {}),
            ...(r.drift ? { drift: r.drift } : {}),
            ...(r.reason ? { reason: r.reason } : {}),
            ...(r.error ? { error: firstLine(r.error) } : {}),
            ...(r.absent ? { absent: true as const } : {}),
            durationMs: r.durationMs,
        })),
    };
}
