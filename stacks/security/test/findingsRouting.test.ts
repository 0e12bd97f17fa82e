/**
 * Which findings reach the alarm topic, and how often: the findings rule's real event pattern run
 * offline (lib/src/testing/eventPattern.ts) against sample `Security Hub Findings - Imported` events
 * in the format the Security Hub user guide prints ("EventBridge event formats for Security Hub CSPM": one finding per
 * event under detail.findings, in the AWS Security Finding Format), and the findings marker that marks a
 * forwarded finding NOTIFIED after EventBridge has it: its state machine's JSONata run on the event.
 */
import jsonata from "jsonata";
import { findingsRuleArn, names } from "@baseline/lib";
import { findResource, matchesEventPattern, ofType, runStack, simulate, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { DEFAULT_ACCOUNT_ID } from "@baseline/lib/src/testing/fakeAws";
import { PROJECT } from "../src/config";
import {
    FORWARDED_STATUS,
    MARKER_NOTE_AUTHOR,
    markNotifiedDefinition,
    markerArn,
    markerLogDeliveryPolicy,
    markerRolePolicy,
    markerStartRolePolicy,
    markerStartTrustPolicy,
    markerTrustPolicy,
    securityHubFindingsPattern,
} from "../src/findingsRouting";

const acct = "111122223333";

interface Finding {
    /** The finding's account: the envelope below sets this test's own unless a case names another. */
    AwsAccountId?: string;
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

const pattern = securityHubFindingsPattern("us-west-2", acct);
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
        // The delegated administrator's bus receives its members' findings too: its own routing leaves them to the organization's.
        ["a member account's finding, on the administrator's bus", imported({ AwsAccountId: "444455556666" }), false],
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

interface MarkTask {
    Resource: string;
    Arguments: { FindingIdentifiers: string; Workflow: { Status: string }; Note: { Text: string; UpdatedBy: string } };
}
const markTask = () => (markNotifiedDefinition() as { States: { MarkNotified: MarkTask } }).States.MarkNotified;

/** The BatchUpdateFindings request the marker's task makes for an event: its JSONata evaluated as Step Functions does, with $states.input bound to the event. */
async function markerRequest(event: object): Promise<Record<string, unknown>> {
    const { Arguments } = markTask();
    const evaluate = async (v: unknown): Promise<unknown> => {
        if (typeof v === "string") {
            const m = /^\{%(.*)%\}$/s.exec(v);
            return m ? jsonata(m[1]).evaluate({}, { states: { input: event } }) : v;
        }
        if (v && typeof v === "object")
            return Object.fromEntries(await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await evaluate(x)])));
        return v;
    };
    return (await evaluate(Arguments)) as Record<string, unknown>;
}

describe("the findings marker", () => {
    it("calls BatchUpdateFindings through the SDK integration, in JSONata", () => {
        expect(markNotifiedDefinition()).toMatchObject({ QueryLanguage: "JSONata", StartAt: "MarkNotified" });
        expect(markTask().Resource).toBe("arn:aws:states:::aws-sdk:securityhub:batchUpdateFindings");
    });

    it("marks the event's finding NOTIFIED, named by its Id and ProductArn, always as a list", async () => {
        const event = imported();
        const f = event.detail.findings[0];
        const productArn = "arn:aws:securityhub:us-west-2::product/aws/securityhub";
        (f as Record<string, unknown>).ProductArn = productArn;
        expect(await markerRequest(event)).toEqual({
            FindingIdentifiers: [{ Id: f.Id, ProductArn: productArn }],
            Workflow: { Status: FORWARDED_STATUS },
            Note: { Text: expect.stringContaining("alarm topic"), UpdatedBy: MARKER_NOTE_AUTHOR },
        });
    });

    it("names every finding of an event that carries several", async () => {
        const a = imported().detail.findings[0];
        const event = {
            ...imported(),
            detail: {
                findings: [
                    { ...a, Id: "f-1", ProductArn: "p-1" },
                    { ...a, Id: "f-2", ProductArn: "p-2" },
                ],
            },
        };
        expect((await markerRequest(event)).FindingIdentifiers).toEqual([
            { Id: "f-1", ProductArn: "p-1" },
            { Id: "f-2", ProductArn: "p-2" },
        ]);
    });
});

describe("each finding is forwarded once over its life", () => {
    /** One import as Security Hub makes it: automation rules first, then EventBridge, whose targets (the topic, the marker) act on what it sent. */
    const lifeOf = (automationRule?: (f: Finding) => Finding) => {
        let f: Finding = imported().detail.findings[0] as Finding;
        const sent: string[] = [];
        const importEvent = (update: Partial<Finding>, at: string) => {
            f = { ...f, ...update, UpdatedAt: at };
            if (automationRule) f = automationRule(f);
            if (forwarded(imported(f))) {
                sent.push(at);
                // The marker's BatchUpdateFindings: a new Imported event, NOTIFIED, which is not forwarded.
                f = { ...f, Workflow: { Status: FORWARDED_STATUS } };
                expect(forwarded(imported(f))).toBe(false);
            }
        };
        importEvent({}, "day 1");
        for (const day of ["day 2", "day 3", "day 4"]) importEvent({}, day);
        // Fixed: Security Hub resolves the control finding; failing again makes it NEW.
        importEvent({ Compliance: { Status: "PASSED" }, Workflow: { Status: "RESOLVED" } }, "day 5");
        importEvent({ Compliance: { Status: "FAILED" }, Workflow: { Status: "NEW" } }, "day 6");
        importEvent({}, "day 7");
        return sent;
    };

    it("new, updated three times, resolved, failing again: two notifications", () => {
        expect(lifeOf()).toEqual(["day 1", "day 6"]);
    });

    it("an automation rule marking the same findings NOTIFIED would forward nothing: it runs before EventBridge", () => {
        const markOnImport = (f: Finding): Finding =>
            f.Workflow.Status === "NEW" && ["HIGH", "CRITICAL"].includes(f.Severity.Label) && f.RecordState === "ACTIVE"
                ? { ...f, Workflow: { Status: FORWARDED_STATUS } }
                : f;
        expect(lifeOf(markOnImport)).toEqual([]);
    });
});

describe("the marker's roles, simulated", () => {
    const ctx = { accountId: acct, region: "us-west-2" as const };
    const markerRole = `arn:aws:iam::${acct}:role/baseline/${names.findingsMarkerRole("us-west-2")}`;
    const hub = `arn:aws:securityhub:us-west-2:${acct}:hub/default`;
    const update = (status: string, resource = hub) =>
        simulate({
            principal: markerRole,
            action: "securityhub:BatchUpdateFindings",
            resource,
            identityPolicies: [markerRolePolicy(ctx)],
            context: { "securityhub:ASFFSyntaxPath/Workflow.Status": status },
        });

    it("the marker may set findings of this region's hub NOTIFIED, and no other status or hub", async () => {
        expect(await update(FORWARDED_STATUS)).toBe("Allowed");
        expect(await update("SUPPRESSED")).toBe("ImplicitlyDenied");
        expect(await update("RESOLVED")).toBe("ImplicitlyDenied");
        expect(await update(FORWARDED_STATUS, `arn:aws:securityhub:eu-central-1:${acct}:hub/default`)).toBe("ImplicitlyDenied");
    });

    it("the marker's role sets up its log delivery, and may not rewrite who writes to log groups", async () => {
        const can = (action: string) =>
            simulate({ principal: markerRole, action, resource: "*", identityPolicies: [markerRolePolicy(ctx)] });
        expect(await can("logs:CreateLogDelivery")).toBe("Allowed");
        expect(await can("logs:DescribeResourcePolicies")).toBe("Allowed");
        expect(await can("logs:PutResourcePolicy")).toBe("ImplicitlyDenied");
    });

    it("log delivery may write the marker's log streams, for this account only, and no other group", async () => {
        const group = `arn:aws:logs:us-west-2:${acct}:log-group:${names.findingsMarkerLogGroup}`;
        const write = (resource: string, sourceAccount = acct) =>
            simulate({
                principal: "delivery.logs.amazonaws.com",
                action: "logs:PutLogEvents",
                resource,
                resourcePolicy: markerLogDeliveryPolicy(ctx),
                context: {
                    "aws:SourceAccount": sourceAccount,
                    "aws:SourceArn": `arn:aws:logs:us-west-2:${sourceAccount}:delivery-source:x`,
                },
            });
        expect(await write(`${group}:log-stream:states/x`)).toBe("Allowed");
        expect(await write(`${group}:log-stream:states/x`, "444455556666")).toBe("ImplicitlyDenied");
        expect(await write(`arn:aws:logs:us-west-2:${acct}:log-group:/baseline/cloudtrail:log-stream:x`)).toBe(
            "ImplicitlyDenied",
        );
    });

    it("only Step Functions of this account, for this state machine, assumes the marker's role", async () => {
        const assume = (sourceArn: string, sourceAccount = acct) =>
            simulate({
                principal: "states.amazonaws.com",
                action: "sts:AssumeRole",
                resource: markerRole,
                resourcePolicy: markerTrustPolicy(ctx),
                context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": sourceAccount },
            });
        expect(await assume(markerArn(ctx))).toBe("Allowed");
        expect(await assume(`arn:aws:states:us-west-2:${acct}:stateMachine:other`)).toBe("ImplicitlyDenied");
        expect(await assume(markerArn({ ...ctx, accountId: "444455556666" }), "444455556666")).toBe("ImplicitlyDenied");
    });

    it("only the findings rule starts the marker, and its role starts nothing else", async () => {
        const startRole = `arn:aws:iam::${acct}:role/baseline/${names.findingsMarkerStartRole("us-west-2")}`;
        const rule = findingsRuleArn(ctx, "securityhub-findings");
        const assume = (context: Record<string, string>) =>
            simulate({
                principal: "events.amazonaws.com",
                action: "sts:AssumeRole",
                resource: startRole,
                resourcePolicy: markerStartTrustPolicy(ctx),
                context,
            });
        expect(await assume({ "aws:SourceArn": rule, "aws:SourceAccount": acct })).toBe("Allowed");
        // Where EventBridge sends the keys they must name this rule and account; where it does not, the marker still runs.
        expect(await assume({ "aws:SourceArn": `arn:aws:events:us-west-2:${acct}:rule/other`, "aws:SourceAccount": acct })).toBe(
            "ImplicitlyDenied",
        );
        expect(await assume({ "aws:SourceArn": rule.replace(acct, "444455556666"), "aws:SourceAccount": "444455556666" })).toBe(
            "ImplicitlyDenied",
        );
        expect(await assume({})).toBe("Allowed");
        const start = (resource: string) =>
            simulate({
                principal: startRole,
                action: "states:StartExecution",
                resource,
                identityPolicies: [markerStartRolePolicy(ctx)],
            });
        expect(await start(markerArn(ctx))).toBe("Allowed");
        expect(await start(`arn:aws:states:us-west-2:${acct}:stateMachine:other`)).toBe("ImplicitlyDenied");
    });
});

describe("the deployed routing", () => {
    const deployed = { accountId: DEFAULT_ACCOUNT_ID, region: "us-west-2" as const };
    it("one findings rule to the alarm topic and to the marker, which logs its errors to an encrypted, retained group", async () => {
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
        expect(JSON.parse(String(rules[0].inputs.eventPattern))).toEqual(
            securityHubFindingsPattern("us-west-2", deployed.accountId),
        );
        expect(ofType(res, "aws:securityhub/automationRule:AutomationRule")).toEqual([]);

        const machine = findResource(res, "aws:sfn/stateMachine:StateMachine");
        expect(machine.inputs).toMatchObject({ name: names.findingsMarker, type: "EXPRESS" });
        const delivery = findResource(res, "aws:cloudwatch/logResourcePolicy:LogResourcePolicy");
        expect(JSON.parse(String(delivery.inputs.policyDocument))).toEqual(markerLogDeliveryPolicy(deployed));
        // The delivery's resource policy exists before the state machine sets up its logging.
        expect(machine.dependencies).toContain(delivery.urn);
        expect(JSON.parse(String(machine.inputs.definition))).toEqual(markNotifiedDefinition());
        const roles = ofType(res, "aws:iam/role:Role");
        const markerRole = roles.find((r) => r.inputs.name === names.findingsMarkerRole("us-west-2"))!;
        expect(JSON.parse(String(markerRole.inputs.assumeRolePolicy))).toEqual(markerTrustPolicy(deployed));

        const targets = ofType(res, "aws:cloudwatch/eventTarget:EventTarget");
        expect(targets.map((t) => t.inputs.targetId).sort()).toEqual(["alarm-topic", "mark-notified"]);
        const toMarker = targets.find((t) => t.inputs.targetId === "mark-notified")!;
        const startRole = roles.find((r) => r.inputs.name === names.findingsMarkerStartRole("us-west-2"))!;
        expect(toMarker.inputs.rule).toBe(rules[0].inputs.name);
        expect(toMarker.inputs.arn).toBe(markerArn(deployed));
        expect(toMarker.inputs.roleArn).toBe(`arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/baseline/${startRole.inputs.name}`);

        const log = ofType(res, "aws:cloudwatch/logGroup:LogGroup").find((g) => g.inputs.name === names.findingsMarkerLogGroup)!;
        expect(log.inputs).toMatchObject({ retentionInDays: 365, deletionProtectionEnabled: true });
        // The region's logs key, whose policy lets CloudWatch Logs use it for this account's log groups.
        expect(log.inputs.kmsKeyId).toBe(findResource(res, "aws:kms/key:Key", "keys-logs").outputs.arn);
        expect(machine.inputs.loggingConfiguration).toEqual({
            level: "ERROR",
            includeExecutionData: false,
            logDestination: `arn:aws:logs:us-west-2:${DEFAULT_ACCOUNT_ID}:log-group:${names.findingsMarkerLogGroup}:*`,
        });
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
