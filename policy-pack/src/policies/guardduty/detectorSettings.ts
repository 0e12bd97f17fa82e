import { resourcePolicy } from "../../policy";

/**
 * GuardDuty detectors are enabled (`enable` unset or true) and no detector
 * feature is switched to DISABLED: a detector that exists but is suspended
 * produces no findings.
 *
 * Controls: GuardDuty.1 (FSBP).
 */
export const detectorNotSuspended = resourcePolicy({
    name: "guardduty-detector-not-suspended",
    description: "GuardDuty detectors and their features are not disabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "guardduty",
    controls: ["GuardDuty.1"],
    onUnknown: "fail",
    resourceTypes: ["aws:guardduty/detector:Detector", "aws:guardduty/detectorFeature:DetectorFeature"],
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:guardduty/detector:Detector" && args.props["enable"] === false)
            reportViolation("GuardDuty detector is suspended: set enable: true.");
        if (args.type === "aws:guardduty/detectorFeature:DetectorFeature" && args.props["status"] === "DISABLED")
            reportViolation(`GuardDuty feature ${String(args.props["name"])} is DISABLED.`);
    },
});
