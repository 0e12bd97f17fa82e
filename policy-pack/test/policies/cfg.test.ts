import { rulesAndRemediations } from "../../src/policies/cfg/rulesAndRemediations";
import { deliveryAndAggregation } from "../../src/policies/cfg/deliveryAndAggregation";
import { runMeaningCases } from "../meaningCases";
import { Res } from "../fixtures";
import { recorderEnabled } from "../../src/policies/cfg/recorderEnabled";
import { runResourcePolicyCases } from "../cases";

runResourcePolicyCases([
    [
        recorderEnabled,
        [
            [
                "recorder stopped",
                "recorder-status",
                { isEnabled: false },
                ["Config recorder status is not enabled: set isEnabled: true."],
            ],
            [
                "recorder limited to a hand-picked list",
                "recorder",
                { recordingGroup: { allSupported: false, resourceTypes: ["AWS::S3::Bucket"] } },
                ["Config recorder records only a list of resource types: set recordingGroup.allSupported: true."],
            ],
            [
                // @pulumi/aws's input is `recordingStrategies`, a list (types/input.d.ts, RecorderRecordingGroup).
                "an exclusion strategy passes",
                "recorder",
                {
                    recordingGroup: {
                        allSupported: false,
                        exclusionByResourceTypes: [{ resourceTypes: ["AWS::EC2::NetworkInterface"] }],
                        recordingStrategies: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
                    },
                },
                [],
            ],
            [
                "a strategy that is not the exclusion one still records a hand-picked list",
                "recorder",
                {
                    recordingGroup: {
                        allSupported: false,
                        resourceTypes: ["AWS::S3::Bucket"],
                        recordingStrategies: [{ useOnly: "INCLUSION_BY_RESOURCE_TYPES" }],
                    },
                },
                ["Config recorder records only a list of resource types: set recordingGroup.allSupported: true."],
            ],
            [
                // The name the policy used to read, which no @pulumi/aws program can set: it counts for nothing.
                "a misspelt strategy key is not an exclusion strategy",
                "recorder",
                {
                    recordingGroup: {
                        allSupported: false,
                        resourceTypes: ["AWS::S3::Bucket"],
                        recordingStrategy: [{ useOnly: "EXCLUSION_BY_RESOURCE_TYPES" }],
                    },
                },
                ["Config recorder records only a list of resource types: set recordingGroup.allSupported: true."],
            ],
        ],
    ],
]);

const rule = (name: string, sourceIdentifier: string): Res => ({
    type: "aws:cfg/rule:Rule",
    name,
    inputs: { name: `baseline-${name}`, source: { owner: "AWS", sourceIdentifier } },
});
const remediation = (configRuleName: string, patch: Record<string, unknown> = {}): Res => ({
    type: "aws:cfg/remediationConfiguration:RemediationConfiguration",
    name: "remediation",
    inputs: {
        configRuleName,
        automatic: true,
        maximumAutomaticAttempts: 5,
        targetId: "AWSConfigRemediation-RestrictBucketSSLRequestsOnly",
        ...patch,
    },
});
const detection = {
    detectionProject: "baseline-test",
    requiredConfigRules: ["S3_BUCKET_SSL_REQUESTS_ONLY", "VPC_FLOW_LOGS_ENABLED"],
    requiredRemediations: ["S3_BUCKET_SSL_REQUESTS_ONLY"],
};
const rules = [rule("ssl", "S3_BUCKET_SSL_REQUESTS_ONLY"), rule("flow", "VPC_FLOW_LOGS_ENABLED")];
runMeaningCases(
    rulesAndRemediations,
    [
        {
            title: "every rule and an automatic remediation",
            added: [...rules, remediation("baseline-ssl")],
            expected: null,
            config: detection,
        },
        {
            title: "a required rule missing",
            added: [rules[0], remediation("baseline-ssl")],
            expected: /no AWS Config rule with source VPC_FLOW_LOGS_ENABLED/,
            config: detection,
        },
        {
            title: "a rule kept by name but pointed elsewhere",
            added: [rules[0], rule("flow", "S3_BUCKET_VERSIONING_ENABLED"), remediation("baseline-ssl")],
            expected: /VPC_FLOW_LOGS_ENABLED/,
            config: detection,
        },
        {
            title: "automatic remediation off",
            added: [...rules, remediation("baseline-ssl", { automatic: false })],
            expected: /is not automatic/,
            config: { ...detection, requiredRemediations: [] },
        },
        {
            title: "a remediation for a rule that is gone",
            added: [...rules, remediation("baseline-gone")],
            expected: /targets rule baseline-gone, which the stack does not have/,
            config: { ...detection, requiredRemediations: [] },
        },
        {
            title: "a required remediation removed",
            added: rules,
            expected: /source S3_BUCKET_SSL_REQUESTS_ONLY has no automatic remediation/,
            config: detection,
        },
    ],
    true,
);

const aggregator = (regions: string[]): Res => ({
    type: "aws:cfg/configurationAggregator:ConfigurationAggregator",
    name: "agg",
    inputs: { accountAggregationSource: { accountIds: ["123456789012"], regions } },
});
const findings = (linkingMode: string, specifiedRegions?: string[]): Res => ({
    type: "aws:securityhub/findingAggregator:FindingAggregator",
    name: "agg",
    inputs: { linkingMode, ...(specifiedRegions ? { specifiedRegions } : {}) },
});
runMeaningCases(
    deliveryAndAggregation,
    [
        {
            title: "the Config aggregator covers every region, the recovery-only one included",
            added: [aggregator(["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"])],
            expected: null,
        },
        {
            title: "the Config aggregator misses regions",
            added: [aggregator(["us-east-1"])],
            expected: /does not cover us-west-2, eu-central-1, eu-west-1/,
        },
        { title: "Security Hub links all regions", added: [findings("ALL_REGIONS")], expected: null },
        {
            title: "Security Hub misses a region",
            added: [findings("SPECIFIED_REGIONS", ["us-west-2"])],
            expected: /does not link eu-central-1/,
        },
        {
            title: "Security Hub excludes a region",
            added: [findings("ALL_REGIONS_EXCEPT_SPECIFIED", ["us-west-2"])],
            expected: /does not link us-west-2/,
        },
        {
            title: "the delivery channel without its key",
            patch: ["delivery", { s3KmsKeyArn: undefined }],
            expected: /no customer-managed s3KmsKeyArn/,
        },
    ],
    true,
);
