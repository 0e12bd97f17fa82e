/**
 * Facts about the whole production plan and the docs that a fresh account depends on: what the
 * provider or the CLI would refuse, and examples that must work as written.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import type { PlanFile } from "@baseline/lib";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { sharedPlanAll } from "./support/sharedPlan";

const ROOT = path.resolve(__dirname, "../..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");
let plans: PlanFile[];

beforeAll(async () => {
    // As written to plan-out/ and read back by `npm run analyze`.
    plans = JSON.parse(JSON.stringify(await sharedPlanAll())) as PlanFile[];
}, 120000);

const steps = () => plans.flatMap((p) => p.steps.map((s) => ({ plan: p, state: s.newState })));

test("no lifecycle rule has an empty filter (the provider warns it will become an error); each names its prefix", () => {
    const rules = steps()
        .filter((s) => s.state.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
        .flatMap((s) =>
            (s.state.inputs.rules as { id: string; filter?: Record<string, unknown> }[]).map((r) => ({
                ...r,
                stack: s.plan.stack,
            })),
        );
    expect(rules.length).toBeGreaterThanOrEqual(9);
    for (const r of rules) {
        expect([r.id, r.filter]).toEqual([r.id, expect.objectContaining({ prefix: expect.any(String) })]);
        expect(Object.keys(r.filter ?? {}).length).toBeGreaterThan(0);
    }
});

test("the shipped defaults hand out no AdministratorAccess and reserve no Lambda concurrency", () => {
    const attachments = steps().filter((s) => s.state.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
    expect(attachments.map((a) => a.state.inputs.policyArn)).not.toContain("arn:aws:iam::aws:policy/AdministratorAccess");
    for (const fn of steps().filter((s) => s.state.type === "aws:lambda/function:Function")) {
        expect(fn.state.inputs.reservedConcurrentExecutions).toBeUndefined();
    }
});

test("every interface endpoint of the plan carries a policy", () => {
    const iface = steps().filter(
        (s) => s.state.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && s.state.inputs.vpcEndpointType === "Interface",
    );
    expect(iface.length).toBeGreaterThanOrEqual(3);
    for (const e of iface) expect(JSON.parse(String(e.state.inputs.policy)).Statement.length).toBeGreaterThan(0);
});

describe("docs that must work as written", () => {
    const jsonBlocks = (text: string) => [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);

    test("the policy pack README's example configuration keeps the production plan passing", () => {
        const example = jsonBlocks(read("policy-pack/README.md")).find((b) => b.includes("aws-required-tags"));
        expect(example).toBeDefined();
        const config = JSON.parse(example!) as Record<string, unknown>;
        const report = evaluatePlans(plans, undefined, { policyPackConfig: config as never });
        expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(report.levels["pack-exemptions-report"]).toBe("advisory");
        // The pitfall the README warns about is real: "all": "mandatory" fails the data stacks.
        const strict = evaluatePlans(plans, undefined, { policyPackConfig: { ...config, all: "mandatory" } as never });
        expect(strict.passed).toBe(false);
    });

    test("`pulumi config set` of a list key always uses --path (a plain set stores a string the CLI refuses)", () => {
        const listKeys = new Set<string>();
        for (const layer of ["global-iam", "security", "network", "data", "api"]) {
            const project = yaml.load(read(`stacks/${layer}/Pulumi.yaml`)) as { config?: Record<string, { type?: string }> };
            for (const [k, v] of Object.entries(project.config ?? {})) if (v.type === "array") listKeys.add(k);
        }
        expect([...listKeys]).toEqual(expect.arrayContaining(["trustedPrincipals", "interfaceEndpoints", "vpcCidrs"]));
        const docs = fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md"));
        expect(docs).toEqual(expect.arrayContaining(["deploying.md", "costs.md"]));
        const sources = [
            "README.md",
            ...docs.map((f) => `docs/${f}`),
            "policy-pack/README.md",
            "CONTRIBUTING.md",
            "stacks/global-iam/src/humanRoles.ts",
        ];
        for (const f of sources) {
            for (const m of read(f).matchAll(/pulumi config set ([^\n`]*)/g)) {
                const args = m[1];
                const key = [...listKeys].find((k) => new RegExp(`(^|\\s|')${k}(\\[|\\s|'|$)`).test(args));
                if (key) expect([f, args]).toEqual([f, expect.stringContaining("--path")]);
            }
        }
        for (const layer of ["global-iam", "security", "network", "data", "api"]) {
            const project = yaml.load(read(`stacks/${layer}/Pulumi.yaml`)) as {
                config?: Record<string, { description?: string }>;
            };
            for (const [k, v] of Object.entries(project.config ?? {})) {
                for (const m of (v.description ?? "").matchAll(/pulumi config set ([^.]*)/g)) {
                    if (listKeys.has(k)) expect([layer, k, m[1]]).toEqual([layer, k, expect.stringContaining("--path")]);
                }
            }
        }
    });

    test("the deploy workflow asks for sessions a role allows by default (1 hour), and the CI doc says how to go longer", () => {
        const workflow = read(".github/workflows/deploy.yml");
        const durations = [...workflow.matchAll(/role-duration-seconds:\s*(\d+)/g)].map((m) => Number(m[1]));
        expect(durations.length).toBeGreaterThan(0);
        for (const d of durations) expect(d).toBeLessThanOrEqual(3600);
        expect(read("docs/ci.md")).toContain("--max-session-duration");
    });
});
