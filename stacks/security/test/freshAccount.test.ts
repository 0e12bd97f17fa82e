/**
 * What a fresh account needs from the security layer: the flow-log remediation has a destination
 * of its own before `network` exists, the trail bucket works with SSE-KMS without granting
 * CloudTrail Decrypt, and key administration can be given to named principals.
 */
import { ConfigValidationError, names, Region, REGIONS } from "@baseline/lib";
import { configProblems, findResource, ofType, runStack, StackRunError, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { checkKeyAdministrators, PROJECT, readConfig } from "../src/config";

const acct = "123456789012";
const run = (region: Region, config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: `production-${region}`,
        config: { "aws:region": region, ...config },
        stackOutputs: upstreamOutputsFor("security", region),
        program: async () => (await import("../index")).default(),
    });

type Param = { name: string; staticValue?: string };

describe.each(REGIONS)("flow-log remediation in %s", (region) => {
    it("writes to this layer's own encrypted group, which the rule waits for, never to the network layer's group", async () => {
        const { resources } = await run(region);
        const group = findResource(resources, "aws:cloudwatch/logGroup:LogGroup", "remediation-flow-logs-group");
        expect(group.inputs).toMatchObject({
            name: names.remediationFlowLogGroup(region),
            retentionInDays: 365,
            deletionProtectionEnabled: true,
        });
        expect(String(group.inputs.kmsKeyId)).toMatch(new RegExp(`^arn:aws:kms:${region}:${acct}:key/`));
        expect(group.protect).toBe(true);
        // The flow-log role may write only under the flow-log prefix: the group must be under it.
        expect(names.remediationFlowLogGroup(region).startsWith(`${names.flowLogGroupPrefix}/`)).toBe(true);

        const remediation = ofType(resources, "aws:cfg/remediationConfiguration:RemediationConfiguration").find(
            (r) => r.inputs.targetId === "AWSSupport-EnableVPCFlowLogs",
        )!;
        expect(remediation.inputs.automatic).toBe(true);
        const destination = (remediation.inputs.parameters as Param[]).find((p) => p.name === "LogDestinationARN")!.staticValue;
        expect(destination).toBe(group.outputs.arn);
        expect(destination!.endsWith(`:log-group:${names.flowLogGroup(region)}`)).toBe(false);
        const rule = findResource(resources, "aws:cfg/rule:Rule", "rules-vpc-flow-logs-enabled");
        expect(rule.dependencies).toContain(group.urn);
    });
});

describe("CloudTrail bucket", () => {
    it("has no S3 Bucket Key (the trail's key grants CloudTrail no kms:Decrypt); the Config bucket keeps its bucket key", async () => {
        const { resources } = await run("us-east-1");
        const sse = ofType(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        const rule = (bucket: string) =>
            (
                sse.find((r) => r.inputs.bucket === bucket)!.inputs.rules as {
                    bucketKeyEnabled: boolean;
                    applyServerSideEncryptionByDefault: { sseAlgorithm: string };
                }[]
            )[0];
        expect(rule(names.cloudTrailBucket(acct))).toMatchObject({
            bucketKeyEnabled: false,
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" },
        });
        expect(rule(names.configBucket(acct, "us-east-1")).bucketKeyEnabled).toBe(true);
    });
});

describe("key administrators", () => {
    const admin = `arn:aws:iam::${acct}:role/key-admins`;
    const deployer = `arn:aws:iam::${acct}:role/deploy`;

    it("are the account (IAM-delegated) by default, and exactly the named principals when configured", async () => {
        const policyOf = (resources: Awaited<ReturnType<typeof run>>["resources"], key: string) =>
            JSON.parse(String(findResource(resources, "aws:kms/key:Key", key).inputs.policy)) as {
                Statement: { Sid: string; Principal: unknown }[];
            };
        const byDefault = await run("us-west-2");
        expect(policyOf(byDefault.resources, "keys-data").Statement[0]).toMatchObject({
            Sid: "AccountAdministersKey",
            Principal: { AWS: `arn:aws:iam::${acct}:root` },
        });
        const named = await run("us-west-2", { [`${PROJECT}:keyAdministrators`]: JSON.stringify([admin, deployer]) });
        for (const key of ["keys-data", "keys-database", "keys-logs"]) {
            const admins = policyOf(named.resources, key).Statement.find((s) => s.Sid === "NamedAdministratorsAdministerKey");
            expect(admins?.Principal).toEqual({ AWS: [admin, deployer] });
            expect(policyOf(named.resources, key).Statement.some((s) => s.Sid === "AccountAdministersKey")).toBe(false);
        }
    });

    it("refuses anything but IAM principal ARNs, naming the key", () => {
        const source = (v: string) => ({
            get: (k: string) => ({ "aws:region": "us-east-1", [`${PROJECT}:keyAdministrators`]: v })[k],
        });
        const p = configProblems(() => readConfig(source(JSON.stringify(["admins"])), "t/s"));
        expect(p).toHaveLength(1);
        expect(p[0].key).toBe(`${PROJECT}:keyAdministrators`);
        expect(p[0].allowed).toContain("IAM role or user ARNs");
        expect(readConfig(source("[]"), "t/s").keyAdministrators).toEqual([]);
    });

    it("refuses another account's principal before any key is registered, naming the key, the ARN and this account", async () => {
        const foreign = "arn:aws:iam::210987654321:role/key-admins";
        const own = `arn:aws:iam::${acct}:role/key-admins`;
        const err = await run("us-west-2", { [`${PROJECT}:keyAdministrators`]: JSON.stringify([own, foreign]) }).then(
            () => undefined,
            (e: unknown) => e as StackRunError,
        );
        expect(err).toBeInstanceOf(StackRunError);
        expect(err!.resources.filter((r) => r.type === "aws:kms/key:Key")).toEqual([]);
        expect(err!.message).toContain(`${PROJECT}:keyAdministrators = ${JSON.stringify(foreign)}`);
        expect(err!.message).toContain(`a role or user ARN of this account (${acct}`);
        expect(err!.message).not.toContain(own);
        expect(() => checkKeyAdministrators([foreign], acct, "t/s")).toThrow(ConfigValidationError);
        expect(() => checkKeyAdministrators([own, `arn:aws:iam::${acct}:user/ops`], acct, "t/s")).not.toThrow();
    });
});
