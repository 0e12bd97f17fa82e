/**
 * The pull-request comment: the preview per layer and the pack's findings, with
 * the marker the workflow uses to update one comment in place.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REGIONS } from "@baseline/lib";
import { FakeWorkspaces } from "../src/deploy/fake";
import { runPlan } from "../src/deploy/orchestrator";
import { buildPlan } from "../src/deploy/plan";
import { resultsJson } from "../src/deploy/summary";
import { COMMENT_MARKER, main, renderComment } from "../src/prComment";

async function preview(fail: Record<string, string> = {}) {
    const plan = buildPlan(
        {
            op: "preview",
            layers: ["network", "data"],
            regions: [...REGIONS],
            parallel: 3,
            dryRun: false,
            yes: false,
            allowDataDestruction: false,
            excludeProtected: false,
        },
        "/repo",
    );
    return resultsJson(await runPlan(plan, new FakeWorkspaces({ fail, changes: { create: 2, same: 5 } })));
}

const violation = (policyName: string, enforcementLevel: "mandatory" | "advisory", message: string) => ({
    stack: "baseline-data/production-us-east-1",
    policyName,
    kind: "resource" as const,
    enforcementLevel,
    severity: "high" as const,
    controls: [],
    message,
    urn: "urn:pulumi:production-us-east-1::baseline-data::aws:s3/bucket:Bucket::data",
    resourceType: "aws:s3/bucket:Bucket",
});

const PLAN = {
    status: "passed",
    cost: {
        monthlyUsd: 1234.5,
        stacks: [
            { stack: "baseline-network/production-us-east-1", monthlyUsd: 34.5 },
            { stack: "baseline-data/production-us-east-1", monthlyUsd: 1200 },
        ],
    },
    policy: {
        packName: "aws-secure-baseline",
        passed: false,
        stacks: [],
        violations: [
            violation("s3-bucket-public-read", "mandatory", "Bucket 'data' grants | public read\nto AllUsers"),
            violation("alarm-topic-subscribed", "advisory", "no subscriber"),
            violation("alarm-topic-subscribed", "advisory", "no subscriber"),
            violation("pack-unjudged-resource-types", "advisory", "review by hand"),
        ],
        remediations: [],
        counts: { stacks: 6, resources: 300, mandatory: 1, advisory: 3, remediated: 0, byPolicy: {} },
        levels: {},
    },
};

describe("pull-request comment", () => {
    it("starts with the marker, lists each previewed stack by layer, and the pack's findings", async () => {
        const text = renderComment(await preview({ "data/production-us-west-2": "AccessDenied: not authorized" }), PLAN);
        const lines = text.split("\n");
        expect(lines[0]).toBe(COMMENT_MARKER);
        expect(text).toContain("`deploy preview FAILED: 1 failed (data/production-us-west-2)`");
        expect(lines).toContain("| network | production-us-east-1 | us-east-1 | succeeded | 2 create, 5 same |");
        expect(lines).toContain("| data | production-us-west-2 | us-west-2 | **failed**: AccessDenied: not authorized | - |");
        expect(lines.filter((l) => l.startsWith("| network |"))).toHaveLength(3);
        expect(text).toContain("**FAILED**: 1 mandatory and 3 advisory finding(s) over 6 stacks and 300 resources.");
        // One line per cell, pipes escaped.
        expect(lines).toContain(
            "| s3-bucket-public-read | baseline-data/production-us-east-1 | data | Bucket 'data' grants \\| public read to AllUsers |",
        );
        expect(text).toContain("<details><summary>3 advisory finding(s)</summary>");
        expect(text).toMatch(/\| alarm-topic-subscribed \| 2 \|\n\| pack-unjudged-resource-types \| 1 \|/);
        // The same cost figures as summary.md and the report.
        expect(text).toContain("**$1,234.50 a month** at list prices");
        expect(lines).toContain("| baseline-data/production-us-east-1 | $1,200.00 |");
    });

    it("says so when nothing was previewed, and when the plan failed before the pack", () => {
        const text = renderComment(undefined, { status: "failed" });
        expect(text).toContain("Nothing was previewed: the preview stopped before any stack ran and wrote no results");
        expect(text).toContain("The offline plan FAILED before the policy evaluation");
    });

    it("reads the two files and refuses what is not theirs, naming the flag and file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
        const previewFile = path.join(dir, "preview.json");
        const planFile = path.join(dir, "summary.json");
        fs.writeFileSync(previewFile, JSON.stringify(await preview()));
        fs.writeFileSync(planFile, JSON.stringify(PLAN));
        const ok = main(["--preview", previewFile, "--plan", planFile]);
        expect(ok.code).toBe(0);
        expect(ok.out?.split("\n")[0]).toBe(COMMENT_MARKER);
        expect(main(["--preview", previewFile]).err).toContain("--plan is required");
        expect(main(["--preview", previewFile, "--plan", previewFile]).err).toContain(
            `--plan ${previewFile} is not a summary.json of npm run plan`,
        );
        fs.writeFileSync(planFile, "{");
        expect(main(["--no-preview", "--plan", planFile]).err).toContain(`--plan ${planFile} is not JSON`);
    });

    it("a --preview file that is missing or unreadable is an error naming the flag and path, and nothing is written", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
        try {
            const planFile = path.join(dir, "summary.json");
            fs.writeFileSync(planFile, JSON.stringify(PLAN));
            const out = path.join(dir, "comment.md");
            const missing = path.join(dir, "missing.json");
            const r = main(["--preview", missing, "--plan", planFile, "--out", out]);
            expect(r.code).toBe(2);
            expect(r.err?.split("\n")[0]).toBe(
                `pr-comment: --preview ${missing} does not exist; pass --no-preview when there are no preview results`,
            );
            const folder = main(["--preview", dir, "--plan", planFile, "--out", out]);
            expect([folder.code, folder.err?.split("\n")[0]]).toEqual([
                2,
                expect.stringMatching(new RegExp(`^pr-comment: --preview ${dir} cannot be read \\(EISDIR`)),
            ]);
            expect(fs.existsSync(out)).toBe(false);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("nothing previewed is said with --no-preview, never by leaving --preview out or pointing it nowhere", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pr-comment-"));
        try {
            const planFile = path.join(dir, "summary.json");
            fs.writeFileSync(planFile, JSON.stringify(PLAN));
            const r = main(["--no-preview", "--plan", planFile]);
            expect(r.code).toBe(0);
            expect(r.out).toContain("Nothing was previewed");
            expect(r.out).toContain("**FAILED**: 1 mandatory and 3 advisory finding(s)");
            expect(main(["--plan", planFile])).toMatchObject({
                code: 2,
                err: expect.stringMatching(
                    /^pr-comment: --preview F \(the preview's --summary-json\) or --no-preview is required/,
                ),
            });
            expect(main(["--no-preview", "--preview", planFile, "--plan", planFile])).toMatchObject({
                code: 2,
                err: expect.stringMatching(/^pr-comment: --preview and --no-preview together: give one/),
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
