/**
 * Rehearsal mode (deploymentMode=rehearsal) against production, both planned under the mock
 * runtime exactly as `npm run plan` and `npm run plan -- --rehearsal` do: every stack registers
 * the same resources with the same inputs, except the retention locks that rehearsal relaxes
 * and the tag that marks them; the rehearsal passes the pack and the pack says which resources
 * are in rehearsal mode.
 */
import type { PlanFile, PlanStep } from "@baseline/lib";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { deploymentModeLine } from "../src/plan";
import { evaluatePolicies } from "../src/policyBridge";
import type { PlanRun } from "../src/planner";
import { sharedPlanStacks } from "./support/sharedPlan";

let production: PlanRun;
let rehearsal: PlanRun;

beforeAll(async () => {
    production = await sharedPlanStacks();
    rehearsal = await sharedPlanStacks({ deploymentMode: "rehearsal" });
}, 240000);

const OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const VAULT_LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";
const TAG = "baseline:deployment-mode";

/** Every leaf path where `a` and `b` differ (`tags.x`, `rule.defaultRetention.mode`). */
function differences(a: unknown, b: unknown, at = ""): string[] {
    if (JSON.stringify(a) === JSON.stringify(b)) return [];
    const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isObj(a) || !isObj(b)) return [at || "(value)"];
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    return keys.flatMap((k) => differences(a[k], b[k], at ? `${at}.${k}` : k));
}

const shape = (s: PlanStep) => ({
    op: s.op,
    type: s.newState.type,
    parent: s.newState.parent,
    protect: s.newState.protect,
    retainOnDelete: s.newState.retainOnDelete,
    dependencies: [...(s.newState.dependencies ?? [])].sort(),
});

/** `<stack> <type>::<name> <path>` for every input that differs between the two plans of one stack. */
function planDifferences(p: PlanFile, r: PlanFile): string[] {
    // Registration order follows promise resolution and may differ between runs: match by URN.
    expect(r.steps.map((s) => s.urn).sort()).toEqual(p.steps.map((s) => s.urn).sort());
    const out: string[] = [];
    for (const ps of p.steps) {
        const rs = r.steps.find((s) => s.urn === ps.urn)!;
        expect(shape(rs)).toEqual(shape(ps));
        const name = ps.urn.slice(ps.urn.lastIndexOf("::") + 2);
        for (const d of differences(ps.newState.inputs, rs.newState.inputs)) out.push(`${ps.newState.type}::${name} ${d}`);
    }
    expect(r.outputs).toEqual(p.outputs);
    return out;
}

test("every stack plans in both modes, and production says so where a layer sets an irreversible lock", () => {
    expect(production.ok).toBe(true);
    expect(rehearsal.ok).toBe(true);
    const modes = (run: PlanRun) =>
        Object.fromEntries(run.results.map((x) => [`${x.instance.layer}/${x.instance.stack}`, x.deploymentMode ?? "-"]));
    const lockLayers = ["security", "data", "recovery"];
    for (const [id, mode] of Object.entries(modes(production)))
        expect([id, mode]).toEqual([id, lockLayers.includes(id.split("/")[0]) ? "production" : "-"]);
    for (const [id, mode] of Object.entries(modes(rehearsal)))
        expect([id, mode]).toEqual([id, lockLayers.includes(id.split("/")[0]) ? "rehearsal" : "-"]);
    expect(deploymentModeLine(production.results)).toMatch(/^deployment mode: production \(10 stack\(s\)/);
    expect(deploymentModeLine(rehearsal.results)).toMatch(/^deployment mode: REHEARSAL in 10 stack\(s\)/);
});

test("rehearsal differs from production only in the Object Lock mode, the Vault Lock grace period and the tag that marks them", () => {
    const allowed = (d: string) =>
        (d.startsWith(`${OBJECT_LOCK}::`) && d.endsWith(" rule.defaultRetention.mode")) ||
        (d.startsWith(`${VAULT_LOCK}::`) && d.endsWith(" changeableForDays")) ||
        (/^aws:(s3\/bucket:Bucket|backup\/vault:Vault)::/.test(d) && d.endsWith(` tags.${TAG}`));
    let objectLocks = 0;
    let vaultLocks = 0;
    for (const p of production.plans) {
        const r = rehearsal.plans.find((x) => x.project === p.project && x.stack === p.stack)!;
        const diffs = planDifferences(p, r);
        expect([p.stack, p.project, diffs.filter((d) => !allowed(d))]).toEqual([p.stack, p.project, []]);
        for (const s of r.steps.filter((x) => x.newState.type === OBJECT_LOCK)) {
            const prod = p.steps.find((x) => x.urn === s.urn)!.newState.inputs as { rule: { defaultRetention: object } };
            expect(prod.rule.defaultRetention).toEqual({ mode: "COMPLIANCE", days: 365 });
            expect((s.newState.inputs as typeof prod).rule.defaultRetention).toEqual({ mode: "GOVERNANCE", days: 365 });
            objectLocks++;
        }
        for (const s of r.steps.filter((x) => x.newState.type === VAULT_LOCK)) {
            const prod = p.steps.find((x) => x.urn === s.urn)!.newState.inputs;
            expect(prod["changeableForDays"]).toBe(3);
            expect(s.newState.inputs).toEqual({ ...prod, changeableForDays: undefined });
            expect("changeableForDays" in s.newState.inputs).toBe(false);
            vaultLocks++;
        }
    }
    // Object Lock on the audit buckets of the security layer; a Vault Lock per data and recovery stack.
    expect(objectLocks).toBeGreaterThan(0);
    expect(vaultLocks).toBe(6);
});

test("the production plan carries no rehearsal tag and keeps its compliance locks", () => {
    const steps = production.plans.flatMap((p) => p.steps);
    expect(steps.filter((s) => JSON.stringify(s.newState.inputs).includes(TAG))).toEqual([]);
    const modes = steps.filter((s) => s.newState.type === OBJECT_LOCK).map((s) => JSON.stringify(s.newState.inputs["rule"]));
    expect(modes.every((m) => m.includes('"COMPLIANCE"'))).toBe(true);
    expect(steps.filter((s) => s.newState.type === VAULT_LOCK).every((s) => s.newState.inputs["changeableForDays"] === 3)).toBe(
        true,
    );
    expect(evaluatePlans(production.plans).violations.filter((v) => v.policyName === "deployment-mode-rehearsal")).toEqual([]);
});

test.each([
    ["the guardrail (no configuration)", (plans: PlanFile[]) => evaluatePlans(plans)],
    ["the baseline configuration, as npm run plan and deploy judge it", (plans: PlanFile[]) => evaluatePolicies(plans).report],
])(
    "the rehearsal passes the pack under %s, which reports each relaxed resource of the production environment as advisory",
    (_, judge) => {
        const report = judge(rehearsal.plans);
        expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(report.passed).toBe(true);
        const findings = report.violations.filter((v) => v.policyName === "deployment-mode-rehearsal");
        expect(findings.every((v) => v.enforcementLevel === "advisory")).toBe(true);
        const tagged = rehearsal.plans
            .flatMap((p) => p.steps)
            .filter((s) => (s.newState.inputs["tags"] as Record<string, string> | undefined)?.[TAG] === "rehearsal")
            .map((s) => s.urn)
            .sort();
        expect(tagged.length).toBeGreaterThan(6);
        expect(findings.map((v) => v.urn).sort()).toEqual(tagged);
        expect(findings[0].message).toMatch(
            /is deployed in rehearsal mode \(baseline:deployment-mode=rehearsal\) with Environment=Production/,
        );
    },
);

test("under the baseline configuration, the same GOVERNANCE locks without the rehearsal tag are refused", () => {
    // The tag, not the mode, is what lets a GOVERNANCE lock through: strip it from the rehearsal's buckets.
    const untagged = rehearsal.plans.map((p) => ({
        ...p,
        steps: p.steps.map((s) => {
            const tags = s.newState.inputs["tags"] as Record<string, string> | undefined;
            if (tags?.[TAG] === undefined) return s;
            const { [TAG]: _, ...rest } = tags;
            return { ...s, newState: { ...s.newState, inputs: { ...s.newState.inputs, tags: rest } } };
        }),
    }));
    const mandatory = evaluatePolicies(untagged).report.violations.filter((v) => v.enforcementLevel === "mandatory");
    const locks = rehearsal.plans.flatMap((p) => p.steps).filter((s) => s.newState.type === OBJECT_LOCK);
    expect(
        mandatory
            .filter((v) => v.policyName === "s3-object-lock-compliance")
            .map((v) => v.urn)
            .sort(),
    ).toEqual(locks.map((s) => s.urn).sort());
    expect(mandatory.find((v) => v.policyName === "s3-object-lock-compliance")!.message).toMatch(
        /defaultRetention.mode is "GOVERNANCE": only COMPLIANCE binds every user/,
    );
    expect(mandatory.filter((v) => v.policyName === "backup-vault-lock-compliance")).toHaveLength(6);
});
