import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";
import { deferred } from "../../unknown";

/**
 * Symmetric encryption KMS keys rotate (`enableKeyRotation: true`). The policy does
 * not apply to the keys KMS cannot rotate automatically (KMS API Reference,
 * EnableKeyRotation: "Automatic key rotation is supported only on symmetric encryption
 * KMS keys. You cannot enable automatic rotation of asymmetric KMS keys, HMAC KMS keys,
 * KMS keys with imported key material, or KMS keys in a custom key store."):
 * asymmetric and HMAC keys (`customerMasterKeySpec` other than SYMMETRIC_DEFAULT, or a
 * `keyUsage` other than ENCRYPT_DECRYPT), and keys in a CloudHSM or external custom key
 * store (`customKeyStoreId`, `xksKeyId`). Keys with imported key material are
 * `aws.kms.ExternalKey`, which the policy does not judge.
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
        // The key store decides only whether the policy applies, and an honest program takes it from
        // the store it creates in the same update (`customKeyStoreId: store.id`): an unknown one defers.
        for (const field of ["customKeyStoreId", "xksKeyId"] as const) {
            const v = deferred(() => key[field]);
            if (typeof v === "string" && v !== "")
                args.notApplicable(`keys in a custom key store (${field}) cannot rotate automatically`);
        }
        if (key.enableKeyRotation !== true) reportViolation("KMS key does not rotate: set enableKeyRotation: true.");
    }),
});
