/**
 * The stage serves the deployment's snapshot until the deployment is replaced, so the
 * redeployment hash must cover every argument of every Method and Integration: otherwise a
 * change to, say, a method's authorization updates the Method but the stage keeps the old API.
 */
import { findResource, ofType, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import program from "../index";
import { API_ROUTES } from "../handler/app";
import { DeploymentSnapshot, integrationArgs, methodArgs, redeploymentHash } from "../src/privateApi";

const T = {
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    deployment: "aws:apigateway/deployment:Deployment",
};
/** Inputs that are ids or the function's URI, hashed as ids and `uri` rather than as arguments. */
const IDS = ["restApi", "resourceId", "uri", "tags"];
const withoutIds = (inputs: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(inputs).filter(([k, v]) => !IDS.includes(k) && v !== undefined));
const defined = (o: object) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
/** Registration order is not route order: compare as sorted lists of canonical JSON. */
const canonical = (v: unknown): string =>
    v !== null && typeof v === "object" && !Array.isArray(v)
        ? `{${Object.keys(v)
              .sort()
              .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
              .join(",")}}`
        : JSON.stringify(v);
const sorted = (list: object[]) => list.map(canonical).sort();

const snapshot: DeploymentSnapshot = {
    routes: API_ROUTES,
    methods: API_ROUTES.map(methodArgs),
    integrations: API_ROUTES.map((r) => integrationArgs(r, 11000)),
    policy: "{}",
    uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations",
    resourceIds: ["a"],
    methodIds: ["m"],
    integrationIds: ["i"],
};

describe("API deployment snapshot", () => {
    it("registers exactly the Method and Integration arguments that the hash covers", async () => {
        const { resources } = await runStack({
            project: "baseline-api",
            stack: "production-us-east-1",
            config: { "aws:region": "us-east-1" },
            stackOutputs: upstreamOutputsFor("api", "us-east-1"),
            program,
        });
        const methods = ofType(resources, T.method).map((m) => withoutIds(m.inputs));
        expect(sorted(methods)).toEqual(sorted(API_ROUTES.map((r) => defined(methodArgs(r)))));
        const integrations = ofType(resources, T.integration).map((i) => withoutIds(i.inputs));
        const timeout = integrations[0].timeoutMilliseconds as number;
        expect(sorted(integrations)).toEqual(sorted(API_ROUTES.map((r) => defined(integrationArgs(r, timeout)))));
        expect(findResource(resources, T.deployment).inputs["triggers"]).toEqual({
            redeployment: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
    });

    it.each(["httpMethod", "authorization", "apiKeyRequired", "requestParameters"])(
        "a change of the Method's %s changes the hash",
        (key) => {
            const methods = snapshot.methods.map((m, i) => (i === 0 ? { ...m, [key]: "changed" } : m));
            expect(redeploymentHash({ ...snapshot, methods })).not.toBe(redeploymentHash(snapshot));
        },
    );

    it.each(["type", "integrationHttpMethod", "timeoutMilliseconds", "httpMethod"])(
        "a change of the Integration's %s changes the hash",
        (key) => {
            const integrations = snapshot.integrations.map((m, i) => (i === 0 ? { ...m, [key]: "changed" } : m));
            expect(redeploymentHash({ ...snapshot, integrations })).not.toBe(redeploymentHash(snapshot));
        },
    );

    it("the target, policy and ids are covered too, and equal inputs give the same hash", () => {
        for (const change of [{ uri: "other" }, { policy: '{"x":1}' }, { methodIds: ["m2"] }, { integrationIds: ["i2"] }]) {
            expect(redeploymentHash({ ...snapshot, ...change })).not.toBe(redeploymentHash(snapshot));
        }
        expect(redeploymentHash(JSON.parse(JSON.stringify(snapshot)) as DeploymentSnapshot)).toBe(redeploymentHash(snapshot));
    });
});
