/** Rehearsal mode in the recovery layer: the copy-target vault's lock in governance mode, marked by a tag. */
import { stackName } from "@baseline/lib";
import { findResource, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import program from "../index";

const PROJECT = "baseline-recovery";
const run = (config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: stackName("recovery", "eu-west-1"),
        config: {
            "aws:region": "eu-west-1",
            ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
        },
        stackOutputs: upstreamOutputsFor("recovery", "eu-west-1"),
        program,
    });

const LOCK = "aws:backup/vaultLockConfiguration:VaultLockConfiguration";

it("sets the Vault Lock without changeableForDays (governance mode, removable), with the same retention, and tags the vault", async () => {
    const res = (await run({ deploymentMode: "rehearsal", vaultLockChangeableDays: "7" })).resources;
    const lock = findResource(res, LOCK, "recovery-vault-lock");
    expect("changeableForDays" in lock.inputs).toBe(false);
    expect(lock.inputs).toMatchObject({ minRetentionDays: 7, maxRetentionDays: 365 });
    const vault = findResource(res, "aws:backup/vault:Vault", "recovery-vault");
    expect((vault.inputs.tags as Record<string, string>)["baseline:deployment-mode"]).toBe("rehearsal");
    expect(vault.protect).toBe(true);
});

it("production (the default) keeps the compliance grace period and tags nothing", async () => {
    const res = (await run()).resources;
    expect(findResource(res, LOCK, "recovery-vault-lock").inputs.changeableForDays).toBe(3);
    expect(
        (findResource(res, "aws:backup/vault:Vault", "recovery-vault").inputs.tags as Record<string, string>)[
            "baseline:deployment-mode"
        ],
    ).toBeUndefined();
});
