/** The log-archive program under the recording mock runtime, in the sample organization. */
import "@baseline/lib/src/testing/sampleOrganization";
import { CONTRACT_KEYS, ORGANIZATION_MODE, contractShapeProblems } from "@baseline/lib";
import { RecordedResource, StackRunError, findResource, ofType, runStack, upstreamOutputsFor } from "@baseline/lib/src/testing";
import { PROJECT } from "../src/config";

const STACK_RUN_TIMEOUT_MS = 180_000;
const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222";
const BUCKET = `baseline-org-trail-${LOG_ARCHIVE}`;

const run = (config: Record<string, string> = {}, overrides = {}, stack = "log-archive") =>
    runStack({
        project: PROJECT,
        stack,
        accountId: LOG_ARCHIVE,
        config: {
            "aws:region": "us-east-1",
            ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
        },
        stackOutputs: upstreamOutputsFor("log-archive", "us-east-1", overrides, { accountId: MANAGEMENT }),
        program: async () => (await import("../index")).default(),
    });

let res: RecordedResource[];
let outputs: Record<string, unknown>;
beforeAll(async () => {
    ({ resources: res, outputs } = await run());
}, STACK_RUN_TIMEOUT_MS);

it("runs in the sample organization", () => {
    expect(ORGANIZATION_MODE).toBe(true);
});

it("exports the contract, in the shapes consumers check", () => {
    expect(Object.keys(outputs).sort()).toEqual([...CONTRACT_KEYS["log-archive"]].sort());
    expect(outputs.trailBucketName).toBe(BUCKET);
    expect(outputs.trailBucketArn).toBe(`arn:aws:s3:::${BUCKET}`);
    expect(String(outputs.trailKeyArn)).toMatch(new RegExp(`^arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/`));
    expect(contractShapeProblems("log-archive", outputs, { region: "us-east-1" })).toEqual([]);
});

it("keeps the records in a protected, versioned, locked, KMS-encrypted bucket with no public access", () => {
    const bucket = findResource(res, "aws:s3/bucket:Bucket", "organization-trail-bucket");
    expect(bucket.inputs).toMatchObject({ bucket: BUCKET, forceDestroy: false });
    expect(bucket.protect).toBe(true);
    const key = findResource(res, "aws:kms/key:Key", "organization-trail-key");
    expect(key.inputs).toMatchObject({ enableKeyRotation: true, deletionWindowInDays: 30 });
    expect(key.protect).toBe(true);
    expect(findResource(res, "aws:kms/alias:Alias", "organization-trail-key-alias").inputs.name).toBe(
        "alias/baseline-organization-trail",
    );
    expect(
        findResource(res, "aws:s3/bucketVersioning:BucketVersioning", "organization-trail-bucket-versioning").inputs,
    ).toMatchObject({
        versioningConfiguration: { status: "Enabled" },
    });
    const lock = findResource(
        res,
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "organization-trail-bucket-object-lock",
    );
    expect(lock.inputs).toMatchObject({
        objectLockEnabled: "Enabled",
        rule: { defaultRetention: { mode: "COMPLIANCE", days: 365 } },
    });
    expect(lock.protect).toBe(true);
    const sse = findResource(
        res,
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "organization-trail-bucket-encryption",
    );
    expect(sse.inputs.rules).toEqual([
        {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: outputs.trailKeyArn },
            bucketKeyEnabled: false,
        },
    ]);
    expect(
        findResource(
            res,
            "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
            "organization-trail-bucket-public-access-block",
        ).inputs,
    ).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    const lifecycle = findResource(
        res,
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "organization-trail-bucket-lifecycle",
    );
    expect((lifecycle.inputs.rules as { expiration: { days: number } }[])[0].expiration).toEqual({ days: 2557 });
});

it("writes the bucket policy for the organization trail of the management account", () => {
    const policy = JSON.parse(
        String(findResource(res, "aws:s3/bucketPolicy:BucketPolicy", "organization-trail-bucket-policy").inputs.policy),
    );
    const writes = policy.Statement.filter((s: { Action: string }) => s.Action === "s3:PutObject");
    expect(writes.map((s: { Resource: string }) => s.Resource)).toEqual([
        `arn:aws:s3:::${BUCKET}/AWSLogs/${MANAGEMENT}/*`,
        `arn:aws:s3:::${BUCKET}/AWSLogs/o-a1b2c3d4e5/*`,
    ]);
    for (const w of writes)
        expect(w.Condition.StringEquals["aws:SourceArn"]).toEqual([
            `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/baseline-organization`,
            `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/baseline-organization-data-events`,
        ]);
});

it("logs server access to an SSE-S3 bucket of the log-archive account", () => {
    const logging = findResource(res, "aws:s3/bucketLogging:BucketLogging", "organization-trail-bucket-access-logging");
    const target = `baseline-audit-access-logs-${LOG_ARCHIVE}-us-east-1`;
    expect(logging.inputs).toMatchObject({ targetBucket: target, targetPrefix: `${BUCKET}/` });
    const logBucket = findResource(res, "aws:s3/bucket:Bucket", "organization-trail-access-logs");
    expect(logBucket.inputs.bucket).toBe(target);
    expect(logBucket.protect).toBe(true);
    expect(
        findResource(
            res,
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "organization-trail-access-logs-encryption",
        ).inputs.rules,
    ).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    const policy = JSON.parse(
        String(findResource(res, "aws:s3/bucketPolicy:BucketPolicy", "organization-trail-access-logs-policy").inputs.policy),
    );
    expect(policy.Statement[1].Condition).toEqual({
        ArnLike: { "aws:SourceArn": `arn:aws:s3:::${BUCKET}` },
        StringEquals: { "aws:SourceAccount": LOG_ARCHIVE },
    });
    // And the Config bucket of this account's home-region security stack, which logs here rather than to a
    // second bucket of this name (lib sharesLogArchiveAccessLogs), under its own prefix.
    const config = `baseline-config-${LOG_ARCHIVE}-us-east-1`;
    expect(policy.Statement).toHaveLength(3);
    expect(policy.Statement[2]).toMatchObject({
        Resource: `arn:aws:s3:::${target}/${config}/*`,
        Condition: { ArnLike: { "aws:SourceArn": `arn:aws:s3:::${config}` }, StringEquals: { "aws:SourceAccount": LOG_ARCHIVE } },
    });
});

it(
    "rehearsal mode locks in GOVERNANCE and says so in a tag",
    async () => {
        const rehearsal = (await run({ deploymentMode: "rehearsal" })).resources;
        const lock = findResource(rehearsal, "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration");
        expect(lock.inputs).toMatchObject({ rule: { defaultRetention: { mode: "GOVERNANCE", days: 365 } } });
        expect(findResource(rehearsal, "aws:s3/bucket:Bucket", "organization-trail-bucket").inputs.tags).toMatchObject({
            "baseline:deployment-mode": "rehearsal",
        });
    },
    STACK_RUN_TIMEOUT_MS,
);

it(
    "refuses an organization stack that knows the log-archive account by another id, before registering anything",
    async () => {
        const err = await run(
            {},
            { organization: { accountIds: { management: MANAGEMENT, "log-archive": "999999999999" } } },
        ).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(StackRunError);
        const e = err as StackRunError;
        expect(e.message).toContain("log-archive is 222222222222 in the topology, 999999999999 in the stack");
        expect(ofType(e.resources, "aws:s3/bucket:Bucket")).toEqual([]);
    },
    STACK_RUN_TIMEOUT_MS,
);

it(
    "refuses a stack of another account, and a lock longer than the records live",
    async () => {
        const err = await run({ auditObjectLockDays: "3000", auditBucketExpirationDays: "2000" }, {}, "payments").then(
            () => undefined,
            (e: unknown) => e,
        );
        const message = String((err as Error).message);
        expect(message).toContain('(stack name) = "baseline-log-archive/payments": a stack of the log-archive account');
        expect(message).toContain("auditObjectLockDays = 3000: at most auditBucketExpirationDays (2000)");
    },
    STACK_RUN_TIMEOUT_MS,
);
