import type { PolicyReport, Violation } from "@baseline/policy-pack/src/offline";
import { formatReportText } from "../src/reportText";

const violation = (message: string): Violation => ({
    policyName: "sns-topic-has-subscription",
    kind: "resource",
    enforcementLevel: "advisory",
    severity: "medium",
    controls: ["CloudWatch.1"],
    stack: "baseline-security/production-us-east-1",
    urn: "urn:pulumi:production-us-east-1::baseline-security::aws:sns/topic:Topic::alarms",
    resourceType: "aws:sns/topic:Topic",
    message,
});

const report = (violations: Violation[]): PolicyReport => ({
    packName: "aws-secure-baseline",
    passed: true,
    stacks: [{ stack: "baseline-security/production-us-east-1", resources: 1 }],
    counts: { stacks: 1, resources: 1, mandatory: 0, advisory: violations.length, remediated: 0, byPolicy: {} },
    levels: { "sns-topic-has-subscription": "advisory" },
    violations,
    remediations: [],
});

test("every line of a finding is indented under its heading, and each is wrapped on its own", () => {
    const message = [
        "Topic 'alarms' (baseline-alarms) has no subscription: its notifications reach nobody.",
        "Policy 'sns-topic-has-subscription' on baseline-security/production-us-east-1/alarms.",
        "How to fix: Set the security layer's alarmSubscriptions (email=... or https=...) and confirm each subscription.",
    ].join("\n");
    const lines = formatReportText(report([violation(message)]), 100).split("\n");
    const block = lines.slice(lines.indexOf("baseline-security/production-us-east-1:") + 1);
    expect(block[0]).toBe("  ADVISORY sns-topic-has-subscription [medium, CloudWatch.1] on alarms (aws:sns/topic:Topic)");
    expect(block.slice(1)).toEqual([
        "      Topic 'alarms' (baseline-alarms) has no subscription: its notifications reach nobody.",
        "      Policy 'sns-topic-has-subscription' on baseline-security/production-us-east-1/alarms.",
        "      How to fix: Set the security layer's alarmSubscriptions (email=... or https=...) and confirm",
        "      each subscription.",
    ]);
});
