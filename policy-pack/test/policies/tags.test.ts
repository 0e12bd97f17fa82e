import { requiredTags, tagGaps } from "../../src/policies/tags/requiredTags";
import { compliantResources, evaluate, found, patched } from "../fixtures";

describe("aws-required-tags", () => {
    it("passes the compliant baseline (untaggable resources such as BucketPolicy are skipped)", () => {
        expect(found(evaluate(requiredTags, compliantResources()))).toEqual([]);
    });
    it.each<[string, Record<string, unknown>, string]>([
        ["no tags", { tags: undefined }, "Required tags: missing Environment ('Production')."],
        ["wrong value", { tags: { Environment: "Staging" } }, "Required tags: Environment is 'Staging', must be 'Production'."],
    ])("%s", (_case, patch, message) => {
        expect(found(evaluate(requiredTags, patched("alarms", patch)))).toEqual([["alarms", message]]);
    });
    it("reads the required tags from config", () => {
        const report = evaluate(requiredTags, patched("alarms", { tags: { Environment: "Production", CostCenter: "42" } }), {
            requiredTags: { Environment: "Production", CostCenter: "42" },
        });
        expect(found(report)).toContainEqual(["data-key", "Required tags: missing CostCenter ('42')."]);
        expect(found(report).map(([name]) => name)).not.toContain("alarms");
    });
    it("at level remediate adds the missing tags before validation, keeping the resource's own", () => {
        const report = evaluate(requiredTags, patched("alarms", { tags: { Owner: "team", Environment: "Staging" } }), undefined, {
            "aws-required-tags": "remediate",
        });
        expect(report.violations).toEqual([]);
        expect(report.remediations).toEqual([expect.objectContaining({ policyName: "aws-required-tags", changed: ["tags"] })]);
        expect(report.remediations[0].urn).toMatch(/::alarms$/);
    });
    it("remediateResource returns the props with the required tags, and nothing for untaggable types", () => {
        const args = (type: string, props: Record<string, unknown>) =>
            ({ type, props, urn: "urn", name: "n", getConfig: () => ({ requiredTags: { Environment: "Production" } }) }) as never;
        expect(requiredTags.remediateResource!(args("aws:sns/topic:Topic", { name: "t", tags: { Owner: "x" } }))).toEqual({
            name: "t",
            tags: { Owner: "x", Environment: "Production" },
        });
        expect(requiredTags.remediateResource!(args("aws:s3/bucketPolicy:BucketPolicy", { policy: "{}" }))).toBeUndefined();
        expect(tagGaps({ Environment: "Production" }, { Environment: "Production" })).toEqual({});
    });
});
