/**
 * The pack under @pulumi/policy's own analyzer RPC handlers (the functions the
 * gRPC server that index.ts starts calls), with requests built the way the
 * engine sends them: unknown inputs as the engine's sentinel, secrets in their
 * wire form. This is what a real `pulumi preview --policy-pack` runs.
 */
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as server from "@pulumi/policy/server";
import { PACK_NAME } from "../src/pack";
import { BaselinePolicy } from "../src/policy";
import { requiredTags } from "../src/policies/tags/requiredTags";
import { restApiPrivate } from "../src/policies/apigateway/restApiPrivate";
import { UNKNOWN_SENTINEL } from "../src/offline";
import { resolvePolicyConfig } from "../src/config";

/** The RPC handlers server.js exports (marked @internal, so absent from its typings). */
type RpcFun = (call: unknown, callback: (err: unknown, resp: unknown) => void) => Promise<void>;
const { makeAnalyzeStackRpcFun, makeRemediateRpcFun } = server as unknown as {
    makeAnalyzeStackRpcFun: (pack: string, version: string, level: string, policies: readonly BaselinePolicy[]) => RpcFun;
    makeRemediateRpcFun: (pack: string, version: string, level: string, policies: readonly BaselinePolicy[]) => RpcFun;
};

const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function request(type: string, name: string, props: Record<string, unknown>): analyzerproto.AnalyzeRequest {
    const req = new analyzerproto.AnalyzeRequest();
    req.setUrn(`urn:pulumi:production-us-east-1::baseline-api::${type}::${name}`);
    req.setType(type);
    req.setName(name);
    req.setProperties(Struct.fromJavaScript(props as never));
    req.setOptions(new analyzerproto.AnalyzerResourceOptions());
    return req;
}

function call<T>(fn: RpcFun, req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
        void fn({ request: req }, (err, resp) => (err ? reject(err) : resolve(resp as T)));
    });
}

const atLevel = (p: BaselinePolicy, enforcementLevel: BaselinePolicy["enforcementLevel"]) => ({ ...p, enforcementLevel });

/**
 * The engine always sends the schema defaults through the `configure` RPC, which
 * server.js does not export: hand the policy the same config, keeping the
 * analyzer's props proxies untouched.
 */
function withDefaultConfig(p: BaselinePolicy): BaselinePolicy {
    if (p.kind !== "resource" || !p.remediateResource) return p;
    const remediate = p.remediateResource;
    // The baseline's single required value: a list of allowed values leaves nothing to pick.
    const config = resolvePolicyConfig(p.configSchema, { requiredTags: { Environment: "Production" } }).config;
    return { ...p, remediateResource: (args) => remediate({ ...args, getConfig: <T>() => config as T }) };
}

describe("aws-required-tags remediation under the real analyzer", () => {
    it("adds the tags to a resource with unknown and secret inputs, keeping both as they are", async () => {
        // A subnet's vpcId is another resource's id: unknown at the first preview.
        const remediate = makeRemediateRpcFun(PACK_NAME, "0.1.0", "mandatory", [
            withDefaultConfig(atLevel(requiredTags, "remediate")),
        ] as never);
        const resp = await call<analyzerproto.RemediateResponse>(
            remediate,
            request("aws:secretsmanager/secretVersion:SecretVersion", "v", {}),
        );
        expect(resp.getRemediationsList()).toEqual([]); // untaggable: nothing to do

        const req = request("aws:ec2/subnet:Subnet", "private-a", {
            vpcId: UNKNOWN_SENTINEL,
            cidrBlock: "10.10.0.0/20",
            description: { ...SECRET_SIG, value: "hidden" },
            tags: { Owner: "team" },
        });
        const out = await call<analyzerproto.RemediateResponse>(remediate, req);
        const [r] = out.getRemediationsList();
        expect(r.getDiagnostic()).toBe("");
        expect(r.getProperties()!.toJavaScript()).toEqual({
            vpcId: UNKNOWN_SENTINEL,
            cidrBlock: "10.10.0.0/20",
            description: { ...SECRET_SIG, value: "hidden" },
            tags: { Owner: "team", Environment: "Production" },
        });
    });
});

describe("stack policies under the real analyzer", () => {
    it("runs at preview with the engine's unknowns: an unknown resource policy is advisory, not a failure", async () => {
        const analyzeStack = makeAnalyzeStackRpcFun(PACK_NAME, "0.1.0", "mandatory", [restApiPrivate]);
        const api = new analyzerproto.AnalyzerResource();
        api.setUrn("urn:pulumi:s::p::aws:apigateway/restApi:RestApi::api-api");
        api.setType("aws:apigateway/restApi:RestApi");
        api.setName("api-api");
        api.setOptions(new analyzerproto.AnalyzerResourceOptions());
        api.setProperties(
            Struct.fromJavaScript({
                name: "baseline-api",
                endpointConfiguration: { types: "PRIVATE", vpcEndpointIds: ["vpce-0123"] },
                id: UNKNOWN_SENTINEL,
                policy: UNKNOWN_SENTINEL,
                executionArn: UNKNOWN_SENTINEL,
            }),
        );
        const pol = new analyzerproto.AnalyzerResource();
        pol.setUrn("urn:pulumi:s::p::aws:apigateway/restApiPolicy:RestApiPolicy::api-policy");
        pol.setType("aws:apigateway/restApiPolicy:RestApiPolicy");
        pol.setName("api-policy");
        pol.setOptions(new analyzerproto.AnalyzerResourceOptions());
        pol.setProperties(Struct.fromJavaScript({ restApiId: UNKNOWN_SENTINEL, policy: UNKNOWN_SENTINEL }));
        pol.getPropertydependenciesMap().set(
            "restApiId",
            new analyzerproto.AnalyzerPropertyDependencies().setUrnsList([api.getUrn()]),
        );
        const req = new analyzerproto.AnalyzeStackRequest();
        req.setResourcesList([api, pol]);
        const resp = await call<analyzerproto.AnalyzeResponse>(analyzeStack, req);
        const ds = resp.getDiagnosticsList().map((d) => [d.getEnforcementlevel(), d.getMessage()]);
        expect(ds).toEqual([[analyzerproto.EnforcementLevel.ADVISORY, expect.stringContaining("can't run policy")]]);
    });
});
