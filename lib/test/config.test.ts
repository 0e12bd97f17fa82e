import { ConfigReader, ConfigValidationError, LOG_RETENTION_DAYS, PRINCIPAL_ARN, readCommonConfig } from "../src";

function reader(values: Record<string, string>): ConfigReader {
    return new ConfigReader("baseline-test", { get: (k) => values[k] }, "baseline-test/production-us-east-1");
}

/** Runs `read` against `values` and returns the single error it throws. */
function problemsOf(values: Record<string, string>, read: (r: ConfigReader) => void): ConfigValidationError {
    const r = reader({ "aws:region": "us-east-1", ...values });
    read(r);
    try {
        r.finish(undefined);
    } catch (e) {
        if (e instanceof ConfigValidationError) return e;
        throw e;
    }
    throw new Error("expected a ConfigValidationError");
}

describe("ConfigReader", () => {
    test("region must be one of the baseline's regions", () => {
        const e = problemsOf({ "aws:region": "ap-south-1" }, (r) => r.region());
        expect(e.problems).toEqual([
            { key: "aws:region", value: "ap-south-1", allowed: "one of us-east-1, us-west-2, eu-central-1" },
        ]);
        expect(e.message).toContain('aws:region = "ap-south-1": one of us-east-1, us-west-2, eu-central-1');
    });

    test("region must be set", () => {
        const r = new ConfigReader("p", { get: () => undefined }, "p/s");
        r.region();
        expect(() => r.finish(0)).toThrow("aws:region = (not set): one of us-east-1, us-west-2, eu-central-1");
    });

    test("a home-only layer rejects other regions", () => {
        const e = problemsOf({ "aws:region": "us-west-2" }, (r) => r.region({ homeOnly: true }));
        expect(e.problems[0].allowed).toContain("us-east-1 (this layer is account-wide");
    });

    test("required and patterned strings", () => {
        const e = problemsOf({ "baseline-test:name": "Bad Name" }, (r) => {
            r.string("missing", { describe: "the owning team" });
            r.string("name", { pattern: /^[a-z-]+$/, describe: "lower-case letters and dashes" });
        });
        expect(e.problems).toEqual([
            { key: "baseline-test:missing", value: undefined, allowed: "required: the owning team" },
            { key: "baseline-test:name", value: "Bad Name", allowed: "lower-case letters and dashes" },
        ]);
    });

    test("defaults apply when a key is unset", () => {
        const r = reader({});
        expect(r.string("s", { default: "d" })).toBe("d");
        expect(r.number("n", { default: 7, min: 1, max: 10 })).toBe(7);
        expect(r.bool("b", true)).toBe(true);
        expect(r.oneOf("o", ["a", "b"], "b")).toBe("b");
        expect(r.optionalString("u")).toBeUndefined();
        expect(r.finish("ok")).toBe("ok");
    });

    // `owner: ""` used to read as unset and quietly became the default.
    test.each([
        ["string", (r: ConfigReader) => r.string("k", { default: "d" }), 'remove the key to use the default "d"'],
        ["number", (r: ConfigReader) => r.number("k", { default: 7, min: 1, max: 10 }), 'the default "7"'],
        ["bool", (r: ConfigReader) => r.bool("k", true), 'the default "true"'],
        ["oneOf", (r: ConfigReader) => r.oneOf("k", ["a", "b"], "b"), 'the default "b"'],
        ["stringList", (r: ConfigReader) => r.stringList("k"), "a value, not an empty string"],
        ["cidr", (r: ConfigReader) => r.cidr("k", { default: "10.0.0.0/16" }), 'the default "10.0.0.0/16"'],
    ])("an empty string is an error, not the default: %s", (_kind, read, allowed) => {
        const e = problemsOf({ "baseline-test:k": "" }, read);
        expect(e.problems).toEqual([{ key: "baseline-test:k", value: "", allowed: expect.stringContaining(allowed) }]);
        expect(e.message).toContain('baseline-test:k = "": a value, not an empty string');
    });

    test("an optional string may be empty (Pulumi.yaml's default for 'not set')", () => {
        const r = reader({ "aws:region": "us-east-1", "baseline-test:upstreamOrg": "" });
        expect(r.optionalString("upstreamOrg")).toBeUndefined();
        expect(r.finish("ok")).toBe("ok");
    });

    test("oneOf lists the allowed values", () => {
        const e = problemsOf({ "baseline-test:mode": "triple" }, (r) => r.oneOf("mode", ["single", "per-az"], "per-az"));
        expect(e.problems[0]).toEqual({ key: "baseline-test:mode", value: "triple", allowed: "one of single, per-az" });
    });

    test("bool accepts only true or false", () => {
        const e = problemsOf({ "baseline-test:flag": "yes" }, (r) => r.bool("flag", false));
        expect(e.problems[0]).toEqual({ key: "baseline-test:flag", value: "yes", allowed: "true or false" });
        expect(reader({ "baseline-test:flag": "false" }).bool("flag", true)).toBe(false);
    });

    test("numbers: not a number, not an integer, out of range, not in the allowed set", () => {
        const e = problemsOf(
            { "baseline-test:a": "ten", "baseline-test:b": "7.5", "baseline-test:c": "40", "baseline-test:d": "400" },
            (r) => {
                r.number("a", { default: 1, min: 1, max: 10 });
                r.number("b", { default: 7, min: 7, max: 35 });
                r.number("c", { default: 14, min: 7, max: 35 });
                r.number("d", { default: 365, min: 365, max: 3653, oneOf: [365, 731] });
            },
        );
        expect(e.problems).toEqual([
            { key: "baseline-test:a", value: "ten", allowed: "an integer from 1 to 10" },
            { key: "baseline-test:b", value: "7.5", allowed: "an integer from 7 to 35" },
            { key: "baseline-test:c", value: 40, allowed: "from 7 to 35" },
            { key: "baseline-test:d", value: 400, allowed: "one of 365, 731" },
        ]);
    });

    test("string lists: invalid JSON, wrong shape, empty, bad items", () => {
        const e = problemsOf(
            {
                "baseline-test:a": "[not json",
                "baseline-test:b": '{"x":1}',
                "baseline-test:c": "[]",
                "baseline-test:d": '["arn:aws:iam::123456789012:root","bob"]',
            },
            (r) => {
                r.stringList("a");
                r.stringList("b");
                r.stringList("c", { nonEmpty: true, describeItem: "an IAM principal ARN" });
                r.stringList("d", { item: PRINCIPAL_ARN, describeItem: "IAM principal ARNs" });
            },
        );
        expect(e.problems).toEqual([
            { key: "baseline-test:a", value: "[not json", allowed: "a JSON list of strings" },
            { key: "baseline-test:b", value: { x: 1 }, allowed: "a list of strings" },
            { key: "baseline-test:c", value: [], allowed: "at least one entry (an IAM principal ARN)" },
            { key: "baseline-test:d", value: ["bob"], allowed: "IAM principal ARNs" },
        ]);
    });

    test("CIDRs: malformed, host bits set, prefix out of range, public range", () => {
        const e = problemsOf(
            {
                "baseline-test:a": "10.0.0/16",
                "baseline-test:b": "10.0.0.1/16",
                "baseline-test:c": "10.0.0.0/8",
                "baseline-test:d": "8.8.0.0/16",
            },
            (r) => {
                for (const k of ["a", "b", "c", "d"]) r.cidr(k, { default: "10.10.0.0/16" });
            },
        );
        expect(e.problems.map((p) => [p.key, p.value])).toEqual([
            ["baseline-test:a", "10.0.0/16"],
            ["baseline-test:b", "10.0.0.1/16"],
            ["baseline-test:c", "10.0.0.0/8"],
            ["baseline-test:d", "8.8.0.0/16"],
        ]);
        expect(e.problems[0].allowed).toContain("is not an IPv4 CIDR block");
        expect(e.problems[1].allowed).toContain("host bits set; the network address is 10.0.0.0/16");
        expect(e.problems[2].allowed).toBe("a prefix length from /16 to /28 (AWS VPC limits)");
        expect(e.problems[3].allowed).toContain("a private range");
    });

    test("overlapping CIDRs name both sides", () => {
        const e = problemsOf({}, (r) => {
            const a = r.cidr("x", { default: "10.10.0.0/16" });
            const b = r.cidr("y", { default: "10.10.128.0/17" });
            const c = r.cidr("z", { default: "10.20.0.0/16" });
            r.noOverlaps("vpcCidrs", { "us-east-1": a, "us-west-2": b, "eu-central-1": c });
        });
        expect(e.problems).toEqual([
            {
                key: "baseline-test:vpcCidrs",
                value: { "us-east-1": "10.10.0.0/16", "us-west-2": "10.10.128.0/17" },
                allowed: "CIDRs of us-east-1 and us-west-2 overlap; every region needs its own range so the VPCs can be peered",
            },
        ]);
    });

    test("cross-key checks and one error listing every problem", () => {
        const e = problemsOf({ "aws:region": "mars-1", "baseline-test:min": "20", "baseline-test:max": "10" }, (r) => {
            r.region();
            const min = r.number("min", { default: 20, min: 20, max: 65536 });
            const max = r.number("max", { default: 100, min: 20, max: 65536 });
            r.check(max >= min, "max", max, `at least min (${min})`);
        });
        expect(e.problems.map((p) => [p.key, p.value])).toEqual([
            ["aws:region", "mars-1"],
            ["baseline-test:max", 10],
        ]);
        expect(e.message).toMatch(/^invalid configuration for stack baseline-test\/production-us-east-1 \(2 problems\):/);
    });

    test("readCommonConfig validates the owner tag and the upstream organization", () => {
        const e = problemsOf({ "baseline-test:owner": "x".repeat(300), "baseline-test:upstreamOrg": "-bad" }, (r) =>
            readCommonConfig(r),
        );
        expect(e.problems.map((p) => p.key)).toEqual(["baseline-test:owner", "baseline-test:upstreamOrg"]);
        const ok = readCommonConfig(reader({ "aws:region": "eu-central-1", "baseline-test:upstreamOrg": "acme" }));
        expect(ok).toEqual({
            region: "eu-central-1",
            owner: "platform-team",
            upstreamOrg: "acme",
            upstream: { region: "eu-central-1", org: "acme" },
        });
    });

    test("upstreamStacks overrides name upstream layers only, once each", () => {
        const ok = readCommonConfig(
            reader({
                "aws:region": "us-west-2",
                "baseline-test:upstreamStacks": '["network=staging-us-west-2","global-iam=acme/baseline-global-iam/shared"]',
            }),
            { layer: "data" },
        );
        expect(ok.upstream).toEqual({
            region: "us-west-2",
            org: undefined,
            stacks: { network: "staging-us-west-2", "global-iam": "acme/baseline-global-iam/shared" },
        });
        const e = problemsOf(
            { "baseline-test:upstreamStacks": '["api=production-us-east-1","network=a","network=b","vpc=x"]' },
            (r) => readCommonConfig(r, { layer: "data" }),
        );
        expect(e.problems).toEqual([
            {
                key: "baseline-test:upstreamStacks",
                value: ["vpc=x"],
                allowed: expect.stringContaining("entries like network=staging-us-east-1"),
            },
            {
                key: "baseline-test:upstreamStacks",
                value: "api=production-us-east-1",
                allowed: "only upstream layers of data: global-iam, security, network, recovery",
            },
            { key: "baseline-test:upstreamStacks", value: "network=b", allowed: "one entry per layer (network is named twice)" },
        ]);
    });

    test("CloudWatch retention values are AWS's", () => {
        expect(LOG_RETENTION_DAYS).toContain(365);
        expect(LOG_RETENTION_DAYS).not.toContain(0);
        expect(LOG_RETENTION_DAYS).not.toContain(100);
    });
});
