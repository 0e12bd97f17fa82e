import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";

/**
 * Symmetric encryption KMS keys rotate (`enableKeyRotation: true`). Asymmetric
 * and HMAC keys cannot rotate automatically, so the policy does not apply to them.
 *
 * Controls: KMS.4 (CIS v3.0.0 3.6).
 */
export const kmsKeyRotation = resourcePolicy({
    name: "kms-key-rotation",
    description: "Symmetric KMS keys have automatic rotation enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "kms",
    controls: ["KMS.4"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.kms.Key, (key, args, reportViolation) => {
        const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
        const usage = key.keyUsage ?? "ENCRYPT_DECRYPT";
        if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT")
            args.notApplicable(`${spec} / ${usage} keys cannot rotate automatically`);
        if (key.enableKeyRotation !== true) reportViolation("KMS key does not rotate: set enableKeyRotation: true.");
    }),
});
