/**
 * Which findings reach the alarm topic, and how often: the findings rule's real event pattern run
 * offline (eventPattern.ts) against sample `Security Hub Findings - Imported` events in the format the
 * Security Hub user guide prints ("EventBridge event formats for Security Hub CSPM": one finding per
 * event under detail.findings, in the AWS Security Finding Format), and the automation rule that marks a
 * forwarded finding NOTIFIED applied between imports.
 */
import { findResource, ofType, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";
import { FORWARDED_STATUS, markNotifiedRule, securityHubFindingsPattern } from "../src/findingsRouting";
import { matchesEventPattern } from "./eventPattern";

const acct = "111122223333";

interface Finding {
    Region: string;
    ProductName: string;
    Severity: { Label: string; Normalized?: number };
    Workflow: { Status: string };
    RecordState: string;
    Compliance?: { Status: string };
    UpdatedAt: string;
}

/** The documented envelope of a Security Hub Findings - Imported event around one ASFF finding. */
const imported = (f: Partial<Finding> = {}) => {
    const finding: Finding = {
        Region: "us-west-2",
        ProductName: "Security Hub",
        Severity: { Label: "HIGH", Normalized: 70 },
        Workflow: { Status: "NEW" },
        RecordState: "ACTIVE",
        Compliance: { Status: "FAILED" },
        UpdatedAt: "2019-04-11T21:52:17Z",
        ...f,
    };
    return {
        version: "0",
        id: "CWE-event-id",
        "detail-type": "Security Hub Findings - Imported",
        source: "aws.securityhub",
        account: acct,
        time: "2019-04-11T21:52:17Z",
        region: "us-west-2",
        resources: [`arn:aws:securityhub:us-west-2::product/aws/securityhub/arn:aws:securityhub:us-west-2:${acct}:finding/1`],
        detail: {
            findings: [
                {
                    SchemaVersion: "2018-10-08",
                    Id: `arn:aws:securityhub:us-west-2:${acct}:security-control/S3.8/finding/1`,
                    AwsAccountId: acct,
                    ...finding,
                },
            ],
        },
    };
};

const pattern = securityHubFindingsPattern("us-west-2");
const forwarded = (event: object) => matchesEventPattern(pattern, event);

describe("the findings rule's pattern against sample Security Hub events", () => {
    const CASES: [string, object, boolean][] = [
        ["a new, active HIGH control finding of this region", imported(), true],
        ["a new CRITICAL finding", imported({ Severity: { Label: "CRITICAL", Normalized: 90 } }), true],
        [
            "a new HIGH GuardDuty finding, imported by Security Hub",
            imported({ ProductName: "GuardDuty", Compliance: undefined, Severity: { Label: "HIGH", Normalized: 70 } }),
            true,
        ],
        [
            "the same finding updated after it was forwarded (NOTIFIED)",
            imported({ Workflow: { Status: FORWARDED_STATUS } }),
            false,
        ],
        ["a MEDIUM finding", imported({ Severity: { Label: "MEDIUM", Normalized: 40 } }), false],
        ["an INFORMATIONAL finding", imported({ Severity: { Label: "INFORMATIONAL", Normalized: 0 } }), false],
        ["a finding someone is working on", imported({ Workflow: { Status: "IN_PROGRESS" } }), false],
        ["a suppressed finding", imported({ Workflow: { Status: "SUPPRESSED" } }), false],
        ["a resolved finding", imported({ Workflow: { Status: "RESOLVED" } }), false],
        ["an archived finding", imported({ RecordState: "ARCHIVED" }), false],
        ["another region's finding, aggregated into this region", imported({ Region: "eu-central-1" }), false],
    ];
    it.each(CASES)("%s: forwarded %s", (_title, event, expected) => {
        expect(forwarded(event)).toBe(expected);
    });

    it("does not match GuardDuty's own events: GuardDuty findings are forwarded through Security Hub only", () => {
        // GuardDuty user guide, EventBridge event format of a finding (abridged).
        const guardDutyEvent = {
            version: "0",
            id: "c8c4daa7-a20c-2f03-0070-b7393dd542ad",
            "detail-type": "GuardDuty Finding",
            source: "aws.guardduty",
            account: acct,
            region: "us-west-2",
            detail: { schemaVersion: "2.0", severity: 8, type: "UnauthorizedAccess:EC2/SSHBruteForce", service: { count: 3 } },
        };
        expect(forwarded(guardDutyEvent)).toBe(false);
    });
});

describe("each finding is forwarded once over its life", () => {
    /** What the automation rule does to a finding it matches (FINDING_FIELDS_UPDATE of the workflow). */
    const applyRule = (f: Finding): Finding => {
        const { criteria, actions } = markNotifiedRule() as unknown as {
            criteria: Record<string, { comparison: string; value: string }[]>;
            actions: { findingFieldsUpdate: { workflow: { status: string } } }[];
        };
        const values = (field: string) => criteria[field].map((c) => (c.comparison === "EQUALS" ? c.value : "?"));
        const matches =
            values("severityLabels").includes(f.Severity.Label) &&
            values("workflowStatuses").includes(f.Workflow.Status) &&
            values("recordStates").includes(f.RecordState);
        return matches ? { ...f, Workflow: { Status: actions[0].findingFieldsUpdate.workflow.status } } : f;
    };

    it("the rule's criteria are the pattern's: every finding the pattern forwards leaves NEW", () => {
        const { criteria } = markNotifiedRule() as unknown as {
            criteria: Record<string, { comparison: string; value: string }[]>;
        };
        const findings = (pattern as { detail: { findings: Record<string, unknown> } }).detail.findings as {
            Severity: { Label: string[] };
            Workflow: { Status: string[] };
            RecordState: string[];
        };
        const eq = (field: string) => criteria[field].filter((c) => c.comparison === "EQUALS").map((c) => c.value);
        expect(eq("severityLabels")).toEqual(findings.Severity.Label);
        expect(eq("workflowStatuses")).toEqual(findings.Workflow.Status);
        expect(eq("recordStates")).toEqual(findings.RecordState);
    });

    it("new, updated three times, resolved, failing again: two notifications", () => {
        let f: Finding = imported().detail.findings[0] as Finding;
        const sent: string[] = [];
        const importEvent = (update: Partial<Finding>, at: string) => {
            f = { ...f, ...update, UpdatedAt: at };
            if (forwarded(imported(f))) sent.push(at);
            f = applyRule(f);
        };
        importEvent({}, "day 1");
        for (const day of ["day 2", "day 3", "day 4"]) importEvent({}, day);
        // Fixed: Security Hub resolves the control finding; failing again makes it NEW.
        importEvent({ Compliance: { Status: "PASSED" }, Workflow: { Status: "RESOLVED" } }, "day 5");
        importEvent({ Compliance: { Status: "FAILED" }, Workflow: { Status: "NEW" } }, "day 6");
        importEvent({}, "day 7");
        expect(sent).toEqual(["day 1", "day 6"]);
    });
});

describe("the deployed routing", () => {
    it("one findings rule to the alarm topic and the automation rule, after Security Hub exists", async () => {
        const res = (
            await runStack({
                project: PROJECT,
                stack: "production-us-west-2",
                config: { "aws:region": "us-west-2" },
                stackOutputs: upstreamOutputsFor("security", "us-west-2", {}),
                program: async () => (await import("../index")).default(),
            })
        ).resources;
        const rules = ofType(res, "aws:cloudwatch/eventRule:EventRule");
        expect(rules.map((r) => r.inputs.name)).toEqual(["baseline-securityhub-findings"]);
        expect(JSON.parse(String(rules[0].inputs.eventPattern))).toEqual(securityHubFindingsPattern("us-west-2"));
        const automation = findResource(res, "aws:securityhub/automationRule:AutomationRule");
        expect(automation.inputs).toMatchObject({ ruleStatus: "ENABLED", ...markNotifiedRule() });
        expect(automation.dependencies).toContain(findResource(res, "aws:securityhub/account:Account").urn);
    });
});

describe("the event pattern evaluator itself", () => {
    it("follows EventBridge: arrays intersect, every key must match, numeric ranges, anything-but needs the field", () => {
        expect(matchesEventPattern({ a: ["x", "y"] }, { a: ["z", "y"] })).toBe(true);
        expect(matchesEventPattern({ a: ["x"], b: ["1"] }, { a: "x" })).toBe(false);
        expect(matchesEventPattern({ d: { n: [{ numeric: [">=", 7, "<", 9] }] } }, { d: { n: 8 } })).toBe(true);
        expect(matchesEventPattern({ d: { n: [{ numeric: [">=", 7, "<", 9] }] } }, { d: { n: 9 } })).toBe(false);
        expect(matchesEventPattern({ p: [{ "anything-but": "GuardDuty" }] }, { p: "Inspector" })).toBe(true);
        expect(matchesEventPattern({ p: [{ "anything-but": "GuardDuty" }] }, {})).toBe(false);
        expect(matchesEventPattern({ p: [{ exists: false }] }, {})).toBe(true);
        expect(matchesEventPattern({ p: [{ prefix: "arn:aws:s3" }] }, { p: "arn:aws:s3:::b" })).toBe(true);
        expect(() => matchesEventPattern({ p: [{ suffix: "x" }] }, { p: "x" })).toThrow(/unsupported/);
    });
});
