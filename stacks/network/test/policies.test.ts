import { names } from "@baseline/lib";
import { simulate } from "@baseline/lib/src/testing";
import { s3GatewayEndpointPolicy } from "../src/policies";

const ACCOUNT = "123456789012";
const OTHER_ACCOUNT = "999999999999";
const LAMBDA = `arn:aws:iam::${ACCOUNT}:role/baseline/api-lambda`;
const DATA = `arn:aws:s3:::${names.dataBucket(ACCOUNT, "us-east-1")}`;

/**
 * An endpoint policy narrows what the caller's IAM policy allows; it grants
 * nothing by itself. Simulated alone as the resource policy, "Allowed" means
 * the endpoint lets the request through, anything else that it blocks it.
 */
const through = (action: string, resource: string, resourceAccount = ACCOUNT) =>
    simulate({
        principal: LAMBDA,
        action,
        resource,
        resourceAccount,
        context: { "aws:SecureTransport": "true", "aws:ResourceAccount": resourceAccount },
        resourcePolicy: s3GatewayEndpointPolicy({ accountId: ACCOUNT, region: "us-east-1" }),
    });

describe("S3 gateway endpoint policy", () => {
    it("lets the API Lambda's reads of the data bucket through (s3:ListBucket, s3:GetObject)", async () => {
        expect(await through("s3:ListBucket", DATA)).toBe("Allowed");
        expect(await through("s3:GetObject", `${DATA}/reports/2024.csv`)).toBe("Allowed");
    });

    it("blocks writes and deletes: no code path in the VPC writes (only what a path uses passes)", async () => {
        for (const action of [
            "s3:PutObject",
            "s3:DeleteObject",
            "s3:DeleteObjectVersion",
            "s3:AbortMultipartUpload",
            "s3:GetObjectVersion",
        ]) {
            expect([action, await through(action, `${DATA}/x`)]).toEqual([action, "ImplicitlyDenied"]);
        }
        expect(await through("s3:ListBucketVersions", DATA)).toBe("ImplicitlyDenied");
    });

    it("blocks every other bucket: another region's data bucket, the access-log bucket, anyone else's", async () => {
        expect(await through("s3:GetObject", `arn:aws:s3:::${names.dataBucket(ACCOUNT, "us-west-2")}/x`)).not.toBe("Allowed");
        expect(await through("s3:PutObject", `arn:aws:s3:::${names.accessLogBucket(ACCOUNT, "us-east-1")}/x`)).not.toBe(
            "Allowed",
        );
        expect(await through("s3:PutObject", "arn:aws:s3:::attacker-exfiltration-bucket/loot")).not.toBe("Allowed");
    });

    it("blocks a bucket of the data bucket's name owned by another account (aws:ResourceAccount)", async () => {
        expect(await through("s3:ListBucket", DATA, OTHER_ACCOUNT)).not.toBe("Allowed");
        expect(await through("s3:GetObject", `${DATA}/x`, OTHER_ACCOUNT)).not.toBe("Allowed");
    });

    it("blocks bucket configuration changes from inside the VPC", async () => {
        for (const action of [
            "s3:PutBucketPolicy",
            "s3:DeleteBucketPolicy",
            "s3:PutEncryptionConfiguration",
            "s3:PutBucketAcl",
        ]) {
            expect([action, await through(action, DATA)]).toEqual([action, "ImplicitlyDenied"]);
        }
    });
});
