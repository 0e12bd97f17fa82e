/**
 * Findings, threat detection, alarms that reach a person and audit-trail completeness in the security
 * program, every region, under the recording mock runtime; topic, key and bucket grants through the
 * IAM policy simulator.
 */
import * as pulumi from "@pulumi/pulumi";
import { findResource, ofType, runStack, simulate, upstreamOutputsFor, RecordedResource } from "@baseline/lib/src/testing";
import { names, Region, REGIONS, auditAccessLogBucketName, auditAccessLogBucketPolicy } from "@baseline/lib";
import { CIS_METRIC_FILTERS } from "../src/cisAlarms";
import { PROJECT, readConfig } from "../src/config";
import { GUARDDUTY_FEATURES } from "../src/guardDuty";
import { alarmTopicPolicy, logsKeyPolicy } from "../src/policies";
import { DISABLED_CONTROLS } from "../src/securityHub";

/** Each beforeAll runs whole stack programs: on a loaded machine that takes longer than one test. */
const STACK_RUN_TIMEOUT_MS = 180_000;

const acct = "123456789012";
const other = "210987654321";
const topicArn = (region: Region) => `arn:aws:sns:${region}:${acct}:${names.alarmTopic}`;
const run = (region: Region, config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: `production-${region}`,
        config: { "aws:region": region, ...config },
        stackOutputs: upstreamOutputsFor("security", region, {}),
        program: async () => (await import("../index")).default(),
    });

const results: Partial<Record<Region, RecordedResource[]>> = {};
beforeAll(async () => {
    for (const region of REGIONS) results[region] = (await run(region)).resources;
}, STACK_RUN_TIMEOUT_MS);

describe.each(REGIONS)("detection in %s", (region) => {
    const home = region === "us-east-1";
    const res = () => results[region]!;

    test("Security Hub: default standards off, FSBP v1.0.0 and CIS v3.0.0 by their regional ARNs", () => {
        expect(findResource(res(), "aws:securityhub/account:Account").inputs).toMatchObject({
            enableDefaultStandards: false,
            controlFindingGenerator: "SECURITY_CONTROL",
        });
        const subs = ofType(res(), "aws:securityhub/standardsSubscription:StandardsSubscription");
        expect(subs.map((s) => s.inputs.standardsArn).sort()).toEqual([
            `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
            `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
        ]);
        const account = findResource(res(), "aws:securityhub/account:Account");
        for (const s of subs) expect(s.dependencies).toContain(account.urn);
    });

    test("controls that do not apply are disabled with a written reason, global ones outside the home region only", () => {
        const assoc = ofType(res(), "aws:securityhub/standardsControlAssociation:StandardsControlAssociation");
        const expected = DISABLED_CONTROLS.filter((d) => d.where === "everywhere" || !home).flatMap((d) =>
            d.standards.map((s) => `${s === "fsbp" ? "aws-foundational" : "cis-aws"}|${d.control}`),
        );
        expect(
            assoc
                .map(
                    (a) =>
                        `${String(a.inputs.standardsArn).includes("foundational") ? "aws-foundational" : "cis-aws"}|${a.inputs.securityControlId}`,
                )
                .sort(),
        ).toEqual(expected.sort());
        for (const a of assoc) {
            expect(a.inputs.associationStatus).toBe("DISABLED");
            expect(String(a.inputs.updatedReason).length).toBeGreaterThan(40);
        }
        // In the home region the account-wide controls stay on: IAM and the security contact are judged there.
        const ids = assoc.map((a) => a.inputs.securityControlId);
        expect(ids.includes("IAM.1")).toBe(!home);
        expect(ids.includes("Account.1")).toBe(!home);
        expect(ids).toContain("S3.20");
    });

    test("the GuardDuty controls of the protection plans turned off are disabled in FSBP with the plan's reason", () => {
        const assoc = ofType(res(), "aws:securityhub/standardsControlAssociation:StandardsControlAssociation").filter((a) =>
            String(a.inputs.securityControlId).startsWith("GuardDuty."),
        );
        // GuardDuty.5 checks EKS Audit Log Monitoring, .7 EKS Runtime Monitoring, .11 Runtime Monitoring,
        // .12 its ECS-Fargate agent, .13 its EC2 agent: each fails while the feature is off.
        expect(assoc.map((a) => a.inputs.securityControlId).sort()).toEqual([
            "GuardDuty.11",
            "GuardDuty.12",
            "GuardDuty.13",
            "GuardDuty.5",
            "GuardDuty.7",
        ]);
        for (const a of assoc) {
            expect(String(a.inputs.standardsArn)).toContain("aws-foundational-security-best-practices");
            expect(a.inputs.associationStatus).toBe("DISABLED");
        }
        const reason = (id: string) => assoc.find((a) => a.inputs.securityControlId === id)!.inputs.updatedReason;
        expect(reason("GuardDuty.5")).toBe(GUARDDUTY_FEATURES.EKS_AUDIT_LOGS.why);
        expect(reason("GuardDuty.13")).toBe(GUARDDUTY_FEATURES.RUNTIME_MONITORING.why);
        // Only the plans turned off: the enabled ones' controls (GuardDuty.6, .8-.10) stay judged.
        const detectorFeatures = ofType(res(), "aws:guardduty/detectorFeature:DetectorFeature");
        const off = detectorFeatures.filter((f) => f.inputs.status === "DISABLED").map((f) => f.inputs.name);
        expect(off.sort()).toEqual(["EKS_AUDIT_LOGS", "RUNTIME_MONITORING"]);
    });

    test("the finding aggregator and the Config aggregator live in the home region and link the others", () => {
        const aggregators = ofType(res(), "aws:securityhub/findingAggregator:FindingAggregator");
        const config = ofType(res(), "aws:cfg/configurationAggregator:ConfigurationAggregator");
        if (!home) {
            expect([aggregators, config]).toEqual([[], []]);
            return;
        }
        // The recovery-only eu-west-1 is linked too: it holds replicas, locked copy vaults and keys.
        expect(aggregators[0].inputs).toEqual(
            expect.objectContaining({
                linkingMode: "SPECIFIED_REGIONS",
                specifiedRegions: ["us-west-2", "eu-central-1", "eu-west-1"],
            }),
        );
        expect(config[0].inputs.accountAggregationSource).toEqual({
            accountIds: [acct],
            regions: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"],
        });
    });

    test("GuardDuty: an enabled detector, 15-minute updates, every protection plan set explicitly", () => {
        const detector = findResource(res(), "aws:guardduty/detector:Detector");
        expect(detector.inputs).toMatchObject({ enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
        const features = Object.fromEntries(
            ofType(res(), "aws:guardduty/detectorFeature:DetectorFeature").map((f) => [f.inputs.name, f.inputs.status]),
        );
        expect(features).toEqual({
            S3_DATA_EVENTS: "ENABLED",
            RDS_LOGIN_EVENTS: "ENABLED",
            LAMBDA_NETWORK_LOGS: "ENABLED",
            EBS_MALWARE_PROTECTION: "ENABLED",
            EKS_AUDIT_LOGS: "DISABLED",
            RUNTIME_MONITORING: "DISABLED",
        });
        expect(Object.keys(features).sort()).toEqual(Object.keys(GUARDDUTY_FEATURES).sort());
    });

    test("HIGH and CRITICAL findings reach the alarm topic through EventBridge, after the topic policy admits them", () => {
        const rules = Object.fromEntries(
            ofType(res(), "aws:cloudwatch/eventRule:EventRule").map((r) => [
                r.inputs.name,
                JSON.parse(String(r.inputs.eventPattern)),
            ]),
        );
        // GuardDuty's findings reach the topic through Security Hub (once each), never by a rule of their own.
        expect(Object.keys(rules)).toEqual(["baseline-securityhub-findings"]);
        expect(rules["baseline-securityhub-findings"]).toMatchObject({
            source: ["aws.securityhub"],
            "detail-type": ["Security Hub Findings - Imported"],
            detail: { findings: { Region: [region], Severity: { Label: ["HIGH", "CRITICAL"] } } },
        });
        const policy = findResource(res(), "aws:sns/topicPolicy:TopicPolicy");
        // The topic, and the findings marker (findingsRouting.test.ts), which has its own role and nothing to do with the topic.
        const targets = ofType(res(), "aws:cloudwatch/eventTarget:EventTarget").filter(
            (t) => t.inputs.targetId === "alarm-topic",
        );
        expect(targets).toHaveLength(1);
        for (const t of targets) {
            expect(t.inputs.arn).toBe(topicArn(region));
            expect(t.dependencies).toContain(policy.urn);
        }
    });

    test("RDS events (RDS.20-22) to the alarm topic, for every instance, parameter group and security group", () => {
        const subs = Object.fromEntries(
            ofType(res(), "aws:rds/eventSubscription:EventSubscription").map(
                (s) => [s.inputs.sourceType, s.inputs] as [string, Record<string, unknown>],
            ),
        );
        expect(Object.keys(subs).sort()).toEqual(["db-instance", "db-parameter-group", "db-security-group"]);
        expect(subs["db-instance"].eventCategories).toEqual(["maintenance", "configuration change", "failure"]);
        expect(subs["db-parameter-group"].eventCategories).toEqual(["configuration change"]);
        expect(subs["db-security-group"].eventCategories).toEqual(["configuration change", "failure"]);
        for (const s of Object.values(subs)) {
            expect(s.snsTopic).toBe(topicArn(region));
            expect(s.sourceIds).toBeUndefined();
        }
    });

    test("the Config bucket's server access logs go to the region's SSE-S3 log bucket the security layer owns", () => {
        const logBucket = auditAccessLogBucketName(acct, region);
        const bucket = findResource(res(), "aws:s3/bucket:Bucket", "audit-access-logs");
        expect(bucket.inputs.bucket).toBe(logBucket);
        expect(bucket.protect).toBe(true);
        expect((bucket.inputs.tags as Record<string, string>)["baseline:encryption-exemption"]).toBe("s3-server-access-logs");
        const sse = findResource(
            res(),
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "audit-access-logs-encryption",
        );
        expect(sse.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const logging = ofType(res(), "aws:s3/bucketLogging:BucketLogging");
        const sources = [names.configBucket(acct, region), ...(home ? [names.cloudTrailBucket(acct)] : [])];
        expect(logging.map((l) => [l.inputs.bucket, l.inputs.targetBucket, l.inputs.targetPrefix]).sort()).toEqual(
            sources.map((s) => [s, logBucket, `${s}/`]).sort(),
        );
        const policy = findResource(res(), "aws:s3/bucketPolicy:BucketPolicy", "audit-access-logs-policy");
        for (const l of logging) expect(l.dependencies).toContain(policy.urn);
    });

    test("no alarm subscription by default: the stack still plans", () => {
        expect(ofType(res(), "aws:sns/topicSubscription:TopicSubscription")).toEqual([]);
        expect(ofType(res(), "aws:account/alternativeContact:AlternativeContact")).toEqual([]);
    });
});

describe("CIS alarms and the trail (home region)", () => {
    const res = () => results["us-east-1"]!;

    test("all fifteen CIS v3.0.0 section 4 filters, with the benchmark's exact patterns, each alarming to the topic", () => {
        const filters = ofType(res(), "aws:cloudwatch/logMetricFilter:LogMetricFilter");
        expect(filters.map((f) => f.inputs.pattern).sort()).toEqual(
            Object.values(CIS_METRIC_FILTERS)
                .map((f) => f.pattern)
                .sort(),
        );
        expect(Object.values(CIS_METRIC_FILTERS).map((f) => f.cis)).toEqual(Array.from({ length: 15 }, (_v, i) => `4.${i + 1}`));
        for (const f of filters) expect(f.inputs.logGroupName).toBe(names.cloudTrailLogGroup);
        const alarms = ofType(res(), "aws:cloudwatch/metricAlarm:MetricAlarm");
        // Fifteen CIS alarms and the one that says the trail's events stopped reaching the group.
        expect(alarms).toHaveLength(16);
        for (const a of alarms) {
            expect(a.inputs).toMatchObject({ alarmActions: [topicArn("us-east-1")], actionsEnabled: true, threshold: 1 });
        }
        expect(alarms.find((a) => a.inputs.name === "baseline-trail-log-delivery")!.inputs).toMatchObject({
            namespace: "AWS/Logs",
            metricName: "IncomingLogEvents",
            dimensions: { LogGroupName: names.cloudTrailLogGroup },
            comparisonOperator: "LessThanThreshold",
            treatMissingData: "breaching",
        });
        // CIS 4.1 with the current benchmark pattern: log delivery's probes and HeadBucket checks are not
        // unauthorized activity, and would page someone all day.
        expect(
            findResource(res(), "aws:cloudwatch/logMetricFilter:LogMetricFilter", "cloudtrail-unauthorized-api-calls").inputs
                .pattern,
        ).toBe(
            '{(($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")) && ' +
                '(($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket"))}',
        );
        // The three that existed before keep their resource names (and, through aliases, their URNs).
        for (const n of ["root-account-usage", "unauthorized-api-calls", "iam-policy-changes"])
            expect(findResource(res(), "aws:cloudwatch/logMetricFilter:LogMetricFilter", `cloudtrail-${n}`)).toBeDefined();
    });

    test("management events go to the trail with the CIS alarms' log group; S3 data events to a trail without one", () => {
        const trails = ofType(res(), "aws:cloudtrail/trail:Trail");
        expect(trails.map((t) => t.inputs.name).sort()).toEqual([names.cloudTrail, names.cloudTrailDataEvents].sort());
        const management = trails.find((t) => t.inputs.name === names.cloudTrail)!;
        const data = trails.find((t) => t.inputs.name === names.cloudTrailDataEvents)!;
        // A trail sends every event it logs to its log group: the alarms' trail logs management events only.
        expect(management.inputs.eventSelectors).toBeUndefined();
        expect(management.inputs.advancedEventSelectors).toEqual([
            { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ]);
        expect(String(management.inputs.cloudWatchLogsGroupArn)).toContain("log-group");
        // The data trail: no log group, no management events, the same bucket and key, every region.
        expect(data.inputs.cloudWatchLogsGroupArn).toBeUndefined();
        expect(data.inputs.cloudWatchLogsRoleArn).toBeUndefined();
        expect(data.inputs).toMatchObject({
            isMultiRegionTrail: true,
            enableLogFileValidation: true,
            s3BucketName: management.inputs.s3BucketName,
            kmsKeyId: management.inputs.kmsKeyId,
        });
        // By default only the baseline's data buckets (every region) and their replicas.
        expect(data.inputs.advancedEventSelectors).toEqual([
            {
                name: "S3 data events of the baseline's data and replica buckets",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    {
                        field: "resources.ARN",
                        startsWiths: [`arn:aws:s3:::baseline-data-${acct}-`, `arn:aws:s3:::baseline-replica-${acct}-`],
                    },
                ],
            },
        ]);
        for (const r of REGIONS) {
            const objectArn = `arn:aws:s3:::${names.dataBucket(acct, r)}/some/key`;
            const prefixes = (data.inputs.advancedEventSelectors as { fieldSelectors: { startsWiths?: string[] }[] }[])[0]
                .fieldSelectors[2].startsWiths!;
            expect(prefixes.some((p) => objectArn.startsWith(p))).toBe(true);
            expect(prefixes.some((p) => `arn:aws:s3:::${names.configBucket(acct, r)}/k`.startsWith(p))).toBe(false);
        }
    });

    test("cloudTrailS3DataEvents=all widens the data trail to every bucket but the trail's own and its log bucket", async () => {
        const wide = (await run("us-east-1", { [`${PROJECT}:cloudTrailS3DataEvents`]: "all" })).resources;
        const data = ofType(wide, "aws:cloudtrail/trail:Trail").find((t) => t.inputs.name === names.cloudTrailDataEvents)!;
        expect(data.inputs.advancedEventSelectors).toEqual([
            {
                name: "S3 data events except the trail's own buckets",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    {
                        field: "resources.ARN",
                        notStartsWiths: [
                            `arn:aws:s3:::${names.cloudTrailBucket(acct)}/`,
                            `arn:aws:s3:::${auditAccessLogBucketName(acct, "us-east-1")}/`,
                        ],
                    },
                ],
            },
        ]);
        const err = await run("us-east-1", { [`${PROJECT}:cloudTrailS3DataEvents`]: "everything" }).catch((e: unknown) => e);
        expect(String(err)).toContain('cloudTrailS3DataEvents = "everything": one of baseline, all');
    });
});

describe("alarm subscriptions and the security contact from config", () => {
    test("email and https subscriptions are created per region, never auto-confirmed", async () => {
        const { resources } = await run("eu-central-1", {
            [`${PROJECT}:alarmSubscriptions`]: JSON.stringify([
                "email=secops@example.com",
                "https=https://hooks.example.com/alarms",
            ]),
        });
        const subs = ofType(resources, "aws:sns/topicSubscription:TopicSubscription");
        expect(subs.map((s) => [s.inputs.protocol, s.inputs.endpoint, s.inputs.topic, s.inputs.endpointAutoConfirms])).toEqual([
            ["email", "secops@example.com", topicArn("eu-central-1"), false],
            // A webhook URL is a credential: the endpoint is a secret (Pulumi's secret envelope under the mocks).
            [
                "https",
                {
                    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
                    value: "https://hooks.example.com/alarms",
                },
                topicArn("eu-central-1"),
                false,
            ],
        ]);
        // The webhook URL (often a credential) is not in the URN: host and a hash only.
        expect(subs[1].name).toMatch(/^alarm-subscriptions-https-hooks-example-com-[0-9a-f]{8}$/);
        expect(subs[0].name).toBe("alarm-subscriptions-email-secops-example-com");
    });

    test("the SECURITY alternate contact in the home region", async () => {
        const { resources } = await run("us-east-1", {
            [`${PROJECT}:securityContactName`]: "Security Operations",
            [`${PROJECT}:securityContactTitle`]: "SecOps",
            [`${PROJECT}:securityContactEmail`]: "secops@example.com",
            [`${PROJECT}:securityContactPhone`]: "+1 555 0100",
        });
        expect(findResource(resources, "aws:account/alternativeContact:AlternativeContact").inputs).toMatchObject({
            alternateContactType: "SECURITY",
            name: "Security Operations",
            title: "SecOps",
            emailAddress: "secops@example.com",
            phoneNumber: "+1 555 0100",
        });
    });

    test("without the securityContact* keys the home region says so (plan and preview), the others do not", async () => {
        const warn = jest.spyOn(pulumi.log, "warn");
        try {
            await run("us-east-1");
            expect(warn.mock.calls.map((c) => String(c[0]))).toContainEqual(
                expect.stringContaining("no SECURITY alternate contact (Account.1, CIS 1.2)"),
            );
            warn.mockClear();
            await run("us-east-1", {
                [`${PROJECT}:securityContactName`]: "Security Operations",
                [`${PROJECT}:securityContactTitle`]: "SecOps",
                [`${PROJECT}:securityContactEmail`]: "secops@example.com",
                [`${PROJECT}:securityContactPhone`]: "+1 555 0100",
            });
            await run("us-west-2");
            expect(warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes("SECURITY alternate contact"))).toEqual([]);
        } finally {
            warn.mockRestore();
        }
    });

    test("bad entries: one error naming the key, each refused value and what is allowed", () => {
        const src = (v: Record<string, string>) => ({ get: (k: string) => v[k] });
        const p = (k: string) => `${PROJECT}:${k}`;
        let err: Error | undefined;
        try {
            readConfig(
                src({
                    "aws:region": "us-west-2",
                    [p("alarmSubscriptions")]: JSON.stringify([
                        "sms=+15550100",
                        "email=not-an-address",
                        "https=http://plain.example.com",
                        "email=secops@example.com",
                        "email=secops@example.com",
                    ]),
                    [p("guardDutyFindingFrequency")]: "HOURLY",
                    [p("securityContactEmail")]: "secops@example.com",
                }),
                "s",
            );
        } catch (e) {
            err = e as Error;
        }
        expect(err?.name).toBe("ConfigValidationError");
        expect(err?.message).toContain("4 problems");
        expect(err?.message).toContain(`${p("alarmSubscriptions")}`);
        expect(err?.message).toContain('"sms=+15550100": <protocol>=<endpoint> with protocol email or https');
        expect(err?.message).toContain('"email=not-an-address": an email address after email=');
        expect(err?.message).toContain('"https=http://plain.example.com": an https:// URL after https=');
        expect(err?.message).toContain('"email=secops@example.com": listed twice (each endpoint once)');
        expect(err?.message).toContain(
            `${p("guardDutyFindingFrequency")} = "HOURLY": one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS`,
        );
        expect(err?.message).toContain(`${p("securityContactName")}`);
        expect(err?.message).toContain(
            "set all four of securityContactName, securityContactTitle, securityContactEmail, securityContactPhone or none",
        );
        expect(err?.message).toContain(`${p("securityContactEmail")} = "secops@example.com": unset outside us-east-1`);
    });
});

describe("who may publish to the alarm topic and use its key", () => {
    const ctx = { accountId: acct, region: "us-west-2" as const };
    const topic = topicArn("us-west-2");
    const ruleArn = (name: string, account = acct) => `arn:aws:events:us-west-2:${account}:rule/${name}`;
    const publish = (principal: string, context: Record<string, string>) =>
        simulate({ principal, action: "sns:Publish", resource: topic, resourcePolicy: alarmTopicPolicy(ctx), context });

    test("EventBridge: only the findings rule of this account", async () => {
        const tls = { "aws:SecureTransport": "true" };
        for (const rule of ["baseline-securityhub-findings"])
            expect(
                await publish("events.amazonaws.com", { ...tls, "aws:SourceAccount": acct, "aws:SourceArn": ruleArn(rule) }),
            ).toBe("Allowed");
        expect(
            await publish("events.amazonaws.com", {
                ...tls,
                "aws:SourceAccount": acct,
                "aws:SourceArn": ruleArn("someone-elses-rule"),
            }),
        ).not.toBe("Allowed");
        expect(
            await publish("events.amazonaws.com", {
                ...tls,
                "aws:SourceAccount": other,
                "aws:SourceArn": ruleArn("baseline-securityhub-findings", other),
            }),
        ).not.toBe("Allowed");
    });

    test("EventBridge: the data layer's backup-jobs rule of this account and region, by the name it is created with", async () => {
        const tls = { "aws:SecureTransport": "true" };
        // The rule does not exist yet when this policy is made (data deploys after security): it is admitted by name.
        expect(names.backupJobsRule).toBe("baseline-backup-jobs");
        expect(
            await publish("events.amazonaws.com", {
                ...tls,
                "aws:SourceAccount": acct,
                "aws:SourceArn": ruleArn(names.backupJobsRule),
            }),
        ).toBe("Allowed");
        // The same rule name in another region or account is not this topic's publisher.
        expect(
            await publish("events.amazonaws.com", {
                ...tls,
                "aws:SourceAccount": acct,
                "aws:SourceArn": `arn:aws:events:us-east-1:${acct}:rule/${names.backupJobsRule}`,
            }),
        ).not.toBe("Allowed");
        expect(
            await publish("events.amazonaws.com", {
                ...tls,
                "aws:SourceAccount": other,
                "aws:SourceArn": ruleArn(names.backupJobsRule, other),
            }),
        ).not.toBe("Allowed");
        expect(
            await publish("events.amazonaws.com", {
                "aws:SecureTransport": "false",
                "aws:SourceAccount": acct,
                "aws:SourceArn": ruleArn(names.backupJobsRule),
            }),
        ).toBe("ExplicitlyDenied");
    });

    test("RDS events: resources of this account and region only, over TLS only", async () => {
        const db = `arn:aws:rds:us-west-2:${acct}:db:${names.dbIdentifier}`;
        expect(
            await publish("events.rds.amazonaws.com", {
                "aws:SecureTransport": "true",
                "aws:SourceAccount": acct,
                "aws:SourceArn": db,
            }),
        ).toBe("Allowed");
        expect(
            await publish("events.rds.amazonaws.com", {
                "aws:SecureTransport": "true",
                "aws:SourceAccount": other,
                "aws:SourceArn": `arn:aws:rds:us-west-2:${other}:db:x`,
            }),
        ).not.toBe("Allowed");
        expect(
            await publish("events.rds.amazonaws.com", {
                "aws:SecureTransport": "false",
                "aws:SourceAccount": acct,
                "aws:SourceArn": db,
            }),
        ).toBe("ExplicitlyDenied");
    });

    test("the logs key: the same publishers may make data keys for the topic, nobody else's rules", async () => {
        const key = `arn:aws:kms:us-west-2:${acct}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const use = (principal: string, context: Record<string, string>) =>
            simulate({
                principal,
                action: "kms:GenerateDataKey",
                resource: key,
                resourcePolicy: logsKeyPolicy(ctx, { cloudTrail: false }),
                context,
            });
        // EventBridge sends no aws:SourceAccount or aws:SourceArn to KMS for an encrypted topic (SNS developer
        // guide), so its grant is conditioned on the alarm topic's encryption context alone, and the topic
        // policy says which rule publishes. The simulator drops kms:EncryptionContext keys with colons in
        // them (see stacks/log-archive/test/policies.test.ts), so the statement is asserted as written.
        const events = (logsKeyPolicy(ctx, { cloudTrail: false }).Statement as { Principal?: { Service?: string } }[]).filter(
            (st) => st.Principal?.Service === "events.amazonaws.com",
        );
        expect(events).toEqual([
            expect.objectContaining({
                Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
                Condition: {
                    StringEquals: {
                        "kms:EncryptionContext:aws:sns:topicArn": `arn:aws:sns:us-west-2:${acct}:${names.alarmTopic}`,
                    },
                },
            }),
        ]);
        expect(
            await use("events.rds.amazonaws.com", {
                "aws:SourceAccount": acct,
                "aws:SourceArn": `arn:aws:rds:us-west-2:${acct}:pg:x`,
            }),
        ).toBe("Allowed");
        expect(
            await use("events.rds.amazonaws.com", {
                "aws:SourceAccount": other,
                "aws:SourceArn": `arn:aws:rds:us-west-2:${other}:pg:x`,
            }),
        ).not.toBe("Allowed");
    });

    test("the audit log bucket: S3 logging may deliver for its source buckets only, under their prefix", async () => {
        const logBucket = auditAccessLogBucketName(acct, "us-west-2");
        const config = names.configBucket(acct, "us-west-2");
        const policy = auditAccessLogBucketPolicy(logBucket, acct, [{ bucketName: config }]);
        const put = (source: string, key: string) =>
            simulate({
                principal: "logging.s3.amazonaws.com",
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${logBucket}/${key}`,
                resourcePolicy: policy,
                context: { "aws:SecureTransport": "true", "aws:SourceAccount": acct, "aws:SourceArn": `arn:aws:s3:::${source}` },
            });
        expect(await put(config, `${config}/2026-01-01-00-00-00-ABC`)).toBe("Allowed");
        expect(await put("baseline-data-x", `${config}/2026-01-01-00-00-00-ABC`)).not.toBe("Allowed");
        expect(await put(config, "elsewhere/log")).not.toBe("Allowed");
    });
});

describe("detection in the recovery-only region eu-west-1", () => {
    let res: RecordedResource[];
    beforeAll(async () => {
        res = (
            await runStack({
                project: PROJECT,
                stack: "production-eu-west-1",
                config: { "aws:region": "eu-west-1" },
                stackOutputs: upstreamOutputsFor("security", "eu-west-1", {}),
                program: async () => (await import("../index")).default(),
            })
        ).resources;
    }, STACK_RUN_TIMEOUT_MS);

    test("records its configuration, runs GuardDuty, Security Hub with both standards, Access Analyzer and the alarm topic", () => {
        expect(findResource(res, "aws:cfg/recorder:Recorder").inputs.recordingGroup).toEqual({
            allSupported: true,
            includeGlobalResourceTypes: false,
        });
        expect(findResource(res, "aws:cfg/deliveryChannel:DeliveryChannel").inputs.s3BucketName).toBe(
            names.configBucket(acct, "eu-west-1"),
        );
        expect(findResource(res, "aws:cfg/recorderStatus:RecorderStatus").inputs.isEnabled).toBe(true);
        expect(findResource(res, "aws:guardduty/detector:Detector").inputs.enable).toBe(true);
        expect(
            ofType(res, "aws:securityhub/standardsSubscription:StandardsSubscription")
                .map((s) => s.inputs.standardsArn)
                .sort(),
        ).toEqual([
            "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
            "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
        ]);
        expect(findResource(res, "aws:accessanalyzer/analyzer:Analyzer").inputs.type).toBe("ACCOUNT");
        expect(findResource(res, "aws:sns/topic:Topic").inputs.name).toBe(names.alarmTopic);
        // Its findings reach that topic, once each.
        const rule = findResource(res, "aws:cloudwatch/eventRule:EventRule");
        expect(JSON.parse(String(rule.inputs.eventPattern)).detail.findings.Region).toEqual(["eu-west-1"]);
    });

    test("detection only: no trail (the multi-region trail covers it), no aggregators, no rules or remediations", () => {
        expect(ofType(res, "aws:cloudtrail/trail:Trail")).toEqual([]);
        expect(ofType(res, "aws:securityhub/findingAggregator:FindingAggregator")).toEqual([]);
        expect(ofType(res, "aws:cfg/configurationAggregator:ConfigurationAggregator")).toEqual([]);
        // The remediation and flow-log roles of global-iam serve the baseline regions only.
        expect(ofType(res, "aws:cfg/rule:Rule")).toEqual([]);
        expect(ofType(res, "aws:cfg/remediationConfiguration:RemediationConfiguration")).toEqual([]);
    });

    test("a region the baseline does not deploy to is refused with the regions it may use", () => {
        expect(() => readConfig({ get: (k) => (k === "aws:region" ? "ap-south-1" : undefined) })).toThrow(
            /aws:region = "ap-south-1": one of us-east-1, us-west-2, eu-central-1, eu-west-1/,
        );
    });
});
