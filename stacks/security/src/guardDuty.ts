import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Valid `findingPublishingFrequency` values of a GuardDuty detector. */
export const FINDING_FREQUENCIES = ["FIFTEEN_MINUTES", "ONE_HOUR", "SIX_HOURS"] as const;
export type FindingFrequency = (typeof FINDING_FREQUENCIES)[number];

export interface GuardDutyFeature {
    readonly status: "ENABLED" | "DISABLED";
    readonly why: string;
}

/**
 * Every GuardDuty protection plan, set explicitly (a detector created by the API gets some of them by
 * default), each with the reason. Names are the `aws.guardduty.DetectorFeature` names; only one of
 * EKS_RUNTIME_MONITORING and RUNTIME_MONITORING may be set, so the newer RUNTIME_MONITORING stands for both.
 */
export const GUARDDUTY_FEATURES: Readonly<Record<string, GuardDutyFeature>> = {
    S3_DATA_EVENTS: { status: "ENABLED", why: "S3 Protection: the data, access-log and audit buckets (GuardDuty.10)." },
    RDS_LOGIN_EVENTS: { status: "ENABLED", why: "RDS Protection: login activity of the PostgreSQL instance (GuardDuty.9)." },
    LAMBDA_NETWORK_LOGS: { status: "ENABLED", why: "Lambda Protection: network activity of the API's function (GuardDuty.6)." },
    EBS_MALWARE_PROTECTION: {
        status: "ENABLED",
        why: "Malware Protection for EC2 (GuardDuty.8): scans only when a finding points at an instance; nothing to scan costs nothing.",
    },
    EKS_AUDIT_LOGS: { status: "DISABLED", why: "The baseline runs no EKS cluster (GuardDuty.5 has nothing to evaluate)." },
    RUNTIME_MONITORING: {
        status: "DISABLED",
        why: "Runtime Monitoring needs an agent on EC2, ECS or EKS compute; the baseline runs none (GuardDuty.7, .11-.13).",
    },
};

export interface GuardDutyArgs {
    readonly findingPublishingFrequency: FindingFrequency;
}

/**
 * The GuardDuty detector of this region (GuardDuty.1) and its protection plans. A detector is a
 * per-region singleton: where GuardDuty is already on, import the detector (README, "A fresh account").
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
