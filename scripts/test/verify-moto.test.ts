/**
 * `npm run verify` against moto in server mode (an independent AWS emulator), not hand-written
 * mocks: the test seeds a GOOD deployed state through the AWS SDK, checks that verify passes, then
 * breaks one promise at a time and checks that verify exits 1 and names it.
 *
 * moto 5.2.6 does not implement two of the calls verify makes (its docs list the implemented
 * endpoints per service; in its source the handler raises NotImplementedError or is missing):
 * Security Hub GetEnabledStandards and AWS Config DescribeDeliveryChannelStatus. Only those two
 * calls are answered by a small interceptor in the SDK middleware, with the state the test sets.
 * moto also confirms every SNS subscription at once, so a subscription pending confirmation
 * is the one state the interceptor writes into an otherwise real ListSubscriptionsByTopic answer.
 */
import { APIGatewayClient, CreateRestApiCommand, DeleteRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import {
    BackupClient,
    CreateBackupVaultCommand,
    DeleteBackupVaultLockConfigurationCommand,
    PutBackupVaultLockConfigurationCommand,
} from "@aws-sdk/client-backup";
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand, StopLoggingCommand } from "@aws-sdk/client-cloudtrail";
import {
    ConfigServiceClient,
    PutConfigurationRecorderCommand,
    PutDeliveryChannelCommand,
    StartConfigurationRecorderCommand,
    StopConfigurationRecorderCommand,
} from "@aws-sdk/client-config-service";
import {
    AuthorizeSecurityGroupIngressCommand,
    CreateFlowLogsCommand,
    DeleteFlowLogsCommand,
    DescribeFlowLogsCommand,
    DescribeVpcsCommand,
    DescribeSecurityGroupsCommand,
    EC2Client,
    RevokeSecurityGroupEgressCommand,
} from "@aws-sdk/client-ec2";
import { CreateDetectorCommand, GuardDutyClient, ListDetectorsCommand, UpdateDetectorCommand } from "@aws-sdk/client-guardduty";
import {
    CreateBucketCommand,
    PutBucketReplicationCommand,
    PutBucketVersioningCommand,
    PutObjectLockConfigurationCommand,
    S3Client,
} from "@aws-sdk/client-s3";
import { BatchImportFindingsCommand, EnableSecurityHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import {
    DisableRuleCommand,
    EventBridgeClient,
    PutRuleCommand,
    PutTargetsCommand,
    RemoveTargetsCommand,
} from "@aws-sdk/client-eventbridge";
import { CreateStateMachineCommand, SFNClient } from "@aws-sdk/client-sfn";
import {
    CreateTopicCommand,
    ListSubscriptionsByTopicCommand,
    SNSClient,
    SubscribeCommand,
    UnsubscribeCommand,
} from "@aws-sdk/client-sns";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { HOME_REGION, names, partnerOf } from "@baseline/lib";
import { emulatorCredentials, main, parseArgs, VerifyArgs } from "../src/verify";
import type { RegionClients } from "../src/verify/checks";
import { expectationsFor } from "../src/verify/expectations";
import { MotoServer, motoInstalled, startMoto } from "../src/e2e/motoServer";

const ACCOUNT = "123456789012"; // moto's default account
const REGION = HOME_REGION;
const PARTNER = partnerOf(REGION);
const present = motoInstalled();
if (!present && process.env.CI === "true") {
    throw new Error("moto_server is not installed: CI must run `python3 -m pip install 'moto[server]==5.2.6'` (.ci/run does)");
}
if (!present) {
    console.warn(
        "SKIPPED verify-moto.test.ts: moto_server is not on PATH; install with python3 -m pip install 'moto[server]==5.2.6'",
    );
}
const describeMoto = present ? describe : describe.skip;

/** The state of the calls moto lacks, set per test. */
interface Emulated {
    standardsStatus: Record<string, string>;
    deliveryStatus: "Success" | "Failure";
    pendingSubscriptions: boolean;
    /** moto's GetTrailStatus carries no CloudWatch Logs delivery; set, the answer gets this error. */
    cloudWatchLogsDeliveryError?: string;
}
let emulated: Emulated;

function resetEmulated(): void {
    const e = expectationsFor([REGION], ACCOUNT).find((x) => x.region === REGION)!;
    emulated = {
        standardsStatus: Object.fromEntries(e.standards!.map((s) => [s.arn, "READY"])),
        deliveryStatus: "Success",
        pendingSubscriptions: false,
    };
}

/**
 * Not a mock: the JS SDK sends CloudTrail's X-Amz-Target as `CloudTrail_20131101.<Op>`, moto routes only the
 * long form of botocore's model (`com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>`); AWS accepts
 * both. The request is otherwise unchanged and moto answers it.
 */
function cloudTrailTarget(client: CloudTrailClient): CloudTrailClient {
    client.middlewareStack.add(
        (next) => async (args) => {
            const req = args.request as { headers?: Record<string, string> };
            const target = req.headers?.["x-amz-target"];
            if (target?.startsWith("CloudTrail_20131101."))
                req.headers!["x-amz-target"] = `com.amazonaws.cloudtrail.v20131101.${target}`;
            return next(args);
        },
        { step: "build", name: "motoCloudTrailTarget" },
    );
    return client;
}

/** Answers GetEnabledStandards and DescribeDeliveryChannelStatus, which moto does not implement; marks subscriptions pending on request. */
function intercept(clients: RegionClients): void {
    cloudTrailTarget(clients.cloudtrail);
    clients.cloudtrail.middlewareStack.add(
        (next, context) => async (args) => {
            const result = await next(args);
            if (context.commandName !== "GetTrailStatusCommand" || !emulated.cloudWatchLogsDeliveryError) return result;
            (result.output as { LatestCloudWatchLogsDeliveryError?: string }).LatestCloudWatchLogsDeliveryError =
                emulated.cloudWatchLogsDeliveryError;
            return result;
        },
        { step: "initialize", name: "emulateCloudWatchLogsDeliveryError" },
    );
    clients.securityhub.middlewareStack.add(
        (next, context) => async (args) => {
            if (context.commandName !== "GetEnabledStandardsCommand") return next(args);
            const StandardsSubscriptions = Object.entries(emulated.standardsStatus).map(([arn, status]) => ({
                StandardsSubscriptionArn: `${arn.replace("::standards/", `:${ACCOUNT}:subscription/`)}`,
                StandardsArn: arn,
                StandardsInput: {},
                StandardsStatus: status as "READY",
            }));
            return { output: { StandardsSubscriptions, $metadata: {} } as never, response: {} };
        },
        { step: "initialize", name: "emulateGetEnabledStandards" },
    );
    clients.config.middlewareStack.add(
        (next, context) => async (args) => {
            if (context.commandName !== "DescribeDeliveryChannelStatusCommand") return next(args);
            const DeliveryChannelsStatus = [
                {
                    name: `baseline-delivery`,
                    configHistoryDeliveryInfo: {
                        lastStatus: emulated.deliveryStatus,
                        ...(emulated.deliveryStatus === "Failure" ? { lastErrorMessage: "Access Denied" } : {}),
                        lastSuccessfulTime: new Date(),
                    },
                },
            ];
            return { output: { DeliveryChannelsStatus, $metadata: {} } as never, response: {} };
        },
        { step: "initialize", name: "emulateDescribeDeliveryChannelStatus" },
    );
    clients.sns.middlewareStack.add(
        (next, context) => async (args) => {
            const result = await next(args);
            if (context.commandName !== "ListSubscriptionsByTopicCommand" || !emulated.pendingSubscriptions) return result;
            const out = result.output as { Subscriptions?: { SubscriptionArn?: string }[] };
            for (const s of out.Subscriptions ?? []) s.SubscriptionArn = "PendingConfirmation";
            return result;
        },
        { step: "initialize", name: "emulatePendingConfirmation" },
    );
}

let moto: MotoServer;
const cfg = (region: string) => ({ region, endpoint: moto.url });

async function verify(...extra: string[]): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const io = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
    const code = await main(["--regions", REGION, "--endpoint-url", moto.url, ...extra], io, { onClients: intercept });
    return { code, out: lines.join("\n") };
}

const FEATURES = () => Object.entries(expectationsFor([REGION], ACCOUNT)[0].guardDutyFeatures!);

/** A baseline as deployed (in production mode unless told): every promise holds. */
async function seedGood(mode: "production" | "rehearsal" = "production"): Promise<void> {
    const s3 = new S3Client({ ...cfg(REGION), forcePathStyle: true });
    const trailBucket = names.cloudTrailBucket(ACCOUNT);
    await s3.send(new CreateBucketCommand({ Bucket: trailBucket, ObjectLockEnabledForBucket: true }));
    await putObjectLock(mode === "rehearsal" ? "GOVERNANCE" : "COMPLIANCE");
    const ct = cloudTrailTarget(new CloudTrailClient(cfg(REGION)));
    await ct.send(new CreateTrailCommand({ Name: names.cloudTrail, S3BucketName: trailBucket, IsMultiRegionTrail: true }));
    await ct.send(new StartLoggingCommand({ Name: names.cloudTrail }));

    const config = new ConfigServiceClient(cfg(REGION));
    const configBucket = names.configBucket(ACCOUNT, REGION);
    await s3.send(new CreateBucketCommand({ Bucket: configBucket }));
    await config.send(
        new PutConfigurationRecorderCommand({
            ConfigurationRecorder: {
                name: "baseline-recorder",
                roleARN: `arn:aws:iam::${ACCOUNT}:role/baseline/config`,
                recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
            },
        }),
    );
    await config.send(
        new PutDeliveryChannelCommand({ DeliveryChannel: { name: "baseline-delivery", s3BucketName: configBucket } }),
    );
    await config.send(new StartConfigurationRecorderCommand({ ConfigurationRecorderName: "baseline-recorder" }));

    const gd = new GuardDutyClient(cfg(REGION));
    await gd.send(
        new CreateDetectorCommand({
            Enable: true,
            Features: FEATURES().map(([Name, Status]) => ({ Name: Name as never, Status })),
        }),
    );

    const hub = new SecurityHubClient(cfg(REGION));
    await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    const now = new Date().toISOString();
    await hub.send(
        new BatchImportFindingsCommand({
            Findings: [
                {
                    SchemaVersion: "2018-10-08",
                    Id: "finding-1",
                    ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
                    GeneratorId: "security-control/S3.1",
                    AwsAccountId: ACCOUNT,
                    Types: ["Software and Configuration Checks"],
                    CreatedAt: now,
                    UpdatedAt: now,
                    Severity: { Label: "MEDIUM" },
                    Title: "S3.1",
                    Description: "S3 general purpose buckets should have block public access settings enabled",
                    Resources: [{ Type: "AwsAccountId", Id: ACCOUNT }],
                    Compliance: { Status: "FAILED" },
                    RecordState: "ACTIVE",
                },
            ],
        }),
    );

    const sns = new SNSClient(cfg(REGION));
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: names.alarmTopic }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: "email", Endpoint: "secops@example.com" }));

    // The findings rule, to the alarm topic and to the marker, as the security layer deploys them.
    const marker = await new SFNClient(cfg(REGION)).send(
        new CreateStateMachineCommand({
            name: names.findingsMarker,
            type: "EXPRESS",
            roleArn: `arn:aws:iam::${ACCOUNT}:role/baseline/${names.findingsMarkerRole(REGION)}`,
            definition: JSON.stringify({ StartAt: "MarkNotified", States: { MarkNotified: { Type: "Pass", End: true } } }),
            loggingConfiguration: {
                level: "ERROR",
                includeExecutionData: false,
                destinations: [
                    {
                        cloudWatchLogsLogGroup: {
                            logGroupArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${names.findingsMarkerLogGroup}:*`,
                        },
                    },
                ],
            },
        }),
    );
    const events = new EventBridgeClient(cfg(REGION));
    // The data layer's rule for failed backup and copy jobs, to the same topic.
    await events.send(
        new PutRuleCommand({
            Name: names.backupJobsRule,
            EventPattern: JSON.stringify({ source: ["aws.backup"] }),
            State: "ENABLED",
        }),
    );
    await events.send(new PutTargetsCommand({ Rule: names.backupJobsRule, Targets: [{ Id: "alarm-topic", Arn: TopicArn }] }));
    const rule = expectationsFor([REGION], ACCOUNT)[0].findingsRule!;
    await events.send(
        new PutRuleCommand({ Name: rule, EventPattern: JSON.stringify({ source: ["aws.securityhub"] }), State: "ENABLED" }),
    );
    await events.send(
        new PutTargetsCommand({
            Rule: rule,
            Targets: [
                { Id: "alarm-topic", Arn: TopicArn },
                {
                    Id: "mark-notified",
                    Arn: marker.stateMachineArn,
                    RoleArn: `arn:aws:iam::${ACCOUNT}:role/baseline/${names.findingsMarkerStartRole(REGION)}`,
                },
            ],
        }),
    );

    const data = names.dataBucket(ACCOUNT, REGION);
    const replica = names.replicaBucket(ACCOUNT, REGION);
    for (const [bucket, region] of [
        [data, REGION],
        [replica, PARTNER],
    ] as const) {
        const c = new S3Client({ ...cfg(region), forcePathStyle: true });
        await c.send(
            new CreateBucketCommand({
                Bucket: bucket,
                ...(region === "us-east-1" ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } }),
            }),
        );
        await c.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    }
    await putReplication(true);

    for (const [region, vault] of [
        [REGION, names.backupVault],
        [PARTNER, names.recoveryVault],
    ] as const) {
        await new BackupClient(cfg(region)).send(new CreateBackupVaultCommand({ BackupVaultName: vault }));
        await putVaultLock(region, vault, mode);
    }

    // moto's default VPC has AWS's default security group, which allows all egress: close it as the network layer does.
    const ec2 = new EC2Client(cfg(REGION));
    const { SecurityGroups = [] } = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["default"] }] }),
    );
    for (const g of SecurityGroups)
        if ((g.IpPermissionsEgress ?? []).length > 0)
            await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: g.GroupId, IpPermissions: g.IpPermissionsEgress }));

    // Every VPC has a flow log (the default VPC's comes from the security layer's remediation). To a bucket here:
    // moto checks that the destination exists, and the check reads status, not destination.
    await putFlowLogs({ LogDestinationType: "s3", LogDestination: `arn:aws:s3:::${names.dataBucket(ACCOUNT, REGION)}` });

    await createApi("PRIVATE");
}

/** Replaces every flow log of the region with one per VPC to `destination`. */
async function putFlowLogs(
    destination:
        { LogDestinationType: "s3"; LogDestination: string } | { LogDestinationType: "cloud-watch-logs"; LogGroupName: string },
): Promise<void> {
    const ec2 = new EC2Client(cfg(REGION));
    const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({}));
    if (FlowLogs.length > 0) await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: FlowLogs.map((l) => l.FlowLogId!) }));
    const { Vpcs = [] } = await ec2.send(new DescribeVpcsCommand({}));
    await ec2.send(
        new CreateFlowLogsCommand({
            ResourceType: "VPC",
            ResourceIds: Vpcs.map((v) => v.VpcId!),
            TrafficType: "ALL",
            DeliverLogsPermissionArn: `arn:aws:iam::${ACCOUNT}:role/baseline/vpc-flow-logs`,
            ...destination,
        }),
    );
}

async function putObjectLock(mode: "COMPLIANCE" | "GOVERNANCE"): Promise<void> {
    await new S3Client({ ...cfg(REGION), forcePathStyle: true }).send(
        new PutObjectLockConfigurationCommand({
            Bucket: names.cloudTrailBucket(ACCOUNT),
            ObjectLockConfiguration: { ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: mode, Days: 365 } } },
        }),
    );
}

/** Production: compliance mode after a 3-day grace period; rehearsal: governance mode (no ChangeableForDays). */
async function putVaultLock(region: string, vault: string, mode: "production" | "rehearsal"): Promise<void> {
    await new BackupClient(cfg(region)).send(
        new PutBackupVaultLockConfigurationCommand({
            BackupVaultName: vault,
            ...(mode === "production" ? { ChangeableForDays: 3 } : {}),
            MinRetentionDays: 7,
            MaxRetentionDays: 365,
        }),
    );
}

async function putReplication(rtc: boolean): Promise<void> {
    const s3 = new S3Client({ ...cfg(REGION), forcePathStyle: true });
    await s3.send(
        new PutBucketReplicationCommand({
            Bucket: names.dataBucket(ACCOUNT, REGION),
            ReplicationConfiguration: {
                Role: `arn:aws:iam::${ACCOUNT}:role/${names.replicationRole(REGION)}`,
                Rules: [
                    {
                        ID: "replicate-all",
                        Priority: 1,
                        Status: "Enabled",
                        Filter: { Prefix: "" },
                        DeleteMarkerReplication: { Status: "Enabled" },
                        Destination: {
                            Bucket: names.bucketArn(names.replicaBucket(ACCOUNT, REGION)),
                            ...(rtc
                                ? {
                                      ReplicationTime: { Status: "Enabled", Time: { Minutes: 15 } },
                                      Metrics: { Status: "Enabled", EventThreshold: { Minutes: 15 } },
                                  }
                                : {}),
                        },
                    },
                ],
            },
        }),
    );
}

async function createApi(type: "PRIVATE" | "REGIONAL"): Promise<void> {
    const api = new APIGatewayClient(cfg(REGION));
    const { items = [] } = await api.send(new GetRestApisCommand({}));
    for (const a of items.filter((x) => x.name === "baseline-api")) await api.send(new DeleteRestApiCommand({ restApiId: a.id }));
    const policy = {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Deny",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: "execute-api:/*",
                Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
            },
        ],
    };
    await api.send(
        new CreateRestApiCommand({
            name: "baseline-api",
            endpointConfiguration: {
                types: [type],
                ...(type === "PRIVATE" ? { vpcEndpointIds: ["vpce-0123456789abcdef0"] } : {}),
            },
            policy: JSON.stringify(policy),
        }),
    );
}

describeMoto("npm run verify against moto", () => {
    beforeAll(async () => {
        process.env.AWS_ACCESS_KEY_ID = "testing";
        process.env.AWS_SECRET_ACCESS_KEY = "testing";
        delete process.env.AWS_PROFILE;
        delete process.env.AWS_SESSION_TOKEN;
        moto = await startMoto();
    }, 90000);
    afterAll(async () => {
        await moto?.stop();
    });
    beforeEach(async () => {
        await moto.reset();
        resetEmulated();
        await seedGood();
    }, 60000);

    it("passes on a deployed baseline whose every promise holds, and counts the failed controls", async () => {
        const { code, out } = await verify();
        expect(out).toContain("verify PASSED");
        expect(code).toBe(0);
        expect(out).toContain("ok     trail logging: baseline-trail is logging");
        expect(out).toMatch(/ok {5}vpc flow logs: \d+ VPC\(s\), each with an active flow log/);
        expect(out).toContain(
            "ok     findings rule: baseline-securityhub-findings is ENABLED and targets arn:aws:sns:us-east-1:123456789012:baseline-alarms",
        );
        expect(out).toContain(
            "ok     backup jobs rule: baseline-backup-jobs is ENABLED and targets arn:aws:sns:us-east-1:123456789012:baseline-alarms",
        );

        expect(out).toContain(
            "ok     findings marker: arn:aws:states:us-east-1:123456789012:stateMachine:baseline-mark-forwarded-findings is ACTIVE and logs at level ERROR",
        );
        expect(out).toContain("ok     securityhub failed controls: 1 active finding(s) with ComplianceStatus FAILED");
        expect(out).toMatch(/ok {5}vault lock: baseline-recovery is locked in compliance mode/);
        expect(out).toContain(`${PARTNER} (partner region: recovery copies)`);
    }, 60000);

    const faults: [string, () => Promise<void>, RegExp][] = [
        [
            "trail delivery to CloudWatch Logs failing (emulated answer)",
            async () => {
                emulated.cloudWatchLogsDeliveryError = "AccessDeniedException";
            },
            /us-east-1 trail logs delivery: last delivery to CloudWatch Logs failed: AccessDeniedException/,
        ],
        [
            "findings rule disabled",
            async () => {
                await new EventBridgeClient(cfg(REGION)).send(new DisableRuleCommand({ Name: "baseline-securityhub-findings" }));
            },
            /us-east-1 findings rule: baseline-securityhub-findings is DISABLED: HIGH and CRITICAL findings reach nobody/,
        ],
        [
            "backup jobs rule disabled",
            async () => {
                await new EventBridgeClient(cfg(REGION)).send(new DisableRuleCommand({ Name: names.backupJobsRule }));
            },
            /us-east-1 backup jobs rule: baseline-backup-jobs is DISABLED: failed backup and copy jobs reach nobody/,
        ],
        [
            "findings marker no longer a target",
            async () => {
                await new EventBridgeClient(cfg(REGION)).send(
                    new RemoveTargetsCommand({ Rule: "baseline-securityhub-findings", Ids: ["mark-notified"] }),
                );
            },
            /us-east-1 findings marker: baseline-securityhub-findings does not target arn:aws:states:us-east-1:123456789012:stateMachine:baseline-mark-forwarded-findings: every update of an open finding is sent again/,
        ],
        [
            "trail stopped",
            async () => {
                await cloudTrailTarget(new CloudTrailClient(cfg(REGION))).send(
                    new StopLoggingCommand({ Name: names.cloudTrail }),
                );
            },
            /us-east-1 trail logging: baseline-trail is not logging/,
        ],
        [
            "recorder off",
            async () => {
                await new ConfigServiceClient(cfg(REGION)).send(
                    new StopConfigurationRecorderCommand({ ConfigurationRecorderName: "baseline-recorder" }),
                );
            },
            /us-east-1 config recorder: baseline-recorder is not recording/,
        ],
        [
            "config delivery failing (emulated call)",
            async () => {
                emulated.deliveryStatus = "Failure";
            },
            /us-east-1 config delivery: last delivery of baseline-delivery is Failure: Access Denied/,
        ],
        [
            "detector disabled",
            async () => {
                const gd = new GuardDutyClient(cfg(REGION));
                const { DetectorIds = [] } = await gd.send(new ListDetectorsCommand({}));
                await gd.send(new UpdateDetectorCommand({ DetectorId: DetectorIds[0], Enable: false }));
            },
            /us-east-1 guardduty detector: detector \S+ is DISABLED/,
        ],
        [
            "a protection plan turned off",
            async () => {
                const gd = new GuardDutyClient(cfg(REGION));
                const { DetectorIds = [] } = await gd.send(new ListDetectorsCommand({}));
                await gd.send(
                    new UpdateDetectorCommand({
                        DetectorId: DetectorIds[0],
                        Features: FEATURES().map(([Name, Status]) => ({
                            Name: Name as never,
                            Status: Name === "S3_DATA_EVENTS" ? "DISABLED" : Status,
                        })),
                    }),
                );
            },
            /us-east-1 guardduty features: S3_DATA_EVENTS is DISABLED, expected ENABLED/,
        ],
        [
            "a standard not ready (emulated call)",
            async () => {
                const arn = Object.keys(emulated.standardsStatus).find((a) => a.includes("cis-aws"))!;
                emulated.standardsStatus[arn] = "INCOMPLETE";
            },
            /us-east-1 securityhub standard: CIS AWS Foundations Benchmark v3.0.0 is INCOMPLETE, expected READY/,
        ],
        [
            "no subscription",
            async () => {
                const sns = new SNSClient(cfg(REGION));
                const TopicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:${names.alarmTopic}`;
                const { Subscriptions = [] } = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
                for (const s of Subscriptions) await sns.send(new UnsubscribeCommand({ SubscriptionArn: s.SubscriptionArn }));
            },
            /us-east-1 alarm subscriptions: arn:aws:sns:us-east-1:123456789012:baseline-alarms has no subscription/,
        ],
        [
            "subscription pending confirmation (emulated state)",
            async () => {
                emulated.pendingSubscriptions = true;
            },
            /us-east-1 alarm subscriptions: not confirmed \(PendingConfirmation\): email:secops@example.com/,
        ],
        [
            "replication without RTC",
            () => putReplication(false),
            /us-east-1 replication: baseline-data-123456789012-us-east-1: rule replicate-all has no Replication Time Control/,
        ],
        [
            "vault lock removed",
            async () => {
                await new BackupClient(cfg(PARTNER)).send(
                    new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: names.recoveryVault }),
                );
            },
            new RegExp(`${PARTNER} vault lock: baseline-recovery has no Vault Lock`),
        ],
        [
            "Object Lock in GOVERNANCE mode in production",
            () => putObjectLock("GOVERNANCE"),
            /us-east-1 object lock: baseline-cloudtrail-123456789012 locks new records in GOVERNANCE mode, expected COMPLIANCE/,
        ],
        [
            "a vault lock in governance mode in production",
            async () => {
                const b = new BackupClient(cfg(PARTNER));
                await b.send(new DeleteBackupVaultLockConfigurationCommand({ BackupVaultName: names.recoveryVault }));
                await putVaultLock(PARTNER, names.recoveryVault, "rehearsal");
            },
            new RegExp(
                `${PARTNER} vault lock: baseline-recovery is locked in governance mode \\(removable\\), expected compliance mode`,
            ),
        ],
        [
            "default security group with a rule",
            async () => {
                const ec2 = new EC2Client(cfg(REGION));
                const { SecurityGroups = [] } = await ec2.send(
                    new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["default"] }] }),
                );
                await ec2.send(
                    new AuthorizeSecurityGroupIngressCommand({
                        GroupId: SecurityGroups[0].GroupId,
                        IpPermissions: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
                    }),
                );
            },
            /us-east-1 default security groups: sg-\S+ \(vpc-\S+\) has 1 inbound and 0 outbound rule\(s\)/,
        ],
        [
            "a VPC without a flow log (the remediation did not run)",
            async () => {
                const ec2 = new EC2Client(cfg(REGION));
                const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({}));
                await ec2.send(new DeleteFlowLogsCommand({ FlowLogIds: FlowLogs.map((l) => l.FlowLogId!) }));
            },
            /us-east-1 vpc flow logs: vpc-\S+ \(default\) has no active flow log of rejected or all traffic/,
        ],
        [
            "a VPC's flow log that cannot deliver (its log group is gone)",
            () =>
                putFlowLogs({
                    LogDestinationType: "cloud-watch-logs",
                    LogGroupName: names.remediationFlowLogGroup(REGION),
                }),
            /us-east-1 vpc flow logs: vpc-\S+: flow log fl-\S+ fails to deliver \(Access error\)/,
        ],
        [
            "API not PRIVATE",
            () => createApi("REGIONAL"),
            /us-east-1 api endpoint type: baseline-api \(\S+\) is REGIONAL, expected PRIVATE/,
        ],
    ];

    it("passes a rehearsal with --rehearsal, and names its removable locks without it", async () => {
        await moto.reset();
        resetEmulated();
        await seedGood("rehearsal");
        const rehearsal = await verify("--rehearsal");
        expect(rehearsal.out).toContain("verify PASSED");
        expect(rehearsal.out).toContain("(deployment mode rehearsal)");
        expect(rehearsal.out).toContain(
            "ok     vault lock: baseline-backup is locked in governance mode (removable, as a rehearsal must be)",
        );
        expect(rehearsal.code).toBe(0);
        const asProduction = await verify();
        expect(asProduction.code).toBe(1);
        expect(asProduction.out).toContain("verify FAILED: 3 broken promise(s):");
        expect(asProduction.out).toMatch(/us-east-1 object lock: \S+ locks new records in GOVERNANCE mode, expected COMPLIANCE/);
        expect(asProduction.out).toMatch(/us-east-1 vault lock: baseline-backup is locked in governance mode \(removable\)/);
        expect(asProduction.out).toMatch(new RegExp(`${PARTNER} vault lock: baseline-recovery is locked in governance mode`));
    }, 60000);

    it("names a compliance lock in an account checked as a rehearsal: it could not be destroyed", async () => {
        const { code, out } = await verify("--rehearsal");
        expect(code).toBe(1);
        expect(out).toMatch(
            /vault lock: baseline-backup is locked in compliance mode, immutable from \S+: a rehearsal must stay removable/,
        );
        expect(out).toMatch(/object lock: \S+ locks new records in COMPLIANCE mode, expected GOVERNANCE/);
    }, 60000);

    it.each(faults)(
        "names the broken promise: %s",
        async (_title, breakIt, expected) => {
            await breakIt();
            const { code, out } = await verify();
            expect(out).toContain("verify FAILED: 1 broken promise(s):");
            expect(out).toMatch(expected);
            expect(code).toBe(1);
        },
        60000,
    );
});

describe("npm run verify arguments", () => {
    it.each([
        [["--regions", "us-east-1,mars-1"], "verify: --regions us-east-1,mars-1: mars-1 not a baseline region"],
        [["--endpoint-url", "localhost:5000"], "verify: --endpoint-url localhost:5000: an http:// or https:// URL"],
        [["--account", "12345"], "verify: --account 12345: a 12-digit AWS account id"],
        [["--region", "us-east-1"], "verify: unknown option --region"],
    ])("refuses %j with one clear error", async (argv, message) => {
        const errors: string[] = [];
        const code = await main(argv, { log: () => undefined, error: (l) => errors.push(l) });
        expect(code).toBe(2);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(message);
    });
});

describe("npm run verify credentials", () => {
    const saved = { ...process.env };
    let dir: string;
    beforeEach(() => {
        // No credentials anywhere the SDK looks: no keys or profile in the environment, empty files, no instance metadata.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-creds-"));
        for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"])
            delete process.env[k];
        process.env.AWS_CONFIG_FILE = path.join(dir, "config");
        process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, "credentials");
        fs.writeFileSync(process.env.AWS_CONFIG_FILE, "");
        fs.writeFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, "");
        process.env.AWS_EC2_METADATA_DISABLED = "true";
    });
    afterEach(() => {
        process.env = { ...saved };
        fs.rmSync(dir, { recursive: true, force: true });
    });

    async function run(argv: string[]): Promise<{ code: number; out: string[]; errors: string[] }> {
        const out: string[] = [];
        const errors: string[] = [];
        const code = await main(argv, { log: (l) => out.push(l), error: (l) => errors.push(l) });
        return { code, out, errors };
    }

    it.each([
        [["--profile", "nosuch"], "(profile nosuch, region us-east-1)"],
        [
            ["--profile", "nosuch", "--account", ACCOUNT, "--endpoint-url", "http://127.0.0.1:9"],
            "(profile nosuch, region us-east-1, endpoint http://127.0.0.1:9)",
        ],
    ])("a profile that cannot be loaded is one error naming it, the region and the endpoint: %j", async (argv, where) => {
        const r = await run(argv);
        expect([r.code, r.out, r.errors.length]).toEqual([1, [], 1]);
        const text = r.errors[0].replace(/\s+/g, " ");
        expect(text).toContain(`verify: cannot load credentials ${where}: `);
        expect(text).toContain(
            "check that profile nosuch is in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles)",
        );
    });

    it("a profile from AWS_PROFILE that cannot be loaded is named too, as AWS_PROFILE's", async () => {
        process.env.AWS_PROFILE = "nosuch";
        const r = await run([]);
        expect([r.code, r.out, r.errors.length]).toEqual([1, [], 1]);
        const text = r.errors[0].replace(/\s+/g, " ");
        expect(text).toContain("verify: cannot load credentials (the SDK's default credential chain, region us-east-1): ");
        expect(text).toContain(
            "check that profile nosuch (AWS_PROFILE) is in ~/.aws/config or ~/.aws/credentials (aws configure list-profiles) " +
                "and its credentials are current (aws sso login --profile nosuch)",
        );
    });

    it("an emulator on this machine needs no credentials: the calls are signed with dummy ones", async () => {
        const authorizations: string[] = [];
        const server = http.createServer((req, res) => {
            authorizations.push(String(req.headers.authorization ?? ""));
            let body = "";
            req.on("data", (c: Buffer) => (body += c.toString()));
            req.on("end", () => {
                if (!body.includes("Action=GetCallerIdentity")) {
                    res.writeHead(403, { "content-type": "application/json" }).end('{"message":"denied"}');
                    return;
                }
                res.writeHead(200, { "content-type": "text/xml" }).end(
                    '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
                        "<Arn>arn:aws:iam::111122223333:user/emulated</Arn><UserId>AIDAEMULATED</UserId><Account>111122223333</Account>" +
                        "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>",
                );
            });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
        try {
            const r = await run(["--regions", REGION, "--endpoint-url", url]);
            // The account came from the emulator's STS; the checks then met its refusals (that part is moto's test).
            expect(r.errors).toEqual([]);
            expect(r.out[0]).toBe(`verifying the baseline in account 111122223333 at ${url} (deployment mode production)`);
            expect(authorizations.length).toBeGreaterThan(1);
            for (const a of authorizations) expect(a).toMatch(/^AWS4-HMAC-SHA256 Credential=testing\//);
        } finally {
            await new Promise((resolve) => server.close(resolve));
        }
    }, 60000);

    it("uses dummy credentials only for a loopback endpoint without --profile or credentials in the environment", () => {
        const args = (...argv: string[]) => parseArgs(argv) as VerifyArgs;
        const dummy = { accessKeyId: "testing", secretAccessKey: "testing" };
        expect(emulatorCredentials(args("--endpoint-url", "http://127.0.0.1:5000"), {})).toEqual(dummy);
        expect(emulatorCredentials(args("--endpoint-url", "http://localhost:5000"), {})).toEqual(dummy);
        expect(emulatorCredentials(args("--endpoint-url", "http://[::1]:5000"), {})).toEqual(dummy);
        expect(emulatorCredentials(args("--endpoint-url", "https://emulator.example.com"), {})).toBeUndefined();
        expect(emulatorCredentials(args("--endpoint-url", "http://127.0.0.1:5000", "--profile", "p"), {})).toBeUndefined();
        expect(emulatorCredentials(args("--endpoint-url", "http://127.0.0.1:5000"), { AWS_ACCESS_KEY_ID: "k" })).toBeUndefined();
        expect(emulatorCredentials(args("--endpoint-url", "http://127.0.0.1:5000"), { AWS_PROFILE: "p" })).toBeUndefined();
        expect(emulatorCredentials(args(), {})).toBeUndefined();
    });
});
