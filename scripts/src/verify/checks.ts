/**
 * The promises of a deployed baseline, checked against the live state through the AWS SDK:
 * one function per promise, each returning what it found, so the report names every broken one.
 */
import { APIGatewayClient, GetRestApisCommand, RestApi } from "@aws-sdk/client-api-gateway";
import { BackupClient, DescribeBackupVaultCommand } from "@aws-sdk/client-backup";
import { CloudTrailClient, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import {
    ConfigServiceClient,
    DescribeConfigurationRecorderStatusCommand,
    DescribeDeliveryChannelStatusCommand,
} from "@aws-sdk/client-config-service";
import {
    DescribeFlowLogsCommand,
    DescribeSecurityGroupsCommand,
    DescribeVpcsCommand,
    EC2Client,
    FlowLog,
    Vpc,
} from "@aws-sdk/client-ec2";
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand, Target } from "@aws-sdk/client-eventbridge";
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from "@aws-sdk/client-guardduty";
import { GetBucketReplicationCommand, GetObjectLockConfigurationCommand, S3Client } from "@aws-sdk/client-s3";
import { GetEnabledStandardsCommand, GetFindingsCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { DescribeStateMachineCommand, SFNClient } from "@aws-sdk/client-sfn";
import { ListSubscriptionsByTopicCommand, SNSClient } from "@aws-sdk/client-sns";
import type { RegionExpectations } from "./expectations";

export interface CheckResult {
    readonly region: string;
    /** Short name of the promise, e.g. `trail logging`. */
    readonly check: string;
    readonly ok: boolean;
    /** What was found: the reason when broken, the evidence when kept. */
    readonly detail: string;
}

/** One client of each service for one region, built by the caller (credentials, endpoint). */
export interface RegionClients {
    readonly cloudtrail: CloudTrailClient;
    readonly config: ConfigServiceClient;
    readonly guardduty: GuardDutyClient;
    readonly securityhub: SecurityHubClient;
    readonly sns: SNSClient;
    readonly eventbridge: EventBridgeClient;
    readonly sfn: SFNClient;
    readonly s3: S3Client;
    readonly backup: BackupClient;
    readonly ec2: EC2Client;
    readonly apigateway: APIGatewayClient;
}

type Check = (c: RegionClients, e: RegionExpectations) => Promise<Omit<CheckResult, "region">[]>;

const pass = (check: string, detail: string) => ({ check, ok: true, detail });
const fail = (check: string, detail: string) => ({ check, ok: false, detail });

/** An error of the call itself (not found, access denied) is a broken promise named with the error. */
function errorText(e: unknown): string {
    const err = e as { name?: string; message?: string };
    return `${err.name ?? "Error"}: ${err.message ?? String(e)}`;
}

const trail: Check = async (c, e) => {
    if (!e.trailName) return [];
    const s = await c.cloudtrail.send(new GetTrailStatusCommand({ Name: e.trailName }));
    const out = [
        s.IsLogging
            ? pass("trail logging", `${e.trailName} is logging`)
            : fail("trail logging", `${e.trailName} is not logging (StartLogging was never called or StopLogging was)`),
    ];
    // The CIS alarms read the trail's CloudWatch Logs group; a failing delivery there silences them all, and
    // GetTrailStatus reports it apart from S3's: LatestCloudWatchLogsDeliveryError "Displays any CloudWatch Logs
    // error that CloudTrail encountered when attempting to deliver logs to CloudWatch Logs" (API reference).
    if (s.LatestCloudWatchLogsDeliveryError)
        out.push(fail("trail logs delivery", `last delivery to CloudWatch Logs failed: ${s.LatestCloudWatchLogsDeliveryError}`));
    if (s.LatestDeliveryError) out.push(fail("trail delivery", `last delivery to S3 failed: ${s.LatestDeliveryError}`));
    else if (!s.LatestDeliveryTime) out.push(fail("trail delivery", `${e.trailName} has delivered no log file yet`));
    else out.push(pass("trail delivery", `last log file delivered ${s.LatestDeliveryTime.toISOString()}`));
    return out;
};

const configRecorder: Check = async (c, e) => {
    if (!e.recorderName || !e.deliveryChannelName) return [];
    const out = [];
    const { ConfigurationRecordersStatus: rs = [] } = await c.config.send(
        new DescribeConfigurationRecorderStatusCommand({ ConfigurationRecorderNames: [e.recorderName] }),
    );
    const r = rs[0];
    if (!r) out.push(fail("config recorder", `no configuration recorder ${e.recorderName}`));
    else if (!r.recording) out.push(fail("config recorder", `${e.recorderName} is not recording`));
    else if (r.lastStatus === "Failure")
        out.push(
            fail("config recorder", `${e.recorderName} recording failed: ${r.lastErrorCode ?? ""} ${r.lastErrorMessage ?? ""}`),
        );
    else out.push(pass("config recorder", `${e.recorderName} is recording`));
    const { DeliveryChannelsStatus: ds = [] } = await c.config.send(
        new DescribeDeliveryChannelStatusCommand({ DeliveryChannelNames: [e.deliveryChannelName] }),
    );
    const history = ds[0]?.configHistoryDeliveryInfo;
    if (!ds[0]) out.push(fail("config delivery", `no delivery channel ${e.deliveryChannelName}`));
    else if (history?.lastStatus !== "Success")
        out.push(
            fail(
                "config delivery",
                `last delivery of ${e.deliveryChannelName} is ${history?.lastStatus ?? "unknown"}` +
                    (history?.lastErrorMessage ? `: ${history.lastErrorMessage}` : ""),
            ),
        );
    else out.push(pass("config delivery", `last delivery succeeded ${history.lastSuccessfulTime?.toISOString() ?? ""}`.trim()));
    return out;
};

const guardDuty: Check = async (c, e) => {
    if (!e.guardDutyFeatures) return [];
    const { DetectorIds = [] } = await c.guardduty.send(new ListDetectorsCommand({}));
    if (DetectorIds.length === 0) return [fail("guardduty detector", "no GuardDuty detector in this region")];
    const d = await c.guardduty.send(new GetDetectorCommand({ DetectorId: DetectorIds[0] }));
    if (d.Status !== "ENABLED") return [fail("guardduty detector", `detector ${DetectorIds[0]} is ${d.Status ?? "in no state"}`)];
    const actual = new Map((d.Features ?? []).map((f) => [f.Name, f.Status]));
    const wrong = Object.entries(e.guardDutyFeatures)
        .filter(([name, status]) => actual.get(name as never) !== status)
        .map(([name, status]) => `${name} is ${actual.get(name as never) ?? "not set"}, expected ${status}`);
    return [
        pass("guardduty detector", `detector ${DetectorIds[0]} is ENABLED`),
        wrong.length === 0
            ? pass(
                  "guardduty features",
                  `${Object.keys(e.guardDutyFeatures).length} protection plans as the security layer sets them`,
              )
            : fail("guardduty features", wrong.join("; ")),
    ];
};

const securityHub: Check = async (c, e) => {
    if (!e.standards) return [];
    const { StandardsSubscriptions: subs = [] } = await c.securityhub.send(new GetEnabledStandardsCommand({}));
    const out = e.standards.map((s) => {
        const sub = subs.find((x) => x.StandardsArn === s.arn);
        if (!sub) return fail("securityhub standard", `${s.title} is not enabled`);
        return sub.StandardsStatus === "READY"
            ? pass("securityhub standard", `${s.title} is READY`)
            : fail("securityhub standard", `${s.title} is ${sub.StandardsStatus ?? "in no state"}, expected READY`);
    });
    // Failed controls are findings to work on, not a broken promise of the baseline: counted, not failed.
    let failed = 0;
    let token: string | undefined;
    do {
        const page = await c.securityhub.send(
            new GetFindingsCommand({
                Filters: {
                    ComplianceStatus: [{ Value: "FAILED", Comparison: "EQUALS" }],
                    RecordState: [{ Value: "ACTIVE", Comparison: "EQUALS" }],
                },
                MaxResults: 100,
                NextToken: token,
            }),
        );
        failed += page.Findings?.length ?? 0;
        token = page.NextToken;
    } while (token);
    out.push(pass("securityhub failed controls", `${failed} active finding(s) with ComplianceStatus FAILED`));
    return out;
};

const alarmSubscriptions: Check = async (c, e) => {
    if (!e.alarmTopicArn) return [];
    const subs = [];
    let token: string | undefined;
    do {
        const page = await c.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: e.alarmTopicArn, NextToken: token }));
        subs.push(...(page.Subscriptions ?? []));
        token = page.NextToken;
    } while (token);
    if (subs.length === 0) return [fail("alarm subscriptions", `${e.alarmTopicArn} has no subscription: alarms reach nobody`)];
    // SNS lists an unconfirmed subscription with the SubscriptionArn "PendingConfirmation".
    const pending = subs.filter((s) => s.SubscriptionArn === "PendingConfirmation").map((s) => `${s.Protocol}:${s.Endpoint}`);
    return [
        pending.length === 0
            ? pass("alarm subscriptions", `${subs.length} confirmed subscription(s)`)
            : fail("alarm subscriptions", `not confirmed (PendingConfirmation): ${pending.join(", ")}`),
    ];
};

/**
 * The findings rule is enabled and sends to the alarm topic, and to the marker that sets each forwarded
 * finding NOTIFIED (stacks/security/src/findingsRouting.ts): without the rule no finding reaches anyone,
 * without the marker every update of an open finding is sent again.
 */
/** An EventBridge rule's state and its targets' ARNs. */
async function ruleAndTargets(c: RegionClients, name: string): Promise<{ state?: string; arns: (string | undefined)[] }> {
    const rule = await c.eventbridge.send(new DescribeRuleCommand({ Name: name }));
    const targets: Target[] = [];
    let token: string | undefined;
    do {
        const page = await c.eventbridge.send(new ListTargetsByRuleCommand({ Rule: name, NextToken: token }));
        targets.push(...(page.Targets ?? []));
        token = page.NextToken;
    } while (token);
    return { state: rule.State, arns: targets.map((t) => t.Arn) };
}

/** The rule is ENABLED and sends to the alarm topic: `what` says what reaches nobody otherwise. */
function ruleToTopic(
    check: string,
    name: string,
    rule: { state?: string; arns: (string | undefined)[] },
    topic: string,
    what: string,
) {
    if (rule.state !== "ENABLED") return fail(check, `${name} is ${rule.state ?? "of no state"}: ${what} reach nobody`);
    return rule.arns.includes(topic)
        ? pass(check, `${name} is ENABLED and targets ${topic}`)
        : fail(check, `${name} does not target ${topic}: ${what} reach nobody`);
}

const findingsRouting: Check = async (c, e) => {
    if (!e.findingsRule || !e.alarmTopicArn || !e.findingsMarkerArn) return [];
    const rule = await ruleAndTargets(c, e.findingsRule);
    const arns = rule.arns;
    const out = [ruleToTopic("findings rule", e.findingsRule, rule, e.alarmTopicArn, "HIGH and CRITICAL findings")];
    if (!arns.includes(e.findingsMarkerArn)) {
        out.push(
            fail(
                "findings marker",
                `${e.findingsRule} does not target ${e.findingsMarkerArn}: every update of an open finding is sent again`,
            ),
        );
        return out;
    }
    let machine;
    try {
        machine = await c.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: e.findingsMarkerArn }));
    } catch (err) {
        return [...out, fail("findings marker", `${e.findingsMarkerArn}: ${errorText(err)}`)];
    }
    const level = machine.loggingConfiguration?.level ?? "OFF";
    out.push(
        machine.status !== "ACTIVE"
            ? fail("findings marker", `${e.findingsMarkerArn} is ${machine.status ?? "of no status"}`)
            : level === "OFF"
              ? fail("findings marker", `${e.findingsMarkerArn} logs nothing (level OFF): its failures would go unseen`)
              : pass("findings marker", `${e.findingsMarkerArn} is ACTIVE and logs at level ${level}`),
    );
    return out;
};

/** Failed, aborted or expired AWS Backup and copy jobs reach the alarm topic (stacks/data/src/backupEvents.ts). */
const backupJobs: Check = async (c, e) => {
    if (!e.backupJobsRule || !e.alarmTopicArn) return [];
    return [
        ruleToTopic(
            "backup jobs rule",
            e.backupJobsRule,
            await ruleAndTargets(c, e.backupJobsRule),
            e.alarmTopicArn,
            "failed backup and copy jobs",
        ),
    ];
};

const replication: Check = async (c, e) => {
    if (!e.replicatedBucket) return [];
    let cfg;
    try {
        cfg = await c.s3.send(new GetBucketReplicationCommand({ Bucket: e.replicatedBucket }));
    } catch (err) {
        return [fail("replication", `${e.replicatedBucket}: ${errorText(err)}`)];
    }
    const rules = (cfg.ReplicationConfiguration?.Rules ?? []).filter((r) => r.Status === "Enabled");
    if (rules.length === 0) return [fail("replication", `${e.replicatedBucket} has no enabled replication rule`)];
    const withoutRtc = rules.filter(
        (r) => r.Destination?.ReplicationTime?.Status !== "Enabled" || r.Destination?.Metrics?.Status !== "Enabled",
    );
    return [
        withoutRtc.length === 0
            ? pass("replication", `${e.replicatedBucket} replicates with Replication Time Control`)
            : fail(
                  "replication",
                  `${e.replicatedBucket}: rule ${withoutRtc.map((r) => r.ID ?? "(no id)").join(", ")} has no Replication Time Control (ReplicationTime and Metrics Enabled)`,
              ),
    ];
};

const objectLocks: Check = async (c, e) => {
    const want = e.deploymentMode === "rehearsal" ? "GOVERNANCE" : "COMPLIANCE";
    const out = [];
    for (const bucket of e.objectLockedBuckets) {
        let cfg;
        try {
            cfg = await c.s3.send(new GetObjectLockConfigurationCommand({ Bucket: bucket }));
        } catch (err) {
            out.push(fail("object lock", `${bucket}: ${errorText(err)}`));
            continue;
        }
        const lock = cfg.ObjectLockConfiguration;
        const mode = lock?.Rule?.DefaultRetention?.Mode;
        if (lock?.ObjectLockEnabled !== "Enabled") out.push(fail("object lock", `${bucket} has no Object Lock`));
        else if (mode !== want)
            out.push(
                fail(
                    "object lock",
                    `${bucket} locks new records in ${mode ?? "no"} mode, expected ${want} (${e.deploymentMode}` +
                        (want === "COMPLIANCE"
                            ? "; pass --rehearsal to check a rehearsal)"
                            : ": a rehearsal must stay removable)"),
                ),
            );
        else out.push(pass("object lock", `${bucket} locks new records in ${mode} mode`));
    }
    return out;
};

const vaultLocks: Check = async (c, e) => {
    const out = [];
    for (const vault of e.lockedVaults) {
        let v;
        try {
            v = await c.backup.send(new DescribeBackupVaultCommand({ BackupVaultName: vault }));
        } catch (err) {
            out.push(fail("vault lock", `${vault}: ${errorText(err)}`));
            continue;
        }
        // No LockDate: governance mode (no ChangeableForDays), removable at any time.
        const rehearsal = e.deploymentMode === "rehearsal";
        if (!v.Locked) out.push(fail("vault lock", `${vault} has no Vault Lock`));
        else if (!v.LockDate)
            out.push(
                rehearsal
                    ? pass("vault lock", `${vault} is locked in governance mode (removable, as a rehearsal must be)`)
                    : fail(
                          "vault lock",
                          `${vault} is locked in governance mode (removable), expected compliance mode (production; pass --rehearsal to check a rehearsal)`,
                      ),
            );
        else {
            const when = `${v.LockDate.getTime() <= Date.now() ? "since" : "from"} ${v.LockDate.toISOString()}`;
            out.push(
                rehearsal
                    ? fail(
                          "vault lock",
                          `${vault} is locked in compliance mode, immutable ${when}: a rehearsal must stay removable`,
                      )
                    : pass("vault lock", `${vault} is locked in compliance mode, immutable ${when}`),
            );
        }
    }
    return out;
};

const defaultSecurityGroups: Check = async (c, e) => {
    if (!e.baseline) return [];
    const { SecurityGroups: groups = [] } = await c.ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: "group-name", Values: ["default"] }] }),
    );
    const open = groups.filter((g) => (g.IpPermissions ?? []).length > 0 || (g.IpPermissionsEgress ?? []).length > 0);
    return [
        open.length === 0
            ? pass("default security groups", `${groups.length} default security group(s), no rules`)
            : fail(
                  "default security groups",
                  open
                      .map(
                          (g) =>
                              `${g.GroupId} (${g.VpcId}) has ${(g.IpPermissions ?? []).length} inbound and ${(g.IpPermissionsEgress ?? []).length} outbound rule(s)`,
                      )
                      .join("; "),
              ),
    ];
};

/**
 * Every VPC of a baseline region has an active flow log of rejected (or all) traffic that delivers (EC2.6):
 * the network layer's on its own VPC, the security layer's Config remediation (AWSSupport-EnableVPCFlowLogs) on
 * every other one, the default VPC first. A rehearsal shows here whether that remediation runs.
 */
const flowLogs: Check = async (c, e) => {
    if (!e.baseline) return [];
    const vpcs: Vpc[] = [];
    let token: string | undefined;
    do {
        const page = await c.ec2.send(new DescribeVpcsCommand({ NextToken: token }));
        vpcs.push(...(page.Vpcs ?? []));
        token = page.NextToken;
    } while (token);
    const logs: FlowLog[] = [];
    do {
        const page = await c.ec2.send(new DescribeFlowLogsCommand({ NextToken: token }));
        logs.push(...(page.FlowLogs ?? []));
        token = page.NextToken;
    } while (token);
    const problems = vpcs.flatMap((v) => {
        const mine = logs.filter((l) => l.ResourceId === v.VpcId && (l.TrafficType === "ALL" || l.TrafficType === "REJECT"));
        if (mine.some((l) => l.FlowLogStatus === "ACTIVE" && l.DeliverLogsStatus !== "FAILED")) return [];
        const failing = mine.find((l) => l.DeliverLogsStatus === "FAILED");
        return [
            failing
                ? `${v.VpcId}: flow log ${failing.FlowLogId} fails to deliver (${failing.DeliverLogsErrorMessage ?? "no message"})`
                : `${v.VpcId}${v.IsDefault ? " (default)" : ""} has no active flow log of rejected or all traffic`,
        ];
    });
    return [
        problems.length === 0
            ? pass("vpc flow logs", `${vpcs.length} VPC(s), each with an active flow log`)
            : fail("vpc flow logs", problems.join("; ")),
    ];
};

/** The resource policy pins callers to the VPC endpoint (aws:SourceVpce), as the api layer's policy does. */
function pinsVpcEndpoint(policy: string | undefined): boolean {
    if (!policy) return false;
    // API Gateway returns the policy JSON with escaped quotes.
    return policy.replace(/\\"/g, '"').includes('"aws:SourceVpce"');
}

const api: Check = async (c, e) => {
    if (!e.apiName) return [];
    const found: RestApi[] = [];
    let position: string | undefined;
    do {
        const page = await c.apigateway.send(new GetRestApisCommand({ position, limit: 500 }));
        found.push(...(page.items ?? []).filter((a) => a.name === e.apiName));
        position = page.position;
    } while (position);
    if (found.length === 0) return [fail("api", `no REST API named ${e.apiName}`)];
    return found.flatMap((a) => {
        const types = a.endpointConfiguration?.types ?? [];
        return [
            types.length === 1 && types[0] === "PRIVATE"
                ? pass("api endpoint type", `${e.apiName} (${a.id}) is PRIVATE`)
                : fail("api endpoint type", `${e.apiName} (${a.id}) is ${types.join(", ") || "of no type"}, expected PRIVATE`),
            pinsVpcEndpoint(a.policy)
                ? pass("api policy", `${e.apiName} (${a.id}) policy pins callers to the VPC endpoint (aws:SourceVpce)`)
                : fail(
                      "api policy",
                      `${e.apiName} (${a.id}) has ${a.policy ? "a policy without aws:SourceVpce" : "no resource policy"}`,
                  ),
        ];
    });
};

export const CHECKS: readonly [string, Check][] = [
    ["trail", trail],
    ["config", configRecorder],
    ["guardduty", guardDuty],
    ["securityhub", securityHub],
    ["sns", alarmSubscriptions],
    ["events", findingsRouting],
    ["backup-events", backupJobs],
    ["replication", replication],
    ["s3", objectLocks],
    ["backup", vaultLocks],
    ["ec2", defaultSecurityGroups],
    ["flow-logs", flowLogs],
    ["api", api],
];

/** Runs every check of one region; a call that fails outright is reported as that check's broken promise. */
export async function checkRegion(clients: RegionClients, e: RegionExpectations): Promise<CheckResult[]> {
    const out: CheckResult[] = [];
    for (const [name, check] of CHECKS) {
        try {
            for (const r of await check(clients, e)) out.push({ region: e.region, ...r });
        } catch (err) {
            out.push({ region: e.region, check: name, ok: false, detail: `could not be read: ${errorText(err)}` });
        }
    }
    return out;
}
