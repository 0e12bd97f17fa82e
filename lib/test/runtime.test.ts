import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { engineUrn, runStack } from "../src/testing";

class Outer extends pulumi.ComponentResource {
    constructor(name: string) {
        super("baseline:test:Outer", name);
        const inner = new Inner(`${name}-inner`, { parent: this });
        new aws.s3.Bucket(`${name}-bucket`, {}, { parent: this });
        new aws.sns.Topic(`${name}-topic`, {}, { parent: inner });
        this.registerOutputs({});
    }
}

class Inner extends pulumi.ComponentResource {
    constructor(name: string, opts: pulumi.ComponentResourceOptions) {
        super("baseline:test:Inner", name, {}, opts);
        this.registerOutputs({});
    }
}

describe("recording runtime URNs", () => {
    test("are the engine's: no root stack type, the whole parent chain", async () => {
        const run = await runStack({
            project: "proj",
            stack: "dev",
            config: { "aws:region": "us-east-1" },
            program: async () => {
                new Outer("outer");
                new aws.s3.Bucket("top", {});
            },
        });
        const urns = run.resources.map((r) => r.urn).sort();
        expect(urns).toEqual(
            [
                "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev",
                "urn:pulumi:dev::proj::baseline:test:Outer::outer",
                "urn:pulumi:dev::proj::baseline:test:Outer$baseline:test:Inner::outer-inner",
                "urn:pulumi:dev::proj::baseline:test:Outer$aws:s3/bucket:Bucket::outer-bucket",
                "urn:pulumi:dev::proj::baseline:test:Outer$baseline:test:Inner$aws:sns/topic:Topic::outer-topic",
                "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::top",
            ].sort(),
        );
        // A child records its component (and the component its own parent) as parent.
        expect(run.resources.find((r) => r.name === "outer-topic")?.parent).toBe(
            "urn:pulumi:dev::proj::baseline:test:Outer$baseline:test:Inner::outer-inner",
        );
    });

    test("engineUrn follows sdk/go/common/resource/urn.New", () => {
        expect(engineUrn("s", "p", undefined, "pulumi:pulumi:Stack", "p-s")).toBe("urn:pulumi:s::p::pulumi:pulumi:Stack::p-s");
        expect(engineUrn("s", "p", "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", "a:b:C", "x")).toBe("urn:pulumi:s::p::a:b:C::x");
        expect(engineUrn("s", "p", "urn:pulumi:s::p::a:b:C$d:e:F::y", "g:h:I", "z")).toBe(
            "urn:pulumi:s::p::a:b:C$d:e:F$g:h:I::z",
        );
    });
});

describe("source positions under the mock runtime", () => {
    test("a resource is registered without one, and its inputs and URN are recorded as before", async () => {
        const positions: unknown[] = [];
        const run = await runStack({
            project: "proj",
            stack: "dev",
            config: { "aws:region": "us-east-1" },
            program: async () => {
                // What the monitor is asked, beneath the recording runtime's own wrapper.
                // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the monitor's request is an untyped protobuf
                const monitor = pulumi.runtime.getMonitor() as any;
                const register = monitor.registerResource.bind(monitor);
                // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
                monitor.registerResource = (req: any, callback: unknown) => {
                    positions.push([req.getName(), req.hasSourceposition(), req.getStacktrace()?.getFramesList().length ?? 0]);
                    return register(req, callback);
                };
                new aws.s3.Bucket("positioned", { bucket: "a-bucket" });
            },
        });
        expect(positions).toContainEqual(["positioned", false, 0]);
        const bucket = run.resources.find((r) => r.name === "positioned");
        expect([bucket?.urn, bucket?.inputs["bucket"]]).toEqual([
            "urn:pulumi:dev::proj::aws:s3/bucket:Bucket::positioned",
            "a-bucket",
        ]);
    });

    test("an SDK that has not run a stack under mocks, with the library loaded, still captures them", () => {
        // A module registry of its own: the SDK and the library as a program under the engine loads them.
        jest.isolateModules(() => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- this registry's own copy
            const sdk = require("@pulumi/pulumi") as typeof pulumi;
            // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded for its side effects, if any
            require("../src/testing");
            expect(sdk.Resource).not.toBe(pulumi.Resource);
            const callsites = (sdk.Resource as unknown as { callsites(): { file?: string; line?: number }[] }).callsites();
            expect(callsites.find((f) => f.file === __filename)).toEqual({
                file: __filename,
                line: expect.any(Number),
                column: expect.any(Number),
            });
        });
    });
});
