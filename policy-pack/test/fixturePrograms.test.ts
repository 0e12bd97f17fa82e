/**
 * Other teams' stacks (policy-pack/fixtures/<name>/) under the organization
 * guardrail configuration, offline: each program runs under the mock runtime and
 * its resources are judged by the offline evaluator, as `pulumi preview` with
 * `--policy-pack-config config/organization.json` would judge them.
 */
import { PolicyPackConfig } from "@pulumi/policy";
import type { PlanFile } from "../src/planFormat";
import { evaluatePlans, PolicyReport } from "../src/offline";
import { ORGANIZATION_CONFIG_FILE, readPolicyPackConfig } from "../src/profiles";
import { VERDICTS } from "../fixtures/verdicts";
import { fixturePlan } from "./fixturePlan";

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
