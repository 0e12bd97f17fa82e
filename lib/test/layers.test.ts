import {
    CONTRACT_KEYS,
    LAYERS,
    LAYER_NAMES,
    ORGANIZATION_LAYER_NAMES,
    activeLayers,
    LayerName,
    LayerSpec,
    REGIONS,
    allInstances,
    everyRegionOf,
    instancesOf,
    layerOrder,
    layersMermaid,
    upstreamInstance,
    waves,
    withUpstreams,
} from "../src";
import { contractFixture } from "../src/testing";

describe("layer graph", () => {
    test("dependency order", () => {
        expect(layerOrder()).toEqual([
            "organization",
            "log-archive",
            "security-tooling",
            "global-iam",
            "security",
            "network",
            "recovery",
            "data",
            "api",
        ]);
        // A single account has no organization: only the baseline's own layers have stacks.
        expect(activeLayers()).toEqual(["global-iam", "security", "network", "recovery", "data", "api"]);
    });
    test("six waves cover seventeen stacks, regions of a layer together, recovery in the partner regions", () => {
        const w = waves();
        const regional = ["production-us-east-1", "production-us-west-2", "production-eu-central-1"];
        expect(w.map((x) => x.map((i) => i.stack))).toEqual([
            ["production"],
            // Detection in every region that holds data, the recovery-only eu-west-1 included.
            [...regional, "production-eu-west-1"],
            regional,
            ["production-us-east-1", "production-us-west-2", "production-eu-west-1"],
            regional,
            regional,
        ]);
        expect(w[3].map((i) => i.region)).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
        // eu-west-1 holds the recovery targets and the detection that watches them, nothing else.
        expect(
            allInstances()
                .filter((i) => i.region === "eu-west-1")
                .map((i) => i.layer),
        ).toEqual(["security", "recovery"]);
        // A baseline without a recovery-only partner deploys no security stack outside its regions.
        expect(instancesOf("security", ["us-east-1", "us-west-2"]).map((i) => i.region)).toEqual(["us-east-1", "us-west-2"]);
        expect(everyRegionOf()).toEqual(["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]);
        expect(
            waves(["eu-central-1"])
                .flat()
                .map((i) => `${i.layer}/${i.stack}`),
        ).toContain("recovery/production-eu-west-1");
        expect(allInstances()).toHaveLength(17);
        expect(allInstances()[0]).toEqual({
            layer: "global-iam",
            project: "baseline-global-iam",
            stack: "production",
            region: "us-east-1",
        });
    });
    test("every edge points to an earlier layer", () => {
        const order = layerOrder();
        for (const l of LAYER_NAMES) for (const d of LAYERS[l].dependsOn) expect(order.indexOf(d)).toBeLessThan(order.indexOf(l));
    });
    test("a cycle is reported with its path", () => {
        const cyclic = { ...LAYERS, "global-iam": { ...LAYERS["global-iam"], dependsOn: ["api"] } } as Record<
            LayerName,
            LayerSpec
        >;
        expect(() => layerOrder(cyclic)).toThrow(/cycle: .*global-iam -> api -> global-iam|cycle: global-iam -> api/);
    });
    test("a stack's upstreams: global layers from the home region", () => {
        const target = allInstances().find((i) => i.layer === "network" && i.region === "eu-central-1")!;
        expect(withUpstreams(target).map((i) => `${i.layer}/${i.stack}`)).toEqual([
            "global-iam/production",
            "security/production-eu-central-1",
            "network/production-eu-central-1",
        ]);
        expect(upstreamInstance("global-iam", "us-west-2").region).toBe("us-east-1");
    });
    test("data's upstreams cross to the partner region for recovery, and only there", () => {
        const target = allInstances().find((i) => i.layer === "data" && i.region === "eu-central-1")!;
        expect(withUpstreams(target).map((i) => `${i.layer}/${i.stack}`)).toEqual([
            "global-iam/production",
            "security/production-eu-central-1",
            "network/production-eu-central-1",
            "recovery/production-eu-west-1",
            "data/production-eu-central-1",
        ]);
        expect(upstreamInstance("recovery", "us-east-1", "data").region).toBe("us-west-2");
        expect(upstreamInstance("security", "us-east-1", "data").region).toBe("us-east-1");
    });
    test("the diagram names every layer and edge", () => {
        const m = layersMermaid();
        for (const l of activeLayers()) expect(m).toContain(`["${l}<br/>`);
        for (const l of ORGANIZATION_LAYER_NAMES) expect(m).not.toContain(`["${l}<br/>`);
        expect(m).toContain('security -->|"logs key, alarm topic"| network');
        // The cross-region read is drawn dashed.
        expect(m).toContain('recovery -.->|"PARTNER region: replica bucket, copy-target vault, replica keys"| data');
        expect(m).toContain("1 stack per partner region: us-east-1, us-west-2, eu-west-1");
        expect(m).toContain(
            'security["security<br/><small>1 stack per region: us-east-1, us-west-2, eu-central-1, eu-west-1</small>"]',
        );
    });
    test("contract fixtures carry exactly the contract's keys", () => {
        for (const l of LAYER_NAMES) {
            for (const r of [...REGIONS, "eu-west-1" as const])
                expect(Object.keys(contractFixture(l, r)).sort()).toEqual([...CONTRACT_KEYS[l]].sort());
        }
    });
});
