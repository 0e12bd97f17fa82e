import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { isCustomerManagedKey } from "../../util";
import { regionOf } from "../general/allowedRegions";
import { RDS_CLUSTER, RDS_INSTANCE, rdsLabel } from "./kinds";

/** The region of an RDS ARN (`arn:aws:rds:us-east-1:123456789012:db:name`); undefined for an identifier. */
function arnRegion(source: string): string | undefined {
    return /^arn:[^:]+:rds:([^:]*):/.exec(source)?.[1] || undefined;
}

/**
 * What a database is restored from, whose encryption it takes when it names no key: a snapshot
 * (`snapshotIdentifier`) or another database's backups (`restoreToPointInTime`); undefined for a new database.
 * A value unknown at preview throws, and the policy defers to `pulumi up`.
 */
function restoreSource(props: Record<string, unknown>): string | undefined {
    const snapshot = props["snapshotIdentifier"];
    if (typeof snapshot === "string" && snapshot !== "") return `snapshot '${snapshot}'`;
    const pointInTime = props["restoreToPointInTime"];
    if (pointInTime !== undefined && pointInTime !== null) return "a point in time of another database";
    return undefined;
}

/**
 * RDS instance and cluster storage is encrypted with a customer-managed KMS key
 * (`storageEncrypted: true` and `kmsKeyId`). Both are fixed at creation: fixing
 * an existing database means snapshot, encrypted copy, restore. (Instances of a
 * cluster inherit the cluster's encryption.)
 *
 * Read replicas (`replicateSourceDb`) are judged by what decides their encryption.
 * A replica in its source's region takes no key of its own ("A read replica in the
 * same AWS Region is always encrypted with the same KMS key as the source DB
 * instance or cluster", RDS API Reference, CreateDBInstanceReadReplica, KmsKeyId):
 * like a cluster's instances, it is not judged; its source is, where it is declared
 * (in the same stack, by this policy; in another stack, there). A cross-region
 * replica (its source an ARN of another region than its own) is encrypted by its
 * `kmsKeyId` alone (rds.Instance, storageEncrypted: "if you are creating a
 * cross-region read replica this field is ignored and you should instead declare
 * `kmsKeyId`"). A replica that sets `kmsKeyId` is judged on that key.
 *
 * A database restored from a snapshot (`snapshotIdentifier`) or to a point in time (`restoreToPointInTime`) is
 * encrypted as its source is unless it names a key: "If the DB snapshot or DB cluster snapshot in
 * SnapshotIdentifier is encrypted, then the restored DB cluster is encrypted using the KMS key that was used to
 * encrypt the DB snapshot or DB cluster snapshot. If [it] isn't encrypted, then the restored DB cluster isn't
 * encrypted" (RDS API Reference, RestoreDBClusterFromSnapshot, KmsKeyId; RestoreDBClusterToPointInTime says the
 * same of the source cluster), and RestoreDBInstanceFromDBSnapshot and RestoreDBInstanceToPointInTime take no
 * StorageEncrypted at all. So `storageEncrypted` decides nothing there: a restore that sets `kmsKeyId` is judged
 * on that key, and one that does not is not judged, since its encryption is the snapshot's or source database's,
 * which the pack cannot see (that source is judged where it is declared). An import from S3 (`s3Import`) is a
 * new database whose StorageEncrypted the API takes (RestoreDBClusterFromS3, RestoreDBInstanceFromS3): judged
 * as any other.
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
        "Create the database with storageEncrypted: true (and kmsKeyId set to a customer-managed key where the organization requires one); a cross-region read replica takes kmsKeyId alone; existing storage is encrypted through an encrypted snapshot copy and restore.",
    validateResource: (args, reportViolation) => {
        if (args.type !== RDS_INSTANCE && args.type !== RDS_CLUSTER) return;
        const what = rdsLabel(args.type);
        const requireCmk = args.getConfig<Pick<PackConfig, "requireCustomerManagedKeys">>().requireCustomerManagedKeys;
        const key = args.props["kmsKeyId"];
        const source = args.type === RDS_INSTANCE ? args.props["replicateSourceDb"] : undefined;
        if (typeof source === "string" && source !== "") {
            const hasKey = typeof key === "string" && key !== "";
            if (!hasKey) {
                const from = arnRegion(source);
                const region = regionOf(args);
                if (from === undefined || region === undefined || from === region)
                    args.notApplicable("a same-region read replica is encrypted with its source's key");
                reportViolation(
                    `${what} is a cross-region read replica without kmsKeyId, so its storage is not encrypted (storageEncrypted is ignored for cross-region replicas): set kmsKeyId to a customer-managed key of its region.`,
                );
            } else if (requireCmk && !isCustomerManagedKey(key))
                reportViolation(
                    `${what} storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.`,
                );
            return;
        }
        const restoredFrom = restoreSource(args.props);
        if (restoredFrom !== undefined) {
            if (typeof key !== "string" || key === "")
                args.notApplicable(`restored from ${restoredFrom} without kmsKeyId, it is encrypted as that source is`);
            else if (requireCmk && !isCustomerManagedKey(key))
                reportViolation(
                    `${what} storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.`,
                );
            return;
        }
        if (args.props["storageEncrypted"] !== true)
            reportViolation(`${what} storage is not encrypted: set storageEncrypted: true.`);
        else if (requireCmk && !isCustomerManagedKey(key))
            reportViolation(`${what} storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK.`);
    },
});
