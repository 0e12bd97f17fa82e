import { ConfigValidationError } from "@baseline/lib";
import { configProblems } from "@baseline/lib/src/testing";
import { NetworkConfig, chooseAvailabilityZones, readConfig, refuseUnrestrictedEndpoints } from "../src/config";

const read = (values: Record<string, string>, region = "us-east-1"): NetworkConfig =>
    readConfig({ get: (k) => ({ "aws:region": region, ...values })[k] }, "baseline-network/test");

const problemsOf = (values: Record<string, string>, region?: string) => configProblems(() => read(values, region));

describe("readConfig", () => {
    it("defaults: non-overlapping /16 per region, 3 AZs, no NAT gateway, 365-day flow logs", () => {
        for (const [region, cidr] of [
            ["us-east-1", "10.10.0.0/16"],
            ["us-west-2", "10.20.0.0/16"],
            ["eu-central-1", "10.30.0.0/16"],
        ]) {
            const cfg = read({}, region);
            expect(cfg.vpcCidrBlock).toBe(cidr);
            expect(cfg.azCount).toBe(3);
            expect(cfg.natGateways).toBe("none");
            expect(cfg.flowLogRetentionDays).toBe(365);
            expect(cfg.interfaceEndpoints).toEqual([]);
        }
    });

    it("an empty vpcCidrs (the Pulumi.yaml default) means the ranges of topology.yaml", () => {
        const fromTopology = read({ "baseline-network:vpcCidrs": "[]" }, "eu-central-1");
        expect(fromTopology.vpcCidrBlock).toBe("10.30.0.0/16");
        expect(fromTopology.vpcCidrs).toEqual({
            "us-east-1": "10.10.0.0/16",
            "us-west-2": "10.20.0.0/16",
            "eu-central-1": "10.30.0.0/16",
        });
        // A stack file's own list still wins.
        expect(
            read({ "baseline-network:vpcCidrs": JSON.stringify(["eu-central-1=10.99.0.0/16"]) }, "eu-central-1").vpcCidrBlock,
        ).toBe("10.99.0.0/16");
    });

    it("a malformed CIDR names the key, the entry and what is allowed", () => {
        expect(
            problemsOf({ "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=10.10.0/16", "us-west-2=10.20.0.0/16"]) }),
        ).toEqual([
            {
                key: "baseline-network:vpcCidrs",
                value: "us-east-1=10.10.0/16",
                allowed: expect.stringContaining("an IPv4 CIDR block"),
            },
            // Without a valid entry for its own region the stack cannot plan.
            { key: "baseline-network:vpcCidrs", value: expect.anything(), allowed: "an entry for this stack's region us-east-1" },
        ]);
        const [p] = problemsOf({ "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=10.10.1.0/16"]) });
        expect(p.allowed).toMatch(/host bits set/);
        expect(problemsOf({ "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=8.8.0.0/16"]) })[0].allowed).toMatch(
            /private range/,
        );
        expect(problemsOf({ "baseline-network:vpcCidrs": "not json" })[0]).toEqual({
            key: "baseline-network:vpcCidrs",
            value: "not json",
            allowed: "a JSON list of strings",
        });
    });

    it("overlapping region CIDRs are refused in every region's stack", () => {
        const cidrs = JSON.stringify(["us-east-1=10.10.0.0/16", "us-west-2=10.10.128.0/17", "eu-central-1=10.30.0.0/16"]);
        for (const region of ["us-east-1", "us-west-2", "eu-central-1"]) {
            expect(problemsOf({ "baseline-network:vpcCidrs": cidrs }, region)).toEqual([
                {
                    key: "baseline-network:vpcCidrs",
                    value: { "us-east-1": "10.10.0.0/16", "us-west-2": "10.10.128.0/17" },
                    allowed: expect.stringContaining("overlap"),
                },
            ]);
        }
    });

    it("a CIDR too small for the subnets", () => {
        const problems = problemsOf({ "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=10.10.0.0/20"]) });
        expect(problems).toEqual([
            // /20 private subnets cannot fit in a /20 VPC at all.
            {
                key: "baseline-network:privateSubnetPrefix",
                value: 20,
                allowed: expect.stringContaining("longer than the VPC's /20"),
            },
        ]);
        const room = problemsOf({
            "baseline-network:vpcCidrs": JSON.stringify(["us-east-1=10.10.0.0/22"]),
            "baseline-network:privateSubnetPrefix": "24",
        });
        expect(room).toEqual([
            {
                key: "baseline-network:vpcCidrs",
                value: "us-east-1=10.10.0.0/22",
                allowed: expect.stringMatching(/holds 1024 addresses, but 3 AZs .* need 2304: use a larger VPC CIDR/),
            },
        ]);
    });

    it("AZ count out of range, statically and against the region", () => {
        expect(problemsOf({ "baseline-network:azCount": "1" })).toEqual([
            { key: "baseline-network:azCount", value: 1, allowed: "from 2 to 6" },
        ]);
        expect(problemsOf({ "baseline-network:azCount": "three" })[0]).toMatchObject({
            key: "baseline-network:azCount",
            value: "three",
        });
        const euc = [
            { name: "eu-central-1b", zoneId: "euc1-az3" },
            { name: "eu-central-1a", zoneId: "euc1-az2" },
            { name: "eu-central-1c", zoneId: "euc1-az1" },
        ];
        const all = { "execute-api": euc.map((z) => z.name) };
        expect(() => chooseAvailabilityZones(4, euc, all, "eu-central-1", "s")).toThrow(ConfigValidationError);
        try {
            chooseAvailabilityZones(4, euc, all, "eu-central-1", "s");
        } catch (e) {
            expect((e as ConfigValidationError).problems).toEqual([
                {
                    key: "baseline-network:azCount",
                    value: 4,
                    allowed: expect.stringContaining("from 2 to 3: eu-central-1 has 3 available AZs"),
                },
            ]);
        }
    });

    it("an interface endpoint whose service takes no endpoint policy is refused, naming it, before anything is registered", () => {
        const supported = { "execute-api": true, sqs: true, "ssm-contacts": false };
        expect(() => refuseUnrestrictedEndpoints(["sqs"], supported, "us-east-1", "s")).not.toThrow();
        try {
            refuseUnrestrictedEndpoints(["sqs", "ssm-contacts"], supported, "us-east-1", "s");
            throw new Error("not refused");
        } catch (e) {
            expect((e as ConfigValidationError).problems).toEqual([
                {
                    key: "baseline-network:interfaceEndpoints",
                    value: ["ssm-contacts"],
                    allowed: expect.stringContaining("in us-east-1, ssm-contacts takes none"),
                },
            ]);
        }
    });

    it("zones are chosen by zone ID (the same physical zones in every account), not by name", () => {
        const zones = [
            { name: "us-west-2a", zoneId: "usw2-az3" },
            { name: "us-west-2b", zoneId: "usw2-az1" },
            { name: "us-west-2c", zoneId: "usw2-az2" },
            { name: "us-west-2d", zoneId: "usw2-az4" },
        ];
        const everywhere = { "execute-api": zones.map((z) => z.name) };
        // By name this would be a and b; by zone ID it is az1 (b) and az2 (c).
        expect(chooseAvailabilityZones(2, zones, everywhere, "us-west-2")).toEqual(["us-west-2b", "us-west-2c"]);
        expect(chooseAvailabilityZones(3, zones, everywhere, "us-west-2")).toEqual(["us-west-2b", "us-west-2c", "us-west-2a"]);
        // az10 sorts after az9, not after az1.
        const many = Array.from({ length: 10 }, (_v, i) => ({ name: `r-${i}`, zoneId: `x-az${i + 1}` })).reverse();
        expect(chooseAvailabilityZones(2, many, {}, "r")).toEqual(["r-0", "r-1"]);
    });

    it("only zones every interface endpoint service offers; too few is one error naming what each zone lacks", () => {
        const zones = [
            { name: "us-east-1a", zoneId: "use1-az3" },
            { name: "us-east-1b", zoneId: "use1-az1" },
            { name: "us-east-1c", zoneId: "use1-az2" },
            { name: "us-east-1d", zoneId: "use1-az4" },
        ];
        const offered = {
            "execute-api": ["us-east-1b", "us-east-1c", "us-east-1d"],
            sqs: ["us-east-1a", "us-east-1b", "us-east-1d"],
        };
        expect(chooseAvailabilityZones(2, zones, offered, "us-east-1")).toEqual(["us-east-1b", "us-east-1d"]);
        let problem = "";
        try {
            chooseAvailabilityZones(3, zones, offered, "us-east-1", "s");
        } catch (e) {
            problem = (e as ConfigValidationError).problems[0].allowed;
        }
        expect(problem).toContain("from 2 to 2: us-east-1 has 2 available AZs that offer every interface endpoint service");
        expect(problem).toContain("us-east-1a (use1-az3) lacks execute-api");
        expect(problem).toContain("us-east-1c (use1-az2) lacks sqs");
    });

    it("retention: valid CloudWatch values only, at least 365 unless lowered explicitly", () => {
        expect(problemsOf({ "baseline-network:flowLogRetentionDays": "100" })[0]).toMatchObject({
            key: "baseline-network:flowLogRetentionDays",
            value: 100,
            allowed: expect.stringContaining("one of 1, 3, 5"),
        });
        expect(problemsOf({ "baseline-network:flowLogRetentionDays": "90" })[0]).toMatchObject({
            key: "baseline-network:flowLogRetentionDays",
            value: 90,
            allowed: expect.stringContaining("at least 365"),
        });
        expect(
            read({ "baseline-network:flowLogRetentionDays": "90", "baseline-network:allowShortFlowLogRetention": "true" })
                .flowLogRetentionDays,
        ).toBe(90);
        expect(read({ "baseline-network:flowLogRetentionDays": "731" }).flowLogRetentionDays).toBe(731);
    });

    it("interface endpoints: known short names, no duplicates, execute-api not listed", () => {
        const [p] = problemsOf({ "baseline-network:interfaceEndpoints": JSON.stringify(["logs", "kmss", "execute-api"]) });
        expect(p).toMatchObject({ key: "baseline-network:interfaceEndpoints", value: ["kmss", "execute-api"] });
        expect(p.allowed).toMatch(/execute-api is always created/);
        expect(problemsOf({ "baseline-network:interfaceEndpoints": JSON.stringify(["logs", "logs"]) })[0].value).toEqual([
            "logs",
        ]);
        expect(read({ "baseline-network:interfaceEndpoints": "[]" }).interfaceEndpoints).toEqual([]);
    });

    it("natGateways takes none, single or per-az, and names them when it refuses a value", () => {
        for (const mode of ["none", "single", "per-az"]) {
            expect(read({ "baseline-network:natGateways": mode }).natGateways).toBe(mode);
        }
        const [p] = problemsOf({ "baseline-network:natGateways": "off" });
        expect(p.key).toBe("baseline-network:natGateways");
        expect(p.allowed).toEqual(expect.stringContaining("none"));
        expect(p.allowed).toEqual(expect.stringContaining("per-az"));
    });

    it("collects every problem into one error", () => {
        const problems = problemsOf({
            "baseline-network:natGateways": "per-region",
            "baseline-network:azCount": "9",
            "baseline-network:rejectedFlowsAlarmThreshold": "0",
        });
        expect(problems.map((p) => p.key).sort()).toEqual([
            "baseline-network:azCount",
            "baseline-network:natGateways",
            "baseline-network:rejectedFlowsAlarmThreshold",
        ]);
    });
});
