import * as aws from "@pulumi/aws";
import {
    JURISDICTION,
    LAYERS,
    PARTNER_REGIONS,
    REGIONS,
    partnerRegionsOf,
    resolvePartnerUpstream,
    resolveUpstream,
    sourcesOf,
} from "../src";
import { StackRunError, contractFixture, runStack, upstreamOutputsFor } from "../src/testing";

describe("partner regions", () => {
    it("keeps EU data in the EU and pairs the US regions; eu-west-1 holds only recovery targets", () => {
        expect(PARTNER_REGIONS).toEqual({ "us-east-1": "us-west-2", "us-west-2": "us-east-1", "eu-central-1": "eu-west-1" });
        for (const r of REGIONS) expect(JURISDICTION[PARTNER_REGIONS[r]]).toBe(JURISDICTION[r]);
        expect(partnerRegionsOf()).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
        expect(sourcesOf("eu-west-1")).toEqual(["eu-central-1"]);
        expect(partnerRegionsOf(["eu-central-1"])).toEqual(["eu-west-1"]);
    });
    // The checks of the partner map (same jurisdiction, never itself, every recovery-only region used)
    // are the topology validator's: lib/test/topology.test.ts.
});

const region = "eu-central-1" as const;

async function runData(stackOutputs: Record<string, Record<string, unknown>>, consumer: "data" | "api" = "data") {
    return runStack({
        project: "baseline-data",
        stack: `production-${region}`,
        config: { "aws:region": region },
        stackOutputs,
        program: async () => {
            const recovery = await resolvePartnerUpstream(consumer, "recovery", { region });
            new aws.s3.Bucket("after-upstreams", {});
            return { vault: recovery.vaultArn };
        },
    });
}

describe("resolvePartnerUpstream", () => {
    it("reads the layer from the partner region's stack, as the graph declares", async () => {
        expect(LAYERS.data.partnerDependsOn).toEqual(["recovery"]);
        const result = await runData(upstreamOutputsFor("data", region));
        expect(result.outputs).toEqual({ vault: contractFixture("recovery", "eu-west-1").vaultArn });
        expect(result.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.inputs.name)).toEqual([
            "organization/baseline-recovery/production-eu-west-1",
        ]);
    });

    it("refuses an edge the graph does not declare, before any resource", async () => {
        const err = (await runData(upstreamOutputsFor("data", region), "api").catch((e: unknown) => e)) as StackRunError;
        expect(err).toBeInstanceOf(StackRunError);
        expect(err.message).toContain(
            "api does not read recovery from its partner region: declare it in LAYERS.api.partnerDependsOn",
        );
        expect(err.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    it("refuses a partner stack that reports another region, naming both", async () => {
        const outputs = upstreamOutputsFor("data", region, { recovery: { region: "eu-central-1" } });
        const err = (await runData(outputs).catch((e: unknown) => e)) as StackRunError;
        expect(err.message).toContain("cross-region upstream of data in eu-central-1 (partner region eu-west-1)");
        expect(err.message).toContain("is in region eu-central-1, but this stack is in eu-west-1");
    });

    it("the plain helper still refuses a regional upstream from another region", async () => {
        const err = (await runStack({
            project: "baseline-data",
            stack: `production-${region}`,
            config: { "aws:region": region },
            stackOutputs: upstreamOutputsFor("data", region, { security: { region: "eu-west-1" } }),
            program: async () => {
                await resolveUpstream("security", { region });
                return {};
            },
        }).catch((e: unknown) => e)) as StackRunError;
        expect(err.message).toContain("a regional layer may only consume the same region's stack");
    });
});
