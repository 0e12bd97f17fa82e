import type { PlanFile } from "@baseline/lib";
import { compareStack, normalize } from "../src/e2e/compare";

const stackUrn = "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev";
const keyUrn = "urn:pulumi:dev::p::aws:kms/key:Key::data";

function plan(inputs: Record<string, unknown>, extra: Partial<PlanFile["steps"][number]["newState"]> = {}): PlanFile {
    return {
        project: "p",
        stack: "dev",
        layer: "x",
        region: "us-east-1",
        outputs: {},
        steps: [
            { op: "create", urn: stackUrn, newState: { urn: stackUrn, type: "pulumi:pulumi:Stack", custom: false, inputs: {} } },
            {
                op: "create",
                urn: keyUrn,
                newState: { urn: keyUrn, type: "aws:kms/key:Key", custom: true, parent: stackUrn, inputs, ...extra },
            },
        ],
    };
}

const engine = (inputs: Record<string, unknown>, protect = false) => ({
    resources: [
        { urn: stackUrn, type: "pulumi:pulumi:Stack", inputs: {} },
        {
            urn: "urn:pulumi:dev::p::pulumi:providers:aws::default_7_48_0",
            type: "pulumi:providers:aws",
            inputs: { region: "us-east-1" },
        },
        { urn: keyUrn, type: "aws:kms/key:Key", parent: stackUrn, protect, inputs },
    ],
});

describe("engine state against the offline plan", () => {
    test("equal inputs (secrets as plaintext) and the engine's default provider are no difference", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", plaintext: '"s3cr3t"' };
        expect(
            compareStack(
                plan({ description: "s3cr3t", enableKeyRotation: true }),
                engine({ enableKeyRotation: true, description: secret }),
            ),
        ).toEqual([]);
    });

    test("reports a changed input by its path, protection, and resources only one side has", () => {
        const diffs = compareStack(plan({ policy: { a: 1 } }, { protect: true }), engine({ policy: { a: 2 } }));
        expect(diffs).toEqual([
            { urn: keyUrn, what: "protect", detail: "engine false, plan true" },
            { urn: keyUrn, what: "inputs", detail: "policy.a: engine 2, plan 1" },
        ]);
        const extra = engine({});
        const withExtra = {
            resources: [...extra.resources, { urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b", type: "aws:s3/bucket:Bucket" }],
        };
        expect(compareStack(plan({}), withExtra).map((d) => d.what)).toEqual(["only registered by the engine"]);
        expect(compareStack(plan({}), { resources: [] }).map((d) => d.what)).toEqual(["only in the plan", "only in the plan"]);
    });

    test("the provider-computed tagsAll is no difference unless the plan records one", () => {
        const tags = { Environment: "Production" };
        expect(compareStack(plan({ tags }), engine({ tags, tagsAll: { ...tags, Team: "a" } }))).toEqual([]);
        expect(compareStack(plan({ tags, tagsAll: tags }), engine({ tags, tagsAll: { ...tags, Team: "a" } }))).toEqual([
            { urn: keyUrn, what: "inputs", detail: expect.stringMatching(/^tagsAll/) },
        ]);
    });

    test("assets and archives compare by content, not by the engine's hash", () => {
        const engineArchive = {
            "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7",
            hash: "abc",
            assets: {
                "index.js": { "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17", hash: "def", text: "x" },
            },
        };
        const planArchive = { __pulumiArchive: true, assets: { "index.js": { __pulumiAsset: true, text: "x" } } };
        expect(normalize(engineArchive)).toEqual(normalize(planArchive));
        expect(
            normalize({ ...engineArchive, assets: { "index.js": { ...engineArchive.assets["index.js"], text: "y" } } }),
        ).not.toEqual(normalize(planArchive));
    });
});
