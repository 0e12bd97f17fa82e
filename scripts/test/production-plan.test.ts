/**
 * End to end: the real production plan of every layer (all 17 stacks, planned
 * under the mock runtime exactly as `npm run plan` does) passes the pack, and
 * the same plan with faults injected into real resources is rejected with each
 * fault reported against the resource it was injected into.
 */
import type { PlanFile, PlanStep } from "@baseline/lib";
import { evaluatePlans, formatReport, PolicyReport } from "@baseline/policy-pack/src/offline";
import { BASELINE_CONFIG_FILE, readPolicyPackConfig } from "@baseline/policy-pack/src/profiles";

/** The baseline's own stacks are judged under its conformance configuration, as plan, deploy and e2e judge them. */
const BASELINE = readPolicyPackConfig(BASELINE_CONFIG_FILE);
import { sharedPlanAll } from "./support/sharedPlan";

let plans: PlanFile[];

beforeAll(async () => {
    plans = await sharedPlanAll();
}, 300000);

const clone = (p: PlanFile[]): PlanFile[] => JSON.parse(JSON.stringify(p)) as PlanFile[];
const planOf = (all: PlanFile[], layer: string, region: string) => {
    const plan = all.find((p) => p.layer === layer && p.region === region);
    if (!plan) throw new Error(`no plan for ${layer} in ${region}`);
    return plan as { -readonly [K in keyof PlanFile]: PlanFile[K] } & { steps: PlanStep[] };
};
const step = (plan: PlanFile, type: string, name?: string): PlanStep => {
    const found = plan.steps.filter((s) => s.newState.type === type && (name === undefined || s.urn.endsWith(`::${name}`)));
    if (found.length < 1) throw new Error(`no ${type} ${name ?? ""} in ${plan.project}/${plan.stack}`);
    return found[0];
};
/**
 * Every resource type of the production plan is judged by some policy of the pack: no
 * "unjudged type" notice. A new type in the plan needs a policy that judges it.
 */
const UNJUDGED_BASELINE_TYPES: string[] = [];

const mandatory = (r: PolicyReport) => r.violations.filter((v) => v.enforcementLevel === "mandatory");

test("the production plan covers every layer in every region and passes with no mandatory violation", () => {
    expect(plans.map((p) => `${p.layer}/${p.stack}`)).toHaveLength(17);
    expect(plans.filter((p) => p.region === "eu-west-1").map((p) => p.layer)).toEqual(["security", "recovery"]);
    const report = evaluatePlans(plans, undefined, { policyPackConfig: BASELINE });
    expect(mandatory(report)).toEqual([]);
    expect(report.passed).toBe(true);
    // No resource type is left unjudged (below); the only findings are advisory:
    // the declared access-log bucket exemption of the data layer's and the security layer's log
    // buckets, and the alarm topics no one is subscribed to yet (alarmSubscriptions is empty).
    const unjudged = report.violations.filter((v) => v.policyName === "pack-unjudged-resource-types");
    expect(unjudged.every((v) => v.enforcementLevel === "advisory")).toBe(true);
    expect([...new Set(unjudged.map((v) => v.resourceType))].sort()).toEqual(UNJUDGED_BASELINE_TYPES);
    const regions = ["us-east-1", "us-west-2", "eu-central-1"];
    expect(
        report.violations.filter((v) => !unjudged.includes(v)).map((v) => [v.policyName, v.enforcementLevel, v.stack]),
    ).toEqual([
        // The security layer also runs in the recovery-only eu-west-1.
        ...[...regions, "eu-west-1"].flatMap((r) => [
            ["sns-topic-has-subscription", "advisory", `baseline-security/production-${r}`],
            // The access-log bucket's exemption, in use (it reports last: the report runs after every policy).
            ["pack-exemptions-report", "advisory", `baseline-security/production-${r}`],
        ]),
        // The replica log bucket of each partner region: its declared SSE-S3 exemption, in use.
        ...["us-east-1", "us-west-2", "eu-west-1"].map((r) => [
            "pack-exemptions-report",
            "advisory",
            `baseline-recovery/production-${r}`,
        ]),
        ...regions.map((r) => ["pack-exemptions-report", "advisory", `baseline-data/production-${r}`]),
    ]);
    expect(report.counts.stacks).toBe(17);
    expect(formatReport(report)).toContain("PASSED");
});

test("every region plans Security Hub with both standards, GuardDuty and the findings routing", () => {
    for (const region of ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]) {
        const types = planOf(plans, "security", region).steps.map((s) => s.newState.type);
        for (const t of [
            "aws:securityhub/account:Account",
            "aws:guardduty/detector:Detector",
            "aws:cloudwatch/eventRule:EventRule",
            "aws:rds/eventSubscription:EventSubscription",
        ])
            expect([region, t, types.includes(t)]).toEqual([region, t, true]);
        expect(types.filter((t) => t === "aws:securityhub/standardsSubscription:StandardsSubscription")).toHaveLength(2);
    }
});

test("no two stacks create the same log group in a region (a second create would fail on AWS)", () => {
    const owners = new Map<string, string[]>();
    for (const plan of plans) {
        for (const s of plan.steps.filter((x) => x.newState.type === "aws:cloudwatch/logGroup:LogGroup")) {
            const key = `${plan.region} ${String(s.newState.inputs.name)}`;
            owners.set(key, [...(owners.get(key) ?? []), `${plan.layer}/${plan.stack}`]);
        }
    }
    expect([...owners].filter(([, o]) => o.length > 1)).toEqual([]);
    // The groups services would otherwise create unencrypted are planned once per region, by the layer that triggers them.
    for (const region of ["us-east-1", "us-west-2", "eu-central-1"]) {
        expect(owners.get(`${region} RDSOSMetrics`)).toEqual([`data/production-${region}`]);
        expect(owners.get(`${region} /aws/apigateway/welcome`)).toEqual([`api/production-${region}`]);
    }
});

test("faults injected into the real plan are each reported against their resource", () => {
    const faulty = clone(plans);
    // An untagged resource: the security layer's data key in us-east-1.
    const key = step(planOf(faulty, "security", "us-east-1"), "aws:kms/key:Key");
    delete (key.newState.inputs as Record<string, unknown>).tags;
    // An unencrypted bucket: drop the data bucket's encryption configuration in us-west-2.
    const data = planOf(faulty, "data", "us-west-2");
    const sse = data.steps.filter(
        (s) => s.newState.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    const dataSse = sse.find((s) => String(s.newState.inputs.bucket).startsWith("baseline-data-"))!;
    data.steps = data.steps.filter((s) => s !== dataSse);
    // A public database in eu-central-1.
    (
        step(planOf(faulty, "data", "eu-central-1"), "aws:rds/instance:Instance").newState.inputs as Record<string, unknown>
    ).publiclyAccessible = true;
    // A VPC without its flow log in us-east-1.
    const net = planOf(faulty, "network", "us-east-1");
    net.steps = net.steps.filter((s) => s.newState.type !== "aws:ec2/flowLog:FlowLog");
    // A regional (non-private) API in us-west-2.
    const api = step(planOf(faulty, "api", "us-west-2"), "aws:apigateway/restApi:RestApi");
    (api.newState.inputs as Record<string, unknown>).endpointConfiguration = { types: "REGIONAL" };

    // An unlocked copy-target vault in the recovery-only region, and a data bucket that no longer replicates.
    const recovery = planOf(faulty, "recovery", "eu-west-1");
    recovery.steps = recovery.steps.filter((s) => s.newState.type !== "aws:backup/vaultLockConfiguration:VaultLockConfiguration");
    const east = planOf(faulty, "data", "us-east-1");
    east.steps = east.steps.filter((s) => s.newState.type !== "aws:s3/bucketReplicationConfig:BucketReplicationConfig");

    const report = evaluatePlans(faulty, undefined, { policyPackConfig: BASELINE });
    expect(report.passed).toBe(false);
    const found = mandatory(report).map((v) => `${v.policyName} @ ${v.stack} ${v.resourceType}`);
    expect(found).toEqual(
        expect.arrayContaining([
            "aws-required-tags @ baseline-security/production-us-east-1 aws:kms/key:Key",
            "s3-bucket-sse-kms-cmk @ baseline-data/production-us-west-2 aws:s3/bucket:Bucket",
            "rds-not-publicly-accessible @ baseline-data/production-eu-central-1 aws:rds/instance:Instance",
            "ec2-vpc-flow-logs @ baseline-network/production-us-east-1 aws:ec2/vpc:Vpc",
            "apigateway-rest-api-private @ baseline-api/production-us-west-2 aws:apigateway/restApi:RestApi",
            "backup-vault-lock-compliance @ baseline-recovery/production-eu-west-1 aws:backup/vault:Vault",
            "s3-bucket-cross-region-replication @ baseline-data/production-us-east-1 aws:s3/bucket:Bucket",
        ]),
    );
    // Nothing else fails: each fault is reported where it was injected, and only there.
    const stacks = new Set(mandatory(report).map((v) => v.stack));
    expect([...stacks].sort()).toEqual([
        "baseline-api/production-us-west-2",
        "baseline-data/production-eu-central-1",
        "baseline-data/production-us-east-1",
        "baseline-data/production-us-west-2",
        "baseline-network/production-us-east-1",
        "baseline-recovery/production-eu-west-1",
        "baseline-security/production-us-east-1",
    ]);
    const keyViolation = mandatory(report).find((v) => v.policyName === "aws-required-tags")!;
    expect(keyViolation.urn).toBe(key.urn);
    expect(formatReport(report)).toMatch(/FAILED/);
});

test("a regional security stack without GuardDuty or a standard, and a trail without S3 data events, are rejected", () => {
    const faulty = clone(plans);
    const west = planOf(faulty, "security", "us-west-2");
    west.steps = west.steps.filter((s) => s.newState.type !== "aws:guardduty/detector:Detector");
    const central = planOf(faulty, "security", "eu-central-1");
    central.steps = central.steps.filter(
        (s) => !String(s.newState.inputs.standardsArn ?? "").includes("cis-aws-foundations-benchmark"),
    );
    // The S3 data-events trail logs writes only: no multi-region trail of the stack logs reads and writes.
    const dataTrail = step(planOf(faulty, "security", "us-east-1"), "aws:cloudtrail/trail:Trail", "cloudtrail-data-events-trail");
    const selectors = (dataTrail.newState.inputs as { advancedEventSelectors: { fieldSelectors: object[] }[] })
        .advancedEventSelectors;
    selectors[0].fieldSelectors.push({ field: "readOnly", equals: ["false"] });

    const found = mandatory(evaluatePlans(faulty, undefined, { policyPackConfig: BASELINE })).map(
        (v) => `${v.policyName} @ ${v.stack} ${v.resourceType ?? ""}`,
    );
    expect(found.sort()).toEqual([
        "cloudtrail-s3-data-events @ baseline-security/production-us-east-1 aws:cloudtrail/trail:Trail",
        // The security layer of the region is also incomplete without its detector.
        "detection-layer-complete @ baseline-security/production-us-west-2 ",
        "guardduty-detector-enabled @ baseline-security/production-us-west-2 aws:cfg/recorder:Recorder",
        "securityhub-standards-subscribed @ baseline-security/production-eu-central-1 aws:cfg/recorder:Recorder",
    ]);
});
