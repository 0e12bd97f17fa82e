/**
 * Interface endpoints: only those a code path uses, each with a data-perimeter policy, proven with
 * the IAM simulator (the policy is evaluated as the VPC endpoint policy of the request).
 */
import * as fs from "fs";
import * as path from "path";
import { Region } from "@baseline/lib";
import { ofType, runStack, simulate, upstreamOutputsFor } from "@baseline/lib/src/testing";
import program from "../index";
import { executeApiEndpointPolicy, interfaceEndpointPolicy } from "../src/policies";
import { DEFAULT_INTERFACE_SERVICES, KNOWN_INTERFACE_SERVICES, SERVICE_ACTION_PREFIX } from "../src/services";

const ACCOUNT = "123456789012";
const FOREIGN = "999999999999";
const LAMBDA = `arn:aws:iam::${ACCOUNT}:role/baseline/api-lambda`;
const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] };

const run = (region: Region, config: Record<string, string> = {}) =>
    runStack({
        project: "baseline-network",
        stack: `production-${region}`,
        config: { "aws:region": region, ...config },
        stackOutputs: upstreamOutputsFor("network", region),
        program,
    });

/**
 * A request through an endpoint: the caller's IAM policy allows everything, and the resource's
 * policy (when it is cross-account) allows the caller, so only the endpoint policy decides.
 */
const through = (endpointPolicy: object, req: { principal: string; action: string; resource: string; resourceAccount: string }) =>
    simulate({
        ...req,
        context: { "aws:PrincipalAccount": /::(\d{12}):/.exec(req.principal)![1], "aws:ResourceAccount": req.resourceAccount },
        identityPolicies: [allowAll],
        resourcePolicy: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { AWS: req.principal }, Action: "*", Resource: "*" }],
        },
        endpointPolicy: endpointPolicy as never,
    });

describe("interface endpoints", () => {
    it("by default only execute-api, because the handler's code uses no other service through the VPC", async () => {
        const { resources } = await run("us-east-1");
        const iface = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
            (e) => e.inputs.vpcEndpointType === "Interface",
        );
        expect(iface.map((e) => e.inputs.serviceName)).toEqual(["com.amazonaws.us-east-1.execute-api"]);
    });

    it("the default list is exactly the AWS SDK clients the handler imports, minus S3 (the gateway endpoint)", () => {
        const dir = path.resolve(__dirname, "../../api/handler");
        const clients = new Set<string>();
        for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
            for (const m of fs.readFileSync(path.join(dir, f), "utf8").matchAll(/from "@aws-sdk\/client-([a-z0-9-]+)"/g))
                clients.add(m[1]);
        }
        expect([...clients]).toContain("s3");
        const sdkToEndpoint: Record<string, string> = { "secrets-manager": "secretsmanager", "cloudwatch-logs": "logs" };
        const needed = [...clients].filter((c) => c !== "s3").map((c) => sdkToEndpoint[c] ?? c);
        expect([...DEFAULT_INTERFACE_SERVICES].sort()).toEqual(needed.sort());
    });

    it("every interface endpoint, configured ones included, carries a policy; execute-api its own", async () => {
        const { resources } = await run("eu-central-1", { "baseline-network:interfaceEndpoints": '["sqs","kms"]' });
        const iface = ofType(resources, "aws:ec2/vpcEndpoint:VpcEndpoint").filter(
            (e) => e.inputs.vpcEndpointType === "Interface",
        );
        expect(iface).toHaveLength(3);
        const policyOf = (service: string) =>
            JSON.parse(
                String(iface.find((e) => e.inputs.serviceName === `com.amazonaws.eu-central-1.${service}`)!.inputs.policy),
            );
        expect(policyOf("sqs")).toEqual(interfaceEndpointPolicy({ accountId: ACCOUNT, service: "sqs" }));
        expect(policyOf("kms")).toEqual(interfaceEndpointPolicy({ accountId: ACCOUNT, service: "kms" }));
        expect(policyOf("execute-api")).toEqual(executeApiEndpointPolicy({ accountId: ACCOUNT, region: "eu-central-1" }));
    });

    it("knows the IAM prefix of every endpoint service it accepts", () => {
        for (const s of KNOWN_INTERFACE_SERVICES)
            expect([s, SERVICE_ACTION_PREFIX[s]]).toEqual([s, expect.stringMatching(/^[a-z0-9-]+$/)]);
    });
});

describe("interface endpoint policy (sqs)", () => {
    const policy = interfaceEndpointPolicy({ accountId: ACCOUNT, service: "sqs" });
    const ownQueue = `arn:aws:sqs:us-east-1:${ACCOUNT}:baseline-api-backend-dlq`;
    const foreignQueue = `arn:aws:sqs:us-east-1:${FOREIGN}:drop-box`;

    it("lets this account's principals use this account's queues", async () => {
        expect(
            await through(policy, { principal: LAMBDA, action: "sqs:SendMessage", resource: ownQueue, resourceAccount: ACCOUNT }),
        ).toBe("Allowed");
    });
    it("denies a foreign principal (another account's credentials used inside the VPC)", async () => {
        const intruder = `arn:aws:iam::${FOREIGN}:role/intruder`;
        expect(
            await through(policy, {
                principal: intruder,
                action: "sqs:SendMessage",
                resource: ownQueue,
                resourceAccount: ACCOUNT,
            }),
        ).toBe("ImplicitlyDenied");
        expect(
            await through(policy, {
                principal: intruder,
                action: "sqs:SendMessage",
                resource: foreignQueue,
                resourceAccount: FOREIGN,
            }),
        ).toBe("ImplicitlyDenied");
    });
    it("denies a foreign resource (exfiltration to another account's queue) even for this account's role", async () => {
        expect(
            await through(policy, {
                principal: LAMBDA,
                action: "sqs:SendMessage",
                resource: foreignQueue,
                resourceAccount: FOREIGN,
            }),
        ).toBe("ImplicitlyDenied");
    });
    it("carries only its own service's actions", async () => {
        const key = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        expect(await through(policy, { principal: LAMBDA, action: "kms:Decrypt", resource: key, resourceAccount: ACCOUNT })).toBe(
            "ImplicitlyDenied",
        );
    });
});

describe("execute-api endpoint policy", () => {
    const policy = executeApiEndpointPolicy({ accountId: ACCOUNT, region: "us-east-1" });
    const api = (acct: string, region = "us-east-1") => `arn:aws:execute-api:${region}:${acct}:a1b2c3d4e5/v1/GET/objects`;

    it("invokes this account's APIs of this region", async () => {
        expect(
            await through(policy, {
                principal: LAMBDA,
                action: "execute-api:Invoke",
                resource: api(ACCOUNT),
                resourceAccount: ACCOUNT,
            }),
        ).toBe("Allowed");
    });
    it("denies another account's API (public or private) and another region's", async () => {
        expect(
            await through(policy, {
                principal: LAMBDA,
                action: "execute-api:Invoke",
                resource: api(FOREIGN),
                resourceAccount: FOREIGN,
            }),
        ).toBe("ImplicitlyDenied");
        expect(
            await through(policy, {
                principal: LAMBDA,
                action: "execute-api:Invoke",
                resource: api(ACCOUNT, "us-west-2"),
                resourceAccount: ACCOUNT,
            }),
        ).toBe("ImplicitlyDenied");
    });
    it("denies another account's credentials, even on this account's API", async () => {
        expect(
            await through(policy, {
                principal: `arn:aws:iam::${FOREIGN}:role/caller`,
                action: "execute-api:Invoke",
                resource: api(ACCOUNT),
                resourceAccount: ACCOUNT,
            }),
        ).toBe("ImplicitlyDenied");
    });
    it("allows nothing but Invoke (no API management through the endpoint)", async () => {
        expect(
            await through(policy, {
                principal: LAMBDA,
                action: "execute-api:ManageConnections",
                resource: `arn:aws:execute-api:us-east-1:${ACCOUNT}:a1b2c3d4e5/v1/POST/@connections/x`,
                resourceAccount: ACCOUNT,
            }),
        ).toBe("ImplicitlyDenied");
    });
});
