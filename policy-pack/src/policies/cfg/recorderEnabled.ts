import type { cfg } from "@pulumi/aws/types/input";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

/**
 * The fields of the recording group the policy reads, picked by name from @pulumi/aws's own
 * input type (`RecorderRecordingGroup`), so that a name the provider does not have fails to
 * compile: the policy once read `recordingStrategy`, which no program can set, and refused
 * every recorder that used the exclusion strategy. The strategy is `recordingStrategies`, a list.
 * (The type costs the build nothing: lambda/function.d.ts, which src/awsResources.ts imports,
 * already loads types/input.)
 */
type RecordingGroup = {
    readonly [K in keyof Pick<cfg.RecorderRecordingGroup, "allSupported" | "recordingStrategies">]?: unknown;
};

/**
 * AWS Config keeps recording: a `RecorderStatus` is enabled, and a `Recorder`
 * records all supported resource types (or excludes named types through the
 * EXCLUSION_BY_RESOURCE_TYPES strategy), not a hand-picked list that new
 * resource types fall out of.
 *
 * Controls: Config.1 (FSBP, CIS v3.0.0 3.3).
 */
export const recorderEnabled = resourcePolicy({
    name: "config-recorder-enabled",
    description: "AWS Config recorders record all supported resource types and their status is enabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "config",
    controls: ["Config.1"],
    onUnknown: "fail",
    resourceTypes: ["aws:cfg/recorder:Recorder", "aws:cfg/recorderStatus:RecorderStatus"],
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:cfg/recorderStatus:RecorderStatus") {
            if (args.props["isEnabled"] !== true) reportViolation("Config recorder status is not enabled: set isEnabled: true.");
        } else if (args.type === "aws:cfg/recorder:Recorder") {
            const g = args.props["recordingGroup"] as RecordingGroup | undefined;
            const strategies = asArray(g?.recordingStrategies as { useOnly?: unknown }[] | undefined);
            const exclusion = strategies.some((s) => s?.useOnly === "EXCLUSION_BY_RESOURCE_TYPES");
            if (g !== undefined && g.allSupported === false && !exclusion)
                reportViolation("Config recorder records only a list of resource types: set recordingGroup.allSupported: true.");
        }
    },
});
