import { bucketControlsPresent } from "../../src/policies/s3/bucketControlsPresent";
import { bucketVersioningEnabled } from "../../src/policies/s3/bucketVersioningEnabled";
import { lifecycleRetention } from "../../src/policies/s3/lifecycleRetention";
import { objectLockCompliance } from "../../src/policies/s3/objectLockCompliance";
import { bucketLoggingTarget } from "../../src/policies/s3/bucketLoggingTarget";
import { runMeaningCases } from "../meaningCases";
import { bucketEncryptionKms } from "../../src/policies/s3/bucketEncryptionKms";
import { bucketPublicAccessBlock } from "../../src/policies/s3/bucketPublicAccessBlock";
import { bucketSslRequestsOnly } from "../../src/policies/s3/bucketSslRequestsOnly";
import { bucketReplication } from "../../src/policies/s3/bucketReplication";
import { bucketPolicyNotPublic } from "../../src/policies/s3/bucketPolicyNotPublic";
import { publicAccessBlockSettings } from "../../src/policies/s3/publicAccessBlockSettings";
import { noAclGrants } from "../../src/policies/s3/noAclGrants";
import { bucketKeyOwnAccount } from "../../src/policies/s3/bucketKeyOwnAccount";
import { runAddedResourceCases, runResourcePolicyCases } from "../cases";
import { FOREIGN_PROJECT } from "../meaningCases";
import { PackConfig } from "../../src/config";
import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";
import { planWithProvider } from "../providerPlan";
import {
    compliantResources,
    DATA_BUCKET,
    evaluate,
    found,
    LOG_BUCKET,
    LOG_BUCKET_EXEMPTION,
    patched,
    planOf,
    Res,
    underBaseline,
    without,
} from "../fixtures";

const rules = (sse: Record<string, unknown>) => ({ rules: [{ applyServerSideEncryptionByDefault: sse }] });

describe("s3-bucket-sse-kms-cmk", () => {
    it("passes the compliant baseline, including the exempt SSE-S3 access-log bucket", () => {
        expect(found(evaluate(bucketEncryptionKms, compliantResources()))).toEqual([]);
    });
    it.each<[string, Res[], string, string]>([
        [
            "no encryption configuration",
            without("data-sse"),
            "data",
            `Bucket 'data' (${DATA_BUCKET}) has no default encryption configuration: add an aws.s3.BucketServerSideEncryptionConfiguration with sseAlgorithm 'aws:kms' and a customer-managed kmsMasterKeyId.`,
        ],
        [
            "SSE-S3 without exemption",
            patched("data-sse", rules({ sseAlgorithm: "AES256" })),
            "data",
            `Bucket 'data' (${DATA_BUCKET}) uses sseAlgorithm 'AES256'; it must be 'aws:kms' with a customer-managed key.`,
        ],
        [
            "SSE-KMS with the AWS-managed key",
            patched("data-sse", rules({ sseAlgorithm: "aws:kms" })),
            "data",
            `Bucket 'data' (${DATA_BUCKET}) uses SSE-KMS without a customer-managed key (kmsMasterKeyId '(AWS-managed aws/s3)').`,
        ],
        [
            "SSE-KMS with alias/aws/s3",
            patched("data-sse", rules({ sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" })),
            "data",
            `Bucket 'data' (${DATA_BUCKET}) uses SSE-KMS without a customer-managed key (kmsMasterKeyId 'alias/aws/s3').`,
        ],
    ])("%s", (_case, resources, name, message) => {
        expect(found(evaluate(bucketEncryptionKms, resources))).toEqual([[name, message]]);
    });
    it("accepts the inline (deprecated) bucket encryption argument", () => {
        const resources = patched(
            "data",
            {
                serverSideEncryptionConfiguration: {
                    rule: {
                        applyServerSideEncryptionByDefault: {
                            sseAlgorithm: "aws:kms",
                            kmsMasterKeyId: "arn:aws:kms:us-east-1:1:key/k",
                        },
                    },
                },
            },
            without("data-sse"),
        );
        expect(found(evaluate(bucketEncryptionKms, resources))).toEqual([]);
    });
    it("faults the access-log bucket once its exemption is removed from the configuration", () => {
        expect(
            found(evaluate(bucketEncryptionKms, compliantResources(), undefined, { "pack-exemptions": { exemptions: [] } })),
        ).toEqual([
            [
                "access-logs",
                `Bucket 'access-logs' (${LOG_BUCKET}) uses sseAlgorithm 'AES256'; it must be 'aws:kms' with a customer-managed key.`,
            ],
        ]);
    });
    it("faults it again once its exemption has expired, and says so", () => {
        const expired = { ...LOG_BUCKET_EXEMPTION, expires: "2020-01-31" };
        const report = evaluate(bucketEncryptionKms, compliantResources(), undefined, {
            "pack-exemptions": { exemptions: [expired] },
        });
        expect(found(report)).toEqual([
            [
                "access-logs",
                `Bucket 'access-logs' (${LOG_BUCKET}) uses sseAlgorithm 'AES256'; it must be 'aws:kms' with a customer-managed key.`,
            ],
        ]);
        expect(report.violations[0].message).toContain("expired on 2020-01-31 and no longer applies");
        expect(report.violations[0].enforcementLevel).toBe("mandatory");
    });
});

describe("s3-bucket-public-access-block", () => {
    it("passes the compliant baseline", () => {
        expect(found(evaluate(bucketPublicAccessBlock, compliantResources()))).toEqual([]);
    });
    it.each<[string, Res[], string]>([
        ["missing block", without("data-pab"), `Bucket 'data' (${DATA_BUCKET}) has no BucketPublicAccessBlock.`],
        [
            "one flag false",
            patched("data-pab", { restrictPublicBuckets: false }),
            `Bucket 'data' (${DATA_BUCKET}) public access block does not enable restrictPublicBuckets.`,
        ],
        [
            "one flag unset",
            patched("data-pab", { blockPublicAcls: undefined }),
            `Bucket 'data' (${DATA_BUCKET}) public access block does not enable blockPublicAcls.`,
        ],
    ])("%s", (_case, resources, message) => {
        expect(found(evaluate(bucketPublicAccessBlock, resources))).toEqual([["data", message]]);
    });
    // Since April 2023 S3 blocks public access on every new bucket: another team's bucket without a
    // declared block is private; a declared block with a setting off is still refused.
    const foreign = (resources: Res[], config?: Record<string, unknown>) =>
        found(
            evaluatePlans([planOf(resources, { project: "team-payments" })], undefined, {
                policies: [bucketPublicAccessBlock],
                ...(config ? { policyPackConfig: { "s3-bucket-public-access-block": config } as never } : {}),
            }),
        );
    it("does not require another team's bucket to declare a block (S3 blocks public access on new buckets)", () => {
        expect(foreign(without("data-pab"))).toEqual([]);
        expect(foreign([{ type: "aws:s3/bucket:Bucket", name: "reports", inputs: { bucket: "team-payments-reports" } }])).toEqual(
            [],
        );
    });
    it("still refuses another team's declared block with a setting off", () => {
        expect(foreign(patched("data-pab", { restrictPublicBuckets: false }))).toEqual([
            ["data", `Bucket 'data' (${DATA_BUCKET}) public access block does not enable restrictPublicBuckets.`],
        ]);
    });
    it("requires a block of every bucket of the projects conformanceProjects names", () => {
        expect(foreign(without("data-pab"), { conformanceProjects: ["team-*"] })).toEqual([
            ["data", `Bucket 'data' (${DATA_BUCKET}) has no BucketPublicAccessBlock.`],
        ]);
    });
});

describe("s3-bucket-ssl-requests-only", () => {
    const stmt = (over: Record<string, unknown>) =>
        JSON.stringify({
            Statement: [
                {
                    Effect: "Deny",
                    Principal: "*",
                    Action: "s3:*",
                    Resource: [`arn:aws:s3:::${DATA_BUCKET}`, `arn:aws:s3:::${DATA_BUCKET}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                    ...over,
                },
            ],
        });
    const noDeny = `Bucket 'data' (${DATA_BUCKET}) bucket policy has no Deny of s3:* for Principal '*' on the bucket and its objects when aws:SecureTransport is false.`;
    it("passes the compliant baseline", () => {
        expect(found(evaluate(bucketSslRequestsOnly, compliantResources()))).toEqual([]);
    });
    it.each<[string, Res[], string]>([
        [
            "no bucket policy",
            without("data-policy"),
            `Bucket 'data' (${DATA_BUCKET}) has no bucket policy; it needs one that denies non-TLS requests.`,
        ],
        ["Allow instead of Deny", patched("data-policy", { policy: stmt({ Effect: "Allow" }) }), noDeny],
        [
            "condition true",
            patched("data-policy", { policy: stmt({ Condition: { Bool: { "aws:SecureTransport": "true" } } }) }),
            noDeny,
        ],
        ["objects only", patched("data-policy", { policy: stmt({ Resource: `arn:aws:s3:::${DATA_BUCKET}/*` }) }), noDeny],
        ["one principal only", patched("data-policy", { policy: stmt({ Principal: { AWS: "arn:aws:iam::1:root" } }) }), noDeny],
    ])("%s", (_case, resources, message) => {
        expect(found(evaluate(bucketSslRequestsOnly, resources))).toEqual([["data", message]]);
    });
    it.each(["aws-cn", "aws-us-gov"])("accepts the TLS Deny on the bucket's ARNs in the %s partition", (partition) => {
        const inPartition = [`arn:${partition}:s3:::${DATA_BUCKET}`, `arn:${partition}:s3:::${DATA_BUCKET}/*`];
        expect(
            found(evaluate(bucketSslRequestsOnly, patched("data-policy", { policy: stmt({ Resource: inPartition }) }))),
        ).toEqual([]);
        // Still the bucket's own ARNs: another bucket's, in any partition, protects nothing.
        const other = [`arn:${partition}:s3:::some-other-bucket`, `arn:${partition}:s3:::some-other-bucket/*`];
        expect(found(evaluate(bucketSslRequestsOnly, patched("data-policy", { policy: stmt({ Resource: other }) })))).toEqual([
            ["data", noDeny],
        ]);
    });
});

describe("s3-bucket-cross-region-replication", () => {
    it("passes the compliant baseline (the access-log bucket is not a data bucket)", () => {
        expect(found(evaluate(bucketReplication, compliantResources()))).toEqual([]);
    });
    it.each<[string, Res[], [string, string][]]>([
        [
            "no replication",
            without("data-replication"),
            [["data", `Bucket 'data' (${DATA_BUCKET}) has no cross-region replication configuration.`]],
        ],
        [
            "rule disabled",
            patched("data-replication", { rules: [{ status: "Disabled", destination: { bucket: "arn:aws:s3:::replica" } }] }),
            [["data", `Bucket 'data' (${DATA_BUCKET}) replication has no enabled rule with a destination bucket.`]],
        ],
        [
            "replication of another bucket",
            patched("data-replication", { bucket: LOG_BUCKET }),
            [["data", `Bucket 'data' (${DATA_BUCKET}) has no cross-region replication configuration.`]],
        ],
        [
            "not production",
            patched(
                "data",
                { tags: { Environment: "Staging", "baseline:role": "application-data" } },
                without("data-replication"),
            ),
            [],
        ],
    ])("%s", (_t, resources, expected) => {
        expect(found(evaluate(bucketReplication, resources))).toEqual(expected);
    });
    it("judges a data bucket tagged Production only by its provider's defaultTags", () => {
        const resources = patched("data", { tags: { "baseline:role": "application-data" } }, without("data-replication"));
        const judge = (defaultTags: unknown) =>
            evaluatePlans([planWithProvider(resources, { region: "us-east-1", defaultTags }, ["data"])], undefined, {
                policies: [bucketReplication],
                policyPackConfig: underBaseline([bucketReplication]),
            }).violations.map((v) => [v.enforcementLevel, v.message.split("\n")[0]]);
        expect(judge(JSON.stringify({ tags: { Environment: "Production" } }))).toEqual([
            ["mandatory", `Bucket 'data' (${DATA_BUCKET}) has no cross-region replication configuration.`],
        ]);
        expect(judge(JSON.stringify({ tags: { Environment: "Development" } }))).toEqual([]);
        expect(judge(UNKNOWN_SENTINEL)).toEqual([
            ["advisory", "can't run policy 's3-bucket-cross-region-replication' during preview: defaultTags is unknown"],
        ]);
    });
    it("applies to the environments and roles configured", () => {
        expect(found(evaluate(bucketReplication, without("data-replication"), { recoveryEnvironments: ["Staging"] }))).toEqual(
            [],
        );
        expect(
            found(evaluate(bucketReplication, without("data-replication"), { replicatedBucketRoles: ["access-logs"] })),
        ).toEqual([]);
    });
});
describe("s3-bucket-ssl-requests-only: the TLS statement must cover the bucket it sits on", () => {
    const otherBucketDeny = JSON.stringify({
        Statement: [
            {
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: ["arn:aws:s3:::someone-elses-bucket", "arn:aws:s3:::someone-elses-bucket/*"],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
    it("rejects a TLS Deny for another bucket", () => {
        expect(found(evaluate(bucketSslRequestsOnly, patched("data-policy", { policy: otherBucketDeny })))).toEqual([
            [
                "data",
                `Bucket 'data' (${DATA_BUCKET}) bucket policy has no Deny of s3:* for Principal '*' on the bucket and its objects when aws:SecureTransport is false.`,
            ],
        ]);
    });
    it("judges a bucket by its name while its ARN and id are unknown at preview", () => {
        const fresh = (base: Res[]) =>
            base.map((r) =>
                r.name === "data" ? { ...r, id: undefined, outputs: { arn: UNKNOWN_SENTINEL, id: UNKNOWN_SENTINEL } } : r,
            );
        expect(found(evaluate(bucketSslRequestsOnly, fresh(compliantResources())))).toEqual([]);
        expect(found(evaluate(bucketSslRequestsOnly, fresh(patched("data-policy", { policy: otherBucketDeny }))))).toEqual([
            [
                "data",
                `Bucket 'data' (${DATA_BUCKET}) bucket policy has no Deny of s3:* for Principal '*' on the bucket and its objects when aws:SecureTransport is false.`,
            ],
        ]);
    });
    it("accepts a pattern that covers the bucket", () => {
        const own = otherBucketDeny.replace(/someone-elses-bucket/g, "baseline-data-*");
        expect(found(evaluate(bucketSslRequestsOnly, patched("data-policy", { policy: own })))).toEqual([]);
    });
});

runResourcePolicyCases([
    [
        bucketPolicyNotPublic,
        [
            [
                "GetObject for anyone",
                "data-policy",
                {
                    policy: JSON.stringify({
                        Statement: [
                            {
                                Sid: "Public",
                                Effect: "Allow",
                                Principal: "*",
                                Action: "s3:GetObject",
                                Resource: `arn:aws:s3:::${DATA_BUCKET}/*`,
                            },
                        ],
                    }),
                },
                [
                    "policy: statement 'Public' allows Principal '*' without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).",
                ],
            ],
            [
                "GetObject pinned to the VPC endpoint passes",
                "data-policy",
                {
                    policy: JSON.stringify({
                        Statement: [
                            {
                                Effect: "Allow",
                                Principal: "*",
                                Action: "s3:GetObject",
                                Resource: `arn:aws:s3:::${DATA_BUCKET}/*`,
                                Condition: { StringEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" } },
                            },
                        ],
                    }),
                },
                [],
            ],
        ],
    ],
    [
        publicAccessBlockSettings,
        [
            [
                "a bucket block with a setting off",
                "data-pab",
                { blockPublicPolicy: false },
                [`Bucket ${DATA_BUCKET} public access block does not enable blockPublicPolicy.`],
            ],
            [
                "the account-level block weakened",
                "account-pab",
                { ignorePublicAcls: false, restrictPublicBuckets: undefined },
                ["Account-level public access block does not enable ignorePublicAcls, restrictPublicBuckets."],
            ],
        ],
    ],
    [
        noAclGrants,
        [
            [
                "ownership controls that enable ACLs",
                "data-ownership",
                { rule: { objectOwnership: "ObjectWriter" } },
                [
                    "Ownership controls are 'ObjectWriter', which enables ACLs: use BucketOwnerEnforced " +
                        "(for CloudFront access logs, standard logging v2 delivers to S3 without ACLs).",
                ],
            ],
            [
                "a public-read canned ACL on the bucket",
                "data",
                { acl: "public-read" },
                ["Canned ACL 'public-read' grants access beyond the owner."],
            ],
        ],
    ],
]);

runAddedResourceCases([
    [
        publicAccessBlockSettings,
        [
            [
                "a weak block for a bucket the stack does not own",
                [
                    {
                        type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
                        name: "other-pab",
                        inputs: {
                            bucket: "another-teams-bucket",
                            blockPublicAcls: false,
                            blockPublicPolicy: false,
                            ignorePublicAcls: true,
                            restrictPublicBuckets: true,
                        },
                    },
                ],
                [
                    [
                        "other-pab",
                        "Bucket another-teams-bucket public access block does not enable blockPublicAcls, blockPublicPolicy.",
                    ],
                ],
            ],
        ],
    ],
    [
        noAclGrants,
        [
            [
                "a BucketAclV2 granting AllUsers and another account",
                [
                    {
                        type: "aws:s3/bucketAclV2:BucketAclV2",
                        name: "data-acl",
                        inputs: {
                            bucket: DATA_BUCKET,
                            accessControlPolicy: {
                                owner: { id: "owner-canonical-id" },
                                grants: [
                                    {
                                        grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" },
                                        permission: "READ",
                                    },
                                    { grantee: { type: "CanonicalUser", id: "someone-else" }, permission: "WRITE" },
                                    { grantee: { type: "CanonicalUser", id: "owner-canonical-id" }, permission: "FULL_CONTROL" },
                                ],
                            },
                        },
                    },
                ],
                [
                    ["data-acl", "ACL grants access to the group http://acs.amazonaws.com/groups/global/AllUsers."],
                    ["data-acl", "ACL grants access to someone-else, who is not the bucket owner."],
                ],
            ],
            [
                "a public object",
                [
                    {
                        type: "aws:s3/bucketObjectv2:BucketObjectv2",
                        name: "index",
                        inputs: { bucket: DATA_BUCKET, key: "index.html", acl: "public-read-write" },
                    },
                ],
                [["index", "Canned ACL 'public-read-write' grants access beyond the owner."]],
            ],
        ],
    ],
]);

describe("s3-bucket-key-own-account", () => {
    const FOREIGN_KEY = "arn:aws:kms:us-east-1:999999999999:key/central";
    const foreignKey = (base: Res[] = compliantResources()) =>
        patched(
            "data-sse",
            { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: FOREIGN_KEY } }] },
            base,
        );
    const REFUSED = `Default encryption uses KMS key ${FOREIGN_KEY} of account 999999999999, which is not this organization's (123456789012).`;

    it("passes the compliant baseline", () => {
        expect(found(evaluate(bucketKeyOwnAccount, compliantResources()))).toEqual([]);
    });

    it("refuses another account's key when the organization's accounts are configured in accountIds", () => {
        expect(found(evaluate(bucketKeyOwnAccount, foreignKey(), { accountIds: ["123456789012"] }))).toEqual([
            ["data-sse", REFUSED],
        ]);
        expect(found(evaluate(bucketKeyOwnAccount, foreignKey(), { accountIds: ["123456789012", "999999999999"] }))).toEqual([]);
    });

    it("refuses another account's key when the stack's provider declares its allowedAccountIds", () => {
        const report = evaluatePlans(
            [planWithProvider(foreignKey(), { region: "us-east-1", allowedAccountIds: '["123456789012"]' }, ["data-sse"])],
            undefined,
            { policies: [bucketKeyOwnAccount], policyPackConfig: underBaseline([bucketKeyOwnAccount]) },
        );
        expect(found(report)).toEqual([["data-sse", REFUSED]]);
    });

    /** The policy on `resources` as another team's project (not one of `conformanceProjects`), as `evaluate` configures it. */
    const inTeamProject = (resources: Res[], config: Partial<PackConfig> = {}) =>
        found(
            evaluatePlans([planOf(resources, { project: FOREIGN_PROJECT })], config, {
                policies: [bucketKeyOwnAccount],
                policyPackConfig: underBaseline([bucketKeyOwnAccount], config),
            }),
        );

    it("in another team's stack without configured accounts, does not hold a central key account against the account its ARNs suggest", () => {
        // No accountIds and no allowedAccountIds: the organization has not said which accounts are its own, and a key
        // account of the same organization is the usual design. The account most ARNs name is a guess.
        expect(inTeamProject(foreignKey())).toEqual([]);
        // A small stack: its bucket's encryption and one alarm to a topic of the team's account. Before, the alarm's
        // account was crowned the stack's and the key refused; one Lambda whose role is in the key's account tipped
        // the count and the same key passed.
        const sse: Res = {
            type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            name: "orders-sse",
            inputs: {
                bucket: "orders-data",
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: FOREIGN_KEY } }],
            },
        };
        const alarm: Res = {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "orders-errors",
            inputs: {
                alarmActions: ["arn:aws:sns:us-east-1:123456789012:orders-alerts"],
                okActions: ["arn:aws:sns:us-east-1:123456789012:orders-alerts"],
            },
        };
        const lambda: Res = {
            type: "aws:lambda/function:Function",
            name: "worker",
            inputs: { role: "arn:aws:iam::999999999999:role/worker", kmsKeyArn: FOREIGN_KEY },
        };
        expect(inTeamProject([sse, alarm])).toEqual([]);
        expect(inTeamProject([sse, alarm, lambda])).toEqual([]);
        // Once the organization declares its accounts, the same stack's key is refused.
        expect(inTeamProject([sse, alarm, lambda], { accountIds: ["123456789012"] })).toEqual([["orders-sse", REFUSED]]);
    });

    it("in the baseline's own projects, still refuses a key of another account than the one the stack is built in", () => {
        // conformanceProjects: the baseline builds each stack in one account, so there the account its ARNs name is
        // its own by design, and a foreign key is an edit.
        expect(found(evaluate(bucketKeyOwnAccount, foreignKey()))).toEqual([["data-sse", REFUSED]]);
    });
});

it("s3-bucket-key-own-account takes the organization's accounts from config when given", () => {
    expect(found(evaluate(bucketKeyOwnAccount, compliantResources(), { accountIds: ["111111111111"] }))[0]).toEqual([
        "data-sse",
        "Default encryption uses KMS key arn:aws:kms:us-east-1:123456789012:key/1111-2222 of account 123456789012, which is not this organization's (111111111111).",
    ]);
});

const versioning = (status: string): Res => ({
    type: "aws:s3/bucketVersioning:BucketVersioning",
    name: "data-versioning",
    inputs: { bucket: DATA_BUCKET, versioningConfiguration: { status } },
});
runMeaningCases(
    bucketVersioningEnabled,
    [
        { title: "Enabled", added: [versioning("Enabled")], expected: null },
        { title: "Suspended", added: [versioning("Suspended")], expected: /status is "Suspended"/ },
    ],
    true,
);

const lifecycle = (rule: Record<string, unknown>): Res => ({
    type: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    name: "logs-lifecycle",
    inputs: { bucket: LOG_BUCKET, rules: [{ id: "r", status: "Enabled", filter: { prefix: "" }, ...rule }] },
});
runMeaningCases(
    lifecycleRetention,
    [
        { title: "expiry after 2557 days", added: [lifecycle({ expiration: { days: 2557 } })], expected: null },
        {
            title: "noncurrent versions only",
            added: [lifecycle({ noncurrentVersionExpiration: { noncurrentDays: 30 } })],
            expected: null,
        },
        {
            title: "expiry after 30 days",
            added: [lifecycle({ expiration: { days: 30 } })],
            expected: /expires objects after 30 days; the floor is 365/,
        },
        {
            title: "expiry on a date",
            added: [lifecycle({ expiration: { date: "2027-01-01T00:00:00Z" } })],
            expected: /on 2027-01-01/,
        },
        { title: "a disabled rule", added: [lifecycle({ status: "Disabled", expiration: { days: 1 } })], expected: null },
        {
            title: "a lower floor by config",
            added: [lifecycle({ expiration: { days: 30 } })],
            expected: null,
            config: { minLogRetentionDays: 30 },
        },
    ],
    true,
);

const lock = (defaultRetention: Record<string, unknown>): Res => ({
    type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    name: "lock",
    inputs: { bucket: LOG_BUCKET, objectLockEnabled: "Enabled", rule: { defaultRetention } },
});
runMeaningCases(
    objectLockCompliance,
    [
        { title: "COMPLIANCE 365 days", added: [lock({ mode: "COMPLIANCE", days: 365 })], expected: null },
        { title: "COMPLIANCE 1 year", added: [lock({ mode: "COMPLIANCE", years: 1 })], expected: null },
        { title: "GOVERNANCE", added: [lock({ mode: "GOVERNANCE", days: 365 })], expected: /only COMPLIANCE binds every user/ },
        { title: "1 day", added: [lock({ mode: "COMPLIANCE", days: 1 })], expected: /keeps objects 1 days; the floor is 365/ },
    ],
    true,
);

runMeaningCases(
    bucketLoggingTarget,
    [
        {
            title: "logs to the bucket itself",
            patch: ["data-logging", { targetBucket: DATA_BUCKET }],
            expected: /the logged bucket itself/,
        },
        {
            title: "logs to another account's bucket",
            patch: ["data-logging", { targetBucket: "someone-elses-logs" }],
            expected: /not one of the account's buckets/,
        },
    ],
    true,
);

runMeaningCases(
    bucketControlsPresent,
    [
        {
            title: "a bucket without versioning",
            remove: "data-versioning",
            expected: /Bucket 'data' has no versioning configuration/,
        },
        { title: "a bucket without lifecycle rules", remove: "data-lifecycle", expected: /Bucket 'data' has no lifecycle rules/ },
    ],
    true,
);

describe("s3-bucket-policy-not-public: what AWS counts as non-public (S3 User Guide, 'The meaning of \"public\"')", () => {
    const withStatement = (statement: Record<string, unknown>) =>
        patched("data-policy", {
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "s3:GetObject",
                        Resource: [`arn:aws:s3:::${DATA_BUCKET}`, `arn:aws:s3:::${DATA_BUCKET}/*`],
                        ...statement,
                    },
                ],
            }),
        });
    const on = (statement: Record<string, unknown>) => found(evaluate(bucketPolicyNotPublic, withStatement(statement)));

    it.each<[string, Record<string, unknown>]>([
        // The user guide's "Delegating access control to access points" example.
        [
            "access delegated to the access points of one account",
            { Action: "*", Condition: { StringEquals: { "s3:DataAccessPointAccount": "123456789012" } } },
        ],
        [
            "access through one access point",
            {
                Condition: {
                    StringEquals: { "s3:DataAccessPointArn": "arn:aws:s3:us-east-1:123456789012:accesspoint/reports" },
                },
            },
        ],
        // "this value can contain a wildcard for the access point name ... as long as the account id is fixed"
        [
            "access through any access point of one account",
            { Condition: { ArnLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-east-1:123456789012:accesspoint/*" } } },
        ],
        ["two office CIDRs", { Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } } }],
        ["one address", { Condition: { IpAddress: { "aws:SourceIp": "203.0.113.7" } } }],
        ["a /8 and an IPv6 /32", { Condition: { IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"] } } }],
    ])("passes %s", (_t, statement) => {
        expect(on(statement)).toEqual([]);
    });

    const pinsNothing = (problem: string) => [
        "data-policy",
        `policy: statement #1 allows Principal '*', and its conditions pin nothing: ${problem}.`,
    ];
    const unpinned = [
        "data-policy",
        "policy: statement #1 allows Principal '*' without a condition that pins the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, aws:SourceAccount, ...).",
    ];
    const EVERY_SLASH_8 = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    it.each<[string, Record<string, unknown>, string[][]]>([
        [
            "an access point ARN of any account",
            { Condition: { ArnLike: { "s3:DataAccessPointArn": "arn:aws:s3:us-east-1:*:accesspoint/*" } } },
            [pinsNothing("s3:dataaccesspointarn 'arn:aws:s3:us-east-1:*:accesspoint/*' names no one account")],
        ],
        [
            "an access point account that is not one account",
            { Condition: { StringLike: { "s3:DataAccessPointAccount": "1234*" } } },
            [pinsNothing("s3:dataaccesspointaccount '1234*' is not one account")],
        ],
        // "very broad IP ranges (for example, 0.0.0.0/1) are evaluated as 'public' ... broader than /8 for IPv4 and /32 for IPv6"
        [
            "0.0.0.0/0",
            { Condition: { IpAddress: { "aws:SourceIp": "0.0.0.0/0" } } },
            [pinsNothing("aws:sourceip '0.0.0.0/0' is broader than /8")],
        ],
        [
            "an office CIDR next to 0.0.0.0/1",
            { Condition: { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "0.0.0.0/1"] } } },
            [pinsNothing("aws:sourceip '0.0.0.0/1' is broader than /8")],
        ],
        [
            "an IPv6 /16",
            { Condition: { IpAddress: { "aws:SourceIp": "2001::/16" } } },
            [pinsNothing("aws:sourceip '2001::/16' is broader than /32")],
        ],
        [
            "every /8 of the internet, one by one",
            { Condition: { IpAddress: { "aws:SourceIp": EVERY_SLASH_8 } } },
            [pinsNothing(`aws:sourceip covers the internet (${EVERY_SLASH_8.join(" + ")})`)],
        ],
        [
            "an address with a wildcard",
            { Condition: { IpAddress: { "aws:SourceIp": "203.0.113.*" } } },
            [pinsNothing("aws:sourceip '203.0.113.*' is not an IP address or CIDR")],
        ],
        ["NotIpAddress", { Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } } }, [unpinned]],
        ["IpAddressIfExists", { Condition: { IpAddressIfExists: { "aws:SourceIp": "203.0.113.0/24" } } }, [unpinned]],
        [
            "a string operator on the address",
            { Condition: { StringEquals: { "aws:SourceIp": "203.0.113.7" } } },
            [pinsNothing("StringEquals does not compare aws:sourceip as an address (IpAddress does)")],
        ],
    ])("reports %s", (_t, statement, expected) => {
        expect(on(statement)).toEqual(expected);
    });
});
