/**
 * The engine-level run's rehearsal check (e2e/rehearsal.ts) on the baseline's own plans: a preview
 * that does what the offline rehearsal plan says passes it, and each way a preview can differ is
 * named. (The check itself runs under `npm run e2e`, against the engine's preview.)
 */
import type { PlanFile } from "@baseline/lib";
import type { PreviewStep } from "../src/analyze";
import { plannedChanges, rehearsalMismatches } from "../src/e2e/rehearsal";
import { plansOrThrow } from "../src/planner";
import { sharedPlanStacks } from "./support/sharedPlan";

const STACK = { project: "baseline-recovery", stack: "production-eu-west-1" };
let production: PlanFile;
let rehearsal: PlanFile;

beforeAll(async () => {
    const find = (plans: PlanFile[]) => plans.find((p) => p.project === STACK.project && p.stack === STACK.stack)!;
    production = find(plansOrThrow(await sharedPlanStacks()));
    rehearsal = find(plansOrThrow(await sharedPlanStacks({ deploymentMode: "rehearsal" })));
}, 120000);

/** What the engine previews when it does exactly what the rehearsal plan says. */
function faithfulPreview(): PreviewStep[] {
    const changes = new Set(plannedChanges(production, rehearsal));
    return rehearsal.steps.map((s) => ({
        op: changes.has(s.urn) ? "update" : "same",
        urn: s.urn,
        newState: { ...s.newState, inputs: structuredClone(s.newState.inputs ?? {}) },
    }));
}

it("rehearsal changes the recovery vault and its lock, nothing else", () => {
    expect(plannedChanges(production, rehearsal).map((u) => u.slice(u.lastIndexOf("::") + 2))).toEqual([
        "recovery-vault",
        "recovery-vault-lock",
    ]);
    expect(plannedChanges(production, production)).toEqual([]);
});

it("passes a preview that changes exactly the planned resources to the rehearsal plan's inputs", () => {
    expect(rehearsalMismatches(production, rehearsal, faithfulPreview())).toEqual([]);
});

it("names a planned change the engine does not make, and a change it makes that is not planned", () => {
    const preview = faithfulPreview();
    const lock = preview.find((s) => s.urn.endsWith("::recovery-vault-lock"))!;
    const other = preview.find((s) => s.op === "same" && s.newState!.type === "aws:kms/key:Key")!;
    const edited = preview.map((s) => (s === lock ? { ...s, op: "same" } : s === other ? { ...s, op: "replace" } : s));
    expect(rehearsalMismatches(production, rehearsal, edited)).toEqual([
        `planned change not previewed: ${lock.urn}`,
        `previewed, not planned: replace ${other.urn}`,
    ]);
});

it("names inputs the engine would set otherwise than the rehearsal plan, and a plan pair that differs in nothing", () => {
    const preview = faithfulPreview();
    const lock = preview.find((s) => s.urn.endsWith("::recovery-vault-lock"))!;
    const inputs = lock.newState!.inputs!;
    const key = Object.keys(inputs).find((k) => typeof inputs[k] === "number")!;
    inputs[key] = (inputs[key] as number) + 1;
    expect(rehearsalMismatches(production, rehearsal, preview)).toEqual([
        expect.stringMatching(new RegExp(`^inputs ${lock.urn.replace(/[$]/g, "\\$")}: ${key}: engine `)),
    ]);
    expect(rehearsalMismatches(production, production, faithfulPreview())[0]).toBe(
        "the rehearsal plan changes nothing against the production plan",
    );
});
