import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FindingFrequency, GUARDDUTY_FEATURES } from "@baseline/lib";

// The protection plans are data shared with the security-tooling layer, which sets them for the organization.
export { FINDING_FREQUENCIES, GUARDDUTY_FEATURES } from "@baseline/lib";
export type { FindingFrequency, GuardDutyFeature } from "@baseline/lib";

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
            // Deleting the detector deletes its findings: "If you disable GuardDuty, your existing
            // findings and the GuardDuty configuration are lost and can't be recovered" (GuardDuty
            // user guide, "Suspending or disabling GuardDuty").
            { parent: this, protect: true },
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
