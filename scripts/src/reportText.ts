/**
 * The policy report for a terminal: one readable block per stack, one finding
 * per entry with its message wrapped, failing findings first. The markdown table
 * (`formatReport`) belongs in summary.md, where it renders.
 */
import { wrapText } from "@baseline/lib";
import type { PolicyReport, Violation } from "@baseline/policy-pack/src/offline";

const FAILING = new Set(["mandatory", "remediate"]);

function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

export function formatReportText(report: PolicyReport, width = 100): string {
    const c = report.counts;
    const policies = Object.values(report.levels).filter((l) => l !== "disabled").length;
    const lines = [
        `policy pack ${report.packName}: ${report.passed ? "passed" : "FAILED"}: ${c.mandatory} mandatory, ${c.advisory} advisory violation(s), ` +
            `${c.remediated} remediation(s); ${c.resources} resource(s) in ${c.stacks} stack(s) against ${policies} policies`,
    ];
    const byStack = new Map<string, Violation[]>();
    for (const v of report.violations) byStack.set(v.stack, [...(byStack.get(v.stack) ?? []), v]);
    for (const [stack, found] of byStack) {
        lines.push("", `${stack}:`);
        const order = (v: Violation) => (FAILING.has(v.enforcementLevel) ? 0 : 1);
        for (const v of [...found].sort((a, b) => order(a) - order(b))) {
            const where = v.urn ? `${urnName(v.urn)} (${v.resourceType ?? "?"})` : "the stack as a whole";
            const controls = v.controls.length > 0 ? `, ${v.controls.join(", ")}` : "";
            lines.push(`  ${v.enforcementLevel.toUpperCase()} ${v.policyName} [${v.severity}${controls}] on ${where}`);
            // A finding is several lines (the finding, the policy and resource, the fix, the exemption):
            // each is indented under its heading and wrapped on its own.
            for (const line of v.message.split("\n")) lines.push(wrapText(`      ${line}`, width, "      "));
        }
    }
    if (report.remediations.length > 0) {
        lines.push("", "remediated:");
        for (const r of report.remediations)
            lines.push(`  ${r.policyName} on ${urnName(r.urn)} (${r.stack}): ${r.changed.join(", ")}`);
    }
    return lines.join("\n");
}
