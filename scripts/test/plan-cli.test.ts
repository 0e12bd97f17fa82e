/** `npm run plan` itself: the files it writes, their shapes, and its exit codes. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { layersMermaid } from "@baseline/lib";
import { main, parseArgs } from "../src/plan";

describe("npm run plan", () => {
    let out: string;
    beforeEach(() => {
        out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cli-"));
        jest.spyOn(console, "log").mockImplementation(() => undefined);
    });
    afterEach(() => {
        fs.rmSync(out, { recursive: true, force: true });
        jest.restoreAllMocks();
    });

    test("one stack with its upstreams: preview-shaped plan files, summaries with policy results, the layer graph", async () => {
        expect(await main(["--out", out, "--stack", "security/production-us-west-2"])).toBe(0);
        expect(fs.readdirSync(out).sort()).toEqual([
            "baseline-global-iam.production.json",
            "baseline-security.production-us-west-2.json",
            "layers.mmd",
            "report.html",
            "summary.json",
            "summary.md",
        ]);
        const plan = JSON.parse(fs.readFileSync(path.join(out, "baseline-security.production-us-west-2.json"), "utf8"));
        expect(plan).toMatchObject({
            project: "baseline-security",
            stack: "production-us-west-2",
            layer: "security",
            region: "us-west-2",
        });
        const key = plan.steps.find((s: { newState: { type: string } }) => s.newState.type === "aws:kms/key:Key");
        expect(key).toMatchObject({ op: "create", newState: { type: "aws:kms/key:Key", custom: true, protect: true } });
        expect(key.urn).toBe(key.newState.urn);
        expect(key.newState.parent).toMatch(/^urn:pulumi:production-us-west-2::baseline-security::/);
        expect(key.newState.inputs).toMatchObject({ enableKeyRotation: true, tags: { Environment: "Production" } });
        expect(plan.outputs.dataKeyArn).toMatch(/^arn:aws:kms:us-west-2:123456789012:key\//);

        const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
        expect(summary.stacks.map((s: { stack: string; status: string }) => `${s.stack}:${s.status}`)).toEqual([
            "production:planned",
            "production-us-west-2:planned",
        ]);
        expect(summary.stacks[1].byType["aws:kms/key:Key"]).toBe(3);
        expect(summary.policy).toMatchObject({ passed: true, counts: { stacks: 2, mandatory: 0 } });
        expect(fs.readFileSync(path.join(out, "summary.md"), "utf8")).toContain("## Policy pack `aws-secure-baseline`: PASSED");
        expect(fs.readFileSync(path.join(out, "layers.mmd"), "utf8")).toBe(layersMermaid());
        // The same run writes the report and the cost estimate of what it planned.
        const html = fs.readFileSync(path.join(out, "report.html"), "utf8");
        expect(html).toContain("baseline-security/production-us-west-2 (us-west-2)");
        expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
        expect(summary.cost.stacks.map((c: { stack: string }) => c.stack)).toEqual([
            "baseline-global-iam/production",
            "baseline-security/production-us-west-2",
        ]);
        expect(fs.readFileSync(path.join(out, "summary.md"), "utf8")).toContain("## Monthly cost estimate");
    }, 60000);

    test("arguments: a value is required, unknown flags and stacks are refused", async () => {
        expect(() => parseArgs(["--out"])).toThrow("--out needs a value");
        expect(() => parseArgs(["--verbose"])).toThrow("unknown option --verbose");
        jest.spyOn(console, "error").mockImplementation(() => undefined);
        expect(await main(["--out", out, "--stack", "network/production-ap-south-1"])).toBe(2);
        expect(console.error).toHaveBeenCalledWith(
            expect.stringContaining('plan: --stack: unknown stack "network/production-ap-south-1"'),
        );
    });
});

test("--rehearsal asks for the plan in rehearsal mode; without it the stack files decide", () => {
    expect(parseArgs(["--rehearsal"])).toMatchObject({ rehearsal: true });
    expect(parseArgs([])).toMatchObject({ rehearsal: false });
    expect(() => parseArgs(["--rehearsal=yes"])).toThrow("--rehearsal");
});
