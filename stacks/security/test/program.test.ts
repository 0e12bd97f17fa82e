/** The security program for every region under the recording mock runtime. */
import { runStack, findResource, ofType, upstreamOutputsFor, RecordedResource, StackRunError } from "@baseline/lib/src/testing";
import {
    AUTOMATION_ASSUME_ROLE,
    BASELINE_TAG,
    CONTRACT_KEYS,
    isTaggable,
    names,
    Region,
    REGIONS,
    REMEDIATION_RUNBOOKS,
    RunbookId,
} from "@baseline/lib";
import { PROJECT, readConfig } from "../src/config";
import { configRules } from "../src/rules";
import { S3_ENCRYPTION_GUARD_POLICY } from "../src/s3EncryptionGuard";

/** Each beforeAll runs whole stack programs: on a loaded machine that takes longer than one test. */
const STACK_RUN_TIMEOUT_MS = 180_000;

const acct = "123456789012";
const run = (region: Region, config: Record<string, string> = {}, overrides = {}) =>
    runStack({
        project: PROJECT,
        stack: `production-${region}`,
        config: { "aws:region": region, ...config },
        stackOutputs: upstreamOutputsFor("security", region, overrides),
        program: async () => (await import("../index")).default(),
    });

const results: Partial<Record<Region, { resources: RecordedResource[]; outputs: Record<string, unknown> }>> = {};
beforeAll(async () => {
    for (const region of REGIONS) results[region] = await run(region);
}, STACK_RUN_TIMEOUT_MS);

describe.each(REGIONS)("security in %s", (region) => {
    const home = region === "us-east-1";
    const res = () => results[region]!.resources;

    test("exports exactly SecurityOutputs", () => {
        const outputs = results[region]!.outputs;
        expect(Object.keys(outputs).sort()).toEqual([...CONTRACT_KEYS.security].sort());
        expect(outputs.region).toBe(region);
        expect(outputs.alarmTopicArn).toBe(`arn:aws:sns:${region}:${acct}:${names.alarmTopic}`);
        expect(outputs.configRecorderName).toBe("baseline-recorder");
    });

    test("three rotating, protected keys with aliases", () => {
        const keys = ofType(res(), "aws:kms/key:Key");
        expect(keys).toHaveLength(3);
        for (const k of keys) {
            expect(k.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
            expect(k.protect).toBe(true);
        }
        expect(
            ofType(res(), "aws:kms/alias:Alias")
                .map((a) => a.inputs.name)
                .sort(),
        ).toEqual([names.keyAlias.data, names.keyAlias.database, names.keyAlias.logs].sort());
        const logs = JSON.parse(String(findResource(res(), "aws:kms/key:Key", "keys-logs").inputs.policy));
        const principals = logs.Statement.map((s: { Principal: { Service?: string } }) => s.Principal.Service).filter(Boolean);
        expect(principals).toEqual([
            `logs.${region}.amazonaws.com`,
            "cloudwatch.amazonaws.com",
            "config.amazonaws.com",
            "events.amazonaws.com",
            "events.rds.amazonaws.com",
            ...(home ? ["cloudtrail.amazonaws.com", "cloudtrail.amazonaws.com"] : []),
        ]);
    });

    test("encrypted alarm topic; CloudWatch of this account may publish", () => {
        const topic = findResource(res(), "aws:sns/topic:Topic");
        expect(topic.inputs.name).toBe(names.alarmTopic);
        expect(String(topic.inputs.kmsMasterKeyId)).toMatch(new RegExp(`^arn:aws:kms:${region}:${acct}:key/`));
        const policy = JSON.parse(String(findResource(res(), "aws:sns/topicPolicy:TopicPolicy").inputs.policy));
        expect(policy.Statement[0]).toMatchObject({
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": acct } },
        });
    });

    test("AWS Config: SLR recorder, global types only at home, hardened bucket, ordered for a real deploy", () => {
        const recorder = findResource(res(), "aws:cfg/recorder:Recorder");
        expect(recorder.inputs.roleArn).toMatch(/AWSServiceRoleForConfig$/);
        expect(recorder.inputs.recordingGroup).toEqual({ allSupported: true, includeGlobalResourceTypes: home });
        const bucket = findResource(res(), "aws:s3/bucket:Bucket", "config-bucket");
        expect(bucket.inputs.bucket).toBe(names.configBucket(acct, region));
        expect(bucket.protect).toBe(true);
        const channel = findResource(res(), "aws:cfg/deliveryChannel:DeliveryChannel");
        expect(channel.inputs.s3BucketName).toBe(names.configBucket(acct, region));
        expect(channel.dependencies).toEqual(
            expect.arrayContaining([
                recorder.urn,
                findResource(res(), "aws:s3/bucketPolicy:BucketPolicy", "config-bucket-policy").urn,
            ]),
        );
        const status = findResource(res(), "aws:cfg/recorderStatus:RecorderStatus");
        expect(status.inputs).toMatchObject({ isEnabled: true, name: "baseline-recorder" });
        expect(status.dependencies).toContain(channel.urn);
        for (const rule of ofType(res(), "aws:cfg/rule:Rule")) expect(rule.dependencies).toContain(status.urn);
        expect(
            findResource(res(), "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "config-bucket-ownership").inputs.rule,
        ).toEqual({ objectOwnership: "BucketOwnerEnforced" });
        expect(
            findResource(res(), "aws:s3/bucketVersioning:BucketVersioning", "config-bucket-versioning").inputs
                .versioningConfiguration,
        ).toEqual({ status: "Enabled" });
        const sse = findResource(
            res(),
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "config-bucket-encryption",
        );
        expect(
            (sse.inputs.rules as { applyServerSideEncryptionByDefault: { sseAlgorithm: string } }[])[0]
                .applyServerSideEncryptionByDefault.sseAlgorithm,
        ).toBe("aws:kms");
        expect(
            findResource(res(), "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "config-bucket-public-access-block")
                .inputs,
        ).toMatchObject({
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    test("managed rules: the regional set, plus IAM rules at home only", () => {
        const identifiers = ofType(res(), "aws:cfg/rule:Rule").map(
            (r) => (r.inputs.source as { sourceIdentifier?: string; owner: string }).sourceIdentifier ?? r.inputs.source,
        );
        const regional = [
            "S3_DEFAULT_ENCRYPTION_KMS",
            "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
            "S3_BUCKET_SSL_REQUESTS_ONLY",
            "VPC_FLOW_LOGS_ENABLED",
            "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
            "CMK_BACKING_KEY_ROTATION_ENABLED",
            "RDS_STORAGE_ENCRYPTED",
            "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
            "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
            "API_GW_EXECUTION_LOGGING_ENABLED",
            "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
        ];
        const custom = identifiers.filter((i) => typeof i !== "string") as { owner: string; customPolicyDetails: object }[];
        expect(custom).toEqual([
            expect.objectContaining({
                owner: "CUSTOM_POLICY",
                customPolicyDetails: { policyRuntime: "guard-2.x.x", policyText: S3_ENCRYPTION_GUARD_POLICY },
            }),
        ]);
        expect(identifiers.filter((i) => typeof i === "string").sort()).toEqual(
            [...regional, ...(home ? ["IAM_PASSWORD_POLICY", "ACCESS_KEYS_ROTATED"] : [])].sort(),
        );
    });

    test("S3 encryption: every bucket is reported, only the baseline's own buckets are remediated", () => {
        const rules = ofType(res(), "aws:cfg/rule:Rule");
        const rule = (n: string) => rules.find((r) => r.inputs.name === `baseline-${n}`)!;
        const remediated = rule("s3-encryption-kms-or-declared-exemption");
        // Evaluated (and so remediated) only for resources with the baseline's Project tag.
        expect(remediated.inputs.scope).toEqual({ tagKey: BASELINE_TAG.key, tagValue: BASELINE_TAG.value });
        const reporter = rule("s3-default-encryption-kms");
        // The managed rule keeps evaluating every bucket of the region, and changes none.
        expect(reporter.inputs.scope).toBeUndefined();
        const remediations = ofType(res(), "aws:cfg/remediationConfiguration:RemediationConfiguration");
        expect(remediations.filter((r) => r.parent === reporter.urn)).toEqual([]);
        expect(remediations.filter((r) => r.parent === remediated.urn).map((r) => r.inputs.targetId)).toEqual([
            "AWS-EnableS3BucketKeys",
        ]);
        // The baseline's buckets carry the tag the scope selects (the stack transform tags them all).
        for (const b of ofType(res(), "aws:s3/bucket:Bucket"))
            expect((b.inputs.tags as Record<string, string>)[BASELINE_TAG.key]).toBe(BASELINE_TAG.value);
    });

    test("remediations: automatic, the global-iam role, every runbook parameter by its exact name", () => {
        const remediations = ofType(res(), "aws:cfg/remediationConfiguration:RemediationConfiguration");
        expect(remediations).toHaveLength(home ? 9 : 8);
        // The S3 encryption runbook hangs off the Guard rule that accepts the declared exemption, not the managed rule.
        const s3 = remediations.find((r) => r.inputs.targetId === "AWS-EnableS3BucketKeys")!;
        expect(s3.parent).toBe(
            ofType(res(), "aws:cfg/rule:Rule").find((r) => r.inputs.name === "baseline-s3-encryption-kms-or-declared-exemption")!
                .urn,
        );
        for (const r of remediations) {
            const id = r.inputs.targetId as RunbookId;
            expect(REMEDIATION_RUNBOOKS[id]).toBeDefined();
            expect(r.inputs).toMatchObject({
                targetType: "SSM_DOCUMENT",
                // Every remediation runs automatically, S3 encryption included: exempt buckets are compliant with its rule.
                automatic: true,
                maximumAutomaticAttempts: 5,
                retryAttemptSeconds: 60,
            });
            const params = r.inputs.parameters as { name: string; staticValue?: string; resourceValue?: string }[];
            expect(params.map((p) => p.name).sort()).toEqual(
                [AUTOMATION_ASSUME_ROLE, ...REMEDIATION_RUNBOOKS[id].parameters].sort(),
            );
            expect(params.find((p) => p.name === AUTOMATION_ASSUME_ROLE)!.staticValue).toBe(
                `arn:aws:iam::${acct}:role/baseline-config-remediation`,
            );
            for (const p of params) expect(p.staticValue !== undefined || p.resourceValue === "RESOURCE_ID").toBe(true);
        }
        const byRunbook = Object.fromEntries(
            remediations.map((r) => [
                r.inputs.targetId,
                Object.fromEntries(
                    (r.inputs.parameters as { name: string; staticValue?: string; resourceValue?: string }[]).map((p) => [
                        p.name,
                        p.staticValue ?? p.resourceValue,
                    ]),
                ),
            ]),
        );
        expect(byRunbook["AWSSupport-EnableVPCFlowLogs"]).toMatchObject({
            ResourceIds: "RESOURCE_ID",
            TrafficType: "ALL",
            LogDestinationType: "cloud-watch-logs",
            LogDestinationARN: `arn:aws:logs:${region}:${acct}:log-group:${names.remediationFlowLogGroup(region)}`,
            DeliverLogsPermissionArn: `arn:aws:iam::${acct}:role/baseline/vpc-flow-logs`,
        });
        // The runbook's parameter is `KmsKeyId` (its document branches on that exact name); any other
        // spelling is refused or leaves the runbook on its SSE-S3 default.
        expect(Object.keys(byRunbook["AWS-EnableS3BucketKeys"]).sort()).toEqual([
            "AutomationAssumeRole",
            "BucketName",
            "KmsKeyId",
        ]);
        expect(byRunbook["AWS-EnableS3BucketKeys"].KmsKeyId).toMatch(new RegExp(`^arn:aws:kms:${region}:${acct}:key/`));
        if (home) {
            expect(byRunbook["AWSConfigRemediation-SetIAMPasswordPolicy"]).toEqual({
                AutomationAssumeRole: `arn:aws:iam::${acct}:role/baseline-config-remediation`,
                AllowUsersToChangePassword: "true",
                HardExpiry: "false",
                MaxPasswordAge: "90",
                MinimumPasswordLength: "14",
                PasswordReusePrevention: "24",
                RequireLowercaseCharacters: "true",
                RequireNumbers: "true",
                RequireSymbols: "true",
                RequireUppercaseCharacters: "true",
            });
            const rule = ofType(res(), "aws:cfg/rule:Rule").find((r) => r.inputs.name === "baseline-iam-password-policy")!;
            expect(JSON.parse(String(rule.inputs.inputParameters))).toEqual({
                RequireUppercaseCharacters: "true",
                RequireLowercaseCharacters: "true",
                RequireSymbols: "true",
                RequireNumbers: "true",
                MinimumPasswordLength: "14",
                PasswordReusePrevention: "24",
                MaxPasswordAge: "90",
            });
        } else {
            expect(byRunbook["AWSConfigRemediation-SetIAMPasswordPolicy"]).toBeUndefined();
        }
    });

    test("Access Analyzer and EBS default encryption in every region", () => {
        expect(findResource(res(), "aws:accessanalyzer/analyzer:Analyzer").inputs.type).toBe("ACCOUNT");
        expect(findResource(res(), "aws:ebs/encryptionByDefault:EncryptionByDefault").inputs.enabled).toBe(true);
    });

    test("CloudTrail only in the home region", () => {
        const trails = ofType(res(), "aws:cloudtrail/trail:Trail");
        if (!home) {
            expect(trails).toHaveLength(0);
            expect(ofType(res(), "aws:cloudwatch/metricAlarm:MetricAlarm")).toHaveLength(0);
            return;
        }
        const trail = trails.find((t) => t.inputs.name === names.cloudTrail)!;
        expect(trail.inputs).toMatchObject({
            name: names.cloudTrail,
            s3BucketName: names.cloudTrailBucket(acct),
            isMultiRegionTrail: true,
            enableLogFileValidation: true,
            cloudWatchLogsRoleArn: `arn:aws:iam::${acct}:role/baseline/cloudtrail-logs`,
        });
        expect(String(trail.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:us-east-1:/);
        expect(String(trail.inputs.cloudWatchLogsGroupArn)).toBe(
            `arn:aws:logs:us-east-1:${acct}:log-group:${names.cloudTrailLogGroup}:*`,
        );
        const group = findResource(res(), "aws:cloudwatch/logGroup:LogGroup", "cloudtrail-logs");
        expect(group.inputs).toMatchObject({ name: names.cloudTrailLogGroup, retentionInDays: 365 });
        expect(String(group.inputs.kmsKeyId)).toMatch(/^arn:aws:kms:us-east-1:/);
        expect(group.protect).toBe(true);
        expect(findResource(res(), "aws:s3/bucket:Bucket", "cloudtrail-bucket").protect).toBe(true);
        const trailPolicy = JSON.parse(
            String(findResource(res(), "aws:s3/bucketPolicy:BucketPolicy", "cloudtrail-bucket-policy").inputs.policy),
        );
        expect(trailPolicy.Statement[2].Condition.StringEquals["aws:SourceArn"]).toEqual([
            `arn:aws:cloudtrail:us-east-1:${acct}:trail/${names.cloudTrail}`,
            `arn:aws:cloudtrail:us-east-1:${acct}:trail/${names.cloudTrailDataEvents}`,
        ]);
        for (const t of trails)
            expect(t.dependencies).toContain(
                findResource(res(), "aws:s3/bucketPolicy:BucketPolicy", "cloudtrail-bucket-policy").urn,
            );
        const alarms = ofType(res(), "aws:cloudwatch/metricAlarm:MetricAlarm");
        expect(alarms).toHaveLength(16);
        for (const a of alarms) expect(a.inputs.alarmActions).toEqual([`arn:aws:sns:us-east-1:${acct}:${names.alarmTopic}`]);
    });

    test("every taggable resource is tagged Environment=Production", () => {
        const taggable = res().filter((r) => r.custom && !r.read && isTaggable(r.type));
        expect(taggable.length).toBeGreaterThan(10);
        for (const r of taggable)
            expect([r.type, r.name, (r.inputs.tags as Record<string, string> | undefined)?.Environment]).toEqual([
                r.type,
                r.name,
                "Production",
            ]);
    });
});

describe("remediationScope: baseline", () => {
    let scoped: RecordedResource[];
    beforeAll(async () => {
        scoped = (await run("us-west-2", { [`${PROJECT}:remediationScope`]: "baseline" })).resources;
    }, STACK_RUN_TIMEOUT_MS);
    const scopes = (resources: RecordedResource[]) =>
        Object.fromEntries(
            ofType(resources, "aws:cfg/rule:Rule").map((r) => [String(r.inputs.name).replace(/^baseline-/, ""), r.inputs.scope]),
        );
    const BASELINE_ONLY = { tagKey: "Project", tagValue: "aws-secure-baseline" };

    test("the rules whose remediation changes existing resources judge only the baseline's own; the rest, the account", () => {
        expect(scopes(scoped)).toEqual({
            "s3-default-encryption-kms": undefined,
            "s3-encryption-kms-or-declared-exemption": BASELINE_ONLY,
            "s3-bucket-level-public-access-prohibited": BASELINE_ONLY,
            "s3-bucket-ssl-requests-only": BASELINE_ONLY,
            // Periodic rules take no tag scope; their remediations add (a flow log, key rotation), change nothing.
            "vpc-flow-logs-enabled": undefined,
            "vpc-default-security-group-closed": BASELINE_ONLY,
            "cmk-backing-key-rotation-enabled": undefined,
            "rds-storage-encrypted": undefined,
            "rds-instance-public-access-check": BASELINE_ONLY,
            "rds-instance-deletion-protection-enabled": BASELINE_ONLY,
            "api-gw-execution-logging-enabled": undefined,
            "cloudwatch-log-group-encrypted": undefined,
        });
        // The remediations themselves are unchanged: still automatic.
        for (const r of ofType(scoped, "aws:cfg/remediationConfiguration:RemediationConfiguration"))
            expect(r.inputs.automatic).toBe(true);
    });

    test("by default every rule but the Guard one judges the whole account", () => {
        const all = scopes(results["us-west-2"]!.resources);
        expect(Object.entries(all).filter(([, scope]) => scope !== undefined)).toEqual([
            ["s3-encryption-kms-or-declared-exemption", BASELINE_ONLY],
        ]);
    });

    test("a value that is neither: one error naming the key and the values allowed", () => {
        expect(() =>
            readConfig({ get: (k: string) => ({ "aws:region": "us-west-2", [`${PROJECT}:remediationScope`]: "mine" })[k] }, "s"),
        ).toThrow(/baseline-security:remediationScope = "?mine"?.*account.*baseline/);
    });
});

test("the rule table wires only runbooks the remediation role is built from", () => {
    for (const region of REGIONS) {
        for (const rule of configRules({
            region,
            accountId: acct,
            dataKeyArn: "k",
            flowLogsRoleArn: "r",
            remediationScope: "account",
        })) {
            if (rule.remediation)
                expect(Object.keys(rule.remediation.parameters).sort()).toEqual(
                    [...REMEDIATION_RUNBOOKS[rule.remediation.runbook].parameters].sort(),
                );
        }
    }
});

describe("bad config and upstreams", () => {
    const src = (v: Record<string, string>) => ({ get: (k: string) => v[k] });
    const p = (k: string) => `${PROJECT}:${k}`;

    test("a non-home region asking for global resources, and out-of-range values: one error naming key, value and what is allowed", () => {
        let err: Error | undefined;
        try {
            readConfig(
                src({
                    "aws:region": "us-west-2",
                    [p("enableCloudTrail")]: "true",
                    [p("cloudTrailLogRetentionDays")]: "30",
                    [p("remediationMaxAttempts")]: "99",
                }),
                "s",
            );
        } catch (e) {
            err = e as Error;
        }
        expect(err?.name).toBe("ConfigValidationError");
        expect(err?.message).toContain("3 problems");
        expect(err?.message).toContain("baseline-security:enableCloudTrail = true: false outside us-east-1");
        expect(err?.message).toContain("baseline-security:cloudTrailLogRetentionDays = 30: one of 365, 400");
        expect(err?.message).toContain("baseline-security:remediationMaxAttempts = 99: from 1 to 25");
    });

    test("a missing global-iam output fails before any resource is registered", async () => {
        const err = (await run("eu-central-1", {}, { "global-iam": { configRemediationRoleArn: undefined } }).catch(
            (e) => e,
        )) as StackRunError;
        expect(err).toBeInstanceOf(StackRunError);
        expect(err.message).toContain("configRemediationRoleArn");
        expect(err.resources.filter((r) => r.custom && !r.read)).toHaveLength(0);
    });
});
