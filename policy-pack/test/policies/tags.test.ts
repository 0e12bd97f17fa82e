import { requiredTags, tagGaps } from "../../src/policies/tags/requiredTags";
import { compliantResources, evaluate, found, patched } from "../fixtures";
import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";
import type { PlanFile } from "../../src/planFormat";

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
        const report = evaluate(requiredTags, patched("alarms", { tags: { Owner: "team" } }), undefined, {
            "aws-required-tags": "remediate",
        });
        expect(report.violations).toEqual([]);
        expect(report.remediations).toEqual([expect.objectContaining({ policyName: "aws-required-tags", changed: ["tags"] })]);
        expect(report.remediations[0].urn).toMatch(/::alarms$/);
    });
    it("at level remediate adds a missing tag beside one unknown at preview, which stays unknown", () => {
        const report = evaluate(requiredTags, patched("alarms", { tags: { Owner: "team", Name: UNKNOWN_SENTINEL } }), undefined, {
            "aws-required-tags": "remediate",
        });
        expect(report.violations).toEqual([]);
        expect(report.remediations).toEqual([expect.objectContaining({ policyName: "aws-required-tags", changed: ["tags"] })]);
    });
    it("at level remediate leaves a wrong value the team set alone, and reports it (Staging is not made Production)", () => {
        const report = evaluate(requiredTags, patched("alarms", { tags: { Owner: "team", Environment: "Staging" } }), undefined, {
            "aws-required-tags": "remediate",
        });
        expect(report.remediations).toEqual([]);
        expect(found(report)).toEqual([["alarms", "Required tags: Environment is 'Staging', must be 'Production'."]]);
    });
    it("the resource's own tag wins over a tagsAll that Check computed before a remediation or from defaults", () => {
        // pulumi-aws writes tagsAll = defaultTags with the resource's tags over them; the engine does not run Check
        // again after a remediation, so tagsAll may still hold the value the resource's tags no longer have.
        expect(
            found(
                evaluate(
                    requiredTags,
                    patched("alarms", { tags: { Environment: "Production" }, tagsAll: { Environment: "Staging" } }),
                ),
            ),
        ).toEqual([]);
        expect(found(evaluate(requiredTags, patched("alarms", { tags: {}, tagsAll: { Environment: "Production" } })))).toEqual(
            [],
        );
    });
    it("a tag of the resource's own unknown at preview defers only when it is a required one", () => {
        // Name from another resource's id, Environment known: judged now.
        expect(
            found(evaluate(requiredTags, patched("alarms", { tags: { Environment: "Production", Name: UNKNOWN_SENTINEL } }))),
        ).toEqual([]);
        expect(
            found(evaluate(requiredTags, patched("alarms", { tags: { Environment: "Staging", Name: UNKNOWN_SENTINEL } }))),
        ).toEqual([["alarms", "Required tags: Environment is 'Staging', must be 'Production'."]]);
        // The required tag itself unknown: pulumi up judges it.
        const deferred = evaluate(requiredTags, patched("alarms", { tags: { Environment: UNKNOWN_SENTINEL } }));
        expect(deferred.violations.map((v) => [v.enforcementLevel, v.message])).toEqual([
            [
                "advisory",
                expect.stringMatching(/^can't run policy 'aws-required-tags' during preview: .*Environment.* is unknown$/),
            ],
        ]);
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

describe("aws-required-tags: tags from the provider's defaultTags and tagsAll", () => {
    const topic = (inputs: Record<string, unknown>, provider?: string) => ({
        op: "create" as const,
        urn: "urn:pulumi:dev::team-app::aws:sns/topic:Topic::events",
        ...(provider ? { provider } : {}),
        newState: {
            urn: "urn:pulumi:dev::team-app::aws:sns/topic:Topic::events",
            type: "aws:sns/topic:Topic",
            custom: true,
            inputs,
        },
    });
    const providerStep = (defaultTags: unknown) => ({
        op: "create" as const,
        urn: "urn:pulumi:dev::team-app::pulumi:providers:aws::prod",
        newState: {
            urn: "urn:pulumi:dev::team-app::pulumi:providers:aws::prod",
            type: "pulumi:providers:aws",
            custom: true,
            inputs: { region: "us-east-1", defaultTags },
        },
    });
    const PROVIDER_REF = "urn:pulumi:dev::team-app::pulumi:providers:aws::prod::04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const judge = (steps: PlanFile["steps"], config?: Record<string, unknown>, required: Record<string, unknown> = ALLOWED) =>
        found(
            evaluatePlans(
                [
                    {
                        project: "team-app",
                        stack: "dev",
                        layer: "team-app",
                        region: "us-east-1",
                        outputs: {},
                        steps,
                        ...(config ? { config } : {}),
                    },
                ],
                undefined,
                {
                    policies: [requiredTags],
                    policyPackConfig: { "aws-required-tags": { enforcementLevel: "mandatory", requiredTags: required } },
                },
            ),
        ).filter(([name]) => name === "events");
    const ALLOWED = { Environment: ["Production", "Staging", "Development"] };

    it("counts an explicit provider's defaultTags, as an object or JSON-encoded as the engine passes provider config", () => {
        expect(judge([providerStep({ tags: { Environment: "Staging" } }), topic({}, PROVIDER_REF)])).toEqual([]);
        expect(judge([providerStep(JSON.stringify({ tags: { Environment: "Staging" } })), topic({}, PROVIDER_REF)])).toEqual([]);
    });
    it("counts the default provider's aws:defaultTags from the stack config (no provider step)", () => {
        expect(judge([topic({})], { "aws:defaultTags": JSON.stringify({ tags: { Environment: "Development" } }) })).toEqual([]);
    });
    it("lets the resource's own tags override the default tags, as tagsAll does", () => {
        expect(
            judge([
                providerStep({ tags: { Environment: "Production" } }),
                topic({ tags: { Environment: "Test" } }, PROVIDER_REF),
            ]),
        ).toEqual([["events", "Required tags: Environment is 'Test', must be one of 'Production', 'Staging', 'Development'."]]);
    });
    it("reads tagsAll where the inputs carry it", () => {
        expect(judge([topic({ tagsAll: { Environment: "Production" } })])).toEqual([]);
    });
    it("still reports tags set on neither the resource nor the provider", () => {
        expect(judge([providerStep({ tags: { Team: "x" } }), topic({}, PROVIDER_REF)])).toEqual([
            ["events", "Required tags: missing Environment (one of 'Production', 'Staging', 'Development')."],
        ]);
        expect(judge([topic({})], { "aws:region": "us-east-1" })).toEqual([
            ["events", "Required tags: missing Environment (one of 'Production', 'Staging', 'Development')."],
        ]);
    });
    it("defers, instead of reporting a missing tag, when the provider's defaultTags are unknown at preview", () => {
        // A default tag computed from a resource the same update creates makes the provider's
        // defaultTags unknown at preview; `pulumi up` judges the resolved tags.
        const deferredMessage = "can't run policy 'aws-required-tags' during preview: defaultTags is unknown";
        expect(judge([providerStep(UNKNOWN_SENTINEL), topic({}, PROVIDER_REF)])).toEqual([["events", deferredMessage]]);
        expect(judge([providerStep({ tags: UNKNOWN_SENTINEL }), topic({}, PROVIDER_REF)])).toEqual([
            ["events", "can't run policy 'aws-required-tags' during preview: defaultTags.tags is unknown"],
        ]);
        expect(judge([topic({ tagsAll: UNKNOWN_SENTINEL })])).toEqual([
            ["events", "can't run policy 'aws-required-tags' during preview: tagsAll is unknown"],
        ]);
    });
    it("with defaultTags unknown at preview, still judges what the resource's own tags settle", () => {
        expect(judge([providerStep(UNKNOWN_SENTINEL), topic({ tags: { Environment: "Staging" } }, PROVIDER_REF)])).toEqual([]);
        // The resource's own tag overrides any default one: its wrong value is certain.
        expect(judge([providerStep(UNKNOWN_SENTINEL), topic({ tags: { Environment: "Test" } }, PROVIDER_REF)])).toEqual([
            ["events", "Required tags: Environment is 'Test', must be one of 'Production', 'Staging', 'Development'."],
        ]);
    });
    it("takes one exact value or a list of allowed values per key", () => {
        expect(judge([topic({ tags: { Environment: "Staging" } })], undefined, { Environment: "Production" })).toEqual([
            ["events", "Required tags: Environment is 'Staging', must be 'Production'."],
        ]);
        expect(tagGaps({ Environment: "Staging" }, ALLOWED)).toEqual({});
    });
});
