import { rehearsalMode } from "../../src/policies/general/rehearsalMode";
import { vaultLock } from "../../src/policies/backup/vaultLock";
import { objectLockCompliance } from "../../src/policies/s3/objectLockCompliance";
import { UNKNOWN_SENTINEL } from "../../src/offline";
import { runAddedResourceCases, runStackPolicyCases } from "../cases";
import { compliantResources, DATA_BUCKET, found, evaluate, patched, Res, underBaseline } from "../fixtures";
import { evaluatePlans } from "../../src/offline";
import { planWithProvider } from "../providerPlan";

const PRODUCTION = { Environment: "Production", Project: "aws-secure-baseline" };
const REHEARSAL = { ...PRODUCTION, "baseline:deployment-mode": "rehearsal" };
const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

const objectLock = (mode: string): Res => ({
    type: LOCK,
    name: "data-object-lock",
    inputs: { bucket: DATA_BUCKET, objectLockEnabled: "Enabled", rule: { defaultRetention: { mode, days: 365 } } },
});
const dataBucketTags = (name: string, tags: Record<string, string>, base: Res[]) => {
    const bucket = base.find((r) => r.name === name)!;
    return patched(name, { tags: { ...(bucket.inputs["tags"] as Record<string, string>), ...tags } }, base);
};

runStackPolicyCases([
    [
        rehearsalMode,
        [
            [
                "a production vault deployed in rehearsal mode",
                patched("vault", { tags: REHEARSAL }, patched("vault-lock", { changeableForDays: undefined })),
                [
                    [
                        "vault",
                        "Backup vault 'vault' (baseline-backup) is deployed in rehearsal mode (baseline:deployment-mode=rehearsal) " +
                            "with Environment=Production: its retention lock can be removed. Deploy production with deploymentMode production.",
                    ],
                ],
            ],
            [
                "a rehearsal vault outside a production environment",
                patched("vault", { tags: { ...REHEARSAL, Environment: "Sandbox" } }),
                [],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        rehearsalMode,
        [
            ["S3 Object Lock COMPLIANCE on a production bucket", [objectLock("COMPLIANCE")], []],
            [
                "S3 Object Lock GOVERNANCE on a production bucket",
                [objectLock("GOVERNANCE")],
                [
                    [
                        "data-object-lock",
                        `Bucket 'data' (${DATA_BUCKET}) has S3 Object Lock in GOVERNANCE mode with Environment=Production: ` +
                            "principals with s3:BypassGovernanceRetention can delete locked records. Use COMPLIANCE in production.",
                    ],
                ],
            ],
            [
                "S3 Object Lock GOVERNANCE on a bucket outside the production environments",
                [objectLock("GOVERNANCE")],
                [],
                { recoveryEnvironments: ["Staging"] },
            ],
        ],
    ],
]);

test("a bucket deployed in rehearsal mode is reported once, on the bucket, not again on its GOVERNANCE lock", () => {
    const resources = [
        ...dataBucketTags("data", { "baseline:deployment-mode": "rehearsal" }, compliantResources()),
        objectLock("GOVERNANCE"),
    ];
    expect(found(evaluate(rehearsalMode, resources))).toEqual([
        [
            "data",
            `Bucket 'data' (${DATA_BUCKET}) is deployed in rehearsal mode (baseline:deployment-mode=rehearsal) with Environment=Production: ` +
                "its retention lock can be removed. Deploy production with deploymentMode production.",
        ],
    ]);
});

describe("backup-vault-lock-compliance with rehearsal mode", () => {
    it("leaves a governance lock on a vault tagged for rehearsal to the rehearsal report", () => {
        const resources = patched("vault", { tags: REHEARSAL }, patched("vault-lock", { changeableForDays: undefined }));
        expect(found(evaluate(vaultLock, resources))).toEqual([]);
    });
    it("still checks the minimum retention of a rehearsal vault's lock", () => {
        const resources = patched(
            "vault",
            { tags: REHEARSAL },
            patched("vault-lock", { changeableForDays: undefined, minRetentionDays: 1 }),
        );
        expect(found(evaluate(vaultLock, resources))).toEqual([
            ["vault", "Backup vault 'vault' (baseline-backup) lock minRetentionDays is below 7 days."],
        ]);
    });
    it("still refuses a governance lock on a vault without the rehearsal tag", () => {
        const resources = patched("vault-lock", { changeableForDays: undefined });
        expect(found(evaluate(vaultLock, resources))).toEqual([
            [
                "vault",
                "Backup vault 'vault' (baseline-backup) lock is in governance mode: set changeableForDays for compliance mode.",
            ],
        ]);
    });
});

describe("s3-object-lock-compliance with rehearsal mode", () => {
    const GOVERNANCE = /defaultRetention.mode is "GOVERNANCE": only COMPLIANCE binds every user, root included\./;
    const rehearsalBucket = () => dataBucketTags("data", { "baseline:deployment-mode": "rehearsal" }, compliantResources());
    const lockWith = (inputs: Record<string, unknown>): Res => ({
        ...objectLock("GOVERNANCE"),
        inputs: { ...objectLock("GOVERNANCE").inputs, ...inputs },
    });

    it("leaves a GOVERNANCE lock on a bucket tagged for rehearsal to the rehearsal report", () => {
        expect(found(evaluate(objectLockCompliance, [...rehearsalBucket(), objectLock("GOVERNANCE")]))).toEqual([]);
    });
    it("still refuses a GOVERNANCE lock on a bucket without the tag, and a lock tagged only on another bucket", () => {
        expect(found(evaluate(objectLockCompliance, [...compliantResources(), objectLock("GOVERNANCE")]))).toEqual([
            ["data-object-lock", expect.stringMatching(GOVERNANCE)],
        ]);
        const otherTagged = dataBucketTags("access-logs", { "baseline:deployment-mode": "rehearsal" }, compliantResources());
        expect(found(evaluate(objectLockCompliance, [...otherTagged, objectLock("GOVERNANCE")]))).toEqual([
            ["data-object-lock", expect.stringMatching(GOVERNANCE)],
        ]);
    });
    it("still holds a rehearsal lock to the retention floor, and allows no mode other than GOVERNANCE for it", () => {
        const short = lockWith({ rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } } });
        expect(found(evaluate(objectLockCompliance, [...rehearsalBucket(), short]))).toEqual([
            ["data-object-lock", "defaultRetention keeps objects 30 days; the floor is 365."],
        ]);
        const other = lockWith({ rule: { defaultRetention: { mode: "NONE", days: 365 } } });
        expect(found(evaluate(objectLockCompliance, [...rehearsalBucket(), other]))).toEqual([
            ["data-object-lock", 'defaultRetention.mode is "NONE": only COMPLIANCE binds every user, root included.'],
        ]);
    });
    it("does not turn a bucket name unknown at preview into a violation: it is judged at up", () => {
        const report = evaluate(objectLockCompliance, [...rehearsalBucket(), lockWith({ bucket: UNKNOWN_SENTINEL })]);
        expect(report.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
        expect(found(report)).toEqual([["(stack)", expect.stringMatching(/can't run during preview|unknown/i)]]);
    });
});

describe("rehearsal mode told by the provider's defaultTags", () => {
    // The bucket carries only its own Project tag; Environment and the rehearsal tag come from an explicit
    // provider's defaultTags, as pulumi-aws merges them into the bucket's tags.
    const untagged = patched("data", { tags: { Project: "aws-secure-baseline" } });
    const judge = (policy: typeof rehearsalMode, defaultTags: Record<string, string>) =>
        evaluatePlans(
            [
                planWithProvider(
                    [...untagged, objectLock("GOVERNANCE")],
                    { region: "us-east-1", defaultTags: JSON.stringify({ tags: defaultTags }) },
                    ["data"],
                ),
            ],
            undefined,
            { policies: [policy], policyPackConfig: underBaseline([policy]) },
        ).violations.map((v) => v.message.split("\n")[0]);

    it("deployment-mode-rehearsal reports a production bucket deployed in rehearsal mode", () => {
        expect(judge(rehearsalMode, REHEARSAL)).toEqual([
            `Bucket 'data' (${DATA_BUCKET}) is deployed in rehearsal mode (baseline:deployment-mode=rehearsal) with Environment=Production: ` +
                "its retention lock can be removed. Deploy production with deploymentMode production.",
        ]);
        expect(judge(rehearsalMode, { ...REHEARSAL, Environment: "Sandbox" })).toEqual([]);
    });

    it("s3-object-lock-compliance lets its GOVERNANCE lock through, and refuses it without the rehearsal tag", () => {
        expect(judge(objectLockCompliance, REHEARSAL)).toEqual([]);
        expect(judge(objectLockCompliance, PRODUCTION)).toEqual([
            'defaultRetention.mode is "GOVERNANCE": only COMPLIANCE binds every user, root included.',
        ]);
    });
});
