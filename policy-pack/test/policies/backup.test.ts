import { planRetention } from "../../src/policies/backup/planRetention";
import { Res } from "../fixtures";
import { runMeaningCases } from "../meaningCases";
import { vaultLock } from "../../src/policies/backup/vaultLock";
import { runStackPolicyCases } from "../cases";
import { compliantResources, found, patched, planOf, underBaseline, without } from "../fixtures";
import { evaluatePlans, UNKNOWN_SENTINEL as UNKNOWN } from "../../src/offline";
import { planWithProvider } from "../providerPlan";
import { recoveryAlerting } from "../../src/policies/backup/recoveryAlerting";

runStackPolicyCases([
    [
        vaultLock,
        [
            ["no lock", without("vault-lock"), [["vault", "Backup vault 'vault' (baseline-backup) has no Vault Lock."]]],
            [
                "governance mode (no grace time)",
                patched("vault-lock", { changeableForDays: undefined }),
                [
                    [
                        "vault",
                        "Backup vault 'vault' (baseline-backup) lock is in governance mode: set changeableForDays for compliance mode.",
                    ],
                ],
            ],
            [
                "minimum retention under 7 days",
                patched("vault-lock", { minRetentionDays: 1 }),
                [["vault", "Backup vault 'vault' (baseline-backup) lock minRetentionDays is below 7 days."]],
            ],
            [
                "a lock of another vault",
                patched("vault-lock", { backupVaultName: "other" }),
                [["vault", "Backup vault 'vault' (baseline-backup) has no Vault Lock."]],
            ],
            ["not a recovery environment", patched("vault", { tags: { Environment: "Staging" } }, without("vault-lock")), []],
        ],
    ],
]);

describe("backup-vault-lock-compliance: Production through the provider's defaultTags", () => {
    it("judges a vault tagged Production only by its provider's defaultTags", () => {
        const resources = patched("vault", { tags: { Project: "aws-secure-baseline" } }, without("vault-lock"));
        const judge = (defaultTags: unknown) =>
            evaluatePlans([planWithProvider(resources, { region: "us-east-1", defaultTags }, ["vault"])], undefined, {
                policies: [vaultLock],
                policyPackConfig: underBaseline([vaultLock]),
            }).violations.map((v) => [v.enforcementLevel, v.message.split("\n")[0]]);
        expect(judge(JSON.stringify({ tags: { Environment: "Production" } }))).toEqual([
            ["mandatory", "Backup vault 'vault' (baseline-backup) has no Vault Lock."],
        ]);
        expect(judge(JSON.stringify({ tags: { Environment: "Development" } }))).toEqual([]);
    });
});

const plan = (rule: Record<string, unknown>): Res => ({
    type: "aws:backup/plan:Plan",
    name: "plan",
    inputs: { name: "daily", rules: [{ ruleName: "daily", targetVaultName: "v", lifecycle: { deleteAfter: 35 }, ...rule }] },
});
runMeaningCases(
    planRetention,
    [
        { title: "35 days", added: [plan({})], expected: null },
        {
            title: "1 day",
            added: [plan({ lifecycle: { deleteAfter: 1 } })],
            expected: /deletes recovery points after 1 days; the floor is 7/,
        },
        {
            title: "copies kept 1 day",
            added: [
                plan({
                    copyActions: [
                        {
                            destinationVaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:r",
                            lifecycle: { deleteAfter: 1 },
                        },
                    ],
                }),
            ],
            expected: /deletes its copies after 1 days/,
        },
        {
            title: "a selection of nothing",
            added: [
                {
                    type: "aws:backup/selection:Selection",
                    name: "sel",
                    inputs: { planId: "p", iamRoleArn: "arn:aws:iam::123456789012:role/b", resources: [] },
                },
            ],
            expected: /backs up nothing/,
        },
    ],
    true,
);

describe("backup-and-replication-alerting", () => {
    const judge = (resources: Res[], project = "baseline-data") =>
        found(
            evaluatePlans([planOf(resources, { project })], undefined, {
                policies: [recoveryAlerting],
                policyPackConfig: underBaseline([recoveryAlerting]),
            }),
        ).map(([, m]) => m);
    const TOPIC = "arn:aws:sns:us-east-1:123456789012:baseline-alarms";
    const backupPlan: Res = {
        type: "aws:backup/plan:Plan",
        name: "plan",
        inputs: { name: "daily", rules: [{ ruleName: "daily", targetVaultName: "v", lifecycle: { deleteAfter: 35 } }] },
    };
    const jobsRule = (state = "ENABLED", detailTypes = ["Backup Job State Change", "Copy Job State Change"]): Res => ({
        type: "aws:cloudwatch/eventRule:EventRule",
        name: "backup-jobs",
        inputs: {
            name: "baseline-backup-jobs",
            state,
            eventPattern: JSON.stringify({ source: ["aws.backup"], "detail-type": detailTypes, detail: { state: ["FAILED"] } }),
        },
    });
    const toTopic: Res = {
        type: "aws:cloudwatch/eventTarget:EventTarget",
        name: "backup-jobs-to-alarm-topic",
        inputs: { rule: "baseline-backup-jobs", arn: TOPIC, targetId: "alarm-topic" },
    };
    const NO_JOBS_RULE =
        "No enabled EventBridge rule sends this stack's failed AWS Backup and copy jobs (Backup Job State Change, Copy Job State Change) to an SNS topic.";
    const NO_REPLICATION_ALARM = "No alarm with actions watches AWS/S3 OperationsFailedReplication of this stack's replication.";

    it("passes the baseline's stack: replication with its failure alarm, a backup plan with its job events to the topic", () => {
        expect(judge([...compliantResources(), backupPlan, jobsRule(), toTopic])).toEqual([]);
    });
    it("reports a backup plan whose job events reach no topic, a disabled rule, and one that misses copy jobs", () => {
        expect(judge([...compliantResources(), backupPlan])).toEqual([NO_JOBS_RULE]);
        expect(judge([...compliantResources(), backupPlan, jobsRule()])).toEqual([NO_JOBS_RULE]);
        expect(judge([...compliantResources(), backupPlan, jobsRule("DISABLED"), toTopic])).toEqual([NO_JOBS_RULE]);
        expect(judge([...compliantResources(), backupPlan, jobsRule("ENABLED", ["Backup Job State Change"]), toTopic])).toEqual([
            NO_JOBS_RULE,
        ]);
    });
    it("reports replication without an alarm with actions on failed operations", () => {
        expect(judge(without("data-replication-failed"))).toEqual([NO_REPLICATION_ALARM]);
        expect(judge(patched("data-replication-failed", { alarmActions: [] }))).toEqual([NO_REPLICATION_ALARM]);
    });
    it("judges the baseline's own projects only", () => {
        expect(judge([...without("data-replication-failed"), backupPlan], "team-payments")).toEqual([]);
    });

    describe("a stack whose bucket receives replicas", () => {
        const tlsOnly = {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: ["arn:aws:s3:::replica", "arn:aws:s3:::replica/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        };
        const replicaPolicy = (statements: object[], asString = true): Res => {
            const doc = { Version: "2012-10-17", Statement: statements };
            return {
                type: "aws:s3/bucketPolicy:BucketPolicy",
                name: "replica-policy",
                inputs: { bucket: "replica", policy: asString ? JSON.stringify(doc) : doc },
            };
        };
        const onlySourceRole = {
            Sid: "OnlyTheSourceReplicationRoleReplicates",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: "arn:aws:s3:::replica/*",
            Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/replication" } },
        };
        const latencyAlarm = (inputs: Record<string, unknown> = {}): Res => ({
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "replication-latency",
            inputs: {
                namespace: "AWS/S3",
                metricName: "ReplicationLatency",
                comparisonOperator: "GreaterThanThreshold",
                evaluationPeriods: 3,
                threshold: 900,
                alarmActions: [TOPIC],
                ...inputs,
            },
        });
        const NO_LATENCY_ALARM =
            "No alarm with actions watches AWS/S3 ReplicationLatency of the replicas this stack's buckets receive (S3 publishes it in the destination's Region).";

        it("needs an alarm with actions on ReplicationLatency, its policy written as text or as an object", () => {
            expect(judge([replicaPolicy([tlsOnly, onlySourceRole])], "baseline-recovery")).toEqual([NO_LATENCY_ALARM]);
            expect(judge([replicaPolicy([tlsOnly, onlySourceRole], false)], "baseline-recovery")).toEqual([NO_LATENCY_ALARM]);
            expect(
                judge([replicaPolicy([tlsOnly, onlySourceRole]), latencyAlarm({ alarmActions: [] })], "baseline-recovery"),
            ).toEqual([NO_LATENCY_ALARM]);
            expect(
                judge([replicaPolicy([tlsOnly, onlySourceRole]), latencyAlarm({ actionsEnabled: false })], "baseline-recovery"),
            ).toEqual([NO_LATENCY_ALARM]);
            // Failed replication is watched in the source's Region: it does not stand in for the latency here.
            expect(
                judge(
                    [replicaPolicy([tlsOnly, onlySourceRole]), latencyAlarm({ metricName: "OperationsFailedReplication" })],
                    "baseline-recovery",
                ),
            ).toEqual([NO_LATENCY_ALARM]);
            expect(judge([replicaPolicy([tlsOnly, onlySourceRole]), latencyAlarm()], "baseline-recovery")).toEqual([]);
        });

        it("a TLS-only s3:* statement alone is no sign of replicas, nor is a policy unknown at preview", () => {
            expect(judge([replicaPolicy([tlsOnly])], "baseline-recovery")).toEqual([]);
            const unknownPolicy: Res = {
                type: "aws:s3/bucketPolicy:BucketPolicy",
                name: "replica-policy",
                inputs: { bucket: "replica", policy: UNKNOWN },
            };
            expect(judge([unknownPolicy], "baseline-recovery")).toEqual([]);
        });
    });
});
