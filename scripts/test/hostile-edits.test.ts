/**
 * The pack on hostile edits of the baseline's own production plan: the plan of
 * every stack (as `npm run plan` writes it) is edited once per case
 * (test/hostileEdits.ts) and evaluated with the offline evaluator; each edit
 * must meet a mandatory violation in the stack it changed, and the unedited
 * plan none. The baseline's stacks are judged as the baseline's deploy judges them: under its
 * conformance configuration (policy-pack/config/baseline.json); the organization guardrails
 * fixture as its organization judges it: under policy-pack/config/organization.json.
 */
import type { PlanFile } from "@baseline/lib";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, ORGANIZATION_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";
import { fixturePlan } from "@baseline/policy-pack/test/fixturePlan";
import { planAll } from "../src/planner";
import { HOSTILE_EDITS, ORG_FIXTURE, Plan } from "./hostileEdits";

let plans: PlanFile[];

beforeAll(async () => {
    plans = [...(await planAll()), await fixturePlan(ORG_FIXTURE)];
}, 120000);

const clone = (): Plan[] => JSON.parse(JSON.stringify(plans)) as Plan[];

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
    const found = mandatory(all).filter((v) => v.stack === stack);
    expect(found.length).toBeGreaterThan(0);
});
