import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";
import { isCustomerManagedKey } from "../../util";

/**
 * RDS instance storage is encrypted with a customer-managed KMS key
 * (`storageEncrypted: true` and `kmsKeyId`). Both are fixed at creation: fixing
 * an existing instance means snapshot, encrypted copy, restore.
 *
 * Controls: RDS.3 (FSBP, CIS v3.0.0 2.3.1); the CMK part goes beyond RDS.3.
 */
export const rdsStorageEncryptedCmk = resourcePolicy({
    name: "rds-storage-encrypted-cmk",
    description: "RDS instances encrypt storage with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "rds",
    controls: ["RDS.3"],
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, reportViolation) => {
        if (db.storageEncrypted !== true) reportViolation("RDS instance storage is not encrypted: set storageEncrypted: true.");
        else if (!isCustomerManagedKey(db.kmsKeyId))
            reportViolation(
                "RDS instance storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.",
            );
    }),
});
