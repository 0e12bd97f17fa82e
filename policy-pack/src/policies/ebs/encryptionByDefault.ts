import { resourcePolicy } from "../../policy";

/**
 * EBS encryption by default stays on (`aws.ebs.EncryptionByDefault` `enabled`
 * unset or true): turning it off is an account-wide change that the volumes
 * created afterwards inherit silently.
 *
 * Controls: EC2.7 (FSBP, CIS v3.0.0 2.2.1).
 */
export const encryptionByDefault = resourcePolicy({
    name: "ebs-encryption-by-default",
    description: "EBS encryption by default is not turned off.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ebs",
    controls: ["EC2.7"],
    onUnknown: "fail",
    resourceTypes: ["aws:ebs/encryptionByDefault:EncryptionByDefault"],
    validateResource: (args, reportViolation) => {
        if (args.type === "aws:ebs/encryptionByDefault:EncryptionByDefault" && args.props["enabled"] === false)
            reportViolation("EBS encryption by default is turned off: set enabled: true.");
    },
});
