/**
 * What the baseline turns on in GuardDuty and Security Hub, as data: the security layer applies it
 * to its own account, and in organization mode the security-tooling layer (the delegated
 * administrator) applies the same data to every member account, so the two cannot drift.
 */
import { DeployRegion, HOME_REGION } from "./environment";

/** Valid `findingPublishingFrequency` values of a GuardDuty detector. */
export const FINDING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingFrequency = (typeof FINDING_FREQUENCIES)[number];

export interface GuardDutyFeature {
    readonly status: "ENABLED" | "DISABLED";
    readonly why: string;
    /**
     * The FSBP controls that check this feature. A feature turned off fails them in every region
     * whatever runs there, so they are disabled in Security Hub with `why` as the reason (securityHub.ts).
     */
    readonly controls: readonly string[];
}

/**
 * Every GuardDuty protection plan, set explicitly (a detector created by the API gets some of them by
 * default), each with the reason. Names are the `aws.guardduty.DetectorFeature` names; only one of
 * EKS_RUNTIME_MONITORING and RUNTIME_MONITORING may be set, so the newer RUNTIME_MONITORING stands for both.
 */
export const GUARDDUTY_FEATURES: Readonly<Record<string, GuardDutyFeature>> = {
    S3_DATA_EVENTS: {
        status: "ENABLED",
        why: "S3 Protection: the data, access-log and audit buckets (GuardDuty.10).",
        controls: ["GuardDuty.10"],
    },
    RDS_LOGIN_EVENTS: {
        status: "ENABLED",
        why: "RDS Protection: login activity of the PostgreSQL instance (GuardDuty.9).",
        controls: ["GuardDuty.9"],
    },
    LAMBDA_NETWORK_LOGS: {
        status: "ENABLED",
        why: "Lambda Protection: network activity of the API's function (GuardDuty.6).",
        controls: ["GuardDuty.6"],
    },
    EBS_MALWARE_PROTECTION: {
        status: "ENABLED",
        why: "Malware Protection for EC2 (GuardDuty.8): scans only when a finding points at an instance; nothing to scan costs nothing.",
        controls: ["GuardDuty.8"],
    },
    // Security Hub user guide, GuardDuty controls: "[GuardDuty.5] GuardDuty EKS Audit Log Monitoring
    // should be enabled ... For a standalone account, the control fails if GuardDuty EKS Audit Log
    // Monitoring is disabled in the account" (whether or not a cluster exists).
    EKS_AUDIT_LOGS: {
        status: "DISABLED",
        why: "GuardDuty EKS Audit Log Monitoring is off on purpose: the baseline runs no EKS cluster, so there are no Kubernetes audit logs to analyse.",
        controls: ["GuardDuty.5"],
    },
    // The same page: GuardDuty.7 "fails if GuardDuty EKS Runtime Monitoring with automated agent
    // management is disabled in the account", GuardDuty.11 "fails if GuardDuty Runtime Monitoring is
    // disabled for the account", GuardDuty.12 (ECS on Fargate) and GuardDuty.13 (EC2) fail "if the
    // security agent is disabled for the account".
    RUNTIME_MONITORING: {
        status: "DISABLED",
        why: "GuardDuty Runtime Monitoring is off on purpose: it needs a GuardDuty security agent on EKS, ECS on Fargate or EC2 compute, and the baseline runs none (its only compute is Lambda, covered by Lambda Protection).",
        controls: ["GuardDuty.7", "GuardDuty.11", "GuardDuty.12", "GuardDuty.13"],
    },
};

/**
 * The Security Hub standards the baseline subscribes to. ARNs as the provider documents them for
 * `aws.securityhub.StandardsSubscription` (and DescribeStandards returns): both regional,
 * `arn:aws:securityhub:<region>::standards/...` (only CIS v1.2.0 has the region-less `ruleset/` form).
 */
export const STANDARDS = {
    fsbp: {
        title: "AWS Foundational Security Best Practices v1.0.0",
        arn: (region: DeployRegion) =>
            `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    },
    cis: {
        title: "CIS AWS Foundations Benchmark v3.0.0",
        arn: (region: DeployRegion) => `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
    },
} as const;
export type StandardKey = keyof typeof STANDARDS;

export interface DisabledControl {
    readonly control: string;
    /** The control's title, for the controls table (controls disabled everywhere have no other row). */
    readonly title?: string;
    /** The standards that contain the control (a control association for another standard is refused). */
    readonly standards: readonly StandardKey[];
    /** `outside-home`: global-resource controls, evaluated once in the home region. */
    readonly where: "everywhere" | "outside-home";
    /** Becomes the association's `updatedReason`, shown in Security Hub. */
    readonly reason: string;
}

const GLOBAL_REASON =
    `Global resource: evaluated once, in the home region ${HOME_REGION} (Security Hub user guide, ` +
    `"Controls that you might want to disable": global resources are recorded only in one region).`;
const global = (control: string, standards: readonly StandardKey[]): DisabledControl => ({
    control,
    standards,
    where: "outside-home",
    reason: GLOBAL_REASON,
});
const NO_EC2 =
    "The baseline runs no EC2 instances, ECR images or Systems Manager managed nodes: nothing in its VPCs " +
    "calls these APIs, and each interface endpoint would cost per AZ-hour in every region.";

/** Titles as the Security Hub user guide's GuardDuty controls page prints them. */
const GUARDDUTY_CONTROL_TITLES: Readonly<Record<string, string>> = {
    "GuardDuty.5": "GuardDuty EKS Audit Log Monitoring should be enabled",
    "GuardDuty.7": "GuardDuty EKS Runtime Monitoring should be enabled",
    "GuardDuty.11": "GuardDuty Runtime Monitoring should be enabled",
    "GuardDuty.12": "GuardDuty ECS Runtime Monitoring should be enabled",
    "GuardDuty.13": "GuardDuty EC2 Runtime Monitoring should be enabled",
};

/**
 * Controls disabled on purpose, each with its reason; every other control of both standards stays
 * enabled. The controls table (docs/controls.md) lists them as out of scope with the same reason.
 */
export const DISABLED_CONTROLS: readonly DisabledControl[] = [
    global("Account.1", ["fsbp", "cis"]),
    ...["IAM.1", "IAM.7", "IAM.8", "IAM.21", "KMS.1", "KMS.2"].map((c) => global(c, ["fsbp"])),
    ...["IAM.2", "IAM.3", "IAM.4", "IAM.5", "IAM.6"].map((c) => global(c, ["fsbp", "cis"])),
    ...["IAM.9", "IAM.15", "IAM.16", "IAM.18", "IAM.22", "IAM.26", "IAM.27"].map((c) => global(c, ["cis"])),
    ...["EC2.10", "EC2.55", "EC2.56", "EC2.57", "EC2.58", "EC2.60"].map((control): DisabledControl => ({
        control,
        title: "Interface VPC endpoint for an EC2, ECR or Systems Manager API",
        standards: ["fsbp"],
        where: "everywhere",
        reason: NO_EC2,
    })),
    // GuardDuty protection plans the baseline turns off (guardDuty.ts), each with the same reason.
    ...Object.values(GUARDDUTY_FEATURES)
        .filter((f) => f.status === "DISABLED")
        .flatMap((f) =>
            f.controls.map((control): DisabledControl => ({
                control,
                title: GUARDDUTY_CONTROL_TITLES[control],
                standards: ["fsbp"],
                where: "everywhere",
                reason: f.why,
            })),
        ),
    {
        control: "S3.20",
        title: "MFA delete on buckets",
        standards: ["cis"],
        where: "everywhere",
        reason:
            "MFA delete can be enabled only by the root user and cannot be combined with lifecycle rules, " +
            "which every baseline bucket has (S3.13); versioning and Pulumi protect guard against deletion.",
    },
];

export const disabledControlsFor = (region: DeployRegion): DisabledControl[] =>
    DISABLED_CONTROLS.filter((d) => d.where === "everywhere" || region !== HOME_REGION);
