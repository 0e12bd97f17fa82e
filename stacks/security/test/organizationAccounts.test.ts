/**
 * The security stacks of the organization's own accounts (management, log-archive, security-tooling)
 * in the sample organization: AWS Config recording and rules as in every workload account (Security
 * Hub's controls need Config in every account), and nothing that another stack of the same account
 * already creates under the same name.
 */
import "@baseline/lib/src/testing/sampleOrganization";
import { DeployRegion, auditAccessLogBucketName, markerNames, names } from "@baseline/lib";
import { RecordedResource, findResource, ofType, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";

const STACK_RUN_TIMEOUT_MS = 180_000;
const IDS = { management: "111111111111", "log-archive": "222222222222", "security-tooling": "333333333333" } as const;
type OwnAccount = keyof typeof IDS;

/** Each upstream in its own account; this account's global-iam without the workload roles, as it exports them. */
function upstreams(account: OwnAccount, region: DeployRegion) {
    const only = (layer: string) =>
        Object.fromEntries(
            ["global-iam", "organization", "log-archive", "security-tooling"].filter((l) => l !== layer).map((l) => [l, null]),
        );
    const noWorkloads = { rdsMonitoringRoleArn: "", apiGatewayCloudWatchRoleArn: "", apiLambdaRoleArn: "" };
    const of = (layer: string, accountId: string, override: Record<string, unknown> = {}) =>
        upstreamOutputsFor("security", region, { ...only(layer), [layer]: override }, { account, accountId });
    return {
        ...of("global-iam", IDS[account], noWorkloads),
        ...of("organization", IDS.management),
        ...of("log-archive", IDS["log-archive"]),
        ...of("security-tooling", IDS["security-tooling"]),
    };
}

const run = async (account: OwnAccount, region: DeployRegion): Promise<RecordedResource[]> =>
    (
        await runStack({
            project: PROJECT,
            stack: `${account}-${region}`,
            accountId: IDS[account],
            config: { "aws:region": region },
            stackOutputs: upstreams(account, region),
            program: async () => (await import("../index")).default(),
        })
    ).resources;

const runs: Partial<Record<string, RecordedResource[]>> = {};
beforeAll(async () => {
    for (const account of Object.keys(IDS) as OwnAccount[]) runs[account] = await run(account, "us-east-1");
    runs["management-eu-west-1"] = await run("management", "eu-west-1");
}, STACK_RUN_TIMEOUT_MS);

describe.each(Object.keys(IDS) as OwnAccount[])("the %s account's home-region security stack", (account) => {
    const res = () => runs[account]!;

    it("records every resource type, global ones included, on the account's service-linked role, and delivers", () => {
        const recorder = findResource(res(), "aws:cfg/recorder:Recorder");
        expect(recorder.inputs.roleArn).toBe(
            `arn:aws:iam::${IDS[account]}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
        );
        expect(recorder.inputs.recordingGroup).toMatchObject({ allSupported: true, includeGlobalResourceTypes: true });
        expect(findResource(res(), "aws:cfg/deliveryChannel:DeliveryChannel").inputs.s3BucketName).toBe(
            names.configBucket(IDS[account], "us-east-1"),
        );
        expect(findResource(res(), "aws:cfg/recorderStatus:RecorderStatus").inputs.isEnabled).toBe(true);
        expect(ofType(res(), "aws:cfg/rule:Rule").length).toBeGreaterThan(10);
    });

    it("creates no trail, detector or Security Hub account: the organization's trail and delegated administrator cover it", () => {
        for (const type of ["aws:cloudtrail/trail:Trail", "aws:guardduty/detector:Detector", "aws:securityhub/account:Account"])
            expect([type, ofType(res(), type).length]).toEqual([type, 0]);
    });
});

it("in the log-archive account, logs the Config bucket to the log-archive layer's access-log bucket instead of a second one of that name", () => {
    const res = runs["log-archive"]!;
    const shared = auditAccessLogBucketName(IDS["log-archive"], "us-east-1");
    expect(ofType(res, "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).toEqual([
        names.configBucket(IDS["log-archive"], "us-east-1"),
    ]);
    expect(findResource(res, "aws:s3/bucketLogging:BucketLogging").inputs.targetBucket).toBe(shared);
    // Every other account keeps its own, as a workload account does.
    expect(ofType(runs.management!, "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).toContain(
        auditAccessLogBucketName(IDS.management, "us-east-1"),
    );
});

it("in the security-tooling account, routes the account's own findings under names beside the organization's routing", () => {
    const res = runs["security-tooling"]!;
    const own = markerNames({ region: "us-east-1", nameSuffix: "account" });
    const organization = markerNames({ region: "us-east-1" });
    expect(findResource(res, "aws:sfn/stateMachine:StateMachine").inputs.name).toBe(own.stateMachine);
    // The security-tooling layer's routing in this account keeps the plain names (its own test pins them).
    expect([own.stateMachine, organization.stateMachine]).toEqual([
        "baseline-mark-forwarded-findings-account",
        "baseline-mark-forwarded-findings",
    ]);
    const rule = findResource(res, "aws:cloudwatch/eventRule:EventRule");
    expect(rule.inputs.name).toBe("baseline-securityhub-findings-account");
    // Its own findings only: the administrator's bus also receives every member's, which the organization's rule forwards.
    expect(JSON.parse(String(rule.inputs.eventPattern)).detail.findings.AwsAccountId).toEqual([IDS["security-tooling"]]);
    // The topic admits that rule, not the organization's.
    const topicPolicy = String(findResource(res, "aws:sns/topicPolicy:TopicPolicy").inputs.policy);
    expect(topicPolicy).toContain(
        `arn:aws:events:us-east-1:${IDS["security-tooling"]}:rule/baseline-securityhub-findings-account`,
    );
    expect(topicPolicy).not.toContain(`rule/baseline-securityhub-findings"`);
    // The other accounts keep the plain names.
    expect(findResource(runs.management!, "aws:sfn/stateMachine:StateMachine").inputs.name).toBe(organization.stateMachine);
});

it("records in the management account's recovery-only region too, without the global types and without the rules", () => {
    const res = runs["management-eu-west-1"]!;
    expect(findResource(res, "aws:cfg/recorder:Recorder").inputs.recordingGroup).toMatchObject({
        includeGlobalResourceTypes: false,
    });
    expect(ofType(res, "aws:cfg/rule:Rule")).toEqual([]);
});

it(
    "scopes the remediations that change existing resources to the baseline's own in the management account unless told otherwise",
    async () => {
        const scoped = (res: RecordedResource[]) =>
            ofType(res, "aws:cfg/rule:Rule")
                .filter((r) => r.inputs.scope !== undefined)
                .map((r) => String(r.inputs.name))
                .sort();
        const changesExisting = [
            "baseline-rds-instance-deletion-protection-enabled",
            "baseline-rds-instance-public-access-check",
            "baseline-s3-bucket-level-public-access-prohibited",
            "baseline-s3-bucket-ssl-requests-only",
            "baseline-s3-encryption-kms-or-declared-exemption",
            "baseline-vpc-default-security-group-closed",
        ];
        expect(scoped(runs.management!)).toEqual(changesExisting);
        // The accounts the organization layer creates start empty: the whole account, as in a workload account.
        for (const account of ["log-archive", "security-tooling"] as const)
            expect(scoped(runs[account]!)).toEqual(["baseline-s3-encryption-kms-or-declared-exemption"]);
        // Set explicitly, `account` reaches every resource of the management account too.
        const widened = (
            await runStack({
                project: PROJECT,
                stack: "management-us-east-1",
                accountId: IDS.management,
                config: { "aws:region": "us-east-1", [`${PROJECT}:remediationScope`]: "account" },
                stackOutputs: upstreams("management", "us-east-1"),
                program: async () => (await import("../index")).default(),
            })
        ).resources;
        expect(scoped(widened)).toEqual(["baseline-s3-encryption-kms-or-declared-exemption"]);
    },
    STACK_RUN_TIMEOUT_MS,
);
