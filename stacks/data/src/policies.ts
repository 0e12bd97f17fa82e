/**
 * Bucket policies as plain JSON, built by pure functions so the tests can run
 * them through the IAM policy simulator.
 */
import { denyInsecureTransport, PolicyDocument, Statement } from "@baseline/lib";

/**
 * The application data bucket: TLS only, and every upload encrypted with the
 * data CMK.
 *
 * Why a Deny only when an SSE header is *present and wrong*, and not the older
 * pattern that demands the headers on every `s3:PutObject`: UploadPart is
 * authorised as `s3:PutObject` and S3 accepts no SSE headers on it, so the
 * strict form denies every multipart upload (the SDKs' managed uploads above
 * 5-8 MB; aws/aws-cli#4251, boto/botocore#471). An upload without headers is
 * not unencrypted: default encryption applies SSE-KMS with the data CMK. What
 * the policy must stop is a request that asks for something else:
 * - another algorithm (`AES256`, `aws:kms:dsse`);
 * - another KMS key;
 * - `aws:kms` without a key id, which S3 fulfils with the AWS managed `aws/s3`
 *   key rather than the bucket's CMK.
 * SSE-C is blocked in the encryption configuration (`blockedEncryptionTypes`).
 * `Null: false` ("the key is present") is what keeps a header-less request out
 * of the first two statements: a negated operator, with or without IfExists,
 * matches when the key is absent. Clients that name the key must use its full
 * ARN: the condition key carries the value as sent.
 */
export function dataBucketPolicy(args: { bucketArn: string; kmsKeyArn: string }): PolicyDocument {
    const objects = `${args.bucketArn}/*`;
    const SSE = "s3:x-amz-server-side-encryption";
    const SSE_KEY = "s3:x-amz-server-side-encryption-aws-kms-key-id";
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(args.bucketArn),
            {
                Sid: "DenyUploadsWithOtherEncryption",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: { StringNotEquals: { [SSE]: "aws:kms" }, Null: { [SSE]: "false" } },
            },
            {
                Sid: "DenyUploadsWithOtherKmsKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: { StringNotEquals: { [SSE_KEY]: args.kmsKeyArn }, Null: { [SSE_KEY]: "false" } },
            },
            {
                Sid: "DenyKmsUploadsWithoutTheKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: objects,
                Condition: { StringEquals: { [SSE]: "aws:kms" }, Null: { [SSE_KEY]: "true" } },
            },
        ],
    };
}

export interface LogSource {
    /** ARN of the bucket whose server access logs are delivered. */
    readonly bucketArn: string;
    /** Its target prefix in the log bucket. */
    readonly prefix: string;
}

/**
 * The server-access-log bucket: S3's logging service principal may write each
 * source's logs under that source's prefix only, and only on behalf of that
 * source bucket in this account (confused-deputy protection with
 * aws:SourceArn / aws:SourceAccount, as in the S3 user guide's "Grant
 * permissions to the logging service principal by using a bucket policy").
 *
 * No "deny other encryption" statement here: log delivery sends no SSE headers
 * and relies on the bucket's default encryption, and a Deny that demands them
 * stops delivery.
 */
export function accessLogBucketPolicy(args: {
    bucketArn: string;
    accountId: string;
    sources: readonly LogSource[];
}): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(args.bucketArn),
            ...args.sources.map((s, i): Statement => ({
                Sid: `AllowServerAccessLogDelivery${i}`,
                Effect: "Allow",
                Principal: { Service: "logging.s3.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${args.bucketArn}/${s.prefix}*`,
                Condition: {
                    ArnLike: { "aws:SourceArn": s.bucketArn },
                    StringEquals: { "aws:SourceAccount": args.accountId },
                },
            })),
        ],
    };
}

export function bucketArn(bucketName: string): string {
    return `arn:aws:s3:::${bucketName}`;
}
