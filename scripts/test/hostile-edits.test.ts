/**
 * The pack on hostile edits of the baseline's own production plan: the plan of
 * every stack (as `npm run plan` writes it) is edited once per case
 * (test/hostileEdits.ts) and evaluated with the offline evaluator; each edit
 * must meet a mandatory violation in the stack it changed, and the unedited
 * plan none. The baseline's stacks are judged as the baseline's deploy judges them: under its
 * conformance configuration (policy-pack/config/baseline.json); the organization guardrails
 * fixture as its organization judges it: under policy-pack/config/organization.json.
 *
 * The pack judges each stack's plan on its own (evaluatePlans resets its state per
 * plan and tags every violation with the plan it came from), so an edited plan set
 * is judged by evaluating the plans the edit changed: an unchanged plan gives the
 * unedited plan's verdict, which the first test checks for every stack.
 */
import type { PlanFile } from "@baseline/lib";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, ORGANIZATION_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";
import { fixturePlan } from "@baseline/policy-pack/test/fixturePlan";
import { sharedPlanAll } from "./support/sharedPlan";
import { HOSTILE_EDITS, ORG_FIXTURE, Plan } from "./hostileEdits";

/** Each stack's plan as JSON: what every case starts from, and what tells an edited plan from an unchanged one. */
let planTexts: string[];
/** Which stack each plan is: what an edit reads to find the plan it changes. */
let headers: Pick<Plan, "project" | "stack" | "layer" | "region">[];
/** The keys of each plan, in order, as JSON.parse makes them. */
let keys: string[][];

beforeAll(async () => {
    const plans: PlanFile[] = [...(await sharedPlanAll()), await fixturePlan(ORG_FIXTURE)];
    planTexts = plans.map((p) => JSON.stringify(p));
    headers = plans.map(({ project, stack, layer, region }) => ({ project, stack, layer, region }));
    keys = plans.map((p) => Object.keys(p));
}, 120000);

/** Plans made by `clone` and never read beyond which stack they are, with the index of the text each was made from. */
const untouched = new WeakMap<Plan, number>();

/**
 * A fresh copy of every plan for one case. An edit changes one or two of the eighteen: each plan
 * is parsed from its text only when the edit reads more than which stack it is, and `edited`
 * writes out only the plans that were parsed. Parsing every plan for each case, and writing every
 * plan out again to find the changed ones, was a third of this file's time.
 */
const clone = (): Plan[] =>
    planTexts.map((text, i) => {
        const plan = {} as Record<string, unknown>;
        const parse = () => {
            if (!untouched.delete(plan as Plan)) return;
            const full = JSON.parse(text) as Record<string, unknown>;
            for (const k of keys[i])
                Object.defineProperty(plan, k, { value: full[k], writable: true, enumerable: true, configurable: true });
        };
        const header = headers[i] as Record<string, unknown>;
        for (const k of keys[i])
            Object.defineProperty(plan, k, {
                enumerable: true,
                configurable: true,
                get: () => {
                    if (k in header) return header[k];
                    parse();
                    return plan[k];
                },
                set: (v: unknown) => {
                    parse();
                    plan[k] = v;
                },
            });
        untouched.set(plan as Plan, i);
        return plan as Plan;
    });
/** The plans an edit added or changed (and every plan after one it removed). */
const edited = (all: Plan[]): Plan[] =>
    all.filter((p, i) =>
        // Unread, in its place, and given no key of its own: the plan as its text has it.
        untouched.get(p) === i && Object.keys(p).length === keys[i].length ? false : JSON.stringify(p) !== planTexts[i],
    );

const BASELINE = readPolicyPackConfig(BASELINE_CONFIG_FILE);
const ORGANIZATION = readPolicyPackConfig(ORGANIZATION_CONFIG_FILE);
/** Each stack under its own configuration: the organization's fixture under the organization's. */
const evaluate = (all: Plan[]) => {
    const org = evaluatePlans(
        all.filter((p) => p.project === ORG_FIXTURE),
        undefined,
        { policyPackConfig: ORGANIZATION },
    );
    const baseline = evaluatePlans(
        all.filter((p) => p.project !== ORG_FIXTURE),
        undefined,
        { policyPackConfig: BASELINE },
    );
    return { violations: [...baseline.violations, ...org.violations] };
};
const mandatory = (all: Plan[]) => evaluate(all).violations.filter((v) => v.enforcementLevel === "mandatory");

test("a case's copy of the plans is the plans: unread, read or written out, and no plan counts as edited", () => {
    const untouchedCopy = clone();
    expect(edited(untouchedCopy)).toEqual([]);
    expect(untouchedCopy.map((p) => `${p.project}/${p.stack} ${p.layer} ${p.region}`)).toEqual(
        headers.map((h) => `${h.project}/${h.stack} ${h.layer} ${h.region}`),
    );
    const read = clone();
    expect(read.map((p) => JSON.stringify(p))).toEqual(planTexts);
    expect(edited(read)).toEqual([]);
    // A key added without reading anything else still counts as an edit.
    const added = clone();
    (added[3] as unknown as Record<string, unknown>)["extra"] = true;
    expect(edited(added)).toEqual([added[3]]);
});

test("the unedited plan has no mandatory violation, and every resource type in it is judged by some policy", () => {
    const report = evaluate(clone());
    expect(
        report.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName}: ${v.message}`),
    ).toEqual([]);
    expect(report.violations.filter((v) => v.policyName === "pack-unjudged-resource-types").map((v) => v.message)).toEqual([]);
});

test("the set spans every class with at least 60 edits", () => {
    expect(HOSTILE_EDITS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(HOSTILE_EDITS.map((e) => e.cls))).toEqual(
        new Set(["conditions", "foreign", "escalation", "unjudged", "fields", "secrets", "organization"]),
    );
});

test.each(HOSTILE_EDITS.map((e) => [`${e.cls}: ${e.title}`, e] as const))("stopped: %s", (_title, e) => {
    const all = clone();
    const stack = e.edit(all);
    const changed = edited(all);
    expect(changed.map((p) => `${p.project}/${p.stack}`)).toContain(stack);
    const found = mandatory(changed).filter((v) => v.stack === stack);
    expect(found.length).toBeGreaterThan(0);
});
