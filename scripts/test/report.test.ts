/**
 * The plan report: a real plan of three stacks rendered to one self-contained
 * file, checked as markup here and as a page in headless Chromium (report-browser.test.ts).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import type { PlanFile } from "@baseline/policy-pack/src/planFormat";
import { evaluatePolicies } from "../src/policyBridge";
import { main as reportMain } from "../src/report";
import { reportInput } from "../src/report/build";
import { anchor, diffPlans, renderReport } from "../src/report/html";
import { networkPlans } from "./reportFixture";

let plans: PlanFile[];
let html: string;

beforeAll(async () => {
    plans = await networkPlans();
    html = renderReport(reportInput(plans, evaluatePlans(plans)));
}, 120000);

describe("plan report", () => {
    it("is one file that loads nothing from the network", () => {
        expect(plans.map((p) => `${p.layer}/${p.region}`)).toEqual([
            "global-iam/us-east-1",
            "security/us-east-1",
            "network/us-east-1",
        ]);
        expect(html.startsWith("<!doctype html>")).toBe(true);
        expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
        expect(html).toContain("default-src 'none'");
    });

    it("shows every stack in the graph and every resource under its stack, with an anchor findings link to", () => {
        for (const p of plans) expect(html).toContain(`data-stack="${p.project}/${p.stack}"`);
        const sg = plans[2].steps.find((s) => s.newState.type === "aws:ec2/securityGroup:SecurityGroup")!;
        expect(html).toContain(`id="${anchor(sg.urn)}"`);
        const findings = evaluatePlans(plans).violations.filter((v) => v.urn);
        expect(findings.length).toBeGreaterThan(0);
        for (const v of findings) expect(html).toContain(`href="#${anchor(v.urn!)}"`);
    });

    it("gives each finding its fix and the way to an exemption, grouped by severity", () => {
        const v = evaluatePlans(plans).violations[0];
        const at = html.indexOf(`<code>${v.policyName}</code>`);
        expect(at).toBeGreaterThan(0);
        const finding = html.slice(html.lastIndexOf("<details", at), html.indexOf("</details>", at));
        expect(finding).toContain('<p class="fix"><b>Fix:</b>');
        expect(finding).toContain(
            `naming <code>${v.policyName}</code> and this resource, with a reason, an owner and an expiry date`,
        );
        expect(html).toMatch(new RegExp(`<summary>${v.severity}: \\d+ finding\\(s\\), \\d+ mandatory</summary>`));
    });

    it("says FAILED with the run's reasons when the plan run failed, though the pack passed the plans there are", () => {
        const policy = { ...evaluatePlans(plans), passed: true };
        expect(renderReport(reportInput(plans, policy))).toContain('<span class="verdict passed">PASSED</span>: 3 stacks,');
        const failed = renderReport(reportInput(plans, policy, undefined, ["1 stack(s) failed (data/production-us-east-1)"]));
        expect(failed).toContain(
            '<span class="verdict failed">FAILED</span> <span class="why">(1 stack(s) failed (data/production-us-east-1))</span>: 3 stacks,',
        );
        expect(failed).not.toContain(">PASSED<");
    });

    it("lists what changed since an earlier plan", () => {
        const earlier = plans.map((p) => ({ ...p, steps: p.steps.filter((s) => s.newState.type !== "aws:ec2/flowLog:FlowLog") }));
        const changedInputs = earlier.map((p) =>
            p.layer !== "network"
                ? p
                : {
                      ...p,
                      steps: p.steps.map((s) =>
                          s.newState.type === "aws:ec2/vpc:Vpc"
                              ? { ...s, newState: { ...s.newState, inputs: { ...s.newState.inputs, cidrBlock: "10.9.0.0/16" } } }
                              : s,
                      ),
                  },
        );
        const diff = diffPlans(changedInputs, plans, "plan-before");
        expect(diff.added.map((a) => a.urn.split("::")[2])).toEqual(["baseline:network:FlowLogs$aws:ec2/flowLog:FlowLog"]);
        expect(diff.removed).toEqual([]);
        expect(diff.changed.map((c) => c.keys)).toEqual([["cidrBlock"]]);
        const withDiff = renderReport(reportInput(plans, evaluatePlans(plans), diff));
        expect(withDiff).toContain("Compared with plan-before: 1 added, 0 removed, 1 changed.");
    });
});

describe("npm run report -- PLAN-DIR", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-cli-"));
        for (const p of plans) fs.writeFileSync(path.join(dir, `${p.project}.${p.stack}.json`), JSON.stringify(p));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");

    it("judges the plans as npm run plan does, under the baseline's pack configuration, and writes the plan's own report", () => {
        // The security layer's access-log bucket has an exemption in policy-pack/config/baseline.json; the pack alone flags it.
        const exempted = (v: { policyName: string; urn?: string }) =>
            v.policyName === "s3-bucket-sse-kms-cmk" && /::audit-access-logs$/.test(v.urn ?? "");
        expect(evaluatePlans(plans).violations.some(exempted)).toBe(true);
        expect(evaluatePolicies(plans).report.violations.some(exempted)).toBe(false);

        const r = reportMain([dir]);
        expect(r).toEqual({ code: 0, out: `wrote ${path.relative(process.cwd(), path.join(dir, "report.html"))}\n` });
        expect(read("report.html")).toBe(renderReport(reportInput(plans, evaluatePolicies(plans).report)));
        expect(read("report.html")).not.toContain("<code>s3-bucket-sse-kms-cmk</code>");
    });

    it("a folder whose plan run failed is reported FAILED with the run's reasons, and says so", () => {
        fs.writeFileSync(
            path.join(dir, "summary.json"),
            JSON.stringify({
                status: "failed",
                failed: ["data/production-us-east-1"],
                skipped: ["api/production-us-east-1"],
                stacks: [],
                policy: { counts: { mandatory: 0 } },
            }),
        );
        const reasons = "1 stack(s) failed (data/production-us-east-1); 1 skipped (api/production-us-east-1)";
        const r = reportMain([dir, "--out", path.join(dir, "r.html")]);
        expect(r.code).toBe(0);
        expect(r.out).toContain(`(the plan run that wrote ${dir} FAILED: ${reasons})`);
        expect(read("r.html")).toContain(
            `<span class="verdict failed">FAILED</span> <span class="why">(${reasons})</span>: 3 stacks,`,
        );
        // The same folder as --compare: the comparison names the earlier run's failure.
        expect(reportMain([dir, "--compare", dir, "--out", path.join(dir, "c.html")]).code).toBe(0);
        expect(read("c.html")).toContain(`Compared with ${dir} (whose plan run FAILED: ${reasons}): 0 added`);
    });
});
