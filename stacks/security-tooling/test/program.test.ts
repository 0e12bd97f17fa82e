/** The security-tooling program (the delegated administrator) under the recording mock runtime, in the sample organization. */
import "@baseline/lib/src/testing/sampleOrganization";
import * as pulumi from "@pulumi/pulumi";
import {
    CONTRACT_KEYS,
    DISABLED_CONTROLS,
    DeployRegion,
    GUARDDUTY_FEATURES,
    contractShapeProblems,
    instancesOf,
} from "@baseline/lib";
import {
    RecordedResource,
    StackRunError,
    findResource,
    guardDutyDetectorId,
    ofType,
    runStack,
    simulate,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";
import { CONFIG_ORGANIZATIONS_POLICY_ARN, configAggregatorTrustPolicy } from "../src/organizationConfigAggregator";
import { findingFrequencyMessage } from "../src/organizationGuardDuty";

const STACK_RUN_TIMEOUT_MS = 180_000;
const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222";
const TOOLING = "333333333333";
const HOME = "us-east-1";
const REGIONS = instancesOf("security-tooling").map((i) => i.region);

const upstreams = (region: DeployRegion, overrides = {}) => ({
    ...upstreamOutputsFor("security-tooling", region, overrides, { accountId: MANAGEMENT }),
    // The log-archive stack lives in the log-archive account.
    ...upstreamOutputsFor("security-tooling", region, { organization: null, ...overrides }, { accountId: LOG_ARCHIVE }),
});
const run = (region: DeployRegion, overrides = {}, stack = `security-tooling-${region}`, config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack,
        accountId: TOOLING,
        config: { "aws:region": region, ...config },
        stackOutputs: upstreams(region, overrides),
        program: async () => (await import("../index")).default(),
    });

const results: Partial<Record<DeployRegion, { resources: RecordedResource[]; outputs: Record<string, unknown> }>> = {};
beforeAll(async () => {
    for (const region of REGIONS) results[region] = await run(region);
}, STACK_RUN_TIMEOUT_MS);

it("has a stack in every baseline and recovery-only region of the sample organization", () => {
    expect(REGIONS).toEqual(["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]);
});

describe.each(REGIONS)("security-tooling in %s", (region) => {
    const home = region === HOME;
    const res = () => results[region]!.resources;

    test("exports the contract, in the shapes consumers check", () => {
        const outputs = results[region]!.outputs;
        expect(Object.keys(outputs).sort()).toEqual([...CONTRACT_KEYS["security-tooling"]].sort());
        expect(outputs).toMatchObject({ region, delegatedAdminAccountId: TOOLING });
        expect(outputs.organizationTrailArn).toBe(
            home ? `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/baseline-organization` : "",
        );
        const aggregator = ofType(res(), "aws:securityhub/findingAggregator:FindingAggregator")[0];
        expect(outputs.findingAggregatorArn).toBe(home ? aggregator.outputs.arn : "");
        // The mock runtime gives a finding aggregator a generic ARN, not AWS's `finding-aggregator/<uuid>`
        // (the offline plan's ids come from the same mock, so it stays as it is): the shapes are checked
        // with an AWS-shaped ARN of this account in its place.
        const awsShaped = home
            ? `arn:aws:securityhub:us-east-1:${TOOLING}:finding-aggregator/a1b2c3d4-0000-4000-8000-000000000001`
            : "";
        expect(contractShapeProblems("security-tooling", { ...outputs, findingAggregatorArn: awsShaped }, { region })).toEqual(
            [],
        );
    });

    test("GuardDuty: no detector of its own; the designation's, looked up, gets the plans and the organization configuration", () => {
        // The organization layer's designation created the detector; a second CreateDetector would fail.
        expect(ofType(res(), "aws:guardduty/detector:Detector")).toEqual([]);
        // Every resource that configures GuardDuty names the looked-up detector of this account and region.
        const detectorId = guardDutyDetectorId(region, TOOLING);
        const configuring = [
            "aws:guardduty/organizationConfiguration:OrganizationConfiguration",
            "aws:guardduty/detectorFeature:DetectorFeature",
            "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature",
        ].flatMap((type) => ofType(res(), type));
        expect(configuring.length).toBe(1 + 2 * Object.keys(GUARDDUTY_FEATURES).length);
        for (const r of configuring) expect([r.name, r.inputs.detectorId]).toEqual([r.name, detectorId]);
        expect(findResource(res(), "aws:guardduty/organizationConfiguration:OrganizationConfiguration").inputs).toMatchObject({
            autoEnableOrganizationMembers: "ALL",
        });
        const org = Object.fromEntries(
            ofType(res(), "aws:guardduty/organizationConfigurationFeature:OrganizationConfigurationFeature").map((f) => [
                f.inputs.name,
                f.inputs.autoEnable,
            ]),
        );
        const own = Object.fromEntries(
            ofType(res(), "aws:guardduty/detectorFeature:DetectorFeature").map((f) => [f.inputs.name, f.inputs.status]),
        );
        expect(Object.keys(org).sort()).toEqual(Object.keys(GUARDDUTY_FEATURES).sort());
        for (const [name, spec] of Object.entries(GUARDDUTY_FEATURES)) {
            expect([name, org[name]]).toEqual([name, spec.status === "ENABLED" ? "ALL" : "NONE"]);
            expect([name, own[name]]).toEqual([name, spec.status]);
        }
        expect(org).toMatchObject({
            S3_DATA_EVENTS: "ALL",
            RDS_LOGIN_EVENTS: "ALL",
            EBS_MALWARE_PROTECTION: "ALL",
            RUNTIME_MONITORING: "NONE",
        });
    });

    test("an ORGANIZATION Access Analyzer", () => {
        expect(findResource(res(), "aws:accessanalyzer/analyzer:Analyzer").inputs).toMatchObject({
            analyzerName: "baseline-organization",
            type: "ORGANIZATION",
        });
    });

    test("no Security Hub account in any region; central configuration, aggregator, Config aggregator and the trail only at home", () => {
        // Designation enabled Security Hub at home, the root's configuration policy enables it in the linked
        // regions: EnableSecurityHub (the Account's create) would fail on either.
        expect(ofType(res(), "aws:securityhub/account:Account")).toEqual([]);
        const homeOnly = [
            "aws:securityhub/findingAggregator:FindingAggregator",
            "aws:securityhub/organizationConfiguration:OrganizationConfiguration",
            "aws:securityhub/configurationPolicy:ConfigurationPolicy",
            "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation",
            "aws:cfg/configurationAggregator:ConfigurationAggregator",
        ];
        for (const type of homeOnly) expect([type, ofType(res(), type).length]).toEqual([type, home ? 1 : 0]);
        // Outside home nothing of Security Hub at all: the configuration policy reaches those regions.
        if (!home) expect(res().filter((r) => r.type.startsWith("aws:securityhub/"))).toEqual([]);
        // The management-events trail and the S3 data-events trail.
        expect(ofType(res(), "aws:cloudtrail/trail:Trail").length).toBe(home ? 2 : 0);
        // Never a standards subscription of its own: the configuration policy owns the standards.
        expect(ofType(res(), "aws:securityhub/standardsSubscription:StandardsSubscription")).toEqual([]);
    });
});

describe("the home region's organization-wide resources", () => {
    const res = () => results[HOME]!.resources;

    test("central configuration: no auto-enable, a policy with FSBP and CIS v3.0.0 and the disabled controls, on the root", () => {
        const orgConfig = findResource(res(), "aws:securityhub/organizationConfiguration:OrganizationConfiguration");
        expect(orgConfig.inputs).toMatchObject({
            autoEnable: false,
            autoEnableStandards: "NONE",
            organizationConfiguration: { configurationType: "CENTRAL" },
        });
        const aggregator = findResource(res(), "aws:securityhub/findingAggregator:FindingAggregator");
        expect(orgConfig.dependencies).toContain(aggregator.urn);
        // What they rely on (Security Hub on in this account) is the organization stack's designation: within
        // this stack the aggregator waits for nothing, the configuration for the aggregator, the policy for that.
        expect(aggregator.dependencies).toEqual([]);
        expect(findResource(res(), "aws:securityhub/configurationPolicy:ConfigurationPolicy").dependencies).toContain(
            orgConfig.urn,
        );
        expect(aggregator.inputs).toMatchObject({
            linkingMode: "SPECIFIED_REGIONS",
            specifiedRegions: ["us-west-2", "eu-central-1", "eu-west-1"],
        });
        const policy = findResource(res(), "aws:securityhub/configurationPolicy:ConfigurationPolicy");
        const everywhere = [...new Set(DISABLED_CONTROLS.filter((d) => d.where === "everywhere").map((d) => d.control))].sort();
        expect(everywhere).toEqual(expect.arrayContaining(["EC2.10", "GuardDuty.5", "GuardDuty.11", "S3.20"]));
        expect(policy.inputs.configurationPolicy).toEqual({
            serviceEnabled: true,
            enabledStandardArns: [
                "arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
                "arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
            ],
            securityControlsConfiguration: { disabledControlIdentifiers: everywhere },
        });
        expect(
            findResource(res(), "aws:securityhub/configurationPolicyAssociation:ConfigurationPolicyAssociation").inputs,
        ).toEqual(expect.objectContaining({ targetId: "r-a1b2" }));
    });

    test("the organization trail: every account and region, validated, into the log-archive bucket with its key", () => {
        expect(findResource(res(), "aws:cloudtrail/trail:Trail", "organization-trail").inputs).toMatchObject({
            name: "baseline-organization",
            isOrganizationTrail: true,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            s3BucketName: `baseline-org-trail-${LOG_ARCHIVE}`,
            kmsKeyId: expect.stringMatching(new RegExp(`^arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/`)),
        });
    });

    test("the Config organization aggregator over every region, through a role only AWS Config assumes", async () => {
        const aggregator = findResource(res(), "aws:cfg/configurationAggregator:ConfigurationAggregator");
        const role = findResource(res(), "aws:iam/role:Role", "config-aggregator-role");
        expect(aggregator.inputs.organizationAggregationSource).toEqual({
            roleArn: `arn:aws:iam::${TOOLING}:role/baseline/baseline-config-organization-aggregator`,
            regions: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"],
        });
        expect(findResource(res(), "aws:iam/rolePolicyAttachment:RolePolicyAttachment").inputs.policyArn).toBe(
            CONFIG_ORGANIZATIONS_POLICY_ARN,
        );
        expect(JSON.parse(String(role.inputs.assumeRolePolicy))).toEqual(configAggregatorTrustPolicy());
        const assume = (principal: string) =>
            simulate({
                principal,
                action: "sts:AssumeRole",
                resource: String(role.outputs.arn),
                resourceAccount: TOOLING,
                resourcePolicy: configAggregatorTrustPolicy(),
            });
        expect(await assume("config.amazonaws.com")).toBe("Allowed");
        expect(await assume(`arn:aws:iam::${TOOLING}:role/someone`)).not.toBe("Allowed");
    });
});

it(
    "GuardDuty's publishing frequency, which the stack cannot set: said with the command when the detector differs, silent when it matches",
    async () => {
        const warn = jest.spyOn(pulumi.log, "warn");
        const said = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith("GuardDuty in "));
        try {
            // The mock's detector is the designation's, at GuardDuty's default; the config asks FIFTEEN_MINUTES.
            await run("us-west-2");
            const id = guardDutyDetectorId("us-west-2", TOOLING);
            expect(said()).toEqual([findingFrequencyMessage("us-west-2", id, "SIX_HOURS", "FIFTEEN_MINUTES")]);
            expect(said()[0]).toContain(
                `aws guardduty update-detector --detector-id ${id} --finding-publishing-frequency FIFTEEN_MINUTES --region us-west-2`,
            );
            warn.mockClear();
            await run("us-west-2", {}, undefined, { [`${PROJECT}:guardDutyFindingFrequency`]: "SIX_HOURS" });
            expect(said()).toEqual([]);
        } finally {
            warn.mockRestore();
        }
    },
    STACK_RUN_TIMEOUT_MS,
);

it(
    "refuses an organization stack from another topology, and a stack of another account",
    async () => {
        const wrong = await run(HOME, {
            organization: { accountIds: { management: MANAGEMENT, "log-archive": LOG_ARCHIVE } },
        }).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(wrong).toBeInstanceOf(StackRunError);
        expect((wrong as StackRunError).message).toContain(
            "security-tooling is 333333333333 in the topology, (absent) in the stack",
        );
        expect((wrong as StackRunError).resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
        const other = await run(HOME, {}, "payments-us-east-1").then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(String((other as Error).message)).toContain("a stack of the security-tooling account");
    },
    STACK_RUN_TIMEOUT_MS,
);
