import { resourcePolicy } from "../../policy";

/**
 * The protection features that cover what the baseline runs (S3 buckets, RDS,
 * Lambda in a VPC, EBS volumes). Features for what it does not run (EKS audit
 * logs, runtime monitoring of EKS/ECS/EC2) may be switched off, as the security
 * layer does with a written reason.
 */
export const REQUIRED_GUARDDUTY_FEATURES: readonly string[] = [
    "S3_DATA_EVENTS",
    "RDS_LOGIN_EVENTS",
    "LAMBDA_NETWORK_LOGS",
    "EBS_MALWARE_PROTECTION",
];

/**
 * GuardDuty detectors are enabled (`enable` unset or true) and none of the
 * required features is switched to DISABLED: a detector that exists but is
 * suspended, or blind to the data stores, produces no findings for them.
 *
 * Controls: GuardDuty.1 (FSBP).
 */
export const detectorNotSuspended = resourcePolicy({
    name: "guardduty-detector-not-suspended",
    description: "GuardDuty detectors and the features that cover S3, RDS, Lambda and EBS are not disabled.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "guardduty",
    controls: ["GuardDuty.1"],
    onUnknown: "fail",
    resourceTypes: ["aws:guardduty/detector:Detector", "aws:guardduty/detectorFeature:DetectorFeature"],
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:guardduty/detector:Detector" && args.props["enable"] === false)
            reportViolation("GuardDuty detector is suspended: set enable: true.");
        if (args.type === "aws:guardduty/detector:Detector") {
            // The deprecated `datasources` block still switches protections off on the detector itself.
            const ds = args.props["datasources"] as Record<string, unknown> | undefined;
            const off = (path: string[]): boolean => {
                let v: unknown = ds;
                for (const k of path) v = typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined;
                return v === false;
            };
            if (off(["s3Logs", "enable"]))
                reportViolation("GuardDuty detector datasources.s3Logs.enable is false: S3 protection is off.");
            if (off(["malwareProtection", "scanEc2InstanceWithFindings", "ebsVolumes", "enable"]))
                reportViolation(
                    "GuardDuty detector datasources.malwareProtection...ebsVolumes.enable is false: EBS malware protection is off.",
                );
        }
        // Only a DetectorFeature's name is read: `name` of any other resource (a bucket's, a
        // role's) may be unknown at preview and says nothing about GuardDuty.
        if (args.type !== "aws:guardduty/detectorFeature:DetectorFeature") return;
        const feature = String(args.props["name"]);
        if (args.props["status"] === "DISABLED" && REQUIRED_GUARDDUTY_FEATURES.includes(feature))
            reportViolation(`GuardDuty feature ${feature} is DISABLED.`);
    },
});
