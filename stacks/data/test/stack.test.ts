import { CONTRACT_KEYS, REGIONS, Region, isTaggable, names, stackName } from "@baseline/lib";
import {
    DEFAULT_ACCOUNT_ID,
    RecordedResource,
    StackRunError,
    StackRunResult,
    contractFixture,
    findResource,
    ofType,
    runStack,
    simulate,
    upstreamOutputsFor,
} from "@baseline/lib/src/testing";
import program from "../index";

const PROJECT = "baseline-data";

function run(region: Region, config: Record<string, string> = {}, stackOutputs = upstreamOutputsFor("data", region)) {
    return runStack({
        project: PROJECT,
        stack: stackName("data", region),
        config: {
            "aws:region": region,
            ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`${PROJECT}:${k}`, v])),
        },
        stackOutputs,
        program,
    });
}

const runs = new Map<Region, StackRunResult>();
beforeAll(async () => {
    // One after another: each run installs its own mocks and config.
    for (const region of REGIONS) runs.set(region, await run(region));
});

const res = (region: Region = "us-east-1") => runs.get(region)!.resources;
const one = (type: string, name: string, region: Region = "us-east-1") => findResource(res(region), type, name);
const security = contractFixture("security", "us-east-1");
const iam = contractFixture("global-iam", "us-east-1");
const network = contractFixture("network", "us-east-1");

describe.each(REGIONS)("data layer in %s", (region) => {
    it("names the buckets by account and region", () => {
        expect(one("aws:s3/bucket:Bucket", "data", region).inputs.bucket).toBe(names.dataBucket(DEFAULT_ACCOUNT_ID, region));
        expect(one("aws:s3/bucket:Bucket", "access-logs", region).inputs.bucket).toBe(
            names.accessLogBucket(DEFAULT_ACCOUNT_ID, region),
        );
    });

    it("returns exactly the DataOutputs contract, in this region", () => {
        const out = runs.get(region)!.outputs;
        expect(Object.keys(out).sort()).toEqual([...CONTRACT_KEYS.data].sort());
        expect(out.region).toBe(region);
        expect(out.dbSecretArn).toMatch(new RegExp(`^arn:aws:secretsmanager:${region}:${DEFAULT_ACCOUNT_ID}:secret:rds!db-`));
        expect(out.dataBucketArn).toBe(`arn:aws:s3:::${names.dataBucket(DEFAULT_ACCOUNT_ID, region)}`);
    });

    it("tags every taggable resource Environment=Production", () => {
        const taggable = res(region).filter((r) => r.custom && !r.read && isTaggable(r.type));
        expect(new Set(taggable.map((r) => r.type))).toEqual(
            new Set([
                "aws:s3/bucket:Bucket",
                "aws:rds/instance:Instance",
                "aws:rds/subnetGroup:SubnetGroup",
                "aws:rds/parameterGroup:ParameterGroup",
                "aws:cloudwatch/logGroup:LogGroup",
                "aws:cloudwatch/metricAlarm:MetricAlarm",
                "aws:cloudwatch/eventRule:EventRule",
                "aws:backup/vault:Vault",
                "aws:backup/plan:Plan",
                "aws:iam/role:Role",
                "aws:kms/key:Key",
            ]),
        );
        for (const r of taggable)
            expect([r.type, r.name, (r.inputs.tags as Record<string, string>)?.Environment]).toEqual([
                r.type,
                r.name,
                "Production",
            ]);
    });

    it("uses this region's keys and subnets", () => {
        const sec = contractFixture("security", region);
        const enc = one(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "data-encryption",
            region,
        );
        expect(JSON.stringify(enc.inputs)).toContain(sec.dataKeyArn);
        expect(one("aws:rds/instance:Instance", "postgres", region).inputs.kmsKeyId).toBe(sec.databaseKeyArn);
    });
});

it("gives the three regions distinct bucket names", () => {
    const all = REGIONS.flatMap((r) => ofType(res(r), "aws:s3/bucket:Bucket").map((b) => b.inputs.bucket));
    expect(all).toHaveLength(6);
    expect(new Set(all).size).toBe(6);
});

describe("S3 buckets", () => {
    it.each(["data", "access-logs"])("%s bucket is protected and not force-destroyable", (name) => {
        const b = one("aws:s3/bucket:Bucket", name);
        expect(b.protect).toBe(true);
        expect(b.inputs.forceDestroy).toBe(false);
    });

    it.each(["data", "access-logs"])("%s bucket: versioning, ACLs disabled, all four public access blocks", (name) => {
        const bucket = one("aws:s3/bucket:Bucket", name).inputs.bucket;
        const versioning = one("aws:s3/bucketVersioning:BucketVersioning", `${name}-versioning`);
        expect(versioning.inputs).toMatchObject({ bucket, versioningConfiguration: { status: "Enabled" } });
        const ownership = one("aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${name}-ownership`);
        expect(ownership.inputs).toMatchObject({ bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
        const pab = one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-public-access`);
        expect(pab.inputs).toMatchObject({
            bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        });
    });

    it("data bucket: SSE-KMS with the data CMK and a bucket key, SSE-C blocked", () => {
        const enc = one(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "data-encryption",
        );
        expect(enc.inputs.rules).toEqual([
            {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: security.dataKeyArn },
                bucketKeyEnabled: true,
                blockedEncryptionTypes: ["SSE-C"],
            },
        ]);
    });

    it("access-log bucket: SSE-S3, marked as a documented exemption", () => {
        const enc = one(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            "access-logs-encryption",
        );
        expect(enc.inputs.rules).toEqual([
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, blockedEncryptionTypes: ["SSE-C"] },
        ]);
        expect(one("aws:s3/bucket:Bucket", "access-logs").inputs.tags).toMatchObject({
            "baseline:role": "access-logs",
            "baseline:encryption-exemption": "s3-server-access-logs",
        });
        expect(one("aws:s3/bucket:Bucket", "data").inputs.tags).not.toHaveProperty("baseline:encryption-exemption");
    });

    it("lifecycle: noncurrent versions expire, incomplete multipart uploads are aborted, after versioning", () => {
        const data = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "data-lifecycle");
        expect(data.inputs.rules).toEqual([
            expect.objectContaining({
                status: "Enabled",
                noncurrentVersionExpiration: { noncurrentDays: 90 },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }),
        ]);
        expect(data.dependencies).toContain(one("aws:s3/bucketVersioning:BucketVersioning", "data-versioning").urn);
        const logs = one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "access-logs-lifecycle");
        expect(logs.inputs.rules).toEqual([
            expect.objectContaining({ expiration: { days: 365 }, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }),
        ]);
    });

    it("data bucket logs to the access-log bucket under its own prefix; the log bucket does not log itself", () => {
        const logging = ofType(res(), "aws:s3/bucketLogging:BucketLogging");
        expect(logging).toHaveLength(1);
        const dataName = names.dataBucket(DEFAULT_ACCOUNT_ID, "us-east-1");
        expect(logging[0].inputs).toMatchObject({
            bucket: dataName,
            targetBucket: names.accessLogBucket(DEFAULT_ACCOUNT_ID, "us-east-1"),
            targetPrefix: `${dataName}/`,
        });
        expect(logging[0].dependencies).toContain(one("aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy").urn);
    });

    it("the deployed data bucket policy denies non-TLS, unencrypted and wrong-key uploads and allows the right key", async () => {
        const policy = one("aws:s3/bucketPolicy:BucketPolicy", "data-policy").inputs.policy as string;
        const bucket = `arn:aws:s3:::${names.dataBucket(DEFAULT_ACCOUNT_ID, "us-east-1")}`;
        const put = (context: Record<string, string>) =>
            simulate({
                principal: iam.apiLambdaRoleArn,
                action: "s3:PutObject",
                resource: `${bucket}/object`,
                context,
                identityPolicies: [
                    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject", Resource: `${bucket}/*` }] },
                ],
                resourcePolicy: policy,
            });
        const right = {
            "s3:x-amz-server-side-encryption": "aws:kms",
            "s3:x-amz-server-side-encryption-aws-kms-key-id": security.dataKeyArn,
        };
        expect(await put({ "aws:SecureTransport": "true", ...right })).toBe("Allowed");
        expect(await put({ "aws:SecureTransport": "false", ...right })).toBe("ExplicitlyDenied");
        expect(await put({ "aws:SecureTransport": "true", "s3:x-amz-server-side-encryption": "AES256" })).toBe(
            "ExplicitlyDenied",
        );
        expect(
            await put({
                "aws:SecureTransport": "true",
                "s3:x-amz-server-side-encryption": "aws:kms",
                "s3:x-amz-server-side-encryption-aws-kms-key-id": contractFixture("security", "us-west-2").dataKeyArn,
            }),
        ).toBe("ExplicitlyDenied");
    });

    it("the deployed access-log bucket policy admits S3 log delivery for the data bucket only", async () => {
        const policy = one("aws:s3/bucketPolicy:BucketPolicy", "access-logs-policy").inputs.policy as string;
        const dataName = names.dataBucket(DEFAULT_ACCOUNT_ID, "us-east-1");
        const deliver = (sourceArn: string) =>
            simulate({
                principal: "logging.s3.amazonaws.com",
                action: "s3:PutObject",
                resource: `arn:aws:s3:::${names.accessLogBucket(DEFAULT_ACCOUNT_ID, "us-east-1")}/${dataName}/log`,
                resourceAccount: DEFAULT_ACCOUNT_ID,
                context: { "aws:SecureTransport": "true", "aws:SourceArn": sourceArn, "aws:SourceAccount": DEFAULT_ACCOUNT_ID },
                resourcePolicy: policy,
            });
        expect(await deliver(`arn:aws:s3:::${dataName}`)).toBe("Allowed");
        expect(await deliver("arn:aws:s3:::another-bucket")).not.toBe("Allowed");
    });
});

describe("RDS PostgreSQL", () => {
    const db = () => one("aws:rds/instance:Instance", "postgres");

    it("is private, in the isolated subnets and the database SG", () => {
        const subnets = one("aws:rds/subnetGroup:SubnetGroup", "postgres-subnets");
        expect(subnets.inputs.subnetIds).toEqual(network.isolatedSubnetIds);
        expect(db().inputs).toMatchObject({
            dbSubnetGroupName: subnets.inputs.name,
            vpcSecurityGroupIds: [network.databaseSecurityGroupId],
            publiclyAccessible: false,
        });
    });

    it("encrypts storage, Performance Insights and the master secret with the database CMK", () => {
        expect(db().inputs).toMatchObject({
            storageEncrypted: true,
            kmsKeyId: security.databaseKeyArn,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: security.databaseKeyArn,
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: security.databaseKeyArn,
            iamDatabaseAuthenticationEnabled: true,
        });
    });

    it("is protected from deletion by Pulumi and by RDS, with backups and a final snapshot", () => {
        expect(db().protect).toBe(true);
        expect(db().inputs).toMatchObject({
            identifier: names.dbIdentifier,
            deletionProtection: true,
            skipFinalSnapshot: false,
            finalSnapshotIdentifier: `${names.dbIdentifier}-final`,
            backupRetentionPeriod: 14,
            copyTagsToSnapshot: true,
            deleteAutomatedBackups: false,
            multiAz: true,
            autoMinorVersionUpgrade: true,
        });
    });

    it("monitors with the global-iam role and exports PostgreSQL logs to encrypted, protected log groups", () => {
        expect(db().inputs).toMatchObject({
            monitoringInterval: 60,
            monitoringRoleArn: iam.rdsMonitoringRoleArn,
            enabledCloudwatchLogsExports: ["postgresql", "upgrade"],
        });
        for (const log of ["postgresql", "upgrade"]) {
            const group = one("aws:cloudwatch/logGroup:LogGroup", `postgres-log-${log}`);
            expect(group.protect).toBe(true);
            expect(group.inputs).toMatchObject({
                name: `/aws/rds/instance/${names.dbIdentifier}/${log}`,
                kmsKeyId: security.logsKeyArn,
                retentionInDays: 365,
            });
            expect(db().dependencies).toContain(group.urn);
        }
    });

    it("creates RDSOSMetrics, encrypted and retained, before enhanced monitoring would create it unencrypted", () => {
        const group = one("aws:cloudwatch/logGroup:LogGroup", "postgres-enhanced-monitoring-logs");
        expect(group.inputs).toMatchObject({
            name: "RDSOSMetrics",
            kmsKeyId: security.logsKeyArn,
            retentionInDays: 365,
            deletionProtectionEnabled: true,
        });
        expect(group.protect).toBe(true);
        expect(db().dependencies).toContain(group.urn);
    });

    it("forces TLS and logs connections in a parameter group of the engine's family", () => {
        const pg = one("aws:rds/parameterGroup:ParameterGroup", "postgres-params");
        expect(pg.inputs.family).toBe("postgres16");
        expect(db().inputs.parameterGroupName).toBe(pg.inputs.name);
        const params = Object.fromEntries(
            (pg.inputs.parameters as { name: string; value: string }[]).map((p) => [p.name, p.value]),
        );
        expect(params).toMatchObject({ "rds.force_ssl": "1", log_connections: "1" });
    });

    it("sizes storage and class from config, with an autoscaling ceiling", () => {
        expect(db().inputs).toMatchObject({
            instanceClass: "db.m7g.large",
            allocatedStorage: 100,
            maxAllocatedStorage: 200,
            storageType: "gp3",
            engineVersion: "16",
        });
        expect(db().inputs.username).not.toBe("postgres");
    });

    it("listens on the shared port the network layer's security group rules open, with a pinned CA", () => {
        expect(db().inputs.port).toBe(names.dbPort);
        expect(runs.get("us-east-1")!.outputs.dbPort).toBe(names.dbPort);
        expect(db().inputs.caCertIdentifier).toBe("rds-ca-rsa2048-g1");
    });

    it("puts no password anywhere in any resource input", () => {
        const offending: string[] = [];
        const walk = (v: unknown, path: string) => {
            if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
            else if (v && typeof v === "object")
                for (const [k, x] of Object.entries(v)) {
                    if (/password/i.test(k) && k !== "manageMasterUserPassword") offending.push(`${path}.${k}`);
                    walk(x, `${path}.${k}`);
                }
        };
        for (const region of REGIONS) for (const r of res(region)) walk(r.inputs, `${region}:${r.type}:${r.name}`);
        expect(offending).toEqual([]);
    });
});

describe("database alarms", () => {
    // The database alarms (the replication latency alarm is tested with the other recovery resources).
    const alarms = () => ofType(res(), "aws:cloudwatch/metricAlarm:MetricAlarm").filter((a) => a.inputs.namespace === "AWS/RDS");

    it("cover CPU, free storage, connections and free memory, all notifying the encrypted alarm topic", () => {
        expect(
            alarms()
                .map((a) => a.inputs.metricName)
                .sort(),
        ).toEqual(["CPUUtilization", "DatabaseConnections", "FreeStorageSpace", "FreeableMemory"]);
        for (const a of alarms()) {
            expect(a.inputs).toMatchObject({
                namespace: "AWS/RDS",
                dimensions: { DBInstanceIdentifier: names.dbIdentifier },
                actionsEnabled: true,
                alarmActions: [security.alarmTopicArn],
                okActions: [security.alarmTopicArn],
                treatMissingData: "breaching",
            });
        }
    });

    it("alarm on free storage below autoscaling's own 10% trigger", () => {
        const storage = alarms().find((a) => a.inputs.metricName === "FreeStorageSpace")!;
        expect(storage.inputs.threshold).toBe(5 * 1024 ** 3);
    });
});

describe("failures", () => {
    it("a bad config fails before any resource is registered", async () => {
        const err = (await run("us-east-1", { dbBackupRetentionDays: "3" }).catch((e: unknown) => e)) as StackRunError;
        expect(err).toBeInstanceOf(StackRunError);
        expect(err.message).toMatch(/baseline-data:dbBackupRetentionDays = 3: from 7 to 35/);
        expect(err.resources.filter((r: RecordedResource) => r.custom)).toEqual([]);
    });

    it("a missing upstream output fails before any AWS resource is registered", async () => {
        const err = (await run(
            "us-west-2",
            {},
            upstreamOutputsFor("data", "us-west-2", { security: { databaseKeyArn: undefined } }),
        ).catch((e: unknown) => e)) as StackRunError;
        expect(err.message).toMatch(/missing output\(s\) databaseKeyArn/);
        expect(err.resources.filter((r) => r.custom && !r.read && r.type.startsWith("aws:"))).toEqual([]);
    });

    it("the Multi-AZ cost switch turns the standby off", async () => {
        const single = await run("eu-central-1", { dbMultiAz: "false" });
        expect(findResource(single.resources, "aws:rds/instance:Instance", "postgres").inputs.multiAz).toBe(false);
    });
});
