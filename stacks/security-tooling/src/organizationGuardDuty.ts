import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FindingFrequency, GUARDDUTY_FEATURES } from "@baseline/lib";

export interface OrganizationGuardDutyArgs {
    /**
     * How often the administrator's detector should publish updates of existing findings. Checked, not set:
     * the detector is the one the designation created, which this stack does not own (see the class).
     */
    readonly findingPublishingFrequency: FindingFrequency;
}

/** GuardDuty protection plan → the organization's auto-enable setting: every member, or none. */
export const autoEnableOf = (status: "ENABLED" | "DISABLED"): "ALL" | "NONE" => (status === "ENABLED" ? "ALL" : "NONE");

/**
 * What the stack says (plan and preview) when the designation's detector publishes at another frequency
 * than `guardDutyFindingFrequency`: the two ways to set it, since the stack cannot.
 */
export function findingFrequencyMessage(region: string, detectorId: string, actual: string, wanted: FindingFrequency): string {
    return (
        `GuardDuty in ${region}: the delegated administrator's detector ${detectorId} publishes updated findings ` +
        `${actual}, guardDutyFindingFrequency asks ${wanted}. The detector is the one the organization layer's ` +
        `designation created; this stack does not own it and cannot set its frequency. Set it once with ` +
        `\`aws guardduty update-detector --detector-id ${detectorId} --finding-publishing-frequency ${wanted} ` +
        `--region ${region}\` (in the security-tooling account, as its deploy role: the baseline-protect-security-services ` +
        `SCP denies guardduty:UpdateDetector to every other principal), or set guardDutyFindingFrequency: ${actual} to accept it ` +
        `(docs/organization-security.md, "security-tooling: the delegated administrator").`
    );
}

/**
 * GuardDuty of this region as the organization's delegated administrator. The detector is not created
 * here: the organization layer (stacks/organization, `DelegatedAdministration`) designates this account
 * as GuardDuty's delegated administrator in every region before this stack runs, and "For this
 * administrator account, GuardDuty gets enabled automatically only in the designated AWS Region"
 * (GuardDuty user guide, "Managing GuardDuty accounts with AWS Organizations"). CreateDetector allows "only
 * one detector per account per Region", and the provider's create calls it without adopting an existing
 * detector, so an `aws.guardduty.Detector` here fails on the first `pulumi up`. The detector is looked
 * up instead (`getDetector` without an id: the account's single detector in the region; the lookup, and
 * with it the region's stack, fails where the designation is missing) and its id wired to:
 * - the baseline's protection plans on the administrator's own detector (`DetectorFeature` manages one
 *   feature of an existing detector);
 * - the organization configuration that enables GuardDuty in every member account, existing and new
 *   (`ALL`), and one organization feature per plan, from the same data (`GUARDDUTY_FEATURES`).
 * The member accounts' security stacks create no detector either: auto-enable creates theirs.
 *
 * Not applied: `findingPublishingFrequency`. Only UpdateDetector sets it, which the provider calls only
 * through `aws.guardduty.Detector`, that is, by owning the detector; and owning it would also mean that
 * destroying this stack deletes the administrator's detector and its findings. The designation's detector
 * publishes at GuardDuty's default (SIX_HOURS), and members inherit the administrator's frequency (the
 * provider marks it computed "since GuardDuty member accounts inherit setting from master account"). So
 * the stack compares the detector's frequency with `guardDutyFindingFrequency` and warns, with the one-time
 * command, when they differ. A team that wants the detector in state instead declares an
 * `aws.guardduty.Detector` here (with `protect`) and imports it before `up`:
 * `pulumi import aws:guardduty/detector:Detector <name> <detector-id>`.
 */
export class OrganizationGuardDuty extends pulumi.ComponentResource {
    /** The id of the detector the designation created in this region (looked up, not owned). */
    readonly detectorId: pulumi.Output<string>;
    readonly organization: aws.guardduty.OrganizationConfiguration;

    constructor(name: string, args: OrganizationGuardDutyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:security-tooling:OrganizationGuardDuty", name, {}, opts);
        const detector = aws.guardduty.getDetectorOutput({}, { parent: this });
        this.detectorId = detector.id;
        // Said in the plan and in `pulumi preview`, every run until the frequency is the one configured.
        pulumi.all([detector.region, detector.id, detector.findingPublishingFrequency]).apply(([region, id, actual]) => {
            if (actual !== args.findingPublishingFrequency)
                pulumi.log.warn(findingFrequencyMessage(region, id, actual, args.findingPublishingFrequency), this);
        });
        this.organization = new aws.guardduty.OrganizationConfiguration(
            `${name}-organization`,
            { detectorId: this.detectorId, autoEnableOrganizationMembers: "ALL" },
            { parent: this },
        );
        for (const [feature, spec] of Object.entries(GUARDDUTY_FEATURES)) {
            const slug = feature.toLowerCase().replace(/_/g, "-");
            new aws.guardduty.DetectorFeature(
                `${name}-${slug}`,
                { detectorId: this.detectorId, name: feature, status: spec.status },
                { parent: this },
            );
            new aws.guardduty.OrganizationConfigurationFeature(
                `${name}-organization-${slug}`,
                { detectorId: this.detectorId, name: feature, autoEnable: autoEnableOf(spec.status) },
                { parent: this.organization },
            );
        }
        this.registerOutputs({});
    }
}
