/**
 * The Guard policy of the S3 encryption custom rule against sample configuration items: SSE-KMS
 * passes everywhere, SSE-S3 only with the declared access-log exemption, so the automatic remediation
 * never touches an exempt bucket. The expected results are those the cfn-guard evaluator gives for the
 * same items (checked with cfn-guard-rs 0.3.3).
 */
import { ACCESS_LOG_EXEMPTION, ENCRYPTION_EXEMPTION_TAG } from "@baseline/lib";
import { S3_ENCRYPTION_GUARD_POLICY, S3_ENCRYPTION_GUARD_RULE } from "../src/s3EncryptionGuard";
import { Compliance, evaluatePolicy, parseGuard } from "./guard";

const bucket = (sse: string | null, tags: Record<string, string> = {}) => ({
    resourceType: "AWS::S3::Bucket",
    resourceName: "some-bucket",
    tags,
    configuration: { name: "some-bucket" },
    supplementaryConfiguration:
        sse === null
            ? {}
            : {
                  ServerSideEncryptionConfiguration: {
                      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: sse }, bucketKeyEnabled: true }],
                  },
              },
});
const exempt = { [ENCRYPTION_EXEMPTION_TAG]: ACCESS_LOG_EXEMPTION };

const CASES: [string, unknown, Compliance][] = [
    ["SSE-KMS", bucket("aws:kms"), "COMPLIANT"],
    ["DSSE-KMS", bucket("aws:kms:dsse"), "COMPLIANT"],
    ["SSE-KMS with unrelated tags", bucket("aws:kms", { Name: "x", Environment: "Production" }), "COMPLIANT"],
    ["SSE-S3 without the exemption: remediated", bucket("AES256"), "NON_COMPLIANT"],
    ["SSE-S3 with the declared exemption: left alone", bucket("AES256", exempt), "COMPLIANT"],
    ["the exemption tag on an SSE-KMS bucket is not SSE-S3", bucket("aws:kms", exempt), "NON_COMPLIANT"],
    [
        "an exemption value the baseline does not declare",
        bucket("AES256", { [ENCRYPTION_EXEMPTION_TAG]: "other" }),
        "NON_COMPLIANT",
    ],
    ["no encryption configuration in the item", bucket(null), "NON_COMPLIANT"],
    ["exempt but no encryption configuration", bucket(null, exempt), "NON_COMPLIANT"],
    ["another resource type", { resourceType: "AWS::SQS::Queue", tags: {} }, "NOT_APPLICABLE"],
];

describe("S3 encryption Guard rule", () => {
    it("is one rule scoped to S3 buckets that keys on the exemption tag and value the pack accepts", () => {
        const rules = parseGuard(S3_ENCRYPTION_GUARD_POLICY);
        expect(rules.map((r) => r.name)).toEqual([S3_ENCRYPTION_GUARD_RULE]);
        expect(rules[0].when).toEqual([{ path: "resourceType", op: "==", values: ["AWS::S3::Bucket"] }]);
        expect(S3_ENCRYPTION_GUARD_POLICY).toContain(`tags.'${ENCRYPTION_EXEMPTION_TAG}' == "${ACCESS_LOG_EXEMPTION}"`);
    });

    it.each(CASES.map(([title, item, expected]) => [title, expected, item] as const))("%s: %s", (_title, expected, item) => {
        expect(evaluatePolicy(S3_ENCRYPTION_GUARD_POLICY, item)).toBe(expected);
    });
});

describe("the Guard evaluator itself", () => {
    it("fails a comparison when any element of [*] differs, and skips a when block whose condition fails", () => {
        const policy = 'rule r { xs[*].v == "a"\n when flag == "on" { y exists } }';
        expect(evaluatePolicy(policy, { xs: [{ v: "a" }, { v: "a" }], flag: "off" })).toBe("COMPLIANT");
        expect(evaluatePolicy(policy, { xs: [{ v: "a" }, { v: "b" }], flag: "off" })).toBe("NON_COMPLIANT");
        expect(evaluatePolicy(policy, { xs: [{ v: "a" }], flag: "on" })).toBe("NON_COMPLIANT");
        expect(evaluatePolicy(policy, { xs: [{ v: "a" }], flag: "on", y: 1 })).toBe("COMPLIANT");
    });

    it("refuses syntax outside the subset it implements", () => {
        expect(() => parseGuard('rule r { x <= "1" }')).toThrow(/guard/);
        expect(() => parseGuard("let a = x")).toThrow(/guard/);
    });
});
