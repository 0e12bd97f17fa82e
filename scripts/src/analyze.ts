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
import type { PlanFile, PlanStep } from "@baseline/lib";
import type { PolicyPackConfig } from "@pulumi/policy";
import { evaluatePlans, formatReport, PolicyConfigError, PolicyReport } from "@baseline/policy-pack/src/offline";

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

interface PreviewStep {
    readonly op: string;
    readonly urn: string;
    readonly provider?: string;
    readonly newState?: Record<string, unknown> & { type: string; urn?: string; inputs?: Record<string, unknown> };
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` */
export function parseUrn(urn: string): { stack: string; project: string } {
    const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
    if (!m) throw new Error(`not a Pulumi URN: ${urn}`);
    return { stack: m[1], project: m[2] };
}

/** Converts `pulumi preview --json` output into the PlanFile the evaluator reads. */
export function fromPreviewJson(json: { steps?: PreviewStep[]; config?: Record<string, unknown> }, source: string): PlanFile {
    const steps: PlanStep[] = [];
    for (const s of json.steps ?? []) {
        if (GONE.has(s.op) || !s.newState) continue;
        const urn = s.newState.urn ?? s.urn;
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
    }
    if (steps.length === 0) throw new Error(`${source}: the preview has no resources`);
    const { project, stack } = parseUrn(steps[0].urn);
    const provider = steps.find((s) => s.newState.type === "pulumi:providers:aws");
    const region = json.config?.["aws:region"] ?? provider?.newState.inputs["region"];
    return {
        project,
        stack,
        layer: project.replace(/^baseline-/, ""),
        region: typeof region === "string" ? region : "unknown",
        steps,
        outputs: {},
    };
}

/** Reads a PlanFile or a `pulumi preview --json` file. */
export function loadPlan(file: string): PlanFile {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new Error(`${file}: ${(e as Error).message}`);
    }
    const o = json as Partial<PlanFile> & { steps?: unknown };
    if (!Array.isArray(o.steps)) throw new Error(`${file}: neither a plan file nor 'pulumi preview --json' output (no steps)`);
    if (typeof o.project === "string" && typeof o.stack === "string") return o as PlanFile;
    return fromPreviewJson(json as { steps: PreviewStep[] }, file);
}

/**
 * The plan files an argument names: a file as given, or every plan in a folder
 * (`npm run plan`'s output folder also holds summary.json, which is not a plan).
 */
export function expandInput(arg: string): string[] {
    if (!fs.statSync(arg, { throwIfNoEntry: false })?.isDirectory()) return [arg];
    const plans = fs
        .readdirSync(arg)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => path.join(arg, f))
        .filter((f) => Array.isArray((JSON.parse(fs.readFileSync(f, "utf8")) as { steps?: unknown }).steps));
    if (plans.length === 0) throw new Error(`${arg}: no plan files in this folder`);
    return plans;
}

export interface AnalyzeResult {
    readonly code: number;
    readonly output: string;
    readonly report?: PolicyReport;
}

export function analyze(argv: readonly string[]): AnalyzeResult {
    const files: string[] = [];
    let packConfig: PolicyPackConfig | undefined;
    let summary: string | undefined;
    try {
        for (let i = 0; i < argv.length; i++) {
            const a = argv[i];
            if (a === "--policy-pack-config")
                packConfig = JSON.parse(fs.readFileSync(argv[++i] ?? "", "utf8")) as PolicyPackConfig;
            else if (a === "--summary") summary = argv[++i];
            else if (a.startsWith("--")) throw new Error(`unknown option ${a}`);
            else files.push(...expandInput(a));
        }
        if (files.length === 0)
            throw new Error("usage: analyze [--policy-pack-config FILE] [--summary OUT.md] PLAN.json|PLAN-DIR...");
        const report = evaluatePlans(files.map(loadPlan), undefined, { policyPackConfig: packConfig });
        const output = formatReport(report);
        if (summary) fs.writeFileSync(path.resolve(summary), output);
        return { code: report.passed ? 0 : 1, output, report };
    } catch (e) {
        const msg = e instanceof PolicyConfigError ? e.message : `analyze: ${(e as Error).message}`;
        return { code: 2, output: msg };
    }
}

if (require.main === module) {
    const { code, output } = analyze(process.argv.slice(2));
    (code === 2 ? console.error : console.log)(output);
    process.exit(code);
}
