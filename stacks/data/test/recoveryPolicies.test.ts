/**
 * The recovery roles, simulated: each can do its job and nothing next to it.
 */
import { DeployRegion, names, serviceKeyPolicy } from "@baseline/lib";
import { simulate } from "@baseline/lib/src/testing";
import { backupRolePolicy, backupVaultKeyPolicy, replicationRolePolicy, serviceTrustPolicy } from "../src/recoveryPolicies";

const ACCOUNT = "123456789012";
const key = (region: string, n: number) =>
    `arn:aws:kms:${region}:${ACCOUNT}:key/${n}${n}${n}${n}${n}${n}${n}${n}-aaaa-4bbb-accc-000000000000`;
const SOURCE = `arn:aws:s3:::${names.dataBucket(ACCOUNT, "eu-central-1")}`;
const REPLICA = `arn:aws:s3:::${names.replicaBucket(ACCOUNT, "eu-central-1")}`;
const OTHER_BUCKET = `arn:aws:s3:::${names.dataBucket(ACCOUNT, "us-east-1")}`;
const ctx = { accountId: ACCOUNT, region: "eu-central-1", partnerRegion: "eu-west-1" } as const;
/**
 * KMS needs the key policy too (an identity policy alone grants nothing on a key): the keys' policies here
 * have the shape of the security and recovery layers' keys, so the role's own policy is what decides.
 */
const keyPolicy = (region: DeployRegion, services: string[]) =>
    serviceKeyPolicy({ accountId: ACCOUNT, region, services, grantServices: services });
const KEY_POLICIES: Record<string, ReturnType<typeof keyPolicy>> = {
    [key("eu-central-1", 1)]: keyPolicy("eu-central-1", ["s3", "sqs"]),
    [key("eu-central-1", 2)]: keyPolicy("eu-central-1", ["rds", "secretsmanager"]),
    [key("eu-west-1", 4)]: keyPolicy("eu-west-1", ["s3"]),
    [key("eu-west-1", 5)]: keyPolicy("eu-west-1", ["backup", "rds"]),
};
const simulateAs = (
    principal: string,
    policy: object,
    action: string,
    resource: string,
    context: Record<string, string | string[]>,
) =>
    simulate({
        principal,
        action,
        resource,
        identityPolicies: [policy as never],
        ...(KEY_POLICIES[resource] ? { resourcePolicy: KEY_POLICIES[resource] } : {}),
        context: resource.startsWith("arn:aws:kms:") ? { "kms:CallerAccount": ACCOUNT, ...context } : context,
    });

describe("S3 replication role", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/baseline/${names.replicationRole("eu-central-1")}`;
    const policy = replicationRolePolicy({
        ...ctx,
        sourceBucketArn: SOURCE,
        sourceKeyArn: key("eu-central-1", 1),
        replicaBucketArn: REPLICA,
        replicaKeyArn: key("eu-west-1", 4),
    });
    const can = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
        simulateAs(role, policy, action, resource, context);

    it("reads the source's replication configuration and object versions, and replicates into the replica", async () => {
        expect(await can("s3:GetReplicationConfiguration", SOURCE)).toBe("Allowed");
        expect(await can("s3:GetObjectVersionForReplication", `${SOURCE}/a.csv`)).toBe("Allowed");
        expect(await can("s3:ReplicateObject", `${REPLICA}/a.csv`)).toBe("Allowed");
        expect(await can("s3:ReplicateDelete", `${REPLICA}/a.csv`)).toBe("Allowed");
    });

    it("decrypts with the source key through S3 of the source region, encrypts with the replica key through S3 of the partner", async () => {
        const s3 = (r: string) => `s3.${r}.amazonaws.com`;
        expect(
            await can("kms:Decrypt", key("eu-central-1", 1), {
                "kms:ViaService": s3("eu-central-1"),
            }),
        ).toBe("Allowed");
        expect(
            await can("kms:Encrypt", key("eu-west-1", 4), {
                "kms:ViaService": s3("eu-west-1"),
            }),
        ).toBe("Allowed");
        // Not directly, not for another bucket, not the other key's job.
        expect(await can("kms:Decrypt", key("eu-central-1", 1), {})).toBe("ImplicitlyDenied");
        expect(await can("kms:Decrypt", key("eu-central-1", 1), { "kms:ViaService": s3("us-east-1") })).toBe("ImplicitlyDenied");
        expect(await can("kms:Decrypt", key("eu-central-1", 2), { "kms:ViaService": s3("eu-central-1") })).toBe(
            "ImplicitlyDenied",
        );
        expect(
            await can("kms:Decrypt", key("eu-west-1", 4), {
                "kms:ViaService": s3("eu-west-1"),
            }),
        ).toBe("ImplicitlyDenied");
    });

    it("can do nothing else: no plain reads, no deletes, no other bucket", async () => {
        expect(await can("s3:GetObject", `${SOURCE}/a.csv`)).toBe("ImplicitlyDenied");
        expect(await can("s3:DeleteObject", `${SOURCE}/a.csv`)).toBe("ImplicitlyDenied");
        expect(await can("s3:DeleteObjectVersion", `${REPLICA}/a.csv`)).toBe("ImplicitlyDenied");
        expect(await can("s3:ReplicateObject", `${OTHER_BUCKET}/a.csv`)).toBe("ImplicitlyDenied");
        expect(await can("s3:PutBucketPolicy", REPLICA)).toBe("ImplicitlyDenied");
    });

    it("is assumable by S3 only, for the source bucket of this account", async () => {
        const trust = serviceTrustPolicy("s3.amazonaws.com", ACCOUNT, SOURCE);
        const assume = (principal: string, context: Record<string, string>) =>
            simulate({ principal, action: "sts:AssumeRole", resource: role, resourcePolicy: trust, context });
        expect(await assume("s3.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": SOURCE })).toBe("Allowed");
        // A request without the keys still works (the services are not documented to send them).
        expect(await assume("s3.amazonaws.com", {})).toBe("Allowed");
        expect(await assume("s3.amazonaws.com", { "aws:SourceAccount": "999999999999", "aws:SourceArn": SOURCE })).not.toBe(
            "Allowed",
        );
        expect(await assume("s3.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": OTHER_BUCKET })).not.toBe(
            "Allowed",
        );
        expect(await assume("backup.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": SOURCE })).not.toBe(
            "Allowed",
        );
    });
});

describe("AWS Backup role", () => {
    const role = `arn:aws:iam::${ACCOUNT}:role/baseline/${names.backupRole("eu-central-1")}`;
    const DB = `arn:aws:rds:eu-central-1:${ACCOUNT}:db:${names.dbIdentifier}`;
    const PARTNER_VAULT = `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${names.recoveryVault}`;
    const policy = backupRolePolicy({
        ...ctx,
        dataBucketArn: SOURCE,
        dataKeyArn: key("eu-central-1", 1),
        databaseKeyArn: key("eu-central-1", 2),
        dbInstanceArn: DB,
        vaultKeyArn: key("eu-central-1", 7),
        partnerVaultArn: PARTNER_VAULT,
        partnerVaultKeyArn: key("eu-west-1", 5),
    });
    const can = (action: string, resource: string, context: Record<string, string | string[]> = {}) =>
        simulateAs(role, policy, action, resource, context);

    it("snapshots the instance and copies and expires its backup snapshots in both regions", async () => {
        expect(await can("rds:CreateDBSnapshot", DB)).toBe("Allowed");
        expect(await can("rds:CreateDBSnapshot", `arn:aws:rds:eu-central-1:${ACCOUNT}:snapshot:awsbackup:job-1`)).toBe("Allowed");
        expect(await can("rds:CopyDBSnapshot", `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:awsbackup:job-1`)).toBe("Allowed");
        expect(await can("rds:DeleteDBSnapshot", `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:awsbackup:job-1`)).toBe("Allowed");
    });

    it("backs up the data bucket (the S3 backup permissions), and copies only into the partner vault", async () => {
        expect(await can("s3:GetObjectVersion", `${SOURCE}/a.csv`)).toBe("Allowed");
        expect(await can("s3:PutInventoryConfiguration", SOURCE)).toBe("Allowed");
        expect(await can("events:PutRule", `arn:aws:events:eu-central-1:${ACCOUNT}:rule/AwsBackupManagedRule-s3-1`)).toBe(
            "Allowed",
        );
        expect(await can("kms:Decrypt", key("eu-central-1", 1), { "kms:ViaService": "s3.eu-central-1.amazonaws.com" })).toBe(
            "Allowed",
        );
        expect(await can("backup:CopyIntoBackupVault", PARTNER_VAULT)).toBe("Allowed");
        expect(await can("s3:GetBucketAcl", SOURCE)).toBe("Allowed");
        // The bucket is tagged, and its recovery points and their copies take its tags.
        for (const region of ["eu-central-1", "eu-west-1"])
            expect(
                await can(
                    "backup:TagResource",
                    `arn:aws:backup:${region}:${ACCOUNT}:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`,
                ),
            ).toBe("Allowed");
        expect(
            await can("kms:CreateGrant", key("eu-west-1", 5), {
                "kms:ViaService": "rds.eu-west-1.amazonaws.com",
                "kms:GrantIsForAWSResource": "true",
            }),
        ).toBe("Allowed");
    });

    it("can do nothing else: no other database, bucket or vault, no deletes of data, no key use outside the services", async () => {
        expect(await can("rds:CreateDBSnapshot", `arn:aws:rds:eu-central-1:${ACCOUNT}:db:other`)).toBe("ImplicitlyDenied");
        expect(await can("rds:DeleteDBInstance", DB)).toBe("ImplicitlyDenied");
        expect(await can("rds:DeleteDBSnapshot", `arn:aws:rds:eu-central-1:${ACCOUNT}:snapshot:manual-1`)).toBe(
            "ImplicitlyDenied",
        );
        expect(await can("s3:GetObject", `${OTHER_BUCKET}/a.csv`)).toBe("ImplicitlyDenied");
        expect(await can("s3:DeleteObject", `${SOURCE}/a.csv`)).toBe("ImplicitlyDenied");
        expect(await can("s3:PutObject", `${SOURCE}/a.csv`)).toBe("ImplicitlyDenied");
        expect(
            await can("backup:CopyIntoBackupVault", `arn:aws:backup:us-east-1:${ACCOUNT}:backup-vault:${names.recoveryVault}`),
        ).toBe("ImplicitlyDenied");
        expect(await can("backup:DeleteRecoveryPoint", PARTNER_VAULT)).toBe("ImplicitlyDenied");
        expect(
            await can(
                "backup:TagResource",
                `arn:aws:backup:eu-central-1:999999999999:recovery-point:1EB3B5E7-9EB0-435A-A80B-108B488B0D45`,
            ),
        ).toBe("ImplicitlyDenied");
        expect(await can("backup:DeleteBackupVaultLockConfiguration", PARTNER_VAULT)).toBe("ImplicitlyDenied");
        expect(await can("kms:Decrypt", key("eu-central-1", 1), {})).toBe("ImplicitlyDenied");
        expect(await can("kms:Decrypt", key("eu-central-1", 2), { "kms:ViaService": "s3.eu-central-1.amazonaws.com" })).toBe(
            "ImplicitlyDenied",
        );
    });

    it("is assumable by AWS Backup of this account only", async () => {
        const trust = serviceTrustPolicy("backup.amazonaws.com", ACCOUNT);
        const assume = (principal: string, acct: string) =>
            simulate({
                principal,
                action: "sts:AssumeRole",
                resource: role,
                resourcePolicy: trust,
                context: { "aws:SourceAccount": acct },
            });
        expect(await assume("backup.amazonaws.com", ACCOUNT)).toBe("Allowed");
        expect(await assume("backup.amazonaws.com", "999999999999")).not.toBe("Allowed");
        expect(await assume("s3.amazonaws.com", ACCOUNT)).not.toBe("Allowed");
    });
});

describe("backup vault key policy", () => {
    const policy = backupVaultKeyPolicy(ctx);
    const KEY = key("eu-central-1", 7);
    const ROLE = `arn:aws:iam::${ACCOUNT}:role/baseline/${names.backupRole("eu-central-1")}`;
    const allowAll = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] };
    const use = (action: string, context: Record<string, string>) =>
        simulate({ principal: ROLE, action, resource: KEY, identityPolicies: [allowAll], resourcePolicy: policy, context });

    it("lets the account use the key through AWS Backup of its region only", async () => {
        const via = { "kms:CallerAccount": ACCOUNT };
        expect(await use("kms:GenerateDataKey", { ...via, "kms:ViaService": "backup.eu-central-1.amazonaws.com" })).toBe(
            "Allowed",
        );
        expect(await use("kms:Decrypt", { ...via, "kms:ViaService": "s3.eu-central-1.amazonaws.com" })).not.toBe("Allowed");
        expect(await use("kms:Decrypt", { ...via, "kms:ViaService": "backup.eu-west-1.amazonaws.com" })).not.toBe("Allowed");
        expect(await use("kms:Decrypt", via)).not.toBe("Allowed");
    });
});
