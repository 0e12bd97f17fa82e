import { PolicyResource, StackValidationArgs } from "@pulumi/policy";
import { DELEGATED_DETECTION, PackConfig } from "../../config";
import { stackPolicy } from "../../policy";

type Config = Pick<PackConfig, "detectionProject" | "homeRegion" | "requiredDetectionTypes" | "delegatedDetection">;

/** `urn:pulumi:<stack>::<project>::...` */
function projectAndStack(resources: readonly PolicyResource[]): { project?: string; stack?: string } {
    const m = resources.length > 0 ? /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0].urn) : null;
    return m ? { stack: m[1], project: m[2] } : {};
}

function regionOf(resources: readonly PolicyResource[], stack: string | undefined): string | undefined {
    for (const r of resources) {
        const region = r.provider?.props?.["region"];
        if (typeof region === "string") return region;
    }
    return /([a-z]{2}-[a-z]+-\d)$/.exec(stack ?? "")?.[1];
}

type Selector = { fieldSelectors?: { field?: string; equals?: string[] }[]; includeManagementEvents?: boolean };

/** Advanced selectors that select eventCategory Management, basic ones that include them, or none (the default). */
function logsManagementEvents(props: Record<string, unknown>): boolean {
    const advanced = (props["advancedEventSelectors"] as Selector[] | undefined) ?? [];
    if (advanced.length > 0)
        return advanced.some((s) =>
            (s.fieldSelectors ?? []).some((f) => f.field === "eventCategory" && (f.equals ?? []).includes("Management")),
        );
    const basic = (props["eventSelectors"] as Selector[] | undefined) ?? [];
    return basic.length === 0 || basic.some((s) => s.includeManagementEvents !== false);
}

/** What "present" means per type: enabled, or of a kind that detects. */
function presentAndOn(type: string, r: PolicyResource): boolean {
    switch (type) {
        case "aws:cfg/recorderStatus:RecorderStatus":
            return r.props["isEnabled"] === true;
        case "aws:ebs/encryptionByDefault:EncryptionByDefault":
            return r.props["enabled"] !== false;
        case "aws:accessanalyzer/analyzer:Analyzer":
            // Unused-access analyzers do not report external access (IAM.28 asks for an external one).
            return ["ACCOUNT", "ORGANIZATION"].includes(String(r.props["type"] ?? "ACCOUNT"));
        case "aws:guardduty/detector:Detector":
            return r.props["enable"] !== false;
        case "aws:cloudtrail/trail:Trail":
            // CloudTrail.1 needs management events: a trail of S3 data events only does not count.
            return r.props["isMultiRegionTrail"] === true && r.props["enableLogging"] !== false && logsManagementEvents(r.props);
        default:
            return true;
    }
}

/**
 * The layer that owns the account's detection (`detectionProject`, default
 * `baseline-security`) keeps all of it: every stack of that project contains
 * each of `requiredDetectionTypes` (Config recorder, enabled status, delivery
 * channel, an external-access analyzer, EBS encryption by default; add
 * `aws:securityhub/account:Account` and `aws:guardduty/detector:Detector` once the
 * layer creates them), and its stack in `homeRegion` a multi-region trail that
 * is logging. Deleting a resource is the change a resource policy never sees;
 * this is the check that does. Stacks of other projects are not judged.
 *
 * Controls: Config.1 (FSBP), IAM.28 (CIS v3.0.0 1.20), EC2.7 (FSBP), CloudTrail.1 (FSBP).
 */
export const detectionLayerComplete = stackPolicy({
    name: "detection-layer-complete",
    description:
        "The detection layer's stacks keep the Config recorder, Access Analyzer, EBS default encryption and (home region) the trail.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "general",
    controls: ["Config.1", "IAM.28", "EC2.7", "CloudTrail.1"],
    configKeys: ["detectionProject", "homeRegion", "requiredDetectionTypes", "delegatedDetection"],
    onUnknown: "fail",
    // The analyzer's type is judged here (an unused-access analyzer reports no external access).
    resourceTypes: ["aws:accessanalyzer/analyzer:Analyzer"],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const { project, stack } = projectAndStack(args.resources);
        if (project !== cfg.detectionProject) return;
        const region = regionOf(args.resources, stack);
        // What the organization runs for its members (an organization trail, delegated GuardDuty and
        // Security Hub) is not the member's to keep.
        const delegated = new Set<string>((cfg.delegatedDetection ?? []).map((d) => DELEGATED_DETECTION[d]));
        const required = [...cfg.requiredDetectionTypes];
        if (region === cfg.homeRegion) required.push("aws:cloudtrail/trail:Trail");
        for (const type of delegated) if (required.includes(type)) required.splice(required.indexOf(type), 1);
        for (const type of required) {
            const found = args.resources.filter((r) => r.type === type);
            if (found.length === 0)
                reportViolation(
                    `Stack ${project}/${stack} (${region ?? "region unknown"}) has no ${type}: the detection layer must keep it.`,
                );
            else if (!found.some((r) => presentAndOn(type, r)))
                reportViolation(`Stack ${project}/${stack} has ${type} but none that is enabled (or of a detecting kind).`);
        }
    },
});
