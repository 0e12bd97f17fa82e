import { planRetention } from "../../src/policies/backup/planRetention";
import { Res } from "../fixtures";
import { runMeaningCases } from "../meaningCases";
import { vaultLock } from "../../src/policies/backup/vaultLock";
import { runStackPolicyCases } from "../cases";
import { patched, underBaseline, without } from "../fixtures";
import { evaluatePlans } from "../../src/offline";
import { planWithProvider } from "../providerPlan";

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

describe("backup-vault-lock-compliance: Production through the provider's defaultTags", () => {
    it("judges a vault tagged Production only by its provider's defaultTags", () => {
        const resources = patched("vault", { tags: { Project: "aws-secure-baseline" } }, without("vault-lock"));
        const judge = (defaultTags: unknown) =>
            evaluatePlans([planWithProvider(resources, { region: "us-east-1", defaultTags }, ["vault"])], undefined, {
                policies: [vaultLock],
                policyPackConfig: underBaseline([vaultLock]),
            }).violations.map((v) => [v.enforcementLevel, v.message.split("\n")[0]]);
        expect(judge(JSON.stringify({ tags: { Environment: "Production" } }))).toEqual([
            ["mandatory", "Backup vault 'vault' (baseline-backup) has no Vault Lock."],
        ]);
        expect(judge(JSON.stringify({ tags: { Environment: "Development" } }))).toEqual([]);
    });
});

const plan = (rule: Record<string, unknown>): Res => ({
    type: "aws:backup/plan:Plan",
    name: "plan",
    inputs: { name: "daily", rules: [{ ruleName: "daily", targetVaultName: "v", lifecycle: { deleteAfter: 35 }, ...rule }] },
});
runMeaningCases(
    planRetention,
    [
        { title: "35 days", added: [plan({})], expected: null },
        {
            title: "1 day",
            added: [plan({ lifecycle: { deleteAfter: 1 } })],
            expected: /deletes recovery points after 1 days; the floor is 7/,
        },
        {
            title: "copies kept 1 day",
            added: [
                plan({
                    copyActions: [
                        {
                            destinationVaultArn: "arn:aws:backup:eu-west-1:123456789012:backup-vault:r",
                            lifecycle: { deleteAfter: 1 },
                        },
                    ],
                }),
            ],
            expected: /deletes its copies after 1 days/,
        },
        {
            title: "a selection of nothing",
            added: [
                {
                    type: "aws:backup/selection:Selection",
                    name: "sel",
                    inputs: { planId: "p", iamRoleArn: "arn:aws:iam::123456789012:role/b", resources: [] },
                },
            ],
            expected: /backs up nothing/,
        },
    ],
    true,
);
