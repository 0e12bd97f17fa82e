/** The offline evaluator: engine order, enforcement levels, config, unknowns, and the end-to-end fault plan. */
import { evaluatePlans, formatReport, PolicyConfigError, UNKNOWN_SENTINEL } from "../src/offline";
import { vpcFlowLogs } from "../src/policies/ec2/vpcFlowLogs";
import { dataProtected } from "../src/policies/general/dataProtected";
import { compliantResources, found, LOG_BUCKET_EXEMPTION, patched, planOf, Res, underBaseline, without } from "./fixtures";
import { POLICIES } from "../src/pack";
import { PolicyPackConfig } from "@pulumi/policy";

/** The baseline's own configuration (the fixtures are baseline stacks), with `over` applied last. */
const baseline = (over: PolicyPackConfig = {}) =>
    underBaseline(POLICIES, {}, { "pack-exemptions": { exemptions: [LOG_BUCKET_EXEMPTION] }, ...over });

describe("the whole pack", () => {
    it("passes the compliant baseline with only the advisory notices, the used exemption among them", () => {
        const report = evaluatePlans([planOf(compliantResources())], undefined, { policyPackConfig: baseline() });
        expect(report.violations.map((v) => [v.policyName, v.enforcementLevel])).toEqual([
            ["pack-exemptions-report", "advisory"],
        ]);
        // Every type of the fixture is judged by some policy: no unjudged-type notice.
        expect(
            report.violations.filter((v) => v.policyName === "pack-unjudged-resource-types").map((v) => v.resourceType),
        ).toEqual([]);
        expect(report.passed).toBe(true);
        expect(report.counts).toMatchObject({ stacks: 1, mandatory: 0, advisory: 1, remediated: 0 });
    });

    it("rejects a plan with injected faults and reports each one", () => {
        // Stack 1 (data): an untagged topic, an unencrypted bucket, a public database.
        let data: Res[] = patched("alarms", { tags: undefined });
        data = without("data-sse", data);
        data = patched("postgres", { publiclyAccessible: true }, data);
        // Stack 2 (network + api): a VPC without a flow log, a REGIONAL API.
        let api: Res[] = without("vpc-flow-log");
        api = patched("api", { endpointConfiguration: { types: "REGIONAL" } }, api);
        const report = evaluatePlans(
            [
                planOf(data, { project: "baseline-data", stack: "production-us-east-1" }),
                planOf(api, { project: "baseline-api", stack: "production-us-west-2", region: "us-west-2" }),
            ],
            undefined,
            {
                policyPackConfig: baseline({
                    "pack-exemptions": { exemptions: [{ ...LOG_BUCKET_EXEMPTION, resource: "baseline-*/*/access-logs" }] },
                }),
            },
        );
        expect(report.passed).toBe(false);
        const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory");
        expect(mandatory.map((v) => [v.stack, v.policyName, v.urn!.slice(v.urn!.lastIndexOf("::") + 2)])).toEqual([
            ["baseline-data/production-us-east-1", "aws-required-tags", "alarms"],
            ["baseline-data/production-us-east-1", "rds-not-publicly-accessible", "postgres"],
            ["baseline-data/production-us-east-1", "s3-bucket-sse-kms-cmk", "data"],
            ["baseline-api/production-us-west-2", "ec2-vpc-flow-logs", "vpc"],
            ["baseline-api/production-us-west-2", "apigateway-rest-api-private", "api"],
            ["baseline-api/production-us-west-2", "apigateway-rest-api-private", "api"],
            // The policy's endpoint is no longer one the (now unbound) API is bound to.
            ["baseline-api/production-us-west-2", "apigateway-rest-api-private", "api"],
        ]);
        const rds = mandatory.find((v) => v.policyName === "rds-not-publicly-accessible")!;
        expect(rds).toMatchObject({ severity: "critical", controls: ["RDS.2"], resourceType: "aws:rds/instance:Instance" });
        expect(report.counts.mandatory).toBe(7);
        const md = formatReport(report);
        expect(md).toMatch(/^## Policy pack `aws-secure-baseline`: FAILED/);
        expect(md).toContain(
            "| mandatory | rds-not-publicly-accessible | critical | RDS.2 (FSBP, CIS v3.0.0 2.3.3) | baseline-data/production-us-east-1 | `postgres` (aws:rds/instance:Instance) | RDS instance is publicly accessible: set publiclyAccessible: false. |",
        );
    });
});

describe("enforcement levels and config", () => {
    const publicDb = () => [planOf(patched("postgres", { publiclyAccessible: true }))];

    it("reports an advisory policy without failing, and skips a disabled one", () => {
        const advisory = evaluatePlans(publicDb(), undefined, {
            policyPackConfig: { "rds-not-publicly-accessible": "advisory" },
        });
        expect(advisory.passed).toBe(true);
        expect(advisory.violations.filter((v) => v.policyName === "rds-not-publicly-accessible")[0].enforcementLevel).toBe(
            "advisory",
        );
        const disabled = evaluatePlans(publicDb(), undefined, {
            policyPackConfig: { "rds-not-publicly-accessible": { enforcementLevel: "disabled" } },
        });
        expect(disabled.passed).toBe(true);
        expect(disabled.violations.map((v) => v.policyName)).not.toContain("rds-not-publicly-accessible");
    });

    it("applies `all` before per-policy levels", () => {
        const report = evaluatePlans(publicDb(), undefined, {
            policyPackConfig: { all: "advisory", "rds-not-publicly-accessible": "mandatory" },
        });
        expect(report.levels["kms-key-rotation"]).toBe("advisory");
        expect(report.passed).toBe(false);
    });

    it("accepts `all: remediate` and runs stack policies at it as mandatory, like the analyzer", () => {
        const unjudged: Res = {
            type: "aws:ec2/keyPair:KeyPair",
            name: "key",
            inputs: { publicKey: "ssh-ed25519 AAAA", tags: { Environment: "Production" } },
        };
        const plans = [planOf([...patched("alarms", { tags: undefined }, without("vpc-flow-log")), unjudged])];
        // The guardrail (no configuration), with one required value that remediation can set.
        const report = evaluatePlans(
            plans,
            { requiredTags: { Environment: "Production" } },
            { policyPackConfig: { all: "remediate" } },
        );
        expect(report.levels["ec2-vpc-flow-logs"]).toBe("mandatory");
        expect(report.levels["aws-required-tags"]).toBe("remediate");
        expect(report.counts.remediated).toBe(1);
        expect(report.violations.map((v) => [v.policyName, v.enforcementLevel])).toEqual([
            // No exemption without the baseline's configuration: the SSE-S3 access-log bucket is a finding.
            ["s3-bucket-sse-kms-cmk", "mandatory"],
            ["ec2-vpc-flow-logs", "mandatory"],
            // `all` raises the unjudged-types notice too: the org asked for every finding to fail.
            ["pack-unjudged-resource-types", "mandatory"],
        ]);
    });

    it("takes per-policy config in the --policy-pack-config format", () => {
        const plans = [planOf(patched("api-access", { retentionInDays: 90 }))];
        expect(evaluatePlans(plans, undefined, { policyPackConfig: baseline() }).passed).toBe(false);
        expect(
            evaluatePlans(plans, undefined, {
                policyPackConfig: baseline({ "cloudwatch-log-group-retention": { minLogRetentionDays: 90 } }),
            }).passed,
        ).toBe(true);
        // Retention is an opinion: the guardrail alone reports it without failing.
        expect(evaluatePlans(plans).passed).toBe(true);
    });

    it("validates config against the schemas and lists every problem", () => {
        const run = () =>
            evaluatePlans([], { minLogRetentionDays: 0, requiredTags: { Environment: 1 } as never, nope: 1 } as never, {
                policyPackConfig: { "no-such-policy": "advisory", "rds-backup-retention": { minBackupRetentionDays: "7" } },
            });
        expect(run).toThrow(PolicyConfigError);
        try {
            run();
        } catch (e) {
            expect((e as PolicyConfigError).problems).toEqual([
                "nope: not a pack config key",
                "no-such-policy: no such policy",
                "aws-required-tags.requiredTags.Environment: expected string | array",
                "cloudwatch-log-group-retention.minLogRetentionDays: must be >= 1",
                "rds-backup-retention.minBackupRetentionDays: expected integer",
                "s3-lifecycle-keeps-retention.minLogRetentionDays: must be >= 1",
            ]);
        }
    });
});

describe("preview semantics", () => {
    it("turns a `defer` policy that reads an unknown value into an advisory 'can't run during preview'", () => {
        const report = evaluatePlans([planOf(patched("api-access", { kmsKeyId: UNKNOWN_SENTINEL }))]);
        const v = report.violations.find((x) => x.policyName === "cloudwatch-log-group-cmk")!;
        expect(v).toMatchObject({
            enforcementLevel: "advisory",
            message: "can't run policy 'cloudwatch-log-group-cmk' during preview: kmsKeyId is unknown",
        });
        expect(report.passed).toBe(true);
    });

    it("turns a `fail` policy that reads an unknown value into a violation at its own level", () => {
        const report = evaluatePlans([planOf(patched("postgres", { publiclyAccessible: UNKNOWN_SENTINEL }))]);
        const v = report.violations.find((x) => x.policyName === "rds-not-publicly-accessible")!;
        expect({ ...v, message: v.message.split("\n")[0] }).toMatchObject({
            enforcementLevel: "mandatory",
            message:
                "'publiclyAccessible' is unknown at preview, and policy 'rds-not-publicly-accessible' does not pass a value it cannot see: set it to a literal.",
        });
        expect(report.passed).toBe(false);
    });

    it("gives stack policies PolicyResources with parent, dependencies and derived property dependencies", () => {
        const seen: Record<string, unknown> = {};
        const probe = {
            ...vpcFlowLogs,
            name: "probe",
            validateStack: (args: import("@pulumi/policy").StackValidationArgs) => {
                const fl = args.resources.find((r) => r.type === "aws:ec2/flowLog:FlowLog")!;
                seen.deps = fl.dependencies.map((d) => d.name);
                seen.vpcId = fl.propertyDependencies["vpcId"].map((d) => d.name);
                seen.vpcProps = args.resources.find((r) => r.name === "vpc")!.props["id"];
            },
        };
        evaluatePlans([planOf(compliantResources())], undefined, { policies: [probe] });
        expect(seen).toEqual({ deps: ["vpc"], vpcId: ["vpc"], vpcProps: "vpc-0a1b2c" });
    });

    it("gives every resource policy the resource's own name, options and config, the options read-only", () => {
        type Args = import("@pulumi/policy").ResourceValidationArgs;
        const seen: { policy: string; name: string; protect: boolean; limit: unknown }[] = [];
        const opts: Args["opts"][] = [];
        // Two resource policies with configs of their own, as the evaluator makes each one's arguments.
        const probe = (name: string) => ({
            ...dataProtected,
            name,
            enforcementLevel: "advisory" as const,
            configSchema: { properties: { limit: { type: "number" as const } } },
            validateResource: (args: Args) => {
                if (args.name !== "postgres" && args.name !== "alarms") return;
                seen.push({
                    policy: name,
                    name: args.name,
                    protect: args.opts.protect,
                    limit: args.getConfig<{ limit?: number }>().limit,
                });
                if (args.name === "postgres") opts.push(args.opts);
            },
        });
        const resources = compliantResources().map((r) => (r.name === "postgres" ? { ...r, protect: true } : r));
        evaluatePlans([planOf(resources)], undefined, {
            policies: [probe("probe-a"), probe("probe-b")],
            policyPackConfig: { "probe-a": { limit: 1 }, "probe-b": { limit: 2 } },
        });
        const byName = (a: { name: string; policy: string }, b: { name: string; policy: string }) =>
            `${a.name} ${a.policy}`.localeCompare(`${b.name} ${b.policy}`);
        expect(seen.sort(byName)).toEqual([
            { policy: "probe-a", name: "alarms", protect: false, limit: 1 },
            { policy: "probe-b", name: "alarms", protect: false, limit: 2 },
            { policy: "probe-a", name: "postgres", protect: true, limit: 1 },
            { policy: "probe-b", name: "postgres", protect: true, limit: 2 },
        ]);
        // The options are the resource's, read-only: a policy that changed them would change them for the next one.
        expect(opts).toHaveLength(2);
        for (const o of opts) {
            expect([Object.isFrozen(o), Object.isFrozen(o.ignoreChanges), Object.isFrozen(o.customTimeouts)]).toEqual([
                true,
                true,
                true,
            ]);
            expect(() => ((o as { protect: boolean }).protect = false)).toThrow(TypeError);
            expect(() => (o.ignoreChanges as string[]).push("tags")).toThrow(TypeError);
        }
    });

    it("remediates a resource whose other inputs are unknown, leaving them unknown", () => {
        const plan = planOf(patched("alarms", { tags: undefined, alarmActions: [UNKNOWN_SENTINEL] }));
        const report = evaluatePlans([plan], undefined, { policyPackConfig: baseline({ "aws-required-tags": "remediate" }) });
        expect(report.remediations.map((r) => [r.urn.split("::").pop(), r.changed])).toEqual([["alarms", ["tags"]]]);
        expect(found(report).filter(([, m]) => m.startsWith("Required tags"))).toEqual([]);
        expect(report.violations.filter((v) => v.message.includes("can't run"))).toEqual([]);
    });

    it("runs remediations before validations and stack policies see the remediated props", () => {
        const report = evaluatePlans([planOf(patched("alarms", { tags: undefined }))], undefined, {
            policyPackConfig: baseline({ "aws-required-tags": "remediate" }),
        });
        expect(found(report).filter(([, m]) => m.startsWith("Required tags"))).toEqual([]);
        expect(report.counts.remediated).toBe(1);
        expect(formatReport(report)).toContain("- aws-required-tags on `alarms` (baseline-test/production-us-east-1): tags");
    });
});
