/**
 * Other teams' stacks (policy-pack/fixtures/<name>/) under the organization
 * guardrail configuration, offline: each program runs under the mock runtime and
 * its resources are judged by the offline evaluator, as `pulumi preview` with
 * `--policy-pack-config config/organization.json` would judge them.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { PolicyPackConfig } from "@pulumi/policy";
import { runStack } from "@baseline/lib/src/testing";
import type { PlanFile } from "../src/planFormat";
import { evaluatePlans, PolicyReport } from "../src/offline";
import { ORGANIZATION_CONFIG_FILE, readPolicyPackConfig } from "../src/profiles";
import { FIXTURE_STACK, VERDICTS } from "../fixtures/verdicts";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** The stack's config as the engine hands it to programs and providers: strings, objects JSON-encoded. */
function stackConfig(name: string): Record<string, string> {
    const file = path.join(FIXTURES, name, `Pulumi.${FIXTURE_STACK}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    return Object.fromEntries(
        Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

export async function fixturePlan(name: string): Promise<PlanFile> {
    const config = stackConfig(name);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(FIXTURES, name, "index.ts")) as () => Promise<Record<string, unknown>>;
    const run = await runStack({ project: name, stack: FIXTURE_STACK, config, program });
    return {
        project: name,
        stack: FIXTURE_STACK,
        layer: name,
        region: config["aws:region"],
        config,
        outputs: run.outputs,
        steps: run.resources.map((r) => ({
            op: r.read ? "read" : "create",
            urn: r.urn,
            ...(r.provider ? { provider: r.provider } : {}),
            newState: {
                urn: r.urn,
                type: r.type,
                custom: r.custom,
                ...(r.id ? { id: r.id } : {}),
                ...(r.parent ? { parent: r.parent } : {}),
                ...(r.provider ? { provider: r.provider } : {}),
                dependencies: [...r.dependencies],
                inputs: r.inputs,
                outputs: r.outputs,
            },
        })),
    };
}

const mandatoryPolicies = (r: PolicyReport) =>
    [...new Set(r.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policyName))].sort();

describe.each(VERDICTS.map((v) => [v.name, v] as const))("fixture %s", (name, verdict) => {
    let plan: PlanFile;
    const org = readPolicyPackConfig(ORGANIZATION_CONFIG_FILE);
    beforeAll(async () => {
        plan = await fixturePlan(name);
    });

    it(`${verdict.passes ? "passes" : "is stopped"} under the organization guardrail (${verdict.kind})`, () => {
        const report = evaluatePlans([plan], undefined, { policyPackConfig: org });
        expect(mandatoryPolicies(report)).toEqual([...verdict.mandatory]);
        expect(report.passed).toBe(verdict.passes);
        const used = report.violations
            .filter((v) => v.policyName === "pack-exemptions-report" && / is in use: /.test(v.message))
            .map((v) => /from '([^']+)'/.exec(v.message)![1])
            .sort();
        expect(used).toEqual([...(verdict.exempted ?? [])]);
    });

    if (verdict.exempted)
        it("is stopped without its exemptions", () => {
            const without = { ...org, "pack-exemptions": { exemptions: [] } } as PolicyPackConfig;
            const report = evaluatePlans([plan], undefined, { policyPackConfig: without });
            expect(report.passed).toBe(false);
            expect(mandatoryPolicies(report)).toEqual([...verdict.exempted!].sort());
        });
});
