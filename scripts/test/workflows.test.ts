/**
 * The GitHub workflows pin what the engine-level run proves: the Pulumi CLI at
 * the version package-lock.json pins, Node 22, and Pulumi Cloud access through
 * OIDC rather than a stored token. (actionlint validates their syntax in CI.)
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { REPO_ROOT } from "../src/plugins";

interface Step {
    readonly id?: string;
    readonly name?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, unknown>;
}
interface Job {
    readonly steps?: Step[];
    readonly permissions?: Record<string, string>;
    readonly uses?: string;
}
interface Workflow {
    readonly on: Record<string, unknown>;
    readonly jobs: Record<string, Job>;
}

const DIR = path.join(REPO_ROOT, ".github", "workflows");
const WORKFLOWS = fs
    .readdirSync(DIR)
    .filter((f) => f.endsWith(".yml"))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(DIR, f), "utf8") }))
    .map((w) => ({ ...w, wf: yaml.load(w.text) as Workflow }));
const jobs = WORKFLOWS.flatMap((w) => Object.entries(w.wf.jobs).map(([name, job]) => ({ where: `${w.file}:${name}`, job })));
const PULUMI_VERSION = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }
).version;

describe("workflows", () => {
    it("use Node 22 everywhere", () => {
        const nodes = jobs.flatMap(({ where, job }) =>
            (job.steps ?? [])
                .filter((s) => s.uses?.startsWith("actions/setup-node@"))
                .map((s) => [where, s.with?.["node-version"]]),
        );
        expect(nodes.length).toBeGreaterThan(3);
        for (const [where, v] of nodes) expect([where, String(v)]).toEqual([where, "22"]);
    });

    it("install the Pulumi CLI at the version package-lock.json pins, read from the lock file by the same job", () => {
        const pulumiJobs = jobs.filter(({ job }) => (job.steps ?? []).some((s) => s.uses?.startsWith("pulumi/actions@")));
        // organization.yml exists only for an organization (npm run gen:org-ci; its jobs are pinned by org-ci.test.ts).
        expect(
            pulumiJobs
                .map((j) => j.where)
                .filter((w) => !w.startsWith("organization.yml:"))
                .sort(),
        ).toEqual(["deploy.yml:up", "drift.yml:drift", "pull-request.yml:preview"]);
        for (const { where, job } of pulumiJobs) {
            const steps = job.steps ?? [];
            const install = steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
            expect([where, install.with?.["pulumi-version"]]).toEqual([where, "${{ steps.versions.outputs.pulumi }}"]);
            const versions = steps.find((s) => s.id === "versions");
            expect(versions?.run).toBeDefined();
            // Run the step's own command here: it must print the version the e2e builds the engine at.
            const printed = execFileSync("bash", ["-c", versions!.run!.replace('>> "$GITHUB_OUTPUT"', "")], {
                cwd: REPO_ROOT,
                encoding: "utf8",
            }).trim();
            expect(printed).toBe(`pulumi=${PULUMI_VERSION}`);
            expect(steps.indexOf(versions!)).toBeLessThan(steps.indexOf(install));
        }
    });

    it("reach Pulumi Cloud through OIDC token exchange, never a stored access token", () => {
        for (const w of WORKFLOWS) expect([w.file, /secrets\.PULUMI_ACCESS_TOKEN/.test(w.text)]).toEqual([w.file, false]);
        for (const { where, job } of jobs.filter(({ job }) =>
            (job.steps ?? []).some((s) => s.uses?.startsWith("pulumi/actions@")),
        )) {
            const auth = (job.steps ?? []).find((s) => s.uses?.startsWith("pulumi/auth-actions@"));
            expect([where, auth?.with?.["requested-token-type"]]).toEqual([
                where,
                "urn:pulumi:token-type:access_token:organization",
            ]);
            expect([where, job.permissions?.["id-token"]]).toEqual([where, "write"]);
            expect((job.steps ?? []).some((s) => s.run === "npm run plugins")).toBe(true);
        }
    });

    it("check drift daily, read-only, and comment on pull requests with the preview", () => {
        const drift = WORKFLOWS.find((w) => w.file === "drift.yml")!;
        expect(drift.wf.on).toHaveProperty("schedule");
        expect(drift.text).toContain("npm run deploy -- drift");
        const pr = WORKFLOWS.find((w) => w.file === "pull-request.yml")!;
        const preview = pr.wf.jobs.preview;
        expect(preview.permissions?.["pull-requests"]).toBe("write");
        const runs = (preview.steps ?? []).map((s) => s.run ?? "").join("\n");
        expect(runs).toContain("--summary-json preview.json");
        expect(runs).toContain("npm run pr-comment -- --preview preview.json --plan plan-out/summary.json --out comment.md");
        // A preview that stopped before any stack ran writes no preview.json: the comment is then asked for with
        // --no-preview, since pr-comment refuses a --preview file that does not exist.
        const comment = (preview.steps ?? []).find((s) => s.name === "Write the comment")!;
        expect(comment.if).toBe("always()");
        expect(comment.run).toMatch(
            /^if \[ -f preview\.json \]; then\n\s+npm run pr-comment -- --preview preview\.json [^\n]*\nelse\n\s+npm run pr-comment -- --no-preview --plan plan-out\/summary\.json --out comment\.md\nfi\n$/,
        );
        expect((preview.steps ?? []).some((s) => s.uses?.startsWith("actions/github-script@"))).toBe(true);
    });
});
