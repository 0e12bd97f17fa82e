import { simulate } from "@baseline/lib/src/testing";
import { accessLogBucketPolicy, bucketArn, dataBucketPolicy } from "../src/policies";

const ACCOUNT = "123456789012";
const DATA = bucketArn(`baseline-data-${ACCOUNT}-us-east-1`);
const LOGS = bucketArn(`baseline-access-logs-${ACCOUNT}-us-east-1`);
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-aaaa-4bbb-accc-900000000001`;
const OTHER_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/22222222-aaaa-4bbb-accc-900000000002`;
const WRITER = `arn:aws:iam::${ACCOUNT}:role/baseline/api-lambda`;
/** The caller's own permissions: the bucket policy must be what denies. */
const WRITER_POLICY = {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: `${DATA}/*` }],
};

describe("data bucket policy", () => {
    const policy = dataBucketPolicy({ bucketArn: DATA, kmsKeyArn: KEY });
    const put = (context: Record<string, string>, action = "s3:PutObject") =>
        simulate({
            principal: WRITER,
            action,
            resource: `${DATA}/reports/2024.csv`,
            context,
            identityPolicies: [WRITER_POLICY],
            resourcePolicy: policy,
        });
    const tls = { "aws:SecureTransport": "true" };
    const withKey = { "s3:x-amz-server-side-encryption": "aws:kms", "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY };

    it("allows a TLS upload that names the data key", async () => {
        expect(await put({ ...tls, ...withKey })).toBe("Allowed");
    });

    it("denies the same upload without TLS, and a read without TLS", async () => {
        expect(await put({ "aws:SecureTransport": "false", ...withKey })).toBe("ExplicitlyDenied");
        expect(await put({ "aws:SecureTransport": "false" }, "s3:GetObject")).toBe("ExplicitlyDenied");
    });

    it("denies an upload that asks for SSE-S3 or DSSE-KMS instead of the data key", async () => {
        expect(await put({ ...tls, "s3:x-amz-server-side-encryption": "AES256" })).toBe("ExplicitlyDenied");
        expect(
            await put({
                ...tls,
                "s3:x-amz-server-side-encryption": "aws:kms:dsse",
                "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY,
            }),
        ).toBe("ExplicitlyDenied");
    });

    it("denies an upload with another KMS key", async () => {
        expect(
            await put({
                ...tls,
                "s3:x-amz-server-side-encryption": "aws:kms",
                "s3:x-amz-server-side-encryption-aws-kms-key-id": OTHER_KEY,
            }),
        ).toBe("ExplicitlyDenied");
    });

    it("denies aws:kms without a key id (S3 would use the AWS managed aws/s3 key)", async () => {
        expect(await put({ ...tls, "s3:x-amz-server-side-encryption": "aws:kms" })).toBe("ExplicitlyDenied");
    });

    it("allows a header-less TLS upload: default encryption applies the data key, and UploadPart never carries SSE headers", async () => {
        expect(await put(tls)).toBe("Allowed");
    });

    it("denies non-TLS on the bucket ARN as well as the objects (S3.5)", () => {
        const tlsStatement = policy.Statement.find((s) => s.Sid === "DenyInsecureTransport")!;
        expect(tlsStatement).toMatchObject({ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [DATA, `${DATA}/*`] });
    });
});

describe("access-log bucket policy", () => {
    const prefix = `baseline-data-${ACCOUNT}-us-east-1/`;
    const policy = accessLogBucketPolicy({ bucketArn: LOGS, accountId: ACCOUNT, sources: [{ bucketArn: DATA, prefix }] });
    const deliver = (key: string, context: Record<string, string>) =>
        simulate({
            principal: "logging.s3.amazonaws.com",
            action: "s3:PutObject",
            resource: `${LOGS}/${key}`,
            resourceAccount: ACCOUNT,
            context: { "aws:SecureTransport": "true", "aws:SourceArn": DATA, "aws:SourceAccount": ACCOUNT, ...context },
            resourcePolicy: policy,
        });

    it("lets S3 log delivery write the data bucket's logs under its prefix", async () => {
        expect(await deliver(`${prefix}2024/01/01/log`, {})).toBe("Allowed");
    });

    it("refuses delivery for another source bucket, another account or another prefix", async () => {
        expect(await deliver(`${prefix}log`, { "aws:SourceArn": bucketArn("someone-elses-bucket") })).not.toBe("Allowed");
        expect(await deliver(`${prefix}log`, { "aws:SourceAccount": "999999999999" })).not.toBe("Allowed");
        expect(await deliver("other-prefix/log", {})).not.toBe("Allowed");
    });

    it("denies non-TLS requests, including the logging service's", async () => {
        expect(await deliver(`${prefix}log`, { "aws:SecureTransport": "false" })).toBe("ExplicitlyDenied");
    });

    it("demands no SSE headers, which log delivery never sends", () => {
        expect(JSON.stringify(policy)).not.toContain("x-amz-server-side-encryption");
    });
});
