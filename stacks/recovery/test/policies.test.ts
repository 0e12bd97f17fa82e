/** The recovery layer's key policies, simulated: each key serves its services in its own region, nothing else. */
import { simulate } from "@baseline/lib/src/testing";
import { databaseBackupsKeyPolicy, replicaKeyPolicy, vaultKeyPolicy } from "../src/policies";

const ACCOUNT = "123456789012";
const ctx = { accountId: ACCOUNT, region: "eu-west-1" } as const;
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/44444444-aaaa-4bbb-accc-000000000000`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/baseline/baseline-s3-replication-eu-central-1`;
/** The caller may do anything with KMS by its own policy: the key policy is what decides. */
const ALLOW_KMS = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] };
const call = (policy: object, action: string, context: Record<string, string>, principal = ROLE) =>
    simulate({
        principal,
        action,
        resource: KEY,
        identityPolicies: [ALLOW_KMS],
        resourcePolicy: policy as never,
        context: { "kms:CallerAccount": ACCOUNT, ...context },
    });
const via = (service: string, region = "eu-west-1") => ({ "kms:ViaService": `${service}.${region}.amazonaws.com` });

describe("replica key", () => {
    const policy = replicaKeyPolicy(ctx);
    it("encrypts replicas through S3 of eu-west-1 only", async () => {
        expect(await call(policy, "kms:GenerateDataKey", via("s3"))).toBe("Allowed");
        expect(await call(policy, "kms:Encrypt", via("s3", "eu-central-1"))).not.toBe("Allowed");
        expect(await call(policy, "kms:Decrypt", via("backup"))).not.toBe("Allowed");
        expect(await call(policy, "kms:Decrypt", {})).not.toBe("Allowed");
        expect(await call(policy, "kms:CreateGrant", via("s3"))).not.toBe("Allowed");
    });
    it("is administered by the account without giving it cryptographic use", async () => {
        expect(await call(policy, "kms:PutKeyPolicy", {})).toBe("Allowed");
        expect(await call(policy, "kms:ScheduleKeyDeletion", {})).toBe("Allowed");
        expect(await call(policy, "kms:Decrypt", {}, `arn:aws:iam::999999999999:role/x`)).not.toBe("Allowed");
    });
});

describe("vault and database-backups keys", () => {
    it("the vault key serves AWS Backup and RDS copies, with grants only for AWS resources", async () => {
        const policy = vaultKeyPolicy(ctx);
        expect(await call(policy, "kms:GenerateDataKey", via("backup"))).toBe("Allowed");
        expect(await call(policy, "kms:ReEncryptTo", via("rds"))).toBe("Allowed");
        expect(await call(policy, "kms:CreateGrant", { ...via("backup"), "kms:GrantIsForAWSResource": "true" })).toBe("Allowed");
        expect(await call(policy, "kms:CreateGrant", { ...via("backup"), "kms:GrantIsForAWSResource": "false" })).not.toBe(
            "Allowed",
        );
        expect(await call(policy, "kms:Decrypt", via("s3"))).not.toBe("Allowed");
    });
    it("the database-backups key serves RDS of eu-west-1 only", async () => {
        const policy = databaseBackupsKeyPolicy(ctx);
        expect(await call(policy, "kms:Decrypt", via("rds"))).toBe("Allowed");
        expect(await call(policy, "kms:Decrypt", via("rds", "eu-central-1"))).not.toBe("Allowed");
        expect(await call(policy, "kms:Decrypt", via("backup"))).not.toBe("Allowed");
    });
});
