/**
 * The organization trail of the sample organization: CloudWatch Logs delivery in the delegated
 * administrator's account (CloudTrail.5), the delivery role through the IAM policy simulator, and the S3
 * data-events selector derived from the topology's workload accounts (CIS 3.8 / 3.9).
 */
import "@baseline/lib/src/testing/sampleOrganization";
import {
    ADVANCED_SELECTOR_VALUE_LIMIT,
    AccountEntry,
    CIS_METRIC_FILTERS,
    WORKLOAD_ACCOUNTS,
    findingsRuleArn,
    findingsRuleName,
    markerArn,
    names,
    organizationAlarmTopicArn,
    organizationAlarmTopicPolicy,
    securityHubFindingsPattern,
    organizationTrailLogGroupArn,
    organizationTrailLogsKeyPolicy,
    organizationTrailLogsPolicy,
    organizationTrailLogsTrustPolicy,
    organizationDataEventsSelectors,
    selectorValueCount,
    workloadDataBuckets,
} from "@baseline/lib";
import { RecordedResource, findResource, ofType, runStack, simulate, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT, readConfig } from "../src/config";

const STACK_RUN_TIMEOUT_MS = 180_000;
const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222";
const TOOLING = "333333333333";
const ORG = "o-a1b2c3d4e5";
const HOME = "us-east-1";
const GROUP = `arn:aws:logs:us-east-1:${TOOLING}:log-group:/baseline/organization-trail`;
const TRAIL_BUCKET = `baseline-org-trail-${LOG_ARCHIVE}`;
const TRAIL_ACCESS_LOGS = `baseline-audit-access-logs-${LOG_ARCHIVE}-us-east-1`;

const run = (config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: `security-tooling-${HOME}`,
        accountId: TOOLING,
        config: { "aws:region": HOME, ...config },
        stackOutputs: {
            ...upstreamOutputsFor("security-tooling", HOME, {}, { accountId: MANAGEMENT }),
            ...upstreamOutputsFor("security-tooling", HOME, { organization: null }, { accountId: LOG_ARCHIVE }),
        },
        program: async () => (await import("../index")).default(),
    });

let res: RecordedResource[] = [];
let wide: RecordedResource[] = [];
beforeAll(async () => {
    res = (await run()).resources;
    wide = (
        await run({
            [`${PROJECT}:cloudTrailS3DataEvents`]: "all",
            [`${PROJECT}:cloudTrailLogRetentionDays`]: "400",
        })
    ).resources;
}, STACK_RUN_TIMEOUT_MS);

const trailOf = (resources: RecordedResource[]) => findResource(resources, "aws:cloudtrail/trail:Trail", "organization-trail");
const dataTrailOf = (resources: RecordedResource[]) =>
    findResource(resources, "aws:cloudtrail/trail:Trail", "organization-trail-data-events");
const dataSelectorOf = (resources: RecordedResource[]) => {
    const selectors = dataTrailOf(resources).inputs.advancedEventSelectors as { fieldSelectors: Record<string, unknown>[] }[];
    expect(selectors).toHaveLength(1);
    return selectors[0];
};

describe("CloudWatch Logs delivery (CloudTrail.5), in the account that creates the trail", () => {
    test("the trail delivers to this account's log group through this account's role", () => {
        const trail = trailOf(res);
        const group = findResource(res, "aws:cloudwatch/logGroup:LogGroup", "organization-trail-logs");
        const role = findResource(res, "aws:iam/role:Role", "organization-trail-logs-role");
        expect(trail.inputs.cloudWatchLogsGroupArn).toBe(`${group.outputs.arn}:*`);
        expect(String(group.outputs.arn)).toBe(organizationTrailLogGroupArn(TOOLING));
        expect(organizationTrailLogGroupArn(TOOLING)).toBe(GROUP);
        expect(trail.inputs.cloudWatchLogsRoleArn).toBe(role.outputs.arn);
        expect(role.outputs.arn).toBe(`arn:aws:iam::${TOOLING}:role/baseline/baseline-organization-trail-logs`);
        // CreateTrail checks the role's access: the role policy exists first.
        expect(trail.dependencies).toContain(
            findResource(res, "aws:iam/rolePolicy:RolePolicy", "organization-trail-logs-role-policy").urn,
        );
    });

    test("the log group: this account's key, the configured retention, protected twice", () => {
        const group = findResource(res, "aws:cloudwatch/logGroup:LogGroup", "organization-trail-logs");
        const key = findResource(res, "aws:kms/key:Key");
        expect(group.inputs).toMatchObject({
            name: "/baseline/organization-trail",
            kmsKeyId: key.outputs.arn,
            retentionInDays: 365,
            deletionProtectionEnabled: true,
        });
        expect(group.protect).toBe(true);
        expect(String(key.outputs.arn)).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${TOOLING}:key/`));
        expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
        expect(key.protect).toBe(true);
        expect(JSON.parse(String(key.inputs.policy))).toEqual(organizationTrailLogsKeyPolicy(TOOLING));
        expect(findResource(wide, "aws:cloudwatch/logGroup:LogGroup", "organization-trail-logs").inputs.retentionInDays).toBe(
            400,
        );
    });

    test("the role's documents are the simulated ones, with the organization's id from the organization stack", () => {
        const role = findResource(res, "aws:iam/role:Role", "organization-trail-logs-role");
        const policy = findResource(res, "aws:iam/rolePolicy:RolePolicy", "organization-trail-logs-role-policy");
        expect(JSON.parse(String(role.inputs.assumeRolePolicy))).toEqual(organizationTrailLogsTrustPolicy());
        expect(JSON.parse(String(policy.inputs.policy))).toEqual(organizationTrailLogsPolicy(TOOLING, ORG));
        expect(policy.inputs.role).toBe(role.outputs.id);
    });
});

describe("the delivery role, simulated", () => {
    const ROLE = `arn:aws:iam::${TOOLING}:role/baseline/baseline-organization-trail-logs`;
    const policy = organizationTrailLogsPolicy(TOOLING, ORG);
    const write = (action: string, resource: string) =>
        simulate({ principal: ROLE, action, resource, resourceAccount: TOOLING, identityPolicies: [policy] });

    test("only CloudTrail assumes it", async () => {
        const assume = (principal: string) =>
            simulate({
                principal,
                action: "sts:AssumeRole",
                resource: ROLE,
                resourceAccount: TOOLING,
                resourcePolicy: organizationTrailLogsTrustPolicy(),
            });
        expect(await assume("cloudtrail.amazonaws.com")).toBe("Allowed");
        for (const other of ["logs.amazonaws.com", `arn:aws:iam::${TOOLING}:role/admin`, `arn:aws:iam::444444444444:root`])
            expect([other, await assume(other)]).toEqual([other, "ImplicitlyDenied"]);
    });

    test("creates streams and puts events in the organization trail's streams of its group, nothing else", async () => {
        const stream = `${GROUP}:log-stream:${ORG}_444444444444_CloudTrail_us-east-1`;
        expect(await write("logs:CreateLogStream", stream)).toBe("Allowed");
        expect(await write("logs:PutLogEvents", stream)).toBe("Allowed");
        // Another organization's streams, another group, another account's group, other actions.
        expect(await write("logs:PutLogEvents", `${GROUP}:log-stream:o-zzzzzzzzzz_444444444444_CloudTrail_us-east-1`)).toBe(
            "ImplicitlyDenied",
        );
        expect(
            await write("logs:PutLogEvents", `arn:aws:logs:us-east-1:${TOOLING}:log-group:/baseline/other:log-stream:${ORG}_x`),
        ).toBe("ImplicitlyDenied");
        expect(
            await write(
                "logs:PutLogEvents",
                `arn:aws:logs:us-east-1:444444444444:log-group:/baseline/organization-trail:log-stream:${ORG}_x`,
            ),
        ).toBe("ImplicitlyDenied");
        for (const action of ["logs:DeleteLogGroup", "logs:DeleteLogStream", "logs:PutRetentionPolicy", "logs:GetLogEvents"])
            expect([action, await write(action, stream)]).toEqual([action, "ImplicitlyDenied"]);
    });

    // The simulator ignores kms:EncryptionContext:* keys, so the allow side is pinned structurally and
    // the simulator checks that nothing else opens the key (as the security layer's logs key test does).
    test("its key lets CloudWatch Logs of the home region use it for this group only", async () => {
        const policy = organizationTrailLogsKeyPolicy(TOOLING);
        const st = policy.Statement.find((x) => x.Sid === "CloudWatchLogsEncryptsTheTrailGroup")!;
        expect(st.Principal).toEqual({ Service: "logs.us-east-1.amazonaws.com" });
        // The trail's group, and the findings marker's error log (lib findingsRouting.ts), of this account only.
        expect(st.Condition).toEqual({
            ArnEquals: {
                "kms:EncryptionContext:aws:logs:arn": [
                    GROUP,
                    `arn:aws:logs:us-east-1:${TOOLING}:log-group:${names.findingsMarkerLogGroup}`,
                ],
            },
        });
        const use = (principal: string, action: string) =>
            simulate({
                principal,
                action,
                resource: `arn:aws:kms:us-east-1:${TOOLING}:key/0000`,
                resourceAccount: TOOLING,
                resourcePolicy: policy,
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }],
            });
        expect(await use("logs.us-east-1.amazonaws.com", "kms:GenerateDataKey")).not.toBe("Allowed");
        expect(await use("logs.us-west-2.amazonaws.com", "kms:GenerateDataKey")).not.toBe("Allowed");
        // The account administers the key without using it, and grants nothing.
        expect(await use(`arn:aws:iam::${TOOLING}:role/admin`, "kms:DescribeKey")).toBe("Allowed");
        for (const action of ["kms:Decrypt", "kms:CreateGrant"])
            expect([action, await use(`arn:aws:iam::${TOOLING}:role/admin`, action)]).toEqual([action, "ImplicitlyDenied"]);
    });
});

describe("S3 data events (CIS 3.8 / 3.9) on an organization trail of their own", () => {
    test("the log group's trail logs management events only, every one of them", () => {
        expect(trailOf(res).inputs.advancedEventSelectors).toEqual([
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ]);
    });

    test("the data-events trail: every account and region, validated, same bucket and key, no CloudWatch Logs", () => {
        const data = dataTrailOf(res);
        const main = trailOf(res);
        expect(data.inputs).toMatchObject({
            name: "baseline-organization-data-events",
            isOrganizationTrail: true,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            s3BucketName: main.inputs.s3BucketName,
            kmsKeyId: main.inputs.kmsKeyId,
        });
        expect(data.inputs.cloudWatchLogsGroupArn).toBeUndefined();
        expect(data.inputs.cloudWatchLogsRoleArn).toBeUndefined();
    });

    test("its selector names every workload account's data and replica buckets", () => {
        expect(dataSelectorOf(res).fieldSelectors).toEqual([
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            {
                field: "resources.ARN",
                // payments runs in the three baseline regions, ledger in two (examples/organization/topology.yaml).
                startsWiths: [
                    "arn:aws:s3:::baseline-data-444444444444-us-east-1/",
                    "arn:aws:s3:::baseline-replica-444444444444-us-east-1/",
                    "arn:aws:s3:::baseline-data-444444444444-us-west-2/",
                    "arn:aws:s3:::baseline-replica-444444444444-us-west-2/",
                    "arn:aws:s3:::baseline-data-444444444444-eu-central-1/",
                    "arn:aws:s3:::baseline-replica-444444444444-eu-central-1/",
                    "arn:aws:s3:::baseline-data-555555555555-us-east-1/",
                    "arn:aws:s3:::baseline-replica-555555555555-us-east-1/",
                    "arn:aws:s3:::baseline-data-555555555555-us-west-2/",
                    "arn:aws:s3:::baseline-replica-555555555555-us-west-2/",
                ],
            },
        ]);
        expect(WORKLOAD_ACCOUNTS.map((w) => [w.name, w.regions])).toEqual([
            ["payments", ["us-east-1", "us-west-2", "eu-central-1"]],
            ["ledger", ["us-east-1", "us-west-2"]],
        ]);
    });

    test("`all` logs every bucket but the trail's own and its access-log bucket", () => {
        expect(dataSelectorOf(wide).fieldSelectors).toEqual([
            { field: "eventCategory", equals: ["Data"] },
            { field: "resources.type", equals: ["AWS::S3::Object"] },
            {
                field: "resources.ARN",
                notStartsWiths: [`arn:aws:s3:::${TRAIL_BUCKET}/`, `arn:aws:s3:::${TRAIL_ACCESS_LOGS}/`],
            },
        ]);
    });

    test("stays within CloudTrail's 500 selector values, and refuses a topology that would not", () => {
        const many = (n: number): AccountEntry[] =>
            Array.from({ length: n }, (_, i) => ({
                name: `w${i}`,
                kind: "workload" as const,
                id: String(600000000000 + i),
                regions: ["us-east-1", "us-west-2", "eu-central-1"],
            }));
        expect(selectorValueCount(organizationDataEventsSelectors("baseline", [], WORKLOAD_ACCOUNTS))).toBe(12);
        // 2 fixed values + 6 buckets per account: 83 accounts fit, 84 do not.
        expect(selectorValueCount(organizationDataEventsSelectors("baseline", [], many(83)))).toBe(500);
        expect(() => organizationDataEventsSelectors("baseline", [], many(84))).toThrow(
            `cloudTrailS3DataEvents = "baseline": the organization data-events trail's selectors would need 506 values for 84 workload accounts of`,
        );
        expect(() => organizationDataEventsSelectors("all", ["a", "b"], many(84))).not.toThrow();
        expect(ADVANCED_SELECTOR_VALUE_LIMIT).toBe(500);
        expect(workloadDataBuckets(many(1))).toHaveLength(6);
    });
});

it(
    "refuses a data-events scope other than baseline or all, before anything is registered",
    async () => {
        const err = await run({ [`${PROJECT}:cloudTrailS3DataEvents`]: "everything" }).catch((e: unknown) => e);
        expect(String((err as Error).message)).toContain('cloudTrailS3DataEvents = "everything": one of baseline, all');
    },
    STACK_RUN_TIMEOUT_MS,
);

describe("every member's findings to the organization topic, from the aggregation region", () => {
    test("the findings rule matches every region's findings and targets the organization topic and the marker", () => {
        const topic = findResource(res, "aws:sns/topic:Topic");
        const rule = findResource(res, "aws:cloudwatch/eventRule:EventRule");
        expect(rule.inputs.name).toBe(findingsRuleName("securityhub-findings"));
        // Linked regions' findings arrive here: no Region filter.
        expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual(securityHubFindingsPattern("every region"));
        expect(JSON.stringify(securityHubFindingsPattern("every region"))).not.toContain('"Region"');
        const targets = ofType(res, "aws:cloudwatch/eventTarget:EventTarget");
        expect(targets.map((t) => [t.inputs.targetId, t.inputs.arn]).sort()).toEqual([
            ["alarm-topic", topic.outputs.arn],
            ["mark-notified", markerArn({ accountId: TOOLING, region: "us-east-1" })],
        ]);
        const marker = findResource(res, "aws:cloudwatch/logGroup:LogGroup", "findings-marker-log");
        expect(marker.inputs.kmsKeyId).toBe(findResource(res, "aws:kms/key:Key").outputs.arn);
    });

    test("the organization topic admits that rule of this account only, and its key EventBridge for this topic", async () => {
        const topicArn = organizationAlarmTopicArn(TOOLING);
        const rule = findingsRuleArn({ accountId: TOOLING, region: "us-east-1" }, "securityhub-findings");
        const publish = (context: Record<string, string>) =>
            simulate({
                principal: "events.amazonaws.com",
                action: "sns:Publish",
                resource: topicArn,
                resourceAccount: TOOLING,
                resourcePolicy: organizationAlarmTopicPolicy(TOOLING),
                context: { "aws:SecureTransport": "true", ...context },
            });
        expect(await publish({ "aws:SourceAccount": TOOLING, "aws:SourceArn": rule })).toBe("Allowed");
        expect(
            await publish({ "aws:SourceAccount": TOOLING, "aws:SourceArn": `arn:aws:events:us-east-1:${TOOLING}:rule/other` }),
        ).not.toBe("Allowed");
        // The simulator drops kms:EncryptionContext keys with colons (see the logs key test above): asserted as written.
        const st = organizationTrailLogsKeyPolicy(TOOLING).Statement.find(
            (x) => x.Principal && JSON.stringify(x.Principal).includes("events.amazonaws.com"),
        )!;
        expect(st.Condition).toEqual({ StringEquals: { "kms:EncryptionContext:aws:sns:topicArn": topicArn } });
    });
});

describe("the CIS section 4 alarms on the organization trail's log group", () => {
    test("a filter on that group and an alarm to the encrypted organization topic for each of 4.1-4.15", () => {
        const group = findResource(res, "aws:cloudwatch/logGroup:LogGroup", "organization-trail-logs");
        const topic = findResource(res, "aws:sns/topic:Topic");
        const filters = ofType(res, "aws:cloudwatch/logMetricFilter:LogMetricFilter");
        const alarms = ofType(res, "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(filters.map((f) => f.inputs.pattern).sort()).toEqual(
            Object.values(CIS_METRIC_FILTERS)
                .map((f) => f.pattern)
                .sort(),
        );
        for (const f of filters) expect([f.name, f.inputs.logGroupName]).toEqual([f.name, group.outputs.name]);
        expect(alarms).toHaveLength(16);
        expect(alarms.find((a) => a.inputs.name === "baseline-trail-log-delivery")!.inputs.dimensions).toEqual({
            LogGroupName: group.outputs.name,
        });
        for (const a of alarms)
            expect([a.name, a.inputs.alarmActions, a.inputs.okActions, a.inputs.actionsEnabled]).toEqual([
                a.name,
                [topic.outputs.arn],
                [topic.outputs.arn],
                true,
            ]);
        expect(topic.inputs).toMatchObject({
            name: "baseline-organization-alarms",
            kmsMasterKeyId: findResource(res, "aws:kms/key:Key").outputs.arn,
        });
        expect(JSON.parse(String(findResource(res, "aws:sns/topicPolicy:TopicPolicy").inputs.policy))).toEqual(
            organizationAlarmTopicPolicy(TOOLING),
        );
    });

    test("only this account's alarms publish to the topic, over TLS", async () => {
        const publish = (sourceAccount: string, secure = "true") =>
            simulate({
                principal: "cloudwatch.amazonaws.com",
                action: "sns:Publish",
                resource: `arn:aws:sns:us-east-1:${TOOLING}:baseline-organization-alarms`,
                resourceAccount: TOOLING,
                resourcePolicy: organizationAlarmTopicPolicy(TOOLING),
                context: {
                    "aws:SourceAccount": sourceAccount,
                    "aws:SourceArn": `arn:aws:cloudwatch:us-east-1:${sourceAccount}:alarm:baseline-root-account-usage`,
                    "aws:SecureTransport": secure,
                },
            });
        expect(await publish(TOOLING)).toBe("Allowed");
        expect(await publish("444444444444")).toBe("ImplicitlyDenied");
        expect(await publish(TOOLING, "false")).toBe("ExplicitlyDenied");
    });

    test(
        "alarmSubscriptions reach the topic at home, and are refused in another region",
        async () => {
            const subscribed = (await run({ [`${PROJECT}:alarmSubscriptions`]: JSON.stringify(["email=security@example.com"]) }))
                .resources;
            expect(findResource(subscribed, "aws:sns/topicSubscription:TopicSubscription").inputs).toMatchObject({
                protocol: "email",
                endpoint: "security@example.com",
                topic: findResource(subscribed, "aws:sns/topic:Topic").outputs.arn,
            });
            const values: Record<string, string> = {
                "aws:region": "us-west-2",
                [`${PROJECT}:alarmSubscriptions`]: JSON.stringify(["email=security@example.com"]),
            };
            expect(() => readConfig({ get: (k) => values[k] }, `${PROJECT}/security-tooling-us-west-2`)).toThrow(
                /alarmSubscriptions = "email=security@example.com": empty outside us-east-1/,
            );
        },
        STACK_RUN_TIMEOUT_MS,
    );
});
