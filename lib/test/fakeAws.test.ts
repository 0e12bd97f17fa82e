/**
 * The offline mock answers like AWS for any commercial region, depending on its inputs, and never
 * fails with an empty message.
 */
import * as aws from "@pulumi/aws";
import {
    ENDPOINT_SERVICE_GAPS,
    StackRunError,
    availabilityZonesOf,
    describeFailure,
    fakeInvoke,
    runStack,
    zoneIdPrefix,
    zoneIdsOf,
} from "../src/testing";

const ctx = (region: string, accountId = "123456789012") => ({ accountId, region, stack: "p/s" });
const AZS = "aws:index/getAvailabilityZones:getAvailabilityZones";
const SERVICE = "aws:ec2/getVpcEndpointService:getVpcEndpointService";

describe("fake availability zones", () => {
    it.each([
        ["eu-west-1", "euw1"],
        ["ap-southeast-2", "apse2"],
        ["ap-northeast-1", "apne1"],
        ["sa-east-1", "sae1"],
        ["ca-central-1", "cac1"],
        ["me-south-1", "mes1"],
        ["af-south-1", "afs1"],
        ["il-central-1", "ilc1"],
        ["mx-central-1", "mxc1"],
        ["us-east-1", "use1"],
    ])("%s answers with its zones and zone IDs (%s-azN)", (region, prefix) => {
        const out = fakeInvoke(AZS, { state: "available" }, ctx(region));
        const names = out.names as string[];
        const ids = out.zoneIds as string[];
        expect(names.length).toBeGreaterThanOrEqual(2);
        for (const n of names) expect(n).toMatch(new RegExp(`^${region}[a-z]$`));
        expect([...ids].sort()).toEqual(names.map((_n, k) => `${prefix}-az${k + 1}`).sort());
        expect(zoneIdPrefix(region)).toBe(prefix);
    });

    it("maps names to zone IDs per account, as AWS does", () => {
        const a = zoneIdsOf("us-east-1", "123456789012");
        const b = zoneIdsOf("us-east-1", "210987654321");
        expect([...a].sort()).toEqual([...b].sort());
        expect(a).not.toEqual(b);
        expect(zoneIdsOf("us-east-1", "123456789012")).toEqual(a);
    });

    it("refuses a region of another partition or a typo with a message that says what it knows", () => {
        for (const region of ["us-gov-west-1", "cn-north-1", "eu-wset-1", ""]) {
            expect(() => fakeInvoke(AZS, {}, ctx(region))).toThrow(/commercial AWS regions only/);
        }
        expect(availabilityZonesOf("ap-northeast-1")).toEqual(["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"]);
    });
});

describe("fake VPC endpoint services", () => {
    it("names the service, its type and the zones that offer it, by input", () => {
        const logs = fakeInvoke(SERVICE, { service: "logs", serviceType: "Interface" }, ctx("eu-west-1"));
        expect(logs).toMatchObject({ serviceName: "com.amazonaws.eu-west-1.logs", serviceType: "Interface" });
        expect(logs.availabilityZones).toEqual(availabilityZonesOf("eu-west-1"));
        const byName = fakeInvoke(SERVICE, { serviceName: "com.amazonaws.eu-west-1.sqs" }, ctx("eu-west-1"));
        expect(byName.service).toBe("sqs");
        expect(fakeInvoke(SERVICE, { service: "s3" }, ctx("eu-west-1")).serviceType).toBe("Gateway");
    });

    it("leaves out the zones a service does not serve, in this account's names", () => {
        const names = availabilityZonesOf("us-east-1");
        const ids = zoneIdsOf("us-east-1", "123456789012");
        const gap = names[ids.indexOf(ENDPOINT_SERVICE_GAPS[0])];
        const api = fakeInvoke(SERVICE, { service: "execute-api" }, ctx("us-east-1")).availabilityZones as string[];
        expect(api).not.toContain(gap);
        expect(api).toHaveLength(names.length - 1);
        // Another account names that physical zone differently.
        const otherGap = names[zoneIdsOf("us-east-1", "210987654321").indexOf(ENDPOINT_SERVICE_GAPS[0])];
        expect(fakeInvoke(SERVICE, { service: "execute-api" }, ctx("us-east-1", "210987654321")).availabilityZones).not.toContain(
            otherGap,
        );
    });

    it("refuses an unknown service or the wrong type, as AWS does", () => {
        expect(() => fakeInvoke(SERVICE, { service: "no-such-service" }, ctx("us-east-1"))).toThrow(
            /no matching VPC endpoint service/,
        );
        expect(() => fakeInvoke(SERVICE, { service: "s3", serviceType: "Interface" }, ctx("us-east-1"))).toThrow(/Gateway/);
    });
});

describe("failures are never empty", () => {
    it("a failing invoke reaches the program, and the run's error, with its message", async () => {
        const err = await runStack({
            project: "p",
            stack: "s",
            config: { "aws:region": "us-gov-west-1" },
            program: async () => {
                await aws.getAvailabilityZones({});
            },
        }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StackRunError);
        expect((err as Error).message).toMatch(
            /^p\/s: invoke aws:index\/getAvailabilityZones:getAvailabilityZones: the offline mock/,
        );
    });

    it("describeFailure falls back to details, then to the error's name and frame", () => {
        expect(describeFailure(new Error("boom"))).toBe("boom");
        expect(describeFailure(Object.assign(new Error(""), { details: "grpc said no" }))).toBe("grpc said no");
        expect(describeFailure(new Error(""))).toMatch(/^Error without a message \(at /);
        expect(describeFailure("")).toMatch(/without a message/);
        expect(describeFailure(undefined)).toBe("undefined");
    });
});
