/**
 * The security stack of a member (workload) account in organization mode, in the sample organization:
 * no account trail, no detector, no Security Hub of its own; Config recording and rules kept.
 */
import "@baseline/lib/src/testing/sampleOrganization";
import { DeployRegion, ORGANIZATION_MODE, names } from "@baseline/lib";
import { RecordedResource, StackRunError, findResource, ofType, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT, readConfig } from "../src/config";

const STACK_RUN_TIMEOUT_MS = 180_000;
const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222";
const TOOLING = "333333333333";
const PAYMENTS = "444444444444";

/** Each upstream in its own account: global-iam in payments, the organization's stacks in theirs. */
function upstreams(region: DeployRegion, overrides: Record<string, unknown> = {}) {
    const only = (layer: string) =>
        Object.fromEntries(
            ["global-iam", "organization", "log-archive", "security-tooling"].filter((l) => l !== layer).map((l) => [l, null]),
        );
    const of = (layer: string, accountId: string) =>
        upstreamOutputsFor("security", region, { ...only(layer), ...overrides }, { account: "payments", accountId });
    return {
        ...of("global-iam", PAYMENTS),
        ...of("organization", MANAGEMENT),
        ...of("log-archive", LOG_ARCHIVE),
        ...of("security-tooling", TOOLING),
    };
}

const run = (region: DeployRegion, config: Record<string, string> = {}, overrides: Record<string, unknown> = {}) =>
    runStack({
        project: PROJECT,
        stack: `payments-${region}`,
        accountId: PAYMENTS,
        config: { "aws:region": region, ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])) },
        stackOutputs: upstreams(region, overrides),
        program: async () => (await import("../index")).default(),
    });

let home: RecordedResource[];
let west: RecordedResource[];
beforeAll(async () => {
    home = (await run("us-east-1")).resources;
    west = (await run("us-west-2")).resources;
}, STACK_RUN_TIMEOUT_MS);

it("runs in the sample organization, reading the organization's three stacks besides global-iam", () => {
    expect(ORGANIZATION_MODE).toBe(true);
    const refs = ofType(home, "pulumi:pulumi:StackReference").map((r) => String(r.inputs.name));
    expect(refs.sort()).toEqual(
        [
            "organization/baseline-global-iam/payments",
            "organization/baseline-organization/management",
            "organization/baseline-log-archive/log-archive",
            "organization/baseline-security-tooling/security-tooling-us-east-1",
        ].sort(),
    );
});

describe.each(["us-east-1", "us-west-2"] as const)("a member's security stack in %s", (region) => {
    const res = () => (region === "us-east-1" ? home : west);

    it("creates no trail, no GuardDuty detector and no Security Hub account or standards of its own", () => {
        for (const type of [
            "aws:cloudtrail/trail:Trail",
            "aws:guardduty/detector:Detector",
            "aws:guardduty/detectorFeature:DetectorFeature",
            "aws:securityhub/account:Account",
            "aws:securityhub/standardsSubscription:StandardsSubscription",
            "aws:securityhub/standardsControlAssociation:StandardsControlAssociation",
            "aws:securityhub/findingAggregator:FindingAggregator",
            "aws:cloudwatch/logMetricFilter:LogMetricFilter",
        ])
            expect([type, ofType(res(), type).length]).toEqual([type, 0]);
        expect(ofType(res(), "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).not.toContain(names.cloudTrailBucket(PAYMENTS));
    });

    it("keeps Config recording and the rules, the keys and the alarm topic, and routes the account's findings", () => {
        expect(findResource(res(), "aws:cfg/recorder:Recorder").inputs.roleArn).toBe(
            `arn:aws:iam::${PAYMENTS}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        );
        expect(ofType(res(), "aws:cfg/rule:Rule").length).toBeGreaterThan(10);
        expect(ofType(res(), "aws:kms/key:Key")).toHaveLength(3);
        expect(findResource(res(), "aws:sns/topic:Topic").inputs.name).toBe(names.alarmTopic);
        expect(ofType(res(), "aws:cloudwatch/eventRule:EventRule").length).toBeGreaterThan(0);
    });

    it("grants CloudTrail nothing on the logs key", () => {
        const policy = JSON.parse(String(findResource(res(), "aws:kms/key:Key", "keys-logs").inputs.policy));
        expect(JSON.stringify(policy)).not.toContain("cloudtrail");
    });
});

it("refuses enableCloudTrail=true in organization mode, naming the organization trail", () => {
    const source = { get: (k: string) => ({ "aws:region": "us-east-1", [`${PROJECT}:enableCloudTrail`]: "true" })[k] };
    expect(() => readConfig(source, "baseline-security/payments-us-east-1")).toThrow(
        /enableCloudTrail = true: auto or false in organization mode: the organization trail baseline-organization \(security-tooling layer\)/,
    );
});

it(
    "refuses organization stacks that disagree with the topology, before registering anything",
    async () => {
        const err = await run(
            "us-east-1",
            {},
            {
                "security-tooling": {
                    organizationTrailArn: `arn:aws:cloudtrail:us-east-1:${TOOLING}:trail/baseline-organization`,
                },
            },
        ).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StackRunError);
        expect((err as StackRunError).message).toContain(
            `security-tooling's organizationTrailArn is "arn:aws:cloudtrail:us-east-1:${TOOLING}`,
        );
        expect(ofType((err as StackRunError).resources, "aws:kms/key:Key")).toEqual([]);
    },
    STACK_RUN_TIMEOUT_MS,
);
