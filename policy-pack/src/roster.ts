/**
 * The generated parts of the README (policy-pack/README.md): the roster, the
 * configuration schema and the coverage table, each between `<!-- BEGIN x -->`
 * and `<!-- END x -->`, derived from the pack so test/roster.test.ts can tell
 * when one is stale: `npx ts-node --transpile-only policy-pack/src/roster.ts`
 * rewrites them (then Prettier).
 */
import * as fs from "fs";
import * as path from "path";
import { PACK_CONFIG_SCHEMA } from "./config";
import { describeControl } from "./controls";
import { POLICIES } from "./pack";
import { judgedTypes } from "./policy";
import { TAGGABLE_AWS_TYPES } from "./taggable.generated";

export function rosterTable(): string {
    const rows = POLICIES.map(
        (p) =>
            `| \`${p.name}\` | ${p.kind} | ${p.role} | ${p.enforcementLevel} | ${p.conformanceLevel} | ${p.severity} | ${p.controls.map(describeControl).join("; ") || "—"} | ${p.onUnknown} | ${p.description.replace(/\|/g, "\\|").replace(/\*/g, "\\*")} |`,
    );
    return [
        "| Policy | Kind | Role | Level (guardrail, no config) | Level (baseline.json) | Severity | Controls | Unknown at preview | What it checks |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ...rows,
        "",
    ].join("\n");
}

function esc(s: string): string {
    return s.replace(/\|/g, "\\|").replace(/\*/g, "\\*");
}

/** Every configuration key: its type, default, meaning and the policies that read it. */
export function configSchemaTable(): string {
    const rows = Object.entries(PACK_CONFIG_SCHEMA).map(([key, s]) => {
        const readers = POLICIES.filter((p) => Object.keys(p.configSchema?.properties ?? {}).includes(key)).map(
            (p) => `\`${p.name}\``,
        );
        const type = Array.isArray(s.type) ? s.type.join(" \\| ") : String(s.type);
        return `| \`${key}\` | ${type} | \`${esc(JSON.stringify(s.default))}\` | ${esc(s.description ?? "")} | ${readers.join(", ")} |`;
    });
    return ["| Key | Type | Default (guardrail) | Meaning | Read by |", "| --- | --- | --- | --- | --- |", ...rows, ""].join(
        "\n",
    );
}

function serviceOf(type: string): string {
    return /^aws:([^/]+)\//.exec(type)?.[1] ?? type;
}

/**
 * What the pack judges, by resource type, and per AWS service how many of the
 * @pulumi/aws types that take tags no policy judges (each one a stack uses is
 * reported by `pack-unjudged-resource-types`).
 */
export function coverageTable(): string {
    const byType = new Map<string, string[]>();
    for (const p of POLICIES) for (const t of judgedTypes(p)) byType.set(t, [...(byType.get(t) ?? []), p.name]);
    const judged = [...byType.keys()].sort();
    const services = [...new Set(judged.map(serviceOf))].sort();
    const lines = [
        `${judged.length} resource types judged by at least one policy (besides the pack-wide tag and region policies):`,
        "",
        "| Type | Judged by |",
        "| --- | --- |",
        ...judged.map(
            (t) =>
                `| \`${t}\` | ${byType
                    .get(t)!
                    .map((n) => `\`${n}\``)
                    .join(", ")} |`,
        ),
        "",
        "Per service, the types that take tags and that no policy judges:",
        "",
        "| Service | Judged | Not judged | Not judged (types) |",
        "| --- | --- | --- | --- |",
    ];
    for (const svc of services) {
        const notJudged = [...TAGGABLE_AWS_TYPES].filter((t) => serviceOf(t) === svc && !byType.has(t)).sort();
        const names = notJudged.map((t) => t.slice(t.lastIndexOf(":") + 1));
        lines.push(
            `| ${svc} | ${judged.filter((t) => serviceOf(t) === svc).length} | ${notJudged.length} | ${names.join(", ") || "—"} |`,
        );
    }
    lines.push("");
    return lines.join("\n");
}

/** The README with every generated block replaced. */
export function regenerate(readme: string, file = "README.md"): string {
    let out = readme;
    for (const [name, body] of [
        ["roster", rosterTable()],
        ["config-schema", configSchemaTable()],
        ["coverage", coverageTable()],
    ] as const) {
        const re = new RegExp(`<!-- BEGIN ${name} -->\\n[\\s\\S]*?<!-- END ${name} -->`);
        if (!re.test(out)) throw new Error(`${file}: no ${name} markers`);
        out = out.replace(re, `<!-- BEGIN ${name} -->\n${body}<!-- END ${name} -->`);
    }
    return out;
}

if (require.main === module) {
    const file = path.join(__dirname, "..", "README.md");
    fs.writeFileSync(file, regenerate(fs.readFileSync(file, "utf8"), file));
}
