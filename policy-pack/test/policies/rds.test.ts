import { rdsBackupRetention } from "../../src/policies/rds/backupRetention";
import { rdsDeletionProtection } from "../../src/policies/rds/deletionProtection";
import { rdsNotPubliclyAccessible } from "../../src/policies/rds/notPubliclyAccessible";
import { rdsStorageEncryptedCmk } from "../../src/policies/rds/storageEncryptedCmk";
import { runResourcePolicyCases } from "../cases";

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
