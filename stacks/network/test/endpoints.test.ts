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
const through = (
    endpointPolicy: object,
    {
        context,
        ...req
    }: { principal: string; action: string; resource: string; resourceAccount: string; context?: Record<string, string> },
) =>
    simulate({
        ...req,
        context: {
            "aws:PrincipalAccount": /::(\d{12}):/.exec(req.principal)![1],
            "aws:ResourceAccount": req.resourceAccount,
            ...context,
        },
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
        expect(policyOf("sqs")).toEqual(interfaceEndpointPolicy({ accountId: ACCOUNT, service: "sqs", region: "eu-central-1" }));
        expect(policyOf("kms")).toEqual(interfaceEndpointPolicy({ accountId: ACCOUNT, service: "kms", region: "eu-central-1" }));
        expect(policyOf("execute-api")).toEqual(executeApiEndpointPolicy({ accountId: ACCOUNT, region: "eu-central-1" }));
    });

    it("knows the IAM prefix of every endpoint service it accepts", () => {
        for (const s of KNOWN_INTERFACE_SERVICES)
            expect([s, SERVICE_ACTION_PREFIX[s]]).toEqual([s, expect.stringMatching(/^[a-z0-9-]+$/)]);
    });
});

describe("interface endpoint policy (sqs)", () => {
    const policy = interfaceEndpointPolicy({ accountId: ACCOUNT, service: "sqs", region: "us-east-1" });
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

describe("interface endpoint policies and the resources AWS owns", () => {
    // An AWS-owned resource's account is AWS's, never this one (its ARN has none).
    const AWS_OWNED = "000000000000";
    const ssm = interfaceEndpointPolicy({ accountId: ACCOUNT, service: "ssm", region: "us-east-1" });
    const ec2 = interfaceEndpointPolicy({ accountId: ACCOUNT, service: "ec2", region: "us-east-1" });
    const latestAmi = "arn:aws:ssm:us-east-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    const instanceRole = `arn:aws:iam::${ACCOUNT}:role/app-instance`;

    it("names AWS's public parameters, documents and runbooks by their account-less ARNs, for this account's principals", () => {
        // The IAM simulator takes no ARN without an account, which these are ("arn:aws:ssm:us-east-2::parameter/aws/service/..."
        // in GetParameter's answer for a public parameter), so the statement is read as written.
        const [own, awsOwned] = ssm.Statement;
        expect(own.Condition).toEqual({ StringEquals: { "aws:PrincipalAccount": ACCOUNT, "aws:ResourceAccount": ACCOUNT } });
        expect(awsOwned).toMatchObject({
            Effect: "Allow",
            Resource: [
                "arn:aws:ssm:us-east-1::parameter/aws/*",
                "arn:aws:ssm:us-east-1::document/*",
                "arn:aws:ssm:us-east-1::automation-definition/*",
            ],
            Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } },
        });
        expect(awsOwned.Action).toEqual(expect.arrayContaining(["ssm:GetParameter", "ssm:GetDocument", "ssm:SendCommand"]));
        // Reading and running only: nothing that writes or deletes a parameter or document.
        expect((awsOwned.Action as string[]).filter((a) => /^ssm:(Put|Delete|Update|Create(?!Association))/.test(a))).toEqual([]);
        expect(latestAmi).toMatch(/^arn:aws:ssm:us-east-1::parameter\/aws\//);
    });
    it("still keeps other accounts' parameters out of reach through the ssm endpoint", async () => {
        const parameter = (acct: string) => `arn:aws:ssm:us-east-1:${acct}:parameter/app/config`;
        expect(
            await through(ssm, {
                principal: instanceRole,
                action: "ssm:GetParameter",
                resource: parameter(ACCOUNT),
                resourceAccount: ACCOUNT,
            }),
        ).toBe("Allowed");
        expect(
            await through(ssm, {
                principal: instanceRole,
                action: "ssm:GetParameter",
                resource: parameter(FOREIGN),
                resourceAccount: FOREIGN,
            }),
        ).toBe("ImplicitlyDenied");
    });
    it("lets this account's principals launch from Amazon's images through the ec2 endpoint, not from another account's", async () => {
        const image = "arn:aws:ec2:us-east-1::image/ami-0123456789abcdef0";
        const launch = (owner: string) =>
            through(ec2, {
                principal: instanceRole,
                action: "ec2:RunInstances",
                resource: image,
                resourceAccount: owner === "amazon" ? AWS_OWNED : owner,
                context: { "ec2:Owner": owner },
            });
        expect(await launch("amazon")).toBe("Allowed");
        expect(await launch(FOREIGN)).toBe("ImplicitlyDenied");
    });
    it("adds no such statement where the service's clients need no AWS-owned resource", () => {
        expect(interfaceEndpointPolicy({ accountId: ACCOUNT, service: "sqs", region: "us-east-1" }).Statement).toHaveLength(1);
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
