import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { isCustomerManagedKey } from "../../util";
import { RDS_CLUSTER, RDS_INSTANCE, rdsLabel } from "./kinds";

/**
 * RDS instance and cluster storage is encrypted with a customer-managed KMS key
 * (`storageEncrypted: true` and `kmsKeyId`). Both are fixed at creation: fixing
 * an existing database means snapshot, encrypted copy, restore. (Instances of a
 * cluster inherit the cluster's encryption.)
 *
 * Unencrypted storage is a guardrail finding everywhere; the customer-managed key
 * is an organization's choice (config `requireCustomerManagedKeys`, on in the
 * baseline's configuration).
 *
 * Controls: RDS.3 (FSBP, CIS v3.0.0 2.3.1); the CMK part goes beyond RDS.3.
 */
export const rdsStorageEncryptedCmk = resourcePolicy({
    name: "rds-storage-encrypted-cmk",
    description: "RDS instances and clusters encrypt storage with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "rds",
    controls: ["RDS.3"],
    onUnknown: "defer",
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER],
    configKeys: ["requireCustomerManagedKeys"],
    remediationSteps:
        "Create the database with storageEncrypted: true (and kmsKeyId set to a customer-managed key where the organization requires one); existing storage is encrypted through an encrypted snapshot copy and restore.",
    validateResource: (args, reportViolation) => {
        if (args.type !== RDS_INSTANCE && args.type !== RDS_CLUSTER) return;
        const what = rdsLabel(args.type);
        if (args.props["storageEncrypted"] !== true)
            reportViolation(`${what} storage is not encrypted: set storageEncrypted: true.`);
        else if (
            args.getConfig<Pick<PackConfig, "requireCustomerManagedKeys">>().requireCustomerManagedKeys &&
            !isCustomerManagedKey(args.props["kmsKeyId"])
        )
            reportViolation(`${what} storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.`);
    },
});
