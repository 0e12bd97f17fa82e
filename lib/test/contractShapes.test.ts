/**
 * Upstream values of the wrong kind are refused by resolveUpstream, naming the
 * upstream stack and key, before anything is registered.
 */
import * as aws from "@pulumi/aws";
import { UpstreamError, allInstances, contractShapeProblems, resolveUpstream } from "../src";
import { StackRunError, contractFixture, runStack, upstreamOutputsFor } from "../src/testing";

const region = "eu-central-1" as const;

describe("contractShapeProblems", () => {
    // Every stack the layer graph has: a recovery stack exists only in a partner region.
    test.each(allInstances().map((i) => [i.layer, i.region] as const))("the %s fixture in %s is well formed", (layer, r) => {
        expect(
            contractShapeProblems(layer, contractFixture(layer, r) as unknown as Record<string, unknown>, { region: r }),
        ).toEqual([]);
    });

    const acct = "123456789012";
    test.each([
        ["security", "dataKeyArn", "not-an-arn", "an ARN of a KMS key: arn:aws:kms:eu-central-1:<12-digit account>:..."],
        [
            "security",
            "dataKeyArn",
            `arn:aws:kms:us-west-2:${acct}:key/11111111-aaaa-4bbb-accc-120000000001`,
            'region "us-west-2" is not eu-central-1',
        ],
        ["security", "logsKeyArn", `arn:aws:sns:${region}:${acct}:baseline-alarms`, "an ARN of a KMS key"],
        ["security", "dataKeyArn", `arn:aws:kms:${region}:${acct}:alias/baseline-data`, "an ARN of a KMS key"],
        ["security", "dataKeyId", "alias/baseline-data", "a KMS key id (a UUID or mrk-...)"],
        ["security", "alarmTopicArn", `arn:aws:sns:${region}:999999999999:baseline-alarms`, "an ARN in account 123456789012"],
        ["global-iam", "flowLogsRoleArn", `arn:aws:iam::${acct}:user/alice`, "an ARN of an IAM role"],
        [
            "global-iam",
            "flowLogsRoleArn",
            `arn:aws:iam::210987654321:role/baseline/vpc-flow-logs`,
            "an ARN in account 123456789012",
        ],
        ["global-iam", "accountId", "12345", "a 12-digit AWS account id"],
        ["network", "vpcId", "subnet-0a1234567890abcde", "a VPC id (vpc-...)"],
        ["network", "privateSubnetIds", ["sg-0a00000000000app1"], "a non-empty list of subnet ids"],
        ["network", "privateSubnetIds", [], "a non-empty list of subnet ids"],
        ["network", "availabilityZones", ["us-west-2a"], "availability zones of eu-central-1"],
        ["network", "appSecurityGroupId", "", "a security group id (sg-...)"],
        ["network", "vpcCidr", "10.10.0.0/33", "an IPv4 CIDR block"],
        ["network", "interfaceEndpointIds", { logs: "logs" }, "VPC endpoint id (vpce-...)"],
        ["data", "dataBucketArn", "arn:aws:s3:::Bad_Bucket", "an ARN of an S3 bucket"],
        ["data", "dbPort", "5432", "a port from 1150 to 65535"],
        ["data", "dbAddress", "db.example.com", "an RDS endpoint host name in eu-central-1"],
        ["data", "dbSecretArn", `arn:aws:secretsmanager:us-east-1:${acct}:secret:x`, 'region "us-east-1"'],
        ["api", "invokeUrl", "http://example.com", "an invoke URL https://<api>.execute-api.eu-central-1.amazonaws.com/<stage>"],
    ] as const)("%s.%s = %j", (layer, key, value, expected) => {
        const values = { ...contractFixture(layer, region), [key]: value } as Record<string, unknown>;
        expect(contractShapeProblems(layer, values, { region })).toEqual([
            { key, value, expected: expect.stringContaining(expected) },
        ]);
    });
});

describe("security-tooling: the delegated administrator's ARNs, and the management account's trail", () => {
    const home = "us-east-1" as const;
    const tooling = "333333333333";
    const values = (over: Record<string, unknown>) =>
        ({ ...contractFixture("security-tooling", home, tooling), ...over }) as Record<string, unknown>;
    const trail = "arn:aws:cloudtrail:us-east-1:111111111111:trail/baseline-organization";
    const aggregator = (account: string) =>
        `arn:aws:securityhub:us-east-1:${account}:finding-aggregator/a1b2c3d4-0000-4000-8000-000000000001`;

    test("the organization trail's ARN is the management account's, and passes", () => {
        expect(contractShapeProblems("security-tooling", values({ organizationTrailArn: trail }), { region: home })).toEqual([]);
    });

    test("the finding aggregator must be the delegated administrator's, whatever the trail's account", () => {
        const v = values({ organizationTrailArn: trail, findingAggregatorArn: aggregator("999999999999") });
        expect(contractShapeProblems("security-tooling", v, { region: home })).toEqual([
            {
                key: "findingAggregatorArn",
                value: aggregator("999999999999"),
                expected: `an ARN in account ${tooling}, like the stack's other outputs`,
            },
        ]);
    });
});

describe("resolveUpstream refuses outputs of the wrong shape", () => {
    test("names the upstream stack and key, and registers nothing", async () => {
        const err = (await runStack({
            project: "baseline-data",
            stack: `production-${region}`,
            config: { "aws:region": region },
            stackOutputs: upstreamOutputsFor("data", region, { security: { dataKeyArn: "not-an-arn" } }),
            program: async () => {
                const security = await resolveUpstream("security", { region });
                new aws.s3.Bucket("after-upstreams", {});
                return { key: security.dataKeyArn };
            },
        }).catch((e: unknown) => e)) as StackRunError;
        expect(err).toBeInstanceOf(StackRunError);
        expect(err.cause).toBeInstanceOf(UpstreamError);
        expect(err.message).toContain(
            "upstream stack organization/baseline-security/production-eu-central-1 (layer security) has output(s) of the wrong shape",
        );
        expect(err.message).toContain('dataKeyArn = "not-an-arn": expected an ARN of a KMS key');
        expect(err.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });
});
