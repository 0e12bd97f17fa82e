import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

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

export interface GuardDutyArgs {
    readonly findingPublishingFrequency: FindingFrequency;
}

/**
 * The GuardDuty detector of this region (GuardDuty.1) and its protection plans. A detector is a
 * per-region singleton: where GuardDuty is already on, import the detector (docs/deploying.md, "A fresh account, step by step").
 */
export class GuardDuty extends pulumi.ComponentResource {
    readonly detector: aws.guardduty.Detector;

    constructor(name: string, args: GuardDutyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security:GuardDuty", name, {}, opts);
        this.detector = new aws.guardduty.Detector(
            `${name}-detector`,
            { enable: true, findingPublishingFrequency: args.findingPublishingFrequency },
            { parent: this },
        );
        for (const [feature, spec] of Object.entries(GUARDDUTY_FEATURES)) {
            new aws.guardduty.DetectorFeature(
                `${name}-${feature.toLowerCase().replace(/_/g, "-")}`,
                { detectorId: this.detector.id, name: feature, status: spec.status },
                { parent: this.detector },
            );
        }
        this.registerOutputs({});
    }
}
