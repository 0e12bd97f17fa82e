/**
 * Table runner for the policies that judge what a change means: start from the
 * compliant baseline, add, patch or remove resources, and expect one finding
 * matching the pattern (or none). Conformance policies are also run on the same
 * edits in another team's project, where they must find nothing.
 */
import { evaluatePlans } from "../src/offline";
import { PackConfig } from "../src/config";
import { BaselinePolicy } from "../src/policy";
import { compliantResources, evaluate, found, patched, planOf, Res, without } from "./fixtures";

export interface MeaningCase {
    readonly title: string;
    readonly added?: readonly Res[];
    readonly patch?: readonly [string, Record<string, unknown>];
    readonly remove?: string;
    /** The finding's pattern; null when the edit is compliant. */
    readonly expected: RegExp | null;
    readonly config?: Partial<PackConfig>;
}

function build(c: MeaningCase): Res[] {
    let base = compliantResources();
    if (c.remove) base = without(c.remove, base);
    if (c.patch) base = patched(c.patch[0], c.patch[1], base);
    return [...base, ...(c.added ?? [])];
}

export const FOREIGN_PROJECT = "team-payments";

export function runMeaningCases(policy: BaselinePolicy, cases: readonly MeaningCase[], conformance = false): void {
    describe(policy.name, () => {
        it("passes the compliant baseline", () => {
            expect(found(evaluate(policy, compliantResources()))).toEqual([]);
        });
        it.each(cases.map((c) => [c.title, c] as const))("%s", (_t, c) => {
            const report = evaluate(policy, build(c), c.config);
            const messages = report.violations.map((v) => v.message);
            if (c.expected === null) expect(messages).toEqual([]);
            else {
                expect(messages).toEqual([expect.stringMatching(c.expected)]);
                expect(report.violations[0].enforcementLevel).toBe("mandatory");
            }
        });
        if (conformance)
            it("judges only the conformance projects: the same edits in another team's project pass", () => {
                for (const c of cases.filter((x) => x.expected !== null)) {
                    const report = evaluatePlans([planOf(build(c), { project: FOREIGN_PROJECT })], c.config, {
                        policies: [policy],
                    });
                    expect([c.title, report.violations.map((v) => v.message)]).toEqual([c.title, []]);
                }
            });
    });
}
