/**
 * The stand-in aws provider over its real gRPC protocol: the ids and ARNs it
 * creates are the mock runtime's for the same stack, type and name; its Diff is
 * honest (a changed input is an update, a changed name a replacement, unknowns
 * are changes); its invokes are the mock runtime's data sources.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fakeResource } from "@baseline/lib/src/testing/fakeAws";
import { DEFAULT_ACCOUNT_ID } from "@baseline/lib/src/testing/runtime";
import { StandInAwsProvider, UNKNOWN, awsPluginVersion, diffInputs, parseUrn, readBack } from "../src/e2e/standInAws";
import { installStandInAws } from "../src/e2e/workspace";

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

it("starts without @pulumi/pulumi's index, ts-node or TypeScript: the engine starts it for every provider of every operation", () => {
    // Loaded as the plugin script the workspace installs loads it (register.js: swc, no ts-node).
    const script =
        `require(${JSON.stringify(require.resolve("../src/e2e/standInAws"))});` +
        "process.stdout.write(JSON.stringify(Object.keys(require.cache)));";
    const r = spawnSync(process.execPath, ["-r", require.resolve("../src/e2e/register.js"), "-e", script], {
        cwd: os.tmpdir(),
        encoding: "utf8",
    });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const loaded = JSON.parse(r.stdout) as string[];
    const sdk = loaded.filter((f) => /@pulumi[\\/]pulumi[\\/]/.test(f));
    // The generated protocol modules it speaks, and nothing that loads the SDK's runtime.
    expect(sdk.some((f) => f.endsWith("provider_grpc_pb.js"))).toBe(true);
    expect(sdk.filter((f) => /[\\/]@pulumi[\\/]pulumi[\\/](index|runtime[\\/]index)\.js$/.test(f))).toEqual([]);
    expect(loaded.filter((f) => /[\\/]node_modules[\\/](typescript|ts-node)[\\/]/.test(f))).toEqual([]);
    // The project's own sources it imports came through the hook.
    expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(/[\\/]lib[\\/]src[\\/]testing[\\/]fakeAws\.ts$/)]));
});

it("is installed as a plugin script that serves the provider protocol on the port it prints", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "stand-in-home-"));
    try {
        const script = installStandInAws(home);
        expect(script).toBe(path.join(home, "plugins", `resource-aws-v${awsPluginVersion()}`, "pulumi-resource-aws"));
        // Through the hook the test above loads it with, not ts-node.
        expect(fs.readFileSync(script, "utf8")).toContain(` -r '${require.resolve("../src/e2e/register.js")}'`);
        const child = spawn(script, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
        let err = "";
        child.stderr.on("data", (d) => (err += String(d)));
        const port = await new Promise<number>((resolve, reject) => {
            child.stdout.once("data", (d) => resolve(Number(String(d).trim())));
            child.once("exit", (code) => reject(new Error(`the stand-in exited with ${code}: ${err}`)));
        });
        expect(Number.isInteger(port) && port > 0).toBe(true);
        const c = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const info = await new Promise<any>((resolve, reject) =>
            c.getPluginInfo(new emptyproto.Empty(), (e: Error | null, res: any) => (e ? reject(e) : resolve(res))),
        );
        expect(info.getVersion()).toBe(awsPluginVersion());
        c.close();
        child.kill();
        await new Promise((resolve) => child.once("exit", resolve));
    } finally {
        fs.rmSync(home, { recursive: true, force: true });
    }
});
