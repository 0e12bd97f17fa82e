/**
 * Generates the controls table of docs/controls.md: every FSBP v1.0.0 / CIS v3.0.0 control that applies to the
 * baseline (stacks/security/src/controlsCatalog.ts), how it is met, which policy-pack policies and
 * AWS Config rules check it, and the counts before and after the detection work. Only the text between
 * the `controls (generated)` markers is rewritten.
 *
 *   npm run gen:controls            rewrite the section
 *   npm run gen:controls -- --check fail when the section is stale (a jest test does the same)
 */
import * as fs from "fs";
import * as path from "path";
import { HOME_REGION } from "@baseline/lib";
import { POLICIES } from "@baseline/policy-pack/src/pack";
import { CommandResult, checkOrWrite, generatorArgs, generatorUsage, printResult } from "./cli";
import { currentSection, replaceSection, ROOT, table } from "./gen-contracts-doc";

export const BEGIN = "<!-- BEGIN controls (generated) -->";
export const END = "<!-- END controls (generated) -->";
/** Where the controls table lives. */
export const CONTROLS_DOC_FILE = path.join(ROOT, "docs", "controls.md");
const SECURITY_SRC = path.resolve(__dirname, "../../stacks/security/src");

type Status = "met" | "config" | "manual" | "open" | "disabled";
export interface CatalogEntry {
    readonly id: string;
    readonly fsbp: boolean;
    readonly cis?: string;
    readonly title: string;
    readonly status: Status;
    readonly how: string;
    readonly before: boolean;
    readonly legacyControl?: string;
}

/* eslint-disable @typescript-eslint/no-require-imports -- stack sources are outside this project's rootDir */
export function loadCatalog(): CatalogEntry[] {
    const { controlCatalog } = require(path.join(SECURITY_SRC, "controlsCatalog.ts")) as { controlCatalog: () => CatalogEntry[] };
    return controlCatalog();
}

/** Config rule names by the Security Hub control ids their spec names (`controls: "IAM.7, IAM.15"`). */
export function configRulesByControl(): Map<string, string[]> {
    const { configRules } = require(path.join(SECURITY_SRC, "rules.ts")) as {
        configRules: (ctx: object) => { name: string; controls: string }[];
    };
    const out = new Map<string, string[]>();
    for (const rule of configRules({ region: HOME_REGION, accountId: "123456789012", dataKeyArn: "k", flowLogsRoleArn: "r" })) {
        for (const id of rule.controls.split(/,\s*/)) out.set(id, [...(out.get(id) ?? []), rule.name]);
    }
    return out;
}
/* eslint-enable @typescript-eslint/no-require-imports */

export function policiesByControl(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const p of POLICIES) for (const c of p.controls as readonly string[]) out.set(c, [...(out.get(c) ?? []), p.name]);
    return out;
}

const STATUS_TEXT: Record<Status, string> = {
    met: "met",
    config: "met once configured",
    manual: "manual (root user)",
    open: "open",
    disabled: "out of scope (disabled)",
};

export interface Counts {
    readonly applicable: number;
    readonly outOfScope: number;
    readonly before: number;
    readonly met: number;
    readonly config: number;
    readonly manual: number;
    readonly open: number;
}

export function countsOf(rows: readonly CatalogEntry[]): Counts {
    const applicable = rows.filter((r) => r.status !== "disabled");
    const n = (s: Status) => applicable.filter((r) => r.status === s).length;
    return {
        applicable: applicable.length,
        outOfScope: rows.length - applicable.length,
        before: applicable.filter((r) => r.before).length,
        met: n("met"),
        config: n("config"),
        manual: n("manual"),
        open: n("open"),
    };
}

const cell = (s: string) => s.replace(/\|/g, "\\|");

export function renderControls(
    rows: readonly CatalogEntry[],
    policies: Map<string, string[]>,
    rules: Map<string, string[]>,
): string {
    const c = countsOf(rows);
    const out = [
        "<!-- Generated from stacks/security/src/controlsCatalog.ts, the policy pack and the Config rules by scripts/src/gen-controls-doc.ts: edit those, then run `npm run gen:controls`. -->",
        "",
        `Of the ${c.applicable} FSBP v1.0.0 / CIS v3.0.0 controls that apply to what the baseline builds ` +
            `(${c.outOfScope} more are disabled in Security Hub with a reason), ${c.before} were met before ` +
            `Security Hub, GuardDuty, the CIS alarms with a subscriber, RDS events, S3 data events, audit access ` +
            `logs and the security contact were added; now ${c.met} are met by the baseline's resources and ` +
            `${c.config} more once configured (the alarm subscription confirmed, the security contact set, ` +
            `\`cloudTrailS3DataEvents\` at \`all\` for S3.22 and S3.23: see each row) ` +
            `(${c.met + c.config} of ${c.applicable}). ${c.manual} need the root user, ${c.open} are open. ` +
            `${rows.filter((r) => r.id.startsWith("CIS ")).length} rows are CIS v3.0.0 benchmark recommendations that ` +
            `Security Hub's CIS v3.0.0 standard does not check ("manual" in the CIS column): the baseline implements ` +
            `them, and no Security Hub finding reports them.`,
        "",
        ...table(
            ["Control", "FSBP", "CIS v3.0.0", "Status", "How it is met", "Checked at preview by", "AWS Config rule"],
            rows.map((r) => [
                `${r.id} ${cell(r.title)}${r.legacyControl ? ` (${r.legacyControl} in CIS v1.2/v1.4 only)` : ""}`,
                r.fsbp ? "yes" : "",
                // A `CIS x.y` row is a benchmark recommendation Security Hub's CIS v3.0.0 standard does not check.
                r.cis === undefined ? "" : r.id.startsWith("CIS ") ? `${r.cis} (manual)` : r.cis,
                `${STATUS_TEXT[r.status]}${!r.before && (r.status === "met" || r.status === "config") ? " (new)" : ""}`,
                cell(r.how),
                [...(policies.get(r.id) ?? []), ...(r.legacyControl ? (policies.get(r.legacyControl) ?? []) : [])]
                    .map((p) => `\`${p}\``)
                    .join(", "),
                (rules.get(r.id) ?? []).map((p) => `\`${p}\``).join(", "),
            ]),
        ),
    ];
    return out.join("\n") + "\n";
}

/** docs/controls.md's text with its controls table regenerated. */
export function generatedControlsDoc(doc: string): string {
    return replaceSection(doc, renderControls(loadCatalog(), policiesByControl(), configRulesByControl()), BEGIN, END);
}

export { currentSection };

export const USAGE = generatorUsage(
    "gen:controls",
    "Rewrites the controls table of docs/controls.md (from stacks/security/src/controlsCatalog.ts, the policy\n" +
        "pack and the Config rules): only the text between its generated markers.",
);

export function main(argv: readonly string[]): CommandResult {
    const args = generatorArgs(argv, "gen:controls", USAGE);
    if ("code" in args) return args;
    const rel = path.relative(process.cwd(), CONTROLS_DOC_FILE);
    return checkOrWrite(CONTROLS_DOC_FILE, generatedControlsDoc(fs.readFileSync(CONTROLS_DOC_FILE, "utf8")), args.check, {
        stale: () => `${rel}: the generated controls section is stale: run npm run gen:controls`,
        current: `${rel}: controls section is up to date`,
        written: `${rel}: controls section`,
    });
}

if (require.main === module) printResult(main(process.argv.slice(2)));
