import * as aws from "@pulumi/aws";
import { UpstreamError, resolveUpstream, upstreamStackName } from "../src";
import { StackRunError, contractFixture, runStack, upstreamOutputsFor } from "../src/testing";

const region = "eu-central-1" as const;

async function runConsumer(stackOutputs: Record<string, Record<string, unknown>>) {
    return runStack({
        project: "baseline-data",
        stack: `production-${region}`,
        config: { "aws:region": region },
        stackOutputs,
        program: async () => {
            const security = await resolveUpstream("security", { region });
            const iam = await resolveUpstream("global-iam", { region });
            // Registered only after every upstream resolved.
            new aws.s3.Bucket("after-upstreams", {});
            return { key: security.dataKeyArn, role: iam.rdsMonitoringRoleArn };
        },
    });
}

describe("resolveUpstream", () => {
    test("returns the upstream contract's values, global layers from the home region", async () => {
        const result = await runConsumer(upstreamOutputsFor("data", region));
        expect(result.outputs).toEqual({
            key: contractFixture("security", region).dataKeyArn,
            role: contractFixture("global-iam", "us-east-1").rdsMonitoringRoleArn,
        });
        const refs = result.resources.filter((r) => r.type === "pulumi:pulumi:StackReference").map((r) => r.inputs.name);
        expect(refs).toEqual([
            "organization/baseline-security/production-eu-central-1",
            "organization/baseline-global-iam/production",
        ]);
    });

    test("names the stack and every missing key, says to deploy the layer first, and registers nothing", async () => {
        const outputs = upstreamOutputsFor("data", region, { security: { dataKeyArn: undefined, alarmTopicArn: undefined } });
        const err = await runConsumer(outputs).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StackRunError);
        const run = err as StackRunError;
        expect(run.message).toContain("upstream stack organization/baseline-security/production-eu-central-1 (layer security)");
        expect(run.message).toContain("missing output(s) dataKeyArn, alarmTopicArn");
        expect(run.message).toContain("Deploy the security layer first");
        expect(run.cause).toBeInstanceOf(UpstreamError);
        expect(run.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    test("an upstream stack that exists but has no outputs (an empty up) fails before any AWS resource", async () => {
        const outputs = upstreamOutputsFor("data", region);
        outputs["organization/baseline-security/production-eu-central-1"] = {};
        const err = (await runConsumer(outputs).catch((e: unknown) => e)) as StackRunError;
        expect(err.message).toContain(
            "baseline-security/production-eu-central-1 (layer security) is missing output(s) region, dataKeyArn,",
        );
        expect(err.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    test("an upstream stack that does not exist says to deploy that layer first, before the engine's StackReference read fails", async () => {
        const err = (await runConsumer(upstreamOutputsFor("data", region, { security: null })).catch(
            (e: unknown) => e,
        )) as StackRunError;
        expect(err.cause).toBeInstanceOf(UpstreamError);
        expect(err.message).toContain(
            "upstream stack organization/baseline-security/production-eu-central-1 (layer security) does not exist. " +
                "Deploy the security layer first (npm run deploy -- up --layers security)",
        );
        // No StackReference was registered: the engine would have failed reading it.
        expect(err.resources.filter((r) => r.type === "pulumi:pulumi:StackReference")).toEqual([]);
        expect(err.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });

    test("rejects a regional upstream from another region", async () => {
        const err = (await runConsumer(upstreamOutputsFor("data", region, { security: { region: "us-west-2" } })).catch(
            (e: unknown) => e,
        )) as StackRunError;
        expect(err.message).toContain("is in region us-west-2, but this stack is in eu-central-1");
    });

    test("stack names honour org and stack overrides", () => {
        expect(upstreamStackName("network", { region: "us-west-2", org: "acme" })).toBe(
            "acme/baseline-network/production-us-west-2",
        );
        expect(upstreamStackName("global-iam", { region: "us-west-2", org: "acme" })).toBe("acme/baseline-global-iam/production");
        expect(upstreamStackName("network", { region: "us-west-2", org: "acme", stack: "staging-us-west-2" })).toBe(
            "acme/baseline-network/staging-us-west-2",
        );
        const stacks = { network: "staging-us-west-2", security: "other-org/baseline-security/shared" };
        expect(upstreamStackName("network", { region: "us-west-2", org: "acme", stacks })).toBe(
            "acme/baseline-network/staging-us-west-2",
        );
        expect(upstreamStackName("security", { region: "us-west-2", org: "acme", stacks })).toBe(
            "other-org/baseline-security/shared",
        );
        expect(upstreamStackName("data", { region: "us-west-2", org: "acme", stacks })).toBe(
            "acme/baseline-data/production-us-west-2",
        );
    });
});
