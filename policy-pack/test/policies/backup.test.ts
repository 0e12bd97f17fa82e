import { vaultLock } from "../../src/policies/backup/vaultLock";
import { runStackPolicyCases } from "../cases";
import { patched, without } from "../fixtures";

runStackPolicyCases([
    [
        vaultLock,
        [
            ["no lock", without("vault-lock"), [["vault", "Backup vault 'vault' (baseline-backup) has no Vault Lock."]]],
            [
                "governance mode (no grace time)",
                patched("vault-lock", { changeableForDays: undefined }),
                [
                    [
                        "vault",
                        "Backup vault 'vault' (baseline-backup) lock is in governance mode: set changeableForDays for compliance mode.",
                    ],
                ],
            ],
            [
                "minimum retention under 7 days",
                patched("vault-lock", { minRetentionDays: 1 }),
                [["vault", "Backup vault 'vault' (baseline-backup) lock minRetentionDays is below 7 days."]],
            ],
            [
                "a lock of another vault",
                patched("vault-lock", { backupVaultName: "other" }),
                [["vault", "Backup vault 'vault' (baseline-backup) has no Vault Lock."]],
            ],
            ["not a recovery environment", patched("vault", { tags: { Environment: "Staging" } }, without("vault-lock")), []],
        ],
    ],
]);
