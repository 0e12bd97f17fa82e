import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FindingFrequency, GUARDDUTY_FEATURES } from "@baseline/lib";

export interface OrganizationGuardDutyArgs {
    readonly findingPublishingFrequency: FindingFrequency;
}

/** GuardDuty protection plan → the organization's auto-enable setting: every member, or none. */
export const autoEnableOf = (status: "ENABLED" | "DISABLED"): "ALL" | "NONE" => (status === "ENABLED" ? "ALL" : "NONE");

/**
 * GuardDuty of this region as the organization's delegated administrator: its own detector (GuardDuty
 * CreateMembers: "A delegated administrator must enable GuardDuty prior to being added as a member"),
 * the baseline's protection plans on it, and the organization configuration that enables GuardDuty and
 * the same plans in every member account, existing and new (`ALL`). The member accounts' security
 * stacks create no detector of their own: CreateDetector allows "only one detector per account per
 * Region", and the one the administrator's auto-enable creates is that one.
 */
export class OrganizationGuardDuty extends pulumi.ComponentResource {
    readonly detector: aws.guardduty.Detector;
    readonly organization: aws.guardduty.OrganizationConfiguration;

    constructor(name: string, args: OrganizationGuardDutyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationGuardDuty", name, {}, opts);
        this.detector = new aws.guardduty.Detector(
            `${name}-detector`,
            { enable: true, findingPublishingFrequency: args.findingPublishingFrequency },
            { parent: this },
        );
        this.organization = new aws.guardduty.OrganizationConfiguration(
            `${name}-organization`,
            { detectorId: this.detector.id, autoEnableOrganizationMembers: "ALL" },
            { parent: this },
        );
        for (const [feature, spec] of Object.entries(GUARDDUTY_FEATURES)) {
            const slug = feature.toLowerCase().replace(/_/g, "-");
            new aws.guardduty.DetectorFeature(
                `${name}-${slug}`,
                { detectorId: this.detector.id, name: feature, status: spec.status },
                { parent: this.detector },
            );
            new aws.guardduty.OrganizationConfigurationFeature(
                `${name}-organization-${slug}`,
                { detectorId: this.detector.id, name: feature, autoEnable: autoEnableOf(spec.status) },
                { parent: this.organization },
            );
        }
        this.registerOutputs({});
    }
}
