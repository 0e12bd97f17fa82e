/** Audit logs that outlive an administrator: S3 Object Lock on the CloudTrail bucket (never the Config delivery bucket). */
import { Region } from "@baseline/lib";
import { RecordedResource, StackRunError, findResource, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";

/** Each beforeAll runs whole stack programs: on a loaded machine that takes longer than one test. */
const STACK_RUN_TIMEOUT_MS = 180_000;

const run = (region: Region, config: Record<string, string> = {}) =>
    runStack({
        project: PROJECT,
        stack: `production-${region}`,
        config: { "aws:region": region, ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])) },
        stackOutputs: upstreamOutputsFor("security", region),
        program: async () => (await import("../index")).default(),
    });

const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

let home: RecordedResource[];
let other: RecordedResource[];
beforeAll(async () => {
    home = (await run("us-east-1")).resources;
    other = (await run("eu-central-1")).resources;
}, STACK_RUN_TIMEOUT_MS);

it("locks every new CloudTrail record in compliance mode for 365 days, after versioning, without replacing the bucket", () => {
    const lock = findResource(home, LOCK, "cloudtrail-bucket-object-lock");
    expect(lock.inputs).toMatchObject({
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
    });
    expect(lock.protect).toBe(true);
    expect(lock.dependencies).toContain(
        findResource(home, "aws:s3/bucketVersioning:BucketVersioning", "cloudtrail-bucket-versioning").urn,
    );
    // Object Lock is NOT set on the bucket itself: that argument forces a new bucket in the provider.
    expect(findResource(home, "aws:s3/bucket:Bucket", "cloudtrail-bucket").inputs.objectLockEnabled).toBeUndefined();
});

it("never locks the bucket AWS Config delivers to (Config refuses a bucket with Object Lock)", () => {
    for (const res of [home, other]) {
        const channel = findResource(res, "aws:cfg/deliveryChannel:DeliveryChannel", "config-delivery");
        const deliveryBucket = channel.inputs.s3BucketName;
        expect(deliveryBucket).toMatch(/^baseline-config-/);
        const bucketIds = res
            .filter((r) => r.type === "aws:s3/bucket:Bucket" && r.inputs.bucket === deliveryBucket)
            .map((r) => r.outputs.id ?? r.inputs.bucket);
        expect(bucketIds).toHaveLength(1);
        const locks = res.filter((r) => r.type === LOCK);
        expect(locks.filter((l) => l.inputs.bucket === deliveryBucket || bucketIds.includes(l.inputs.bucket))).toEqual([]);
        expect(findResource(res, "aws:s3/bucket:Bucket", "config-bucket").inputs.objectLockEnabled).toBeUndefined();
    }
    // The trail's bucket stays locked.
    expect(home.filter((r) => r.type === LOCK).map((r) => r.name)).toEqual(["cloudtrail-bucket-object-lock"]);
});

it("takes mode and retention from config", async () => {
    const res = (await run("us-east-1", { auditObjectLockMode: "GOVERNANCE", auditObjectLockDays: "30" })).resources;
    expect(findResource(res, LOCK, "cloudtrail-bucket-object-lock").inputs).toMatchObject({
        rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } },
    });
});

it("refuses an unknown mode and a retention beyond the records' expiration, before any resource", async () => {
    const err = await run("us-east-1", {
        auditObjectLockMode: "FOREVER",
        auditObjectLockDays: "3000",
        auditBucketExpirationDays: "2557",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StackRunError);
    const msg = (err as Error).message;
    expect(msg).toContain('auditObjectLockMode = "FOREVER": one of COMPLIANCE, GOVERNANCE');
    expect(msg).toContain("auditObjectLockDays = 3000: at most auditBucketExpirationDays (2557)");
    expect((err as StackRunError).resources.filter((r) => r.custom && !r.read)).toHaveLength(0);
});
