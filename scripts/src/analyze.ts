/**
 * Evaluates the policy pack against saved plans, offline:
 *
 *   npm run analyze -- [--policy-pack-config FILE] [--summary OUT.md] FILE|DIR...
 *
 * A DIR stands for every plan file in it (e.g. `plan-out/`). Each FILE is either a PlanFile (`npm run plan` writes one per stack instance)
 * or the output of `pulumi preview --json` for one stack, whose project and stack
 * come from the URNs and whose region from the `aws:region` config. Prints the
 * markdown report; exits 1 on any mandatory violation, 2 on unreadable input or
 * invalid configuration.
 */
import * as fs from "fs";
import * as path from "path";
import { wrapText, type PlanFile, type PlanStep } from "@baseline/lib";
import type { PolicyPackConfig } from "@pulumi/policy";
import { evaluatePlans, formatReport, PolicyConfigError, PolicyReport } from "@baseline/policy-pack/src/offline";
import { UsageError, checkOutputFile, parseCommandLine } from "./cli";
import { PlanVerdict, failureReasons } from "./planVerdict";
import { formatReportText } from "./reportText";

export const USAGE = `usage: npm run analyze -- [--policy-pack-config FILE] [--summary OUT.md] PLAN.json|PLAN-DIR...

Evaluates the policy pack on saved plans: the files npm run plan writes (a folder
stands for every plan in it) or the output of pulumi preview --json.

options:
  --policy-pack-config FILE  the same JSON as pulumi preview --policy-pack-config
  --summary OUT.md           also write the report as markdown (a table) to OUT.md
  -h, --help                 this text

exit codes: 0 passed, 1 a mandatory violation (or the plan run that wrote the folder failed),
2 unreadable input, bad arguments (a plan file or folder given twice) or invalid policy pack configuration`;

/** Step kinds of `pulumi preview --json` whose resource is gone after the update. */
const GONE = new Set(["delete", "delete-replaced", "discard", "discard-replaced", "remove-pending-replace"]);

const OPS: Readonly<Record<string, PlanStep["op"]>> = {
    create: "create",
    "create-replacement": "replace",
    replace: "replace",
    same: "same",
    update: "update",
    read: "read",
    "read-replacement": "read",
    import: "create",
    "import-replacement": "replace",
    refresh: "same",
};

/** A step of `pulumi preview --json` (display.PreviewDigest's steps), as far as the evaluator reads it. */
export interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly provider?: string;
    readonly newState?: Record<string, unknown> & { type: string; urn?: string; inputs?: Record<string, unknown> };
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
export function parseUrn(urn: unknown): { stack: string; project: string } {
    const m = typeof urn === "string" ? /^urn:pulumi:([^:]+)::([^:]+)::[^:]+(:[^:]+)*::.+$/.exec(urn) : null;
    if (!m) throw new Error(`${JSON.stringify(urn)} is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>)`);
    return { stack: m[1], project: m[2] };
}

/** Converts `pulumi preview --json` output into the PlanFile the evaluator reads; errors name `source` and the step. */
export function fromPreviewJson(json: { steps?: PreviewStep[]; config?: Record<string, unknown> }, source: string): PlanFile {
    const steps: PlanStep[] = [];
    const all = json.steps ?? [];
    const at = (i: number) => `${source}: steps[${i}]`;
    all.forEach((s, i) => {
        if (typeof s !== "object" || s === null || typeof s.op !== "string") throw new Error(`${at(i)} is not a step (no op)`);
        try {
            parseUrn(s.urn);
        } catch (e) {
            throw new Error(`${at(i)}.urn: ${(e as Error).message}`);
        }
        if (GONE.has(s.op)) return;
        if (typeof s.newState !== "object" || s.newState === null) {
            throw new Error(
                `${at(i)} (${s.op} ${s.urn}) has newState ${JSON.stringify(s.newState ?? null)}: a ${s.op} step needs the resource's new state`,
            );
        }
        if (typeof s.newState.type !== "string") throw new Error(`${at(i)}.newState has no type`);
        const urn = s.newState.urn ?? s.urn;
        try {
            parseUrn(urn);
        } catch (e) {
            throw new Error(`${at(i)}.newState.urn: ${(e as Error).message}`);
        }
        steps.push({
            op: OPS[s.op] ?? "update",
            urn,
            provider: s.provider ?? (s.newState["provider"] as string | undefined),
            newState: {
                ...(s.newState as object),
                urn,
                type: s.newState.type,
                custom: s.newState["custom"] !== false,
                inputs: s.newState.inputs ?? {},
            } as PlanStep["newState"],
        });
    });
    // A preview that only deletes is valid: nothing is left for the pack to judge.
    if (all.length === 0) throw new Error(`${source}: the preview has no steps`);
    const { project, stack } = parseUrn(all[0].urn);
    const provider = steps.find((s) => s.newState.type === "pulumi:providers:aws");
    const region = json.config?.["aws:region"] ?? provider?.newState.inputs["region"];
    return {
        project,
        stack,
        layer: project.replace(/^baseline-/, ""),
        region: typeof region === "string" ? region : "unknown",
        steps,
        outputs: {},
        // The default provider has no step in a preview: its configuration (aws:region,
        // aws:defaultTags) is the stack's, which the preview writes at top level.
        ...(json.config ? { config: json.config } : {}),
    };
}

function readJson(file: string, what = "file"): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        throw new Error(
            `${file}: ${code === "ENOENT" ? `no such ${what}` : code === "EISDIR" ? "is a folder" : (e as Error).message}`,
        );
    }
    try {
        return JSON.parse(text);
    } catch (e) {
        throw new Error(`${file} is not valid JSON: ${(e as Error).message}`);
    }
}

/** Reads a PlanFile or a `pulumi preview --json` file. */
export function loadPlan(file: string): PlanFile {
    const json = readJson(file);
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
        throw new Error(`${file}: neither a plan file nor 'pulumi preview --json' output (not a JSON object)`);
    }
    const o = json as Partial<PlanFile> & { steps?: unknown };
    if (!Array.isArray(o.steps)) throw new Error(`${file}: neither a plan file nor 'pulumi preview --json' output (no steps)`);
    if (typeof o.project === "string" && typeof o.stack === "string") {
        o.steps.forEach((s: unknown, i) => {
            const step = s as Partial<PlanStep> | null;
            if (typeof step?.newState !== "object" || step.newState === null || typeof step.newState.type !== "string") {
                throw new Error(`${file}: steps[${i}] has no newState with a type`);
            }
            try {
                parseUrn(step.urn);
            } catch (e) {
                throw new Error(`${file}: steps[${i}].urn: ${(e as Error).message}`);
            }
        });
        return o as PlanFile;
    }
    return fromPreviewJson(json as { steps: PreviewStep[] }, file);
}

/** What `npm run plan` writes to summary.json that tells how its run ended (scripts/src/plan.ts). */
interface PlanSummary {
    readonly status?: unknown;
    readonly failed?: unknown;
    readonly skipped?: unknown;
    readonly stacks?: unknown;
    readonly policy?: { readonly counts?: { readonly mandatory?: unknown } };
}

/**
 * Why the run that wrote a folder failed, from its summary.json: its verdict in the plan's own words
 * (stacks failed or skipped, mandatory violations), and whether the plan files cover every stack it
 * was to plan. Either way the analysis cannot pass: a PASS on part of the stacks would be wrong, and
 * one on every stack would contradict the run's own verdict (under the configuration the plan applies).
 */
export function failedRunReason(summaryFile: string, summary: PlanSummary): string {
    const v = failedRunVerdict(summary);
    const total = Array.isArray(summary.stacks) ? summary.stacks.length : undefined;
    const missing = v.failed.length + v.skipped.length;
    const coverage =
        missing > 0
            ? `its plan files do not cover every stack (${total === undefined ? `${missing} not planned` : `${total - missing} of ${total} planned`}), ` +
              "so this analysis cannot pass. Fix the plan and run npm run plan again."
            : `its plan files cover every stack it was to plan${total === undefined ? "" : ` (${total})`}, but the run's verdict ` +
              "stands, so this analysis cannot pass either. Fix the violations and run npm run plan again.";
    return `${summaryFile}: the plan run that wrote this folder FAILED: ${failureReasons(v).join("; ")}; ${coverage}`;
}

/** The verdict of a failed run, as its summary.json records it. */
function failedRunVerdict(summary: PlanSummary): PlanVerdict {
    const names = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
    const mandatory = summary.policy?.counts?.mandatory;
    return {
        status: "failed",
        failed: names(summary.failed),
        skipped: names(summary.skipped),
        mandatory: typeof mandatory === "number" ? mandatory : 0,
    };
}

/**
 * The plan files an argument names: a file as given, or every plan in a folder
 * (`npm run plan`'s output folder also holds summary.json, which is not a plan).
 * A folder whose summary.json says the plan run failed is refused, with the run's reason.
 */
export function expandInput(arg: string): {
    files: string[];
    /** Why this analysis cannot pass: the run that wrote the folder failed. */
    incomplete?: string;
    /** That run's reasons, one phrase per cause, as the plan says them (its report's headline). */
    failures?: string[];
} {
    if (!fs.statSync(arg, { throwIfNoEntry: false })?.isDirectory()) return { files: [arg] };
    const plans = fs
        .readdirSync(arg)
        .filter((f) => f.endsWith(".json") && f !== "summary.json")
        .sort()
        .map((f) => path.join(arg, f))
        .filter((f) => Array.isArray((readJson(f) as { steps?: unknown } | null)?.steps));
    if (plans.length === 0) throw new Error(`${arg}: no plan files in this folder`);
    const summaryFile = path.join(arg, "summary.json");
    if (!fs.existsSync(summaryFile)) return { files: plans };
    const summary = readJson(summaryFile) as PlanSummary | null;
    if (summary?.status === "failed")
        return {
            files: plans,
            incomplete: failedRunReason(summaryFile, summary),
            failures: failureReasons(failedRunVerdict(summary)),
        };
    return { files: plans };
}

/**
 * Each plan once: the same file or folder given twice (under any name), or a file and its folder, would
 * count its plans twice. A UsageError names the arguments.
 */
function refuseRepeats(args: readonly string[], inputs: readonly { files: string[] }[]): void {
    const real = (f: string) => {
        try {
            return fs.realpathSync(f);
        } catch {
            return path.resolve(f);
        }
    };
    const by = new Map<string, string>();
    args.forEach((arg, i) => {
        for (const f of inputs[i].files) {
            const first = by.get(real(f));
            if (first === undefined) {
                by.set(real(f), arg);
                continue;
            }
            const again = arg === first ? `${arg} is given twice` : `${arg} is ${first} again`;
            throw new UsageError(
                real(first) === real(arg)
                    ? `${again}: give each plan file or folder once (its plans would count twice)`
                    : `${f} is named by both ${first} and ${arg}: give each plan file or folder once (it would count twice)`,
            );
        }
    });
}

export interface AnalyzeResult {
    readonly code: number;
    /** What the terminal shows: findings grouped by stack, or the error. */
    readonly output: string;
    /** The report as markdown (what --summary writes). */
    readonly markdown?: string;
    readonly report?: PolicyReport;
}

export function analyze(argv: readonly string[]): AnalyzeResult {
    try {
        const { help, values, positionals } = parseCommandLine(
            argv,
            { "policy-pack-config": { type: "string" }, summary: { type: "string" } },
            { positionals: true },
        );
        if (help) return { code: 0, output: USAGE };
        if (positionals.length === 0) throw new UsageError("no plan file or folder given");
        // Checked before the evaluation, so a --summary that cannot be written does not fail after it.
        const summaryFile = values.summary !== undefined ? checkOutputFile("--summary", values.summary) : undefined;
        const configFile = values["policy-pack-config"];
        let packConfig: PolicyPackConfig | undefined;
        if (configFile !== undefined) packConfig = readJson(configFile, "policy pack config file") as PolicyPackConfig;
        const inputs = positionals.map(expandInput);
        refuseRepeats(positionals, inputs);
        const files = inputs.flatMap((i) => i.files);
        let report: PolicyReport;
        try {
            report = evaluatePlans(files.map(loadPlan), undefined, { policyPackConfig: packConfig });
        } catch (e) {
            if (e instanceof PolicyConfigError && configFile !== undefined) {
                throw new PolicyConfigError(e.problems.map((p) => `${configFile}: ${p}`));
            }
            throw e;
        }
        const markdown = formatReport(report);
        if (summaryFile) fs.writeFileSync(summaryFile, markdown);
        const incomplete = inputs.flatMap((i) => (i.incomplete ? [i.incomplete] : []));
        const text = formatReportText(report);
        if (incomplete.length > 0)
            return { code: 1, output: `${text}\n\nanalyze FAILED: ${incomplete.join("\n")}`, markdown, report };
        return {
            code: report.passed ? 0 : 1,
            output: `${text}\n\nanalyze ${report.passed ? "PASSED" : "FAILED"}: ${report.counts.mandatory} mandatory violation(s) in ${files.length} plan file(s)`,
            markdown,
            report,
        };
    } catch (e) {
        if (e instanceof UsageError) return { code: 2, output: `analyze: ${e.message}\n\n${USAGE}` };
        const msg = e instanceof PolicyConfigError ? e.message : `analyze: ${(e as Error).message}`;
        return { code: 2, output: msg };
    }
}

if (require.main === module) {
    const { code, output } = analyze(process.argv.slice(2));
    // Long lists in an error (every policy, every problem) are wrapped for the terminal.
    (code === 2 ? console.error : console.log)(
        code === 2
            ? output
                  .split("\n")
                  .map((l) => wrapText(l, 100, "    "))
                  .join("\n")
            : output,
    );
    process.exit(code);
}
