/**
 * The stand-in aws provider over its real gRPC protocol: the ids and ARNs it
 * creates are the mock runtime's for the same stack, type and name; its Diff is
 * honest (a changed input is an update, a changed name a replacement, unknowns
 * are changes); its invokes are the mock runtime's data sources.
 */
import * as grpc from "@grpc/grpc-js";
import { spawnSync } from "child_process";
import * as path from "path";
import { fakeResource } from "@baseline/lib/src/testing/fakeAws";
import { DEFAULT_ACCOUNT_ID } from "@baseline/lib/src/testing/runtime";
import { StandInAwsProvider, UNKNOWN, awsPluginVersion, diffInputs, parseUrn, readBack } from "../src/e2e/standInAws";

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any -- generated protobuf modules */
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");

const URN = "urn:pulumi:production-eu-central-1::baseline-data::baseline:data:SecureBucket$aws:s3/bucket:Bucket::data";

let server: grpc.Server;
let client: any;

beforeAll(async () => {
    server = new grpc.Server();
    server.addService(provrpc.ResourceProviderService, new StandInAwsProvider(awsPluginVersion()).service());
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
});

afterAll(() => {
    client?.close();
    server?.forceShutdown();
});

function call<T>(method: string, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](req, (e: Error | null, r: T) => (e ? reject(e) : resolve(r))));
}

const struct = (o: Record<string, unknown>) => structproto.Struct.fromJavaScript(o);

describe("stand-in aws provider", () => {
    test("reports the plugin version @pulumi/aws asks for", async () => {
        const info = await call<any>("getPluginInfo", new emptyproto.Empty());
        expect(info.getVersion()).toBe(require("@pulumi/aws/package.json").version);
    });

    test("creates with the mock runtime's id and ARN for the same stack, type and name, in the configured region", async () => {
        const configure = new provproto.ConfigureRequest();
        configure.getVariablesMap().set("aws:region", "eu-central-1");
        await call("configure", configure);
        const inputs = { bucket: "baseline-data-123456789012-eu-central-1", tags: { Environment: "Production" } };
        const created = await call<any>("create", new provproto.CreateRequest().setUrn(URN).setProperties(struct(inputs)));
        const expected = fakeResource("aws:s3/bucket:Bucket", "data", inputs, {
            accountId: DEFAULT_ACCOUNT_ID,
            region: "eu-central-1",
            stack: "baseline-data/production-eu-central-1",
        });
        expect(created.getId()).toBe(expected.id);
        const outs = created.getProperties().toJavaScript();
        expect(outs.arn).toBe("arn:aws:s3:::baseline-data-123456789012-eu-central-1");
        expect(outs.region).toBe("eu-central-1");
        expect(outs.id).toBeUndefined();
    });

    test("check computes tagsAll as the real provider does: the resource's tags over the default tags", async () => {
        const configure = new provproto.ConfigureRequest();
        configure.getVariablesMap().set("aws:region", "us-east-1");
        configure.setArgs(
            struct({ region: "us-east-1", defaultTags: JSON.stringify({ tags: { Environment: "Staging", Team: "a" } }) }),
        );
        await call("configure", configure);
        const check = async (urn: string, news: Record<string, unknown>) =>
            (await call<any>("check", new provproto.CheckRequest().setUrn(urn).setNews(struct(news)))).getInputs().toJavaScript();
        expect(await check(URN, { bucket: "b", tags: { Environment: "Production" } })).toEqual({
            bucket: "b",
            tags: { Environment: "Production" },
            tagsAll: { Environment: "Production", Team: "a" },
        });
        expect((await check(URN, { bucket: "b" })).tagsAll).toEqual({ Environment: "Staging", Team: "a" });
        // Types that take no tags get none.
        const policyUrn = URN.replace("aws:s3/bucket:Bucket::data", "aws:s3/bucketPolicy:BucketPolicy::p");
        expect(await check(policyUrn, { bucket: "b", policy: "{}" })).toEqual({ bucket: "b", policy: "{}" });
        configure.setArgs(struct({ region: "eu-central-1" }));
        await call("configure", configure);
    });

    test("diff: same inputs are no change, a changed input an update, a changed name a replacement", async () => {
        const olds = { bucket: "b1", tags: { A: "1" } };
        const diff = (news: Record<string, unknown>) =>
            call<any>(
                "diff",
                new provproto.DiffRequest()
                    .setUrn(URN)
                    .setId("b1")
                    .setOlds(struct(olds))
                    .setOldInputs(struct(olds))
                    .setNews(struct(news)),
            );
        const none = await diff({ tags: { A: "1" }, bucket: "b1" });
        expect(none.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
        const update = await diff({ bucket: "b1", tags: { A: "2" } });
        expect(update.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
        expect(update.getDiffsList()).toEqual(["tags"]);
        expect(update.getReplacesList()).toEqual([]);
        const replace = await diff({ bucket: "b2", tags: { A: "1" } });
        expect(replace.getReplacesList()).toEqual(["bucket"]);
    });

    test("diffInputs: unknown values and removed keys are changes", () => {
        expect(diffInputs({ a: 1, b: 2 }, { a: UNKNOWN, b: 2 }).changed).toEqual(["a"]);
        expect(diffInputs({ a: 1, b: 2 }, { a: 1 }).changed).toEqual(["b"]);
        expect(diffInputs({ name: "x" }, { name: "y" })).toEqual({ changed: ["name"], replaces: ["name"] });
        expect(diffInputs({ a: { x: [1, { y: 2 }] } }, { a: { x: [1, { y: 2 }] } }).changed).toEqual([]);
    });

    test("invokes answer as the mock runtime's data sources; an unknown one fails with its name", async () => {
        const region = await call<any>(
            "invoke",
            new provproto.InvokeRequest().setTok("aws:index/getRegion:getRegion").setArgs(struct({})),
        );
        expect(region.getReturn().toJavaScript().name).toBe("eu-central-1");
        await expect(
            call("invoke", new provproto.InvokeRequest().setTok("aws:ec2/getAmi:getAmi").setArgs(struct({}))),
        ).rejects.toThrow("unmocked invoke aws:ec2/getAmi:getAmi");
    });

    test("parseUrn takes the last type of the parent chain and the name", () => {
        expect(parseUrn(URN)).toEqual({
            stack: "production-eu-central-1",
            project: "baseline-data",
            type: "aws:s3/bucket:Bucket",
            name: "data",
        });
        expect(() => parseUrn("not-a-urn")).toThrow("not a URN: not-a-urn");
    });
});

test("a fake state with undefined values still crosses the wire (protobuf Structs have no undefined)", async () => {
    const urn = "urn:pulumi:production-us-east-1::baseline-network::aws:ec2/vpcEndpoint:VpcEndpoint::endpoints-execute-api";
    const created = await call<any>(
        "create",
        new provproto.CreateRequest()
            .setUrn(urn)
            .setProperties(struct({ vpcId: "vpc-1", serviceName: "com.amazonaws.us-east-1.execute-api" })),
    );
    expect(created.getId()).toMatch(/^vpce-/);
});

describe("the stand-in's cloud changed behind Pulumi's back", () => {
    it("reads back the recorded state, a changed property, or nothing for a deleted resource", () => {
        const rec = { description: "db access", tags: { Environment: "Production" } };
        expect(readBack("urn:a", rec, {})).toBe(rec);
        expect(readBack("urn:a", rec, { "urn:a": { description: "changed by hand" } })).toEqual({
            description: "changed by hand",
            tags: { Environment: "Production" },
        });
        expect(readBack("urn:a", rec, { "urn:a": null })).toBeUndefined();
        expect(readBack("urn:b", rec, { "urn:a": null })).toBe(rec);
    });
});

it("starts without @pulumi/pulumi's index: the engine starts it for every provider of every operation", () => {
    // Loaded as the plugin script the workspace installs loads it (ts-node, transpile-only).
    const script =
        `require(${JSON.stringify(require.resolve("../src/e2e/standInAws"))});` +
        "process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((f) => /@pulumi[\\\\/]pulumi[\\\\/]/.test(f))));";
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: path.join(__dirname, ".."),
        encoding: "utf8",
    });
    expect(r.status).toBe(0);
    const loaded = JSON.parse(r.stdout) as string[];
    // The generated protocol modules it speaks, and nothing that loads the SDK's runtime.
    expect(loaded.some((f) => f.endsWith("provider_grpc_pb.js"))).toBe(true);
    expect(loaded.filter((f) => /[\\/]@pulumi[\\/]pulumi[\\/](index|runtime[\\/]index)\.js$/.test(f))).toEqual([]);
});
