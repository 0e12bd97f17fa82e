/**
 * The baseline's own first `pulumi preview`: every resource is new, so every value the provider computes
 * (an id, an ARN) is unknown, and so is every input built from one (`bucket: bucket.id`, a log
 * destination `${group.arn}:*`, a policy document naming a key's ARN). The offline plan's mock runtime
 * knows them all, and the engine-level run's stand-in provider too, so neither would show a policy that
 * refuses what a real first preview cannot see. This test takes the real plans of every stack, makes
 * unknown every input that carries another resource's computed id or ARN of the same stack, and judges
 * them with the pack under the baseline's configuration: the first deploy must not be refused.
 */
import type { PlanFile, PlanStep } from "@baseline/lib";
import { evaluatePlans, UNKNOWN_SENTINEL } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";
import { sharedPlanAll } from "./support/sharedPlan";

const BASELINE = readPolicyPackConfig(BASELINE_CONFIG_FILE);

let plans: PlanFile[];
beforeAll(async () => {
    plans = await sharedPlanAll();
}, 300000);

/** The values a create step computes: its id and ARN, unless the id is one of its own literal inputs (a name given). */
function computedValues(s: PlanStep): string[] {
    const outputs = (s.newState.outputs ?? {}) as Record<string, unknown>;
    const literal = new Set(Object.values(s.newState.inputs).filter((v): v is string => typeof v === "string"));
    return [s.newState.id, outputs["id"], outputs["arn"]].filter(
        (v): v is string => typeof v === "string" && v.length >= 8 && !literal.has(v),
    );
}

/** `value` with every string that carries one of `computed` made unknown, and whether any was. */
function unknownWhereComputed(value: unknown, computed: readonly string[]): { value: unknown; changed: boolean } {
    if (typeof value === "string")
        return computed.some((c) => value.includes(c)) ? { value: UNKNOWN_SENTINEL, changed: true } : { value, changed: false };
    if (Array.isArray(value)) {
        const items = value.map((v) => unknownWhereComputed(v, computed));
        return { value: items.map((i) => i.value), changed: items.some((i) => i.changed) };
    }
    if (value && typeof value === "object") {
        const entries = Object.entries(value).map(([k, v]) => [k, unknownWhereComputed(v, computed)] as const);
        return { value: Object.fromEntries(entries.map(([k, i]) => [k, i.value])), changed: entries.some(([, i]) => i.changed) };
    }
    return { value, changed: false };
}

/**
 * A plan as its first preview sees it: each input that carries another resource's computed value is
 * unknown, and the engine records which resources it came from (its property dependencies), as
 * `pulumi preview` does for an input built from another resource's output.
 */
function firstPreview(plan: PlanFile): { plan: PlanFile; unknownInputs: number } {
    let unknownInputs = 0;
    const computed = plan.steps.map((s) => ({ urn: s.urn, values: computedValues(s) }));
    const steps = plan.steps.map((s) => {
        const state = s.newState as typeof s.newState & { propertyDependencies?: Record<string, string[]> };
        const deps: Record<string, string[]> = { ...(state.propertyDependencies ?? {}) };
        const inputs = Object.fromEntries(
            Object.entries(s.newState.inputs).map(([k, v]) => {
                const sources = computed.filter((c) => c.urn !== s.urn && unknownWhereComputed(v, c.values).changed);
                if (sources.length === 0) return [k, v];
                unknownInputs++;
                deps[k] = [...new Set([...(deps[k] ?? []), ...sources.map((c) => c.urn)])];
                return [
                    k,
                    unknownWhereComputed(
                        v,
                        sources.flatMap((c) => c.values),
                    ).value,
                ];
            }),
        );
        return { ...s, newState: { ...s.newState, inputs, propertyDependencies: deps } as typeof s.newState };
    });
    return { plan: { ...plan, steps } as PlanFile, unknownInputs };
}

test("the first preview of every stack, with every computed reference unknown, is refused by no policy", () => {
    const previews = plans.map(firstPreview);
    // The references really are unknown (the test would prove nothing otherwise): hundreds of inputs.
    expect(previews.reduce((n, p) => n + p.unknownInputs, 0)).toBeGreaterThan(200);
    const report = evaluatePlans(
        previews.map((p) => p.plan),
        undefined,
        { policyPackConfig: BASELINE },
    );
    expect(
        report.violations
            .filter((v) => v.enforcementLevel === "mandatory")
            .map((v) => `${v.policyName} on ${v.stack} ${v.urn?.split("::").pop() ?? ""}: ${v.message.split("\n")[0]}`),
    ).toEqual([]);
});
