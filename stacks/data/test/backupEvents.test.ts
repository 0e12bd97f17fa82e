/**
 * Which AWS Backup jobs reach the alarm topic: the backup-jobs rule's real event pattern run offline
 * (lib/src/testing/eventPattern.ts) against sample events in the format the AWS Backup developer guide
 * prints ("Monitoring AWS Backup events using Amazon EventBridge": detail-type "Backup Job State Change"
 * or "Copy Job State Change", the job's state in detail.state), and the rule and target the stack records.
 */
import { Region, names, stackName } from "@baseline/lib";
import {
    DEFAULT_ACCOUNT_ID,
    StackRunResult,
    contractFixture,
    findResource,
    matchesEventPattern,
    runStack,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import program from "../index";
import { backupJobsPattern } from "../src/backupEvents";

const acct = "111122223333";
const region = "us-west-2";
const vault = (name: string) => `arn:aws:backup:${region}:${acct}:backup-vault:${name}`;

/** The guide's Backup Job event, with the state given. */
const backupJob = (state: string, detail: Record<string, unknown> = {}) => ({
    version: "0",
    id: "710b0398-d48e-f3c3-afca-cfeb2fdaa656",
    "detail-type": "Backup Job State Change",
    source: "aws.backup",
    account: acct,
    time: "2020-07-29T20:15:26Z",
    region,
    resources: [],
    detail: {
        backupJobId: "34176239-e96d-4e1d-9fad-529dbb3c3556",
        backupVaultArn: vault(names.backupVault),
        backupVaultName: names.backupVault,
        bytesTransferred: "0",
        creationDate: "2020-07-29T20:13:07.392Z",
        iamRoleArn: `arn:aws:iam::${acct}:role/baseline/${names.backupRole(region)}`,
        resourceArn: `arn:aws:s3:::${names.dataBucket(acct, region)}`,
        resourceType: "S3",
        state,
        startBy: "2020-07-30T04:13:07.392Z",
        percentDone: 0,
        ...detail,
    },
});

/** The guide's Copy Job event: a copy from this region's vault to the partner's. */
const copyJob = (state: string) => ({
    version: "0",
    id: "4660bc92-a44d-c939-4542-cda503f14855",
    "detail-type": "Copy Job State Change",
    source: "aws.backup",
    account: acct,
    time: "2020-07-15T20:37:34Z",
    region,
    resources: [`arn:aws:rds:${region}:${acct}:snapshot:awsbackup:job-1`],
    detail: {
        copyJobId: "47C8EF56-74D8-059D-1301-C5BE1D5C926E",
        backupSizeInBytes: 22548578304,
        creationDate: "2020-07-15T20:36:13.239Z",
        iamRoleArn: `arn:aws:iam::${acct}:role/baseline/${names.backupRole(region)}`,
        resourceArn: `arn:aws:rds:${region}:${acct}:db:${names.dbIdentifier}`,
        resourceType: "RDS",
        sourceBackupVaultArn: vault(names.backupVault),
        state,
        destinationBackupVaultArn: `arn:aws:backup:us-east-1:${acct}:backup-vault:${names.recoveryVault}`,
        destinationRecoveryPointArn: {},
    },
});

describe("the backup-jobs rule's pattern against sample AWS Backup events", () => {
    const CASES: [string, object, boolean][] = [
        ["a FAILED backup job", backupJob("FAILED", { statusMessage: "Backup job failed" }), true],
        ["an ABORTED backup job", backupJob("ABORTED", { statusMessage: '"Backup job was stopped by user."' }), true],
        [
            "an EXPIRED backup job (it never started in its window)",
            backupJob("EXPIRED", { statusMessage: "Backup job failed because there was a running job for the same resource." }),
            true,
        ],
        ["a FAILED copy job to the partner's vault", copyJob("FAILED"), true],
        ["an ABORTED copy job", copyJob("ABORTED"), true],
        ["an EXPIRED copy job", copyJob("EXPIRED"), true],
        ["a COMPLETED backup job", backupJob("COMPLETED", { percentDone: 100 }), false],
        ["a RUNNING backup job", backupJob("RUNNING", { percentDone: 99 }), false],
        ["a PENDING backup job", backupJob("PENDING"), false],
        ["a CREATED backup job", backupJob("CREATED"), false],
        ["a COMPLETED copy job", copyJob("COMPLETED"), false],
        ["a RUNNING copy job", copyJob("RUNNING"), false],
        ["a CREATED copy job", copyJob("CREATED"), false],
        // A restore job reports `status`, not `state`, and is a person's own action: not forwarded.
        [
            "a FAILED restore job",
            { ...backupJob("x"), "detail-type": "Restore Job State Change", detail: { restoreJobId: "1", status: "FAILED" } },
            false,
        ],
        ["another source's event with the same detail", { ...backupJob("FAILED"), source: "aws.other" }, false],
    ];
    it.each(CASES)("%s: forwarded %s", (_what, event, expected) => {
        expect(matchesEventPattern(backupJobsPattern(), event)).toBe(expected);
    });
});

describe.each(["us-east-1", "eu-central-1"] as const)("the backup-jobs rule of data in %s", (stackRegion: Region) => {
    let run: StackRunResult;
    beforeAll(async () => {
        run = await runStack({
            project: "baseline-data",
            stack: stackName("data", stackRegion),
            config: { "aws:region": stackRegion },
            stackOutputs: upstreamOutputsFor("data", stackRegion),
            program,
        });
    });

    it("is named as the topic policy expects, enabled, and targets this region's alarm topic", () => {
        const rule = findResource(run.resources, "aws:cloudwatch/eventRule:EventRule", "backup-jobs");
        expect(rule.inputs).toMatchObject({ name: names.backupJobsRule, state: "ENABLED" });
        expect(JSON.parse(rule.inputs.eventPattern as string)).toEqual(backupJobsPattern());
        const target = findResource(run.resources, "aws:cloudwatch/eventTarget:EventTarget", "backup-jobs-to-alarm-topic");
        expect(target.inputs).toMatchObject({
            rule: names.backupJobsRule,
            arn: contractFixture("security", stackRegion).alarmTopicArn,
        });
        expect(target.inputs.arn).toBe(names.alarmTopicArn(stackRegion, DEFAULT_ACCOUNT_ID));
    });
});
