/** The organization trail's bucket and key policies, through the IAM policy simulator. */
import { organizationTrailArn, organizationTrailBucketPolicy, organizationTrailKeyPolicy } from "@baseline/lib";
import { simulate } from "@baseline/lib/src/testing";

const MANAGEMENT = "111111111111";
const LOG_ARCHIVE = "222222222222";
const MEMBER = "444444444444";
const ORG = "o-a1b2c3d4e5";
const ctx = { organizationId: ORG, managementAccountId: MANAGEMENT, logArchiveAccountId: LOG_ARCHIVE };
const BUCKET = "baseline-org-trail-222222222222";
const bucketPolicy = organizationTrailBucketPolicy(ctx, BUCKET);
const keyPolicy = organizationTrailKeyPolicy(ctx);
const TRAIL = organizationTrailArn(MANAGEMENT);
const KEY = `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/77777777-aaaa-4bbb-accc-090000000007`;
const TLS = { "aws:SecureTransport": "true" };

const put = (key: string, context: Record<string, string>) =>
    simulate({
        principal: "cloudtrail.amazonaws.com",
        action: "s3:PutObject",
        resource: `arn:aws:s3:::${BUCKET}/${key}`,
        resourceAccount: LOG_ARCHIVE,
        resourcePolicy: bucketPolicy,
        context: { ...TLS, "s3:x-amz-acl": "bucket-owner-full-control", ...context },
    });

describe("the organization trail's bucket policy", () => {
    it("lets CloudTrail write the organization's and the management account's prefixes for the organization trail", async () => {
        expect(TRAIL).toBe(`arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/baseline-organization`);
        expect(await put(`AWSLogs/${ORG}/${MEMBER}/CloudTrail/us-east-1/2026/12/05/x.json.gz`, { "aws:SourceArn": TRAIL })).toBe(
            "Allowed",
        );
        expect(await put(`AWSLogs/${MANAGEMENT}/CloudTrail/us-east-1/x.json.gz`, { "aws:SourceArn": TRAIL })).toBe("Allowed");
        expect(
            await simulate({
                principal: "cloudtrail.amazonaws.com",
                action: "s3:GetBucketAcl",
                resource: `arn:aws:s3:::${BUCKET}`,
                resourceAccount: LOG_ARCHIVE,
                resourcePolicy: bucketPolicy,
                context: { ...TLS, "aws:SourceArn": TRAIL },
            }),
        ).toBe("Allowed");
    });

    it("refuses CloudTrail without the organization trail's ARN: no source, a member's own trail, the wrong account", async () => {
        const key = `AWSLogs/${ORG}/${MEMBER}/CloudTrail/us-east-1/x.json.gz`;
        expect(await put(key, {})).not.toBe("Allowed");
        expect(
            await put(key, { "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/baseline-organization` }),
        ).not.toBe("Allowed");
        // A trail of the log-archive account itself (it owns the bucket, not the trail).
        expect(await put(key, { "aws:SourceArn": organizationTrailArn(LOG_ARCHIVE) })).not.toBe("Allowed");
        // Outside the two prefixes, even for the organization trail.
        expect(await put(`AWSLogs/${MEMBER}/CloudTrail/x.json.gz`, { "aws:SourceArn": TRAIL })).not.toBe("Allowed");
        expect(await put(`other/${ORG}/x.json.gz`, { "aws:SourceArn": TRAIL })).not.toBe("Allowed");
        // Without bucket-owner-full-control.
        expect(await put(key, { "aws:SourceArn": TRAIL, "s3:x-amz-acl": "private" })).not.toBe("Allowed");
    });

    it("lets no one else delete or overwrite a record, and refuses plain HTTP", async () => {
        const record = `arn:aws:s3:::${BUCKET}/AWSLogs/${ORG}/${MEMBER}/CloudTrail/x.json.gz`;
        const allowAll = {
            Version: "2012-10-17" as const,
            Statement: [{ Effect: "Allow" as const, Action: "s3:*", Resource: "*" }],
        };
        for (const principal of [`arn:aws:iam::${MEMBER}:role/admin`, `arn:aws:iam::${MANAGEMENT}:role/baseline-deploy`]) {
            for (const action of ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObject", "s3:PutBucketPolicy"]) {
                const r = await simulate({
                    principal,
                    action,
                    resource: action === "s3:PutBucketPolicy" ? `arn:aws:s3:::${BUCKET}` : record,
                    resourceAccount: LOG_ARCHIVE,
                    resourcePolicy: bucketPolicy,
                    identityPolicies: [allowAll],
                    context: TLS,
                });
                expect([principal, action, r]).toEqual([principal, action, "ImplicitlyDenied"]);
            }
        }
        expect(await put(`AWSLogs/${ORG}/x.json.gz`, { "aws:SourceArn": TRAIL, "aws:SecureTransport": "false" })).toBe(
            "ExplicitlyDenied",
        );
    });
});

/**
 * The simulator drops a request's `kms:EncryptionContext:<key>` when the key holds colons
 * (`aws:cloudtrail:arn`), so every statement conditioned on it would simply never match there. The
 * encryption-context conditions are asserted literally; the simulations run on the policy without them,
 * which can only admit MORE requests than the real policy: what they refuse, the real policy refuses.
 */
const CONTEXT_KEY = "kms:EncryptionContext:aws:cloudtrail:arn";
function withoutEncryptionContext(policy: typeof keyPolicy): typeof keyPolicy {
    return {
        ...policy,
        Statement: policy.Statement.map((st) => ({
            ...st,
            ...(st.Condition
                ? {
                      Condition: Object.fromEntries(
                          Object.entries(st.Condition)
                              .map(([op, kv]) => [op, Object.fromEntries(Object.entries(kv).filter(([k]) => k !== CONTEXT_KEY))])
                              .filter(([, kv]) => Object.keys(kv).length > 0),
                      ),
                  }
                : {}),
        })),
    };
}

describe("the organization trail's key policy", () => {
    const simulated = withoutEncryptionContext(keyPolicy);
    const encrypt = (context: Record<string, string>) =>
        simulate({
            principal: "cloudtrail.amazonaws.com",
            action: "kms:GenerateDataKey",
            resource: KEY,
            resourceAccount: LOG_ARCHIVE,
            resourcePolicy: simulated,
            context,
        });

    it("ties CloudTrail's use to the organization trail's ARN and to that trail's files", () => {
        const conditioned = keyPolicy.Statement.filter((st) => JSON.stringify(st.Condition ?? {}).includes(CONTEXT_KEY));
        expect(conditioned.map((st) => [st.Sid, st.Condition])).toEqual([
            ["OrganizationTrailEncryptsItsLogs", { StringEquals: { "aws:SourceArn": TRAIL, [CONTEXT_KEY]: TRAIL } }],
            [
                "LogArchiveAccountReadsTrailLogsThroughS3",
                {
                    StringEquals: {
                        "kms:CallerAccount": LOG_ARCHIVE,
                        "kms:ViaService": "s3.us-east-1.amazonaws.com",
                        [CONTEXT_KEY]: TRAIL,
                    },
                },
            ],
        ]);
    });

    it("lets CloudTrail encrypt and describe the key for the organization trail only", async () => {
        expect(await encrypt({ "aws:SourceArn": TRAIL })).toBe("Allowed");
        expect(await encrypt({})).not.toBe("Allowed");
        expect(await encrypt({ "aws:SourceArn": `arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/baseline-trail` })).not.toBe(
            "Allowed",
        );
        expect(await encrypt({ "aws:SourceArn": organizationTrailArn(LOG_ARCHIVE) })).not.toBe("Allowed");
        const describe = (sourceArn: string) =>
            simulate({
                principal: "cloudtrail.amazonaws.com",
                action: "kms:DescribeKey",
                resource: KEY,
                resourceAccount: LOG_ARCHIVE,
                resourcePolicy: keyPolicy,
                context: { "aws:SourceArn": sourceArn },
            });
        expect(await describe(TRAIL)).toBe("Allowed");
        expect(await describe(`arn:aws:cloudtrail:us-east-1:${MEMBER}:trail/baseline-organization`)).not.toBe("Allowed");
    });

    it("lets the log-archive account read the trail's files through S3 only, and no other account", async () => {
        const decrypt = (principal: string, context: Record<string, string>) =>
            simulate({
                principal,
                action: "kms:Decrypt",
                resource: KEY,
                resourceAccount: LOG_ARCHIVE,
                resourcePolicy: simulated,
                identityPolicies: [{ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:*", Resource: "*" }] }],
                context,
            });
        const reader = `arn:aws:iam::${LOG_ARCHIVE}:role/auditor`;
        const viaS3 = { "kms:CallerAccount": LOG_ARCHIVE, "kms:ViaService": "s3.us-east-1.amazonaws.com" };
        expect(await decrypt(reader, viaS3)).toBe("Allowed");
        expect(await decrypt(reader, { ...viaS3, "kms:ViaService": "sqs.us-east-1.amazonaws.com" })).not.toBe("Allowed");
        expect(await decrypt(`arn:aws:iam::${MEMBER}:role/admin`, { ...viaS3, "kms:CallerAccount": MEMBER })).not.toBe("Allowed");
    });
});
