/** Every finding tells another team what is wrong, where, how to fix it and how to ask for an exemption. */
import { evaluatePlans } from "../src/offline";
import { POLICIES } from "../src/pack";
import { patched, planOf, PROJECT, STACK, underBaseline } from "./fixtures";

it("names the policy, the resource, the fix and the exemption entry to request, after the finding", () => {
    const report = evaluatePlans([planOf(patched("postgres", { publiclyAccessible: true }))], undefined, {
        policyPackConfig: underBaseline(POLICIES),
    });
    const v = report.violations.find((x) => x.policyName === "rds-not-publicly-accessible")!;
    expect(v.message.split("\n")).toEqual([
        "RDS instance is publicly accessible: set publiclyAccessible: false.",
        `Policy 'rds-not-publicly-accessible' on ${PROJECT}/${STACK}/postgres.`,
        "How to fix: change it so that it meets the policy: RDS instances and cluster instances are not publicly accessible.",
        `To request an exemption, ask the owners of the policy group's configuration to add {"policy":"rds-not-publicly-accessible","resource":"${PROJECT}/${STACK}/postgres","reason":"<why>","owner":"<team>","expires":"<YYYY-MM-DD>"} to the 'exemptions' of 'pack-exemptions'; every exemption is reported on each run.`,
    ]);
});

it("gives every non-notice finding of a faulty plan the same four parts", () => {
    const plan = planOf(
        patched("postgres", { publiclyAccessible: true, storageEncrypted: false }, patched("alarms", { tags: undefined })),
    );
    const report = evaluatePlans([plan], undefined, { policyPackConfig: underBaseline(POLICIES) });
    const findings = report.violations.filter((v) => !v.policyName.startsWith("pack-"));
    expect(findings.length).toBeGreaterThan(2);
    for (const v of findings) {
        const lines = v.message.split("\n");
        expect(lines[1]).toMatch(new RegExp(`^Policy '${v.policyName}' on ${PROJECT}/${STACK}/`));
        expect(lines[2]).toMatch(/^How to fix: \S/);
        expect(lines[3]).toContain(`"policy":"${v.policyName}"`);
    }
});
