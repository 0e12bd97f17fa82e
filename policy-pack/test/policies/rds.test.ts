import { rdsBackupRetention } from "../../src/policies/rds/backupRetention";
import { rdsDeletionProtection } from "../../src/policies/rds/deletionProtection";
import { rdsNotPubliclyAccessible } from "../../src/policies/rds/notPubliclyAccessible";
import { rdsStorageEncryptedCmk } from "../../src/policies/rds/storageEncryptedCmk";
import { runResourcePolicyCases } from "../cases";
import { rdsBackupReplication } from "../../src/policies/rds/backupReplication";
import * as f from "../fixtures";

runResourcePolicyCases([
    [
        rdsStorageEncryptedCmk,
        [
            [
                "storage not encrypted",
                "postgres",
                { storageEncrypted: false },
                ["RDS instance storage is not encrypted: set storageEncrypted: true."],
            ],
            [
                "no CMK",
                "postgres",
                { kmsKeyId: undefined },
                ["RDS instance storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK."],
            ],
        ],
    ],
    [
        rdsNotPubliclyAccessible,
        [
            [
                "public",
                "postgres",
                { publiclyAccessible: true },
                ["RDS instance is publicly accessible: set publiclyAccessible: false."],
            ],
        ],
    ],
    [
        rdsDeletionProtection,
        [
            [
                "off",
                "postgres",
                { deletionProtection: false },
                ["RDS instance has no deletion protection: set deletionProtection: true."],
            ],
        ],
    ],
    [
        rdsBackupRetention,
        [
            [
                "1 day",
                "postgres",
                { backupRetentionPeriod: 1 },
                ["RDS instance backupRetentionPeriod is 1 days; it must be at least 7."],
            ],
            [
                "unset",
                "postgres",
                { backupRetentionPeriod: undefined },
                ["RDS instance does not set backupRetentionPeriod; it must be at least 7 days."],
            ],
            [
                "7 days under a 14-day config",
                "postgres",
                {},
                ["RDS instance backupRetentionPeriod is 7 days; it must be at least 14."],
                { minBackupRetentionDays: 14 },
            ],
        ],
    ],
]);

describe("rds-automated-backup-replication", () => {
    it("passes the compliant baseline", () => {
        expect(f.found(f.evaluate(rdsBackupReplication, f.compliantResources()))).toEqual([]);
    });
    it("reports an instance whose backups are not replicated, or replicated from another instance", () => {
        const msg = "RDS instance 'postgres' does not replicate its automated backups to another region.";
        expect(f.found(f.evaluate(rdsBackupReplication, f.without("postgres-backup-replication")))).toEqual([["postgres", msg]]);
        expect(
            f.found(
                f.evaluate(
                    rdsBackupReplication,
                    f.patched("postgres-backup-replication", {
                        sourceDbInstanceArn: "arn:aws:rds:us-east-1:123456789012:db:other",
                    }),
                ),
            ),
        ).toEqual([["postgres", msg]]);
    });
    it("is configurable: only the recovery environments", () => {
        expect(
            f.found(
                f.evaluate(rdsBackupReplication, f.without("postgres-backup-replication"), { recoveryEnvironments: ["Staging"] }),
            ),
        ).toEqual([]);
    });
});
