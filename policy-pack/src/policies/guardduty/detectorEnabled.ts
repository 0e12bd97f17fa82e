import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";

/**
 * How a policy recognises a regional security stack: it runs the region's AWS Config recorder, which
 * exists once per region and account (the security layer owns it). Stacks without one are not judged.
 */
export const REGIONAL_SECURITY_MARKER = "aws:cfg/recorder:Recorder";

/**
 * A regional security stack (one that runs the region's AWS Config recorder) also runs the region's
 * GuardDuty detector, enabled. GuardDuty is regional: a detector in one region sees nothing of another.
 *
 * Controls: GuardDuty.1 (FSBP).
 */
export const guardDutyDetectorEnabled = stackPolicy({
    name: "guardduty-detector-enabled",
    description: "Every regional security stack has an enabled GuardDuty detector.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "guardduty",
    controls: ["GuardDuty.1"],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:guardduty/detector:Detector"],
    configKeys: ["delegatedDetection"],
    remediationSteps:
        "Add an aws.guardduty.Detector with enable: true to the region's security stack, or (an organization whose GuardDuty delegated administrator auto-enables every member) list guardduty in delegatedDetection.",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const recorder = args.resources.find((r) => r.type === REGIONAL_SECURITY_MARKER);
        if (!recorder) return;
        // A member of an organization whose delegated administrator auto-enables GuardDuty gets its detector
        // from there; a detector the stack does create must still be enabled.
        const delegated = (args.getConfig<Pick<PackConfig, "delegatedDetection">>().delegatedDetection ?? []).includes(
            "guardduty",
        );
        const detectors = args.resources.filter((r) => r.type === "aws:guardduty/detector:Detector");
        if (detectors.length === 0 && !delegated)
            reportViolation("This regional security stack has no GuardDuty detector.", recorder.urn);
        for (const d of detectors.filter((r) => r.props["enable"] === false))
            reportViolation(`GuardDuty detector '${d.name}' is disabled: set enable: true.`, d.urn);
    },
});
