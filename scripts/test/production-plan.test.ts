/**
 * End to end: the real production plan of every layer (all 13 stacks, planned
 * under the mock runtime exactly as `npm run plan` does) passes the pack, and
 * the same plan with faults injected into real resources is rejected with each
 * fault reported against the resource it was injected into.
 */
import type { PlanFile, PlanStep } from "@baseline/lib";
import { evaluatePlans, formatReport, PolicyReport } from "@baseline/policy-pack/src/offline";
import { planAll } from "../src/planner";

let plans: PlanFile[];

beforeAll(async () => {
    plans = await planAll();
}, 120000);

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
 * The baseline's resource types that no policy of the pack judges yet: each is reported
 * (advisory) once in every stack that has it, so they stay visible. Adding a type here is a
 * reviewed decision; a policy that judges one removes it from the list.
 */
const UNJUDGED_BASELINE_TYPES = [
    "aws:apigateway/account:Account",
    "aws:apigateway/deployment:Deployment",
    "aws:apigateway/integration:Integration",
    "aws:apigateway/method:Method",
    "aws:apigateway/resource:Resource",
    "aws:cfg/deliveryChannel:DeliveryChannel",
    "aws:cfg/remediationConfiguration:RemediationConfiguration",
    "aws:cfg/rule:Rule",
    "aws:cloudwatch/logMetricFilter:LogMetricFilter",
    "aws:ec2/eip:Eip",
    "aws:ec2/internetGateway:InternetGateway",
    "aws:ec2/natGateway:NatGateway",
    "aws:ec2/route:Route",
    "aws:ec2/routeTable:RouteTable",
    "aws:ec2/routeTableAssociation:RouteTableAssociation",
    "aws:ec2/vpcEndpoint:VpcEndpoint",
    "aws:iam/serviceLinkedRole:ServiceLinkedRole",
    "aws:kms/alias:Alias",
    "aws:rds/parameterGroup:ParameterGroup",
    "aws:rds/subnetGroup:SubnetGroup",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "aws:s3/bucketLogging:BucketLogging",
    "aws:s3/bucketVersioning:BucketVersioning",
];

const mandatory = (r: PolicyReport) => r.violations.filter((v) => v.enforcementLevel === "mandatory");

test("the production plan covers every layer in every region and passes with no mandatory violation", () => {
    expect(plans.map((p) => `${p.layer}/${p.stack}`)).toHaveLength(13);
    const report = evaluatePlans(plans);
    expect(mandatory(report)).toEqual([]);
    expect(report.passed).toBe(true);
    // Besides the notices of resource types no policy judges (below), the only findings are the
    // advisory notices of the declared access-log bucket exemption, one per region.
    const unjudged = report.violations.filter((v) => v.policyName === "pack-unjudged-resource-types");
    expect(unjudged.every((v) => v.enforcementLevel === "advisory")).toBe(true);
    expect([...new Set(unjudged.map((v) => v.resourceType))].sort()).toEqual(UNJUDGED_BASELINE_TYPES);
    expect(
        report.violations.filter((v) => !unjudged.includes(v)).map((v) => [v.policyName, v.enforcementLevel, v.stack]),
    ).toEqual([
        ["s3-bucket-encryption-exemption", "advisory", "baseline-data/production-us-east-1"],
        ["s3-bucket-encryption-exemption", "advisory", "baseline-data/production-us-west-2"],
        ["s3-bucket-encryption-exemption", "advisory", "baseline-data/production-eu-central-1"],
    ]);
    expect(report.counts.stacks).toBe(13);
    expect(formatReport(report)).toContain("PASSED");
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

    const report = evaluatePlans(faulty);
    expect(report.passed).toBe(false);
    const found = mandatory(report).map((v) => `${v.policyName} @ ${v.stack} ${v.resourceType}`);
    expect(found).toEqual(
        expect.arrayContaining([
            "aws-required-tags @ baseline-security/production-us-east-1 aws:kms/key:Key",
            "s3-bucket-sse-kms-cmk @ baseline-data/production-us-west-2 aws:s3/bucket:Bucket",
            "rds-not-publicly-accessible @ baseline-data/production-eu-central-1 aws:rds/instance:Instance",
            "ec2-vpc-flow-logs @ baseline-network/production-us-east-1 aws:ec2/vpc:Vpc",
            "apigateway-rest-api-private @ baseline-api/production-us-west-2 aws:apigateway/restApi:RestApi",
        ]),
    );
    // Nothing else fails: each fault is reported where it was injected, and only there.
    const stacks = new Set(mandatory(report).map((v) => v.stack));
    expect([...stacks].sort()).toEqual([
        "baseline-api/production-us-west-2",
        "baseline-data/production-eu-central-1",
        "baseline-data/production-us-west-2",
        "baseline-network/production-us-east-1",
        "baseline-security/production-us-east-1",
    ]);
    const keyViolation = mandatory(report).find((v) => v.policyName === "aws-required-tags")!;
    expect(keyViolation.urn).toBe(key.urn);
    expect(formatReport(report)).toMatch(/FAILED/);
});
