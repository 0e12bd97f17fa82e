/**
 * The README roster (policy-pack/README.md, between `<!-- BEGIN roster -->` and
 * `<!-- END roster -->`), generated from the pack so test/roster.test.ts can
 * tell when it is stale: `npx ts-node --transpile-only policy-pack/src/roster.ts`
 * rewrites it.
 */
import * as fs from "fs";
import * as path from "path";
import { describeControl } from "./controls";
import { POLICIES } from "./pack";

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

if (require.main === module) {
    const file = path.join(__dirname, "..", "README.md");
    const readme = fs.readFileSync(file, "utf8");
    const out = readme.replace(
        /<!-- BEGIN roster -->\n[\s\S]*?<!-- END roster -->/,
        `<!-- BEGIN roster -->\n${rosterTable()}<!-- END roster -->`,
    );
    if (out === readme && !readme.includes("<!-- BEGIN roster -->")) throw new Error(`${file}: no roster markers`);
    fs.writeFileSync(file, out);
}
