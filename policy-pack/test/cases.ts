/**
 * Shared table runners for the per-service policy specs under test/policies/.
 *
 * Resource policies: compliant baseline, then one changed property per case with the exact violation.
 * Stack policies: compliant baseline, then one change per case with the exact violation.
 */
import { BaselinePolicy } from "../src/policy";
import { PackConfig } from "../src/config";
import { compliantResources, evaluate, found, patched, Res } from "./fixtures";

/** [title, resource name, property patch, expected messages on that resource, config override]. */
export type ResourceCase = [string, string, Record<string, unknown>, string[], Partial<PackConfig>?];
/** [title, resources, expected [resource name, message] pairs]. */
export type StackCase = [string, Res[], [string, string][]];

export function runResourcePolicyCases(CASES: [BaselinePolicy, ResourceCase[]][]): void {
    describe.each(CASES.map(([p, c]) => [p.name, p, c] as const))("%s", (_name, policy, cases) => {
        it("passes the compliant baseline", () => {
            expect(found(evaluate(policy, compliantResources()))).toEqual([]);
        });
        it.each(cases.map((c) => [c[0], c] as const))("%s", (_title, [, name, patch, messages, config]) => {
            const report = evaluate(policy, patched(name, patch), config);
            expect(found(report)).toEqual(messages.map((m) => [name, m]));
            for (const v of report.violations) {
                expect(v.policyName).toBe(policy.name);
                expect(v.controls).toEqual(policy.controls);
            }
        });
    });
}

export function runStackPolicyCases(CASES: [BaselinePolicy, StackCase[]][]): void {
    describe.each(CASES.map(([p, c]) => [p.name, p, c] as const))("%s", (_name, policy, cases) => {
        it("passes the compliant baseline", () => {
            expect(found(evaluate(policy, compliantResources()))).toEqual([]);
        });
        it.each(cases)("%s", (_title, resources, expected) => {
            expect(found(evaluate(policy, resources))).toEqual(expected);
        });
    });
}

/** [title, resources added to the compliant baseline, expected [resource name, message] pairs, config override]. */
export type AddedCase = [string, Res[], [string, string][], Partial<PackConfig>?];

/** Cases that add resources (often of a type the baseline does not use) to the compliant baseline. */
export function runAddedResourceCases(CASES: [BaselinePolicy, AddedCase[]][]): void {
    describe.each(CASES.map(([p, c]) => [p.name, p, c] as const))("%s", (_name, policy, cases) => {
        it("passes the compliant baseline", () => {
            expect(found(evaluate(policy, compliantResources()))).toEqual([]);
        });
        it.each(cases.map((c) => [c[0], c] as const))("%s", (_title, [, added, expected, config]) => {
            const report = evaluate(policy, [...compliantResources(), ...added], config);
            expect(found(report)).toEqual(expected);
            for (const v of report.violations) expect(v.policyName).toBe(policy.name);
        });
    });
}
