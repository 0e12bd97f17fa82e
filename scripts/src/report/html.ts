/**
 * The plan report: one self-contained HTML file (no network, works from
 * file://) that `npm run plan` writes next to the plan files. What a platform
 * team, a reviewer or an auditor looks at: the layer graph, each stack's
 * resources by type with their key settings, the pack's findings by severity
 * with the fix and the way to an exemption, the controls and the resources that
 * meet them, the exemptions in use, the monthly cost, and (given an earlier
 * plan folder) what changed. Sections collapse and one search box filters them
 * all, so it stays usable at hundreds of stacks.
 */
import * as crypto from "crypto";
import type { PolicyReport, Violation } from "@baseline/policy-pack/src/offline";
import type { PlanFile, PlanStep } from "@baseline/policy-pack/src/planFormat";
import { CostEstimate, usd } from "../cost/estimate";
import { PRICES, USAGE } from "../cost/prices";
import { keySettings } from "./keySettings";

export interface ReportLayer {
    readonly layer: string;
    readonly dependsOn: readonly string[];
    readonly partnerDependsOn?: readonly string[];
}

export interface ReportControl {
    readonly id: string;
    readonly title: string;
    /** met, met once configured, manual (root user), open, out of scope (disabled) */
    readonly status: string;
    readonly how: string;
    readonly policies: readonly string[];
    /** Resource types the control's policies judge: their resources in the plan are what meets it. */
    readonly resourceTypes: readonly string[];
}

export interface PlanDiff {
    readonly before: string;
    readonly added: readonly { stack: string; urn: string }[];
    readonly removed: readonly { stack: string; urn: string }[];
    readonly changed: readonly { stack: string; urn: string; keys: readonly string[] }[];
}

export interface ReportInput {
    readonly title: string;
    readonly plans: readonly PlanFile[];
    readonly policy: PolicyReport;
    readonly cost: CostEstimate;
    readonly layers: readonly ReportLayer[];
    /** Where each region's partner (recovery) stacks run. */
    readonly partnerOf: (region: string) => string | undefined;
    readonly controls: readonly ReportControl[];
    /** Fix text per policy name (the policy's remediation steps or description). */
    readonly fixes: Readonly<Record<string, string>>;
    readonly diff?: PlanDiff;
    /**
     * Why the plan run failed, one phrase per cause (failed or skipped stacks, mandatory violations), as
     * the run's verdict says it: the report is FAILED then, even when the pack passed the plans there are.
     */
    readonly failures?: readonly string[];
}

const SEVERITIES = ["critical", "high", "medium", "low"] as const;

export function esc(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A stable anchor for a resource. */
export function anchor(urn: string): string {
    return `r-${crypto.createHash("sha1").update(urn).digest("hex").slice(0, 12)}`;
}

const stackId = (p: PlanFile): string => `${p.project}/${p.stack}`;
const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;
const managed = (p: PlanFile): PlanStep[] => p.steps.filter((s) => s.op !== "read" && s.newState.type !== "pulumi:pulumi:Stack");

/** The layer graph as inline SVG: a column per layer in deploy order, a box per stack, an edge per upstream read. */
export function graphSvg(input: ReportInput): string {
    const colW = 190;
    const rowH = 30;
    const top = 30;
    const cols = input.layers.map((l) => l.layer);
    const byLayer = new Map(cols.map((l) => [l, input.plans.filter((p) => p.layer === l)]));
    const rows = Math.max(1, ...[...byLayer.values()].map((ps) => ps.length));
    const pos = new Map<string, { x: number; y: number }>();
    const boxes: string[] = [];
    cols.forEach((layer, c) => {
        boxes.push(`<text x="${c * colW + 10}" y="18" class="lh">${esc(layer)}</text>`);
        (byLayer.get(layer) ?? []).forEach((p, r) => {
            const x = c * colW + 10;
            const y = top + r * rowH;
            pos.set(stackId(p), { x, y });
            boxes.push(
                `<a href="#${anchor(`stack:${stackId(p)}`)}"><rect x="${x}" y="${y}" width="${colW - 40}" height="22" rx="4" class="box" data-stack="${esc(stackId(p))}"/>` +
                    `<text x="${x + 6}" y="${y + 15}" class="bt">${esc(p.region)}</text></a>`,
            );
        });
    });
    const edges: string[] = [];
    for (const l of input.layers) {
        for (const p of byLayer.get(l.layer) ?? []) {
            const to = pos.get(stackId(p))!;
            for (const up of l.dependsOn) {
                const ups = byLayer.get(up) ?? [];
                const partner = l.partnerDependsOn?.includes(up);
                const region = partner ? input.partnerOf(p.region) : p.region;
                const from = ups.find((u) => u.region === region) ?? (ups.length === 1 ? ups[0] : undefined);
                if (!from) continue;
                const f = pos.get(stackId(from))!;
                edges.push(
                    `<line x1="${f.x + colW - 40}" y1="${f.y + 11}" x2="${to.x}" y2="${to.y + 11}" class="${partner ? "edge partner" : "edge"}"/>`,
                );
            }
        }
    }
    const w = cols.length * colW;
    const h = top + rows * rowH + 10;
    return `<svg id="graph" role="img" aria-label="layer graph" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}">${edges.join("")}${boxes.join("")}</svg>`;
}

function findingHtml(v: Violation, fixes: ReportInput["fixes"]): string {
    const resource = v.urn ? nameOf(v.urn) : "(the stack)";
    const link = v.urn ? `<a href="#${anchor(v.urn)}">${esc(resource)}</a>` : esc(resource);
    const search = `${v.policyName} ${v.stack} ${resource} ${v.message} ${v.resourceType ?? ""}`;
    return (
        `<details class="finding ${v.enforcementLevel}" data-search="${esc(search.toLowerCase())}">` +
        `<summary><span class="lvl">${esc(v.enforcementLevel)}</span> <code>${esc(v.policyName)}</code> ${esc(v.stack)} · ${esc(resource)}</summary>` +
        `<p>${esc(v.message)}</p>` +
        `<p class="fix"><b>Fix:</b> ${esc(fixes[v.policyName] ?? "see the policy's description in policy-pack/README.md")}</p>` +
        `<p class="exempt"><b>Exemption:</b> when the finding is intended, ask the pack's owners for an exemption: an entry in the ` +
        `policy group's pack configuration naming <code>${esc(v.policyName)}</code> and this resource, with a reason, an owner and an ` +
        `expiry date (policy-pack/README.md, "Exemptions"). Resource: ${link}${v.controls.length ? ` · controls ${esc(v.controls.join(", "))}` : ""}</p>` +
        `</details>`
    );
}

function findingsHtml(input: ReportInput): string {
    const vs = input.policy.violations;
    const parts: string[] = [];
    for (const sev of SEVERITIES) {
        const of = vs
            .filter((v) => v.severity === sev)
            .sort((a, b) => (a.enforcementLevel === b.enforcementLevel ? 0 : a.enforcementLevel === "mandatory" ? -1 : 1));
        if (of.length === 0) continue;
        const mandatory = of.filter((v) => v.enforcementLevel === "mandatory").length;
        parts.push(
            `<details class="group" ${mandatory > 0 ? "open" : ""}><summary>${esc(sev)}: ${of.length} finding(s), ${mandatory} mandatory</summary>` +
                of.map((v) => findingHtml(v, input.fixes)).join("") +
                `</details>`,
        );
    }
    return parts.length ? parts.join("") : "<p>No findings.</p>";
}

function exemptionsHtml(input: ReportInput): string {
    const used = input.policy.violations.filter((v) => /exempt/i.test(v.policyName) || /exempt/i.test(v.message));
    if (used.length === 0) return "<p>No exemption is in use.</p>";
    return (
        `<table><thead><tr><th>policy</th><th>stack</th><th>resource</th><th>what the exemption says</th></tr></thead><tbody>` +
        used
            .map(
                (v) =>
                    `<tr data-search="${esc(`${v.policyName} ${v.stack} ${v.message}`.toLowerCase())}"><td><code>${esc(v.policyName)}</code></td>` +
                    `<td>${esc(v.stack)}</td><td>${v.urn ? `<a href="#${anchor(v.urn)}">${esc(nameOf(v.urn))}</a>` : ""}</td><td>${esc(v.message)}</td></tr>`,
            )
            .join("") +
        `</tbody></table>`
    );
}

function controlsHtml(input: ReportInput): string {
    const byType = new Map<string, PlanStep[]>();
    for (const p of input.plans)
        for (const s of managed(p)) byType.set(s.newState.type, [...(byType.get(s.newState.type) ?? []), s]);
    const rows = input.controls.map((c) => {
        const meeting = c.resourceTypes.flatMap((t) => byType.get(t) ?? []);
        const links = meeting
            .slice(0, 12)
            .map((s) => `<a href="#${anchor(s.urn)}">${esc(nameOf(s.urn))}</a>`)
            .join(", ");
        const more = meeting.length > 12 ? ` and ${meeting.length - 12} more` : "";
        return (
            `<tr class="ctl ${esc(c.status.split(" ")[0])}" data-search="${esc(`${c.id} ${c.title} ${c.status} ${c.how}`.toLowerCase())}">` +
            `<td>${esc(c.id)}</td><td>${esc(c.title)}</td><td>${esc(c.status)}</td><td>${esc(c.how)}</td>` +
            `<td>${c.policies.map((p) => `<code>${esc(p)}</code>`).join(" ")}</td><td>${links}${more}</td></tr>`
        );
    });
    const count = (s: string) => input.controls.filter((c) => c.status.startsWith(s)).length;
    return (
        `<p>${count("met") - count("met once")} met, ${count("met once")} met once configured, ${count("out of scope")} out of scope, ` +
        `${count("open")} open, ${count("manual")} manual.</p>` +
        `<table><thead><tr><th>control</th><th>title</th><th>status</th><th>how it is met</th><th>checked by</th><th>resources</th></tr></thead>` +
        `<tbody>${rows.join("")}</tbody></table>`
    );
}

function costHtml(cost: CostEstimate): string {
    const stacks = cost.stacks
        .map(
            (s) =>
                `<details class="cost" data-search="${esc(`${s.stack} ${s.region} cost`.toLowerCase())}"><summary>${esc(s.stack)} (${esc(s.region)}): ${usd(s.monthlyUsd)}${s.unpriced.length ? " + not priced" : ""}</summary>` +
                `<table><thead><tr><th>item</th><th>quantity</th><th>unit price</th><th>USD / month</th><th>basis</th></tr></thead><tbody>` +
                s.items
                    .map(
                        (i) =>
                            `<tr><td>${esc(i.description)}</td><td>${i.quantity.toLocaleString("en-US")} ${esc(i.unit)}</td><td>${i.unitUsd}</td><td>${usd(i.monthlyUsd)}</td><td>${esc(i.basis)}</td></tr>`,
                    )
                    .join("") +
                `</tbody></table>${s.unpriced.map((u) => `<p class="warn">Not priced: ${esc(u)}</p>`).join("")}</details>`,
        )
        .join("");
    const levers =
        `<table><thead><tr><th>config key</th><th>change</th><th>USD / month</th></tr></thead><tbody>` +
        cost.levers
            .map(
                (l) =>
                    `<tr><td><code>${esc(l.key)}</code></td><td>${esc(l.change)}</td><td>${l.monthlyUsd > 0 ? "+" : ""}${usd(l.monthlyUsd)}</td></tr>`,
            )
            .join("") +
        `</tbody></table>`;
    const assumptions = `<ul>${Object.values(USAGE)
        .map((u) => `<li>${esc(u.description)}: ${u.value}</li>`)
        .join("")}</ul>`;
    const prices =
        `<table><thead><tr><th>price</th><th>unit</th><th>USD by region</th><th>source</th><th>as of</th></tr></thead><tbody>` +
        Object.values(PRICES)
            .map(
                (p) =>
                    `<tr><td>${esc(p.description)}</td><td>${esc(p.unit)}</td><td>${esc(
                        Object.entries(p.usd)
                            .map(([r, v]) => `${r} ${v}`)
                            .join(", "),
                    )}</td><td>${esc(p.source)}</td><td>${esc(p.asOf)}</td></tr>`,
            )
            .join("") +
        `</tbody></table>`;
    return (
        `<p class="big">${usd(cost.monthlyUsd)} a month</p>${stacks}` +
        `<h3>Levers</h3>${levers}<details><summary>Usage assumptions</summary>${assumptions}</details>` +
        `<details><summary>Price table</summary>${prices}</details>`
    );
}

function stacksHtml(input: ReportInput): string {
    return input.plans
        .map((p) => {
            const steps = managed(p);
            const types = [...new Set(steps.map((s) => s.newState.type))].sort();
            const body = types
                .map((t) => {
                    const of = steps.filter((s) => s.newState.type === t);
                    return (
                        `<details class="type"><summary><code>${esc(t)}</code> × ${of.length}</summary><table><tbody>` +
                        of
                            .map(
                                (s) =>
                                    `<tr id="${anchor(s.urn)}" class="res" data-search="${esc(`${nameOf(s.urn)} ${t} ${stackId(p)}`.toLowerCase())}">` +
                                    `<td>${esc(nameOf(s.urn))}${s.newState.protect ? ' <span class="tag">protected</span>' : ""}</td>` +
                                    `<td>${keySettings(t, s.newState.inputs)
                                        .map((k) => `<code>${esc(k)}</code>`)
                                        .join(" ")}</td></tr>`,
                            )
                            .join("") +
                        `</tbody></table></details>`
                    );
                })
                .join("");
            return `<details class="stack" id="${anchor(`stack:${stackId(p)}`)}" data-search="${esc(`${stackId(p)} ${p.region}`.toLowerCase())}"><summary>${esc(stackId(p))} (${esc(p.region)}): ${steps.length} resources, ${types.length} types</summary>${body}</details>`;
        })
        .join("");
}

function diffHtml(diff: PlanDiff): string {
    const list = (items: readonly { stack: string; urn: string; keys?: readonly string[] }[], what: string) =>
        items.length === 0
            ? `<p>No resource ${what}.</p>`
            : `<table><tbody>${items
                  .map(
                      (i) =>
                          `<tr data-search="${esc(`${i.stack} ${nameOf(i.urn)} ${what}`.toLowerCase())}"><td>${esc(i.stack)}</td><td>${esc(nameOf(i.urn))}</td><td>${esc(i.urn.split("::")[2] ?? "")}</td><td>${esc((i.keys ?? []).join(", "))}</td></tr>`,
                  )
                  .join("")}</tbody></table>`;
    return (
        `<p>Compared with ${esc(diff.before)}: ${diff.added.length} added, ${diff.removed.length} removed, ${diff.changed.length} changed.</p>` +
        `<h3>Added</h3>${list(diff.added, "added")}<h3>Removed</h3>${list(diff.removed, "removed")}<h3>Changed</h3>${list(diff.changed, "changed")}`
    );
}

/** What changed between two sets of plan files: resources by URN, inputs by top-level key. */
export function diffPlans(before: readonly PlanFile[], after: readonly PlanFile[], label: string): PlanDiff {
    const index = (plans: readonly PlanFile[]) =>
        new Map(plans.flatMap((p) => managed(p).map((s) => [s.urn, { stack: stackId(p), inputs: s.newState.inputs }] as const)));
    const b = index(before);
    const a = index(after);
    const added = [...a].filter(([u]) => !b.has(u)).map(([urn, v]) => ({ stack: v.stack, urn }));
    const removed = [...b].filter(([u]) => !a.has(u)).map(([urn, v]) => ({ stack: v.stack, urn }));
    const changed = [...a]
        .filter(([u]) => b.has(u))
        .map(([urn, v]) => {
            const old = b.get(urn)!.inputs;
            const keys = [...new Set([...Object.keys(old), ...Object.keys(v.inputs)])]
                .filter((k) => JSON.stringify(old[k]) !== JSON.stringify(v.inputs[k]))
                .sort();
            return { stack: v.stack, urn, keys };
        })
        .filter((c) => c.keys.length > 0);
    return { before: label, added, removed, changed };
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #d0d7de;padding:10px 20px;z-index:1}
main{padding:10px 20px}h1{font-size:20px;margin:0 0 6px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #d0d7de}
#search{width:360px;padding:6px;font-size:14px}.verdict.passed{color:#1a7f37}.verdict.failed{color:#cf222e}
table{border-collapse:collapse;margin:6px 0;width:100%}td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}
code{font-size:12px;background:#eef1f4;padding:0 3px;border-radius:3px}details{margin:4px 0}summary{cursor:pointer}
.finding{border-left:4px solid #bf8700;padding-left:8px}.finding.mandatory{border-left-color:#cf222e}.lvl{font-weight:600;text-transform:uppercase;font-size:11px}
.fix{background:#eaf5ea;padding:4px}.exempt{background:#f3f0fa;padding:4px}.tag{font-size:11px;background:#ddf4ff;padding:0 4px;border-radius:3px}
.big{font-size:22px;font-weight:600}.warn{color:#9a6700}.hidden{display:none}
svg .box{fill:#ddf4ff;stroke:#0969da}svg .bt{font-size:12px}svg .lh{font-size:13px;font-weight:600}
svg .edge{stroke:#8c959f;stroke-width:1}svg .edge.partner{stroke-dasharray:4 3;stroke:#8250df}
`;

const SCRIPT = `
(function(){
  var box=document.getElementById("search");
  var items=Array.prototype.slice.call(document.querySelectorAll("[data-search]"));
  box.addEventListener("input",function(){
    var q=box.value.trim().toLowerCase();var shown=0;
    items.forEach(function(el){var hit=!q||el.getAttribute("data-search").indexOf(q)>=0;
      el.classList.toggle("hidden",!hit);if(hit)shown++;
      if(hit&&q){for(var p=el.parentElement;p;p=p.parentElement){if(p.tagName==="DETAILS")p.open=true;if(p.classList)p.classList.remove("hidden");}}});
    document.getElementById("count").textContent=q?shown+" match(es)":"";
  });
  if(location.hash){var t=document.getElementById(location.hash.slice(1));for(var p=t;p;p=p.parentElement){if(p.tagName==="DETAILS")p.open=true;}}
})();`;

export function renderReport(input: ReportInput): string {
    const c = input.policy.counts;
    const resources = input.plans.reduce((n, p) => n + managed(p).length, 0);
    const failures = input.failures ?? [];
    const passed = input.policy.passed && failures.length === 0;
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(input.title)}</title><style>${CSS}</style></head><body>
<header><h1>${esc(input.title)}</h1>
<span class="verdict ${passed ? "passed" : "failed"}">${passed ? "PASSED" : "FAILED"}</span>${failures.length ? ` <span class="why">(${esc(failures.join("; "))})</span>` : ""}: ${input.plans.length} stacks, ${resources} resources,
${c.mandatory} mandatory and ${c.advisory} advisory finding(s), ${usd(input.cost.monthlyUsd)} a month.
<input id="search" type="search" placeholder="Search stacks, resources, findings, controls" aria-label="search"> <span id="count"></span></header>
<main>
<section id="graph-section"><h2>Layer graph</h2><p>A column per layer in deploy order, a box per stack (its region); lines are the upstream stacks each reads, dashed where it reads its partner region's stack.</p>${graphSvg(input)}</section>
<section id="findings"><h2>Policy findings</h2>${findingsHtml(input)}</section>
<section id="exemptions"><h2>Exemptions in use</h2>${exemptionsHtml(input)}</section>
<section id="controls"><h2>Controls coverage</h2>${controlsHtml(input)}</section>
<section id="cost"><h2>Monthly cost estimate</h2>${costHtml(input.cost)}</section>
${input.diff ? `<section id="changes"><h2>What changed</h2>${diffHtml(input.diff)}</section>` : ""}
<section id="stacks"><h2>Stacks</h2>${stacksHtml(input)}</section>
</main><script>${SCRIPT}</script></body></html>
`;
}
