/**
 * The detection policies: GuardDuty and Security Hub in every regional security stack, S3 data events
 * on the trail, and alarm topics that reach somebody. Each case starts from a compliant security stack
 * (built here: the shared fixture has no recorder, so these stack policies pass it untouched) and changes
 * one thing.
 */
import { guardDutyDetectorEnabled } from "../../src/policies/guardduty/detectorEnabled";
import { securityHubStandards } from "../../src/policies/securityhub/standardsSubscribed";
import { trailS3DataEvents } from "../../src/policies/cloudtrail/s3DataEvents";
import { alarmTopicSubscribed } from "../../src/policies/sns/alarmTopicSubscribed";
import { runStackPolicyCases } from "../cases";
import { ACCOUNT, compliantResources, evaluate, found, REGION, Res, urnOf } from "../fixtures";

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:baseline-alarms`;
const fsbp = `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`;
const cis = `arn:aws:securityhub:${REGION}::standards/cis-aws-foundations-benchmark/v/3.0.0`;

const MANAGEMENT = { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] };
const S3_DATA = {
    name: "S3 data events",
    fieldSelectors: [
        { field: "eventCategory", equals: ["Data"] },
        { field: "resources.type", equals: ["AWS::S3::Object"] },
        { field: "resources.ARN", notStartsWiths: ["arn:aws:s3:::baseline-cloudtrail-123456789012/"] },
    ],
};

/** A compliant regional security stack: recorder, detector, Security Hub with both standards, trail, subscribed topic. */
function securityStack(): Res[] {
    return [
        { type: "pulumi:providers:aws", name: "default_7_48_0", inputs: { region: REGION } },
        { type: "aws:cfg/recorder:Recorder", name: "config-recorder", inputs: { name: "baseline-recorder" } },
        { type: "aws:guardduty/detector:Detector", name: "guardduty-detector", inputs: { enable: true } },
        { type: "aws:securityhub/account:Account", name: "securityhub-account", inputs: { enableDefaultStandards: false } },
        {
            type: "aws:securityhub/standardsSubscription:StandardsSubscription",
            name: "securityhub-fsbp",
            inputs: { standardsArn: fsbp },
        },
        {
            type: "aws:securityhub/standardsSubscription:StandardsSubscription",
            name: "securityhub-cis",
            inputs: { standardsArn: cis },
        },
        {
            type: "aws:cloudtrail/trail:Trail",
            name: "cloudtrail-trail",
            inputs: { isMultiRegionTrail: true, advancedEventSelectors: [MANAGEMENT, S3_DATA] },
        },
        {
            type: "aws:sns/topic:Topic",
            name: "alarms",
            id: TOPIC_ARN,
            inputs: { name: "baseline-alarms" },
            outputs: { arn: TOPIC_ARN },
        },
        {
            type: "aws:sns/topicSubscription:TopicSubscription",
            name: "alarm-subscriptions-email-security-example-com",
            inputs: { topic: TOPIC_ARN, protocol: "email", endpoint: "security@example.com" },
            dependencies: [urnOf("aws:sns/topic:Topic", "alarms")],
        },
    ];
}

const drop = (name: string, base = securityStack()) => base.filter((r) => r.name !== name);
const patch = (name: string, inputs: Record<string, unknown>, base = securityStack()) =>
    base.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));

describe("the compliant security stack", () => {
    it.each([guardDutyDetectorEnabled, securityHubStandards, trailS3DataEvents, alarmTopicSubscribed].map((p) => [p.name, p]))(
        "%s finds nothing",
        (_n, policy) => expect(found(evaluate(policy, securityStack()))).toEqual([]),
    );
});

runStackPolicyCases([
    [
        guardDutyDetectorEnabled,
        [
            [
                "no detector",
                drop("guardduty-detector"),
                [["config-recorder", "This regional security stack has no GuardDuty detector."]],
            ],
            [
                "a disabled detector",
                patch("guardduty-detector", { enable: false }),
                [["guardduty-detector", "GuardDuty detector 'guardduty-detector' is disabled: set enable: true."]],
            ],
            [
                "a stack without a recorder is not a regional security stack",
                drop("guardduty-detector", drop("config-recorder")),
                [],
            ],
        ],
    ],
    [
        securityHubStandards,
        [
            [
                "no CIS v3.0.0 subscription",
                drop("securityhub-cis"),
                [["config-recorder", "This regional security stack does not subscribe to CIS AWS Foundations Benchmark v3.0.0."]],
            ],
            [
                "CIS v1.2.0 instead of v3.0.0",
                patch("securityhub-cis", { standardsArn: "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0" }),
                [["config-recorder", "This regional security stack does not subscribe to CIS AWS Foundations Benchmark v3.0.0."]],
            ],
            [
                "neither standard",
                drop("securityhub-fsbp", drop("securityhub-cis")),
                [
                    [
                        "config-recorder",
                        "This regional security stack does not subscribe to AWS Foundational Security Best Practices v1.0.0 and CIS AWS Foundations Benchmark v3.0.0.",
                    ],
                ],
            ],
            [
                "both standards by their ARNs in the AWS GovCloud (US) partition",
                patch(
                    "securityhub-fsbp",
                    { standardsArn: fsbp.replace(/^arn:aws:/, "arn:aws-us-gov:").replace(REGION, "us-gov-west-1") },
                    patch("securityhub-cis", {
                        standardsArn: cis.replace(/^arn:aws:/, "arn:aws-us-gov:").replace(REGION, "us-gov-west-1"),
                    }),
                ),
                [],
            ],
            [
                "Security Hub not enabled",
                drop("securityhub-account"),
                [["config-recorder", "This regional security stack does not enable Security Hub (aws.securityhub.Account)."]],
            ],
        ],
    ],
]);

describe("an organization member's security stack (delegatedDetection)", () => {
    // A member of an organization whose delegated administrator auto-enables GuardDuty and whose Security Hub
    // central configuration enables the standards: the stack keeps its recorder and creates neither.
    const member = drop("guardduty-detector", drop("securityhub-account", drop("securityhub-fsbp", drop("securityhub-cis"))));
    const delegated = { delegatedDetection: ["cloudtrail", "guardduty", "securityhub"] } as const;

    it("needs no detector of its own when guardduty is delegated, and one without", () => {
        expect(found(evaluate(guardDutyDetectorEnabled, member, delegated))).toEqual([]);
        expect(found(evaluate(guardDutyDetectorEnabled, member, { delegatedDetection: ["securityhub"] }))).toEqual([
            ["config-recorder", "This regional security stack has no GuardDuty detector."],
        ]);
    });

    it("still refuses a disabled detector it does create", () => {
        expect(found(evaluate(guardDutyDetectorEnabled, patch("guardduty-detector", { enable: false }), delegated))).toEqual([
            ["guardduty-detector", "GuardDuty detector 'guardduty-detector' is disabled: set enable: true."],
        ]);
    });

    it("subscribes to no standard when securityhub is delegated, and must without", () => {
        expect(found(evaluate(securityHubStandards, member, delegated))).toEqual([]);
        expect(found(evaluate(securityHubStandards, member, { delegatedDetection: ["guardduty"] }))).toContainEqual([
            "config-recorder",
            "This regional security stack does not enable Security Hub (aws.securityhub.Account).",
        ]);
    });
});

describe("sns-topic-has-subscription", () => {
    it("reports a topic no subscription reaches, as advisory", () => {
        const report = evaluate(alarmTopicSubscribed, drop("alarm-subscriptions-email-security-example-com"));
        expect(found(report)).toEqual([
            ["alarms", "Topic 'alarms' (baseline-alarms) has no subscription: its notifications reach nobody."],
        ]);
        expect(report.violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
        expect(report.passed).toBe(true);
    });
    it("does not count a subscription to another topic", () => {
        const other = patch("alarm-subscriptions-email-security-example-com", {
            topic: "arn:aws:sns:us-east-1:123456789012:other",
        }).map((r) => (r.type === "aws:sns/topicSubscription:TopicSubscription" ? { ...r, dependencies: [] } : r));
        expect(found(evaluate(alarmTopicSubscribed, other))).toEqual([
            ["alarms", "Topic 'alarms' (baseline-alarms) has no subscription: its notifications reach nobody."],
        ]);
    });
});

describe("cloudtrail-s3-data-events", () => {
    const trail = (inputs: Record<string, unknown>) => evaluate(trailS3DataEvents, patch("cloudtrail-trail", inputs));
    const MESSAGE = "No multi-region trail logs S3 data events for both reads and writes (CIS 3.8, 3.9).";

    it("passes the shared compliant fixture", () => {
        expect(found(evaluate(trailS3DataEvents, compliantResources()))).toEqual([]);
    });
    it("reports a stack whose only trail logs management events only", () => {
        expect(found(trail({ advancedEventSelectors: [MANAGEMENT] }))).toEqual([["cloudtrail-trail", MESSAGE]]);
    });
    it("accepts management events and S3 data events on two multi-region trails", () => {
        const resources = [
            ...patch("cloudtrail-trail", { advancedEventSelectors: [MANAGEMENT] }),
            {
                type: "aws:cloudtrail/trail:Trail",
                name: "cloudtrail-data-events-trail",
                inputs: { isMultiRegionTrail: true, advancedEventSelectors: [S3_DATA] },
            },
        ];
        expect(found(evaluate(trailS3DataEvents, resources))).toEqual([]);
        // A single-region data trail does not count.
        const singleRegion = resources.map((r) =>
            r.name === "cloudtrail-data-events-trail" ? { ...r, inputs: { ...r.inputs, isMultiRegionTrail: false } } : r,
        );
        expect(found(evaluate(trailS3DataEvents, singleRegion))).toEqual([["cloudtrail-trail", MESSAGE]]);
    });
    it("reports a trail that logs only S3 writes", () => {
        const writes = { ...S3_DATA, fieldSelectors: [...S3_DATA.fieldSelectors, { field: "readOnly", equals: ["false"] }] };
        expect(found(trail({ advancedEventSelectors: [MANAGEMENT, writes] }))).toEqual([["cloudtrail-trail", MESSAGE]]);
    });
    it("accepts reads and writes in two selectors", () => {
        const only = (ro: string) => ({
            ...S3_DATA,
            fieldSelectors: [...S3_DATA.fieldSelectors, { field: "readOnly", equals: [ro] }],
        });
        expect(found(trail({ advancedEventSelectors: [MANAGEMENT, only("true"), only("false")] }))).toEqual([]);
    });
    it("accepts basic event selectors with an S3 object data resource", () => {
        const basic = [
            {
                readWriteType: "All",
                includeManagementEvents: true,
                dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
            },
        ];
        expect(found(trail({ advancedEventSelectors: undefined, eventSelectors: basic }))).toEqual([]);
    });
    it("does not judge a stack without a multi-region trail", () => {
        expect(found(trail({ isMultiRegionTrail: false, advancedEventSelectors: [MANAGEMENT] }))).toEqual([]);
    });
});
