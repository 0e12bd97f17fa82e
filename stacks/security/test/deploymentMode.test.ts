/** Rehearsal mode in the security layer: the audit buckets' Object Lock in GOVERNANCE mode, marked by a tag. */
import { RecordedResource, StackRunError, findResource, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";

const run = (config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: "production-us-east-1",
        config: {
            "aws:region": "us-east-1",
            ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
        },
        stackOutputs: upstreamOutputsFor("security", "us-east-1"),
        program: async () => (await import("../index")).default(),
    });

const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const locks = (res: RecordedResource[]) => res.filter((r) => r.type === LOCK);

it("locks in GOVERNANCE mode with the same retention, whatever auditObjectLockMode says, and tags each locked bucket", async () => {
    const res = (await run({ deploymentMode: "rehearsal", auditObjectLockMode: "COMPLIANCE", auditObjectLockDays: "400" }))
        .resources;
    expect(locks(res).length).toBeGreaterThan(0);
    for (const lock of locks(res)) {
        expect(lock.inputs.rule).toEqual({ defaultRetention: { mode: "GOVERNANCE", days: 400 } });
        const bucketName = lock.name.replace(/-object-lock$/, "");
        const bucket = findResource(res, "aws:s3/bucket:Bucket", bucketName);
        expect((bucket.inputs.tags as Record<string, string>)["baseline:deployment-mode"]).toBe("rehearsal");
    }
});

it("production (the default) keeps COMPLIANCE and tags nothing", async () => {
    const res = (await run()).resources;
    for (const lock of locks(res)) expect(lock.inputs.rule).toEqual({ defaultRetention: { mode: "COMPLIANCE", days: 365 } });
    expect(res.filter((r) => JSON.stringify(r.inputs).includes("baseline:deployment-mode"))).toEqual([]);
});

it("refuses an unknown deployment mode before any resource", async () => {
    const err = await run({ deploymentMode: "staging" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackRunError);
    expect((err as Error).message).toContain('deploymentMode = "staging": one of production, rehearsal');
    expect((err as StackRunError).resources.filter((r) => r.custom && !r.read)).toHaveLength(0);
});
