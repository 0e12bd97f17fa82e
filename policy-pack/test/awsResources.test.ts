/**
 * The pack names the resource classes its typed policies judge by type token alone
 * (src/awsResources.ts) and never loads @pulumi/aws: here any load of it fails, while the
 * whole pack loads and @pulumi/policy's own analyzer matches resources to those policies.
 */
jest.mock("@pulumi/aws", () => {
    throw new Error("the policy pack loaded @pulumi/aws at run time");
});

import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as server from "@pulumi/policy/server";
import { aws } from "../src/awsResources";
import { PACK_NAME, packArgs } from "../src/pack";
import { BaselinePolicy } from "../src/policy";
import { snsTopicKms } from "../src/policies/sns/topicKms";

type RpcFun = (call: unknown, callback: (err: unknown, resp: unknown) => void) => Promise<void>;
const { makeAnalyzeRpcFun } = server as unknown as {
    makeAnalyzeRpcFun: (pack: string, version: string, level: string, policies: readonly BaselinePolicy[]) => RpcFun;
};

function analyze(fn: RpcFun, type: string, props: Record<string, unknown>): Promise<string[]> {
    const req = new analyzerproto.AnalyzeRequest();
    req.setUrn(`urn:pulumi:s::p::${type}::r`);
    req.setType(type);
    req.setName("r");
    req.setProperties(Struct.fromJavaScript(props as never));
    req.setOptions(new analyzerproto.AnalyzerResourceOptions());
    return new Promise((resolve, reject) => {
        void fn({ request: req }, (err, resp) =>
            err
                ? reject(err)
                : resolve((resp as analyzerproto.AnalyzeResponse).getDiagnosticsList().map((d) => d.getPolicyname())),
        );
    });
}

it("every class's type token is @pulumi/aws's own", () => {
    const real = jest.requireActual("@pulumi/aws") as Record<string, Record<string, { __pulumiType: string }>>;
    const entries = Object.entries(aws).flatMap(([ns, classes]) =>
        Object.entries(classes).map(([name, cls]) => [`${ns}.${name}`, cls as unknown as { __pulumiType: string }] as const),
    );
    expect(entries.length).toBeGreaterThanOrEqual(9);
    for (const [name, cls] of entries) {
        const [ns, cl] = name.split(".");
        expect({ name, type: cls.__pulumiType }).toEqual({ name, type: real[ns][cl].__pulumiType });
    }
});

it("the whole pack loads without @pulumi/aws", () => {
    expect(packArgs().policies.length).toBeGreaterThan(90);
});

it("@pulumi/policy's analyzer applies a typed policy to its type only", async () => {
    const fn = makeAnalyzeRpcFun(PACK_NAME, "0.1.0", "mandatory", [snsTopicKms]);
    expect(await analyze(fn, "aws:sns/topic:Topic", { name: "t" })).toEqual(["sns-topic-cmk"]);
    expect(await analyze(fn, "aws:sns/topic:Topic", { kmsMasterKeyId: "arn:aws:kms:us-east-1:111122223333:key/k" })).toEqual([]);
    // Another type without a key is not this policy's to judge.
    expect(await analyze(fn, "aws:sqs/queue:Queue", { name: "q" })).toEqual([]);
});
