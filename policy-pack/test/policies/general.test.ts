import { dataProtected } from "../../src/policies/general/dataProtected";
import { runMeaningCases } from "../meaningCases";
import { allowedRegions } from "../../src/policies/general/allowedRegions";
import { detectionLayerComplete } from "../../src/policies/general/detectionLayerComplete";
import { evaluatePlans } from "../../src/offline";
import { POLICIES } from "../../src/pack";
import { PackConfig } from "../../src/config";
import {
    ACCOUNT,
    compliantResources,
    DATA_BUCKET,
    evaluate,
    found,
    patched,
    planOf,
    Res,
    underBaseline,
    without,
} from "../fixtures";

describe("aws-allowed-regions", () => {
    it("passes resources of the stack's region", () => {
        expect(found(evaluate(allowedRegions, compliantResources()))).toEqual([]);
    });
    it("reports a resource whose own region argument is outside the allowed regions", () => {
        expect(found(evaluate(allowedRegions, patched("alarms", { region: "ap-south-1" })))).toEqual([
            ["alarms", "Region 'ap-south-1' is not allowed; allowed regions: us-east-1, us-west-2, eu-central-1, eu-west-1."],
        ]);
    });
    it("reports the provider and every resource using it when config allows only another region", () => {
        const report = evaluate(allowedRegions, compliantResources(), { allowedRegions: ["eu-central-1"] });
        expect(report.violations.length).toBe(compliantResources().length);
        expect(found(report)[0]).toEqual(["default_7_48_0", "Region 'us-east-1' is not allowed; allowed regions: eu-central-1."]);
    });
});

describe("detection-layer-complete", () => {
    const security = (resources: Res[], stack = "production-us-east-1", region = "us-east-1") =>
        evaluatePlans([planOf(resources, { project: "baseline-security", stack, region })], undefined, {
            policies: [detectionLayerComplete],
            policyPackConfig: underBaseline([detectionLayerComplete]),
        });
    it("passes the detection layer with everything in place, and is quiet for other projects", () => {
        expect(found(security(compliantResources()))).toEqual([]);
        expect(found(evaluate(detectionLayerComplete, without("trail", without("recorder"))))).toEqual([]);
    });
    it("reports a detection resource deleted from the layer, and the trail only in the home region", () => {
        const gone = without("analyzer", without("trail"));
        expect(found(security(gone))).toEqual([
            [
                "(stack)",
                "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:accessanalyzer/analyzer:Analyzer: the detection layer must keep it.",
            ],
            [
                "(stack)",
                "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:cloudtrail/trail:Trail: the detection layer must keep it.",
            ],
        ]);
        const west = gone.map((r) => (r.type === "pulumi:providers:aws" ? { ...r, inputs: { region: "us-west-2" } } : r));
        expect(found(security(west, "production-us-west-2", "us-west-2"))).toEqual([
            [
                "(stack)",
                "Stack baseline-security/production-us-west-2 (us-west-2) has no aws:accessanalyzer/analyzer:Analyzer: the detection layer must keep it.",
            ],
        ]);
    });
    it("reports a recorder whose status is off and an unused-access analyzer as not detecting", () => {
        const off = patched("analyzer", { type: "ACCOUNT_UNUSED_ACCESS" }, patched("recorder-status", { isEnabled: false }));
        expect(found(security(off)).map(([, m]) => m)).toEqual([
            "Stack baseline-security/production-us-east-1 has aws:cfg/recorderStatus:RecorderStatus but none that is enabled (or of a detecting kind).",
            "Stack baseline-security/production-us-east-1 has aws:accessanalyzer/analyzer:Analyzer but none that is enabled (or of a detecting kind).",
        ]);
    });
    it("requires the Security Hub and GuardDuty resources once config lists them", () => {
        const cfg = {
            requiredDetectionTypes: ["aws:securityhub/account:Account", "aws:guardduty/detector:Detector"],
        };
        const report = evaluatePlans([planOf(without("guardduty"), { project: "baseline-security" })], cfg, {
            policies: [detectionLayerComplete],
            policyPackConfig: underBaseline([detectionLayerComplete]),
        });
        expect(found(report)).toEqual([
            [
                "(stack)",
                "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:guardduty/detector:Detector: the detection layer must keep it.",
            ],
        ]);
    });
    it("leaves what the organization runs for its members (delegatedDetection) out of a member's detection stack", () => {
        const cfg = {
            requiredDetectionTypes: ["aws:securityhub/account:Account", "aws:guardduty/detector:Detector"],
        };
        // A member's home-region stack: the organization trail, the delegated GuardDuty and Security Hub stand in.
        const member = without("trail", without("guardduty"));
        const judge = (delegatedDetection: PackConfig["delegatedDetection"]) =>
            found(
                evaluatePlans(
                    [planOf(member, { project: "baseline-security" })],
                    { ...cfg, delegatedDetection },
                    {
                        policies: [detectionLayerComplete],
                        policyPackConfig: underBaseline([detectionLayerComplete]),
                    },
                ),
            ).map(([, m]) => m);
        expect(judge(["cloudtrail", "guardduty", "securityhub"])).toEqual([]);
        expect(judge(["guardduty"])).toEqual([
            "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:cloudtrail/trail:Trail: the detection layer must keep it.",
        ]);
        expect(judge([])).toHaveLength(2);
    });
});

describe("pack-unjudged-resource-types (advisory)", () => {
    const policy = POLICIES.find((p) => p.name === "pack-unjudged-resource-types")!;
    it("reports each type no policy judges once per stack, with its count, never failing", () => {
        const added: Res[] = [
            {
                type: "aws:ec2/keyPair:KeyPair",
                name: "key-1",
                inputs: { publicKey: "ssh-ed25519 A", tags: { Environment: "Production" } },
            },
            {
                type: "aws:ec2/keyPair:KeyPair",
                name: "key-2",
                inputs: { publicKey: "ssh-ed25519 B", tags: { Environment: "Production" } },
            },
        ];
        const report = evaluate(policy, [...compliantResources(), ...added]);
        expect(found(report)).toEqual([
            [
                "key-1",
                "No policy of the pack judges aws:ec2/keyPair:KeyPair (2 in this stack, e.g. 'key-1'): review it by hand or add a policy.",
            ],
        ]);
        expect(report.violations.every((v) => v.enforcementLevel === "advisory")).toBe(true);
        expect(report.passed).toBe(true);
        // The engine hands resources over in step order, which varies: the notice does not.
        expect(found(evaluate(policy, [...compliantResources(), ...added].reverse()))).toEqual(found(report));
    });
});

describe("meaning over spelling: foreign principals, foreign references, secrets", () => {
    const FOREIGN = "999999999999";
    const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
    const policyOf = (name: string) => POLICIES.find((p) => p.name === name)!;
    const bucketPolicy = (statement: Record<string, unknown>): Res => ({
        type: "aws:s3/bucketPolicy:BucketPolicy",
        name: "extra-policy",
        inputs: {
            bucket: DATA_BUCKET,
            policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::${DATA_BUCKET}/*`, ...statement }),
        },
    });
    const trust = (statement: Record<string, unknown>): Res => ({
        type: "aws:iam/role:Role",
        name: "extra-role",
        inputs: {
            assumeRolePolicy: doc({ Effect: "Allow", Action: "sts:AssumeRole", ...statement }),
            tags: { Environment: "Production" },
        },
    });
    const on = (policy: string, added: Res[], config: Partial<PackConfig> = {}) =>
        found(evaluate(policyOf(policy), [...compliantResources(), ...added], config));

    it("passes the compliant baseline", () => {
        for (const p of ["aws-no-foreign-principals", "aws-no-foreign-account-references", "aws-no-secrets-in-plain-inputs"])
            expect([p, found(evaluate(policyOf(p), compliantResources()))]).toEqual([p, []]);
    });

    it.each([
        [
            "aws:PrincipalArn with a wildcard account",
            { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
            /aws:principalarn 'arn:aws:iam::\*:role\/\*' names no one account/,
        ],
        ["aws:userid AROA*", { StringLike: { "aws:userid": "AROA*" } }, /matches any principal with that prefix/],
        [
            "aws:SourceAccount of another account",
            { StringEquals: { "aws:SourceAccount": FOREIGN } },
            /a condition that admits another account \(999999999999\)/,
        ],
        ["kms:CallerAccount *", { StringEquals: { "kms:CallerAccount": "*" } }, /'\*' matches anything/],
        ["StringNotEquals on the endpoint", { StringNotEquals: { "aws:SourceVpce": "vpce-1" } }, /admits every other value/],
        [
            "an IfExists pin",
            { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1" } },
            /true when the request has no aws:sourcevpce/,
        ],
        ["a ForAllValues pin", { "ForAllValues:StringEquals": { "aws:SourceVpce": "vpce-1" } }, /true when the request has no/],
        ["a Null test", { Null: { "aws:SourceVpce": "false" } }, /only asks whether aws:sourcevpce is present/],
        [
            "aws:ResourceAccount (names the resource, not the caller)",
            { StringEquals: { "aws:ResourceAccount": "123456789012" } },
            /no condition names the caller/,
        ],
    ])("Principal * pinned by %s is reported", (_t, Condition, message) => {
        expect(on("aws-no-foreign-principals", [bucketPolicy({ Principal: "*", Condition })])).toEqual([
            ["extra-policy", expect.stringMatching(message)],
        ]);
    });

    it.each([
        ["the account", { StringEquals: { "aws:SourceAccount": "123456789012" } }],
        ["an endpoint", { StringEquals: { "aws:SourceVpce": "vpce-0123" } }],
        ["a role of the account, by ARN pattern", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/app-*" } }],
        ["an organization", { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } }],
    ])("Principal * pinned to %s passes", (_t, Condition) => {
        expect(on("aws-no-foreign-principals", [bucketPolicy({ Principal: "*", Condition })])).toEqual([]);
    });

    it("reports a grant to another account, and not to one listed in accountIds", () => {
        const added = [bucketPolicy({ Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` } })];
        expect(on("aws-no-foreign-principals", added)).toEqual([
            ["extra-policy", expect.stringMatching(/of another account \(999999999999\)/)],
        ]);
        expect(on("aws-no-foreign-principals", added, { accountIds: [ACCOUNT, FOREIGN] })).toEqual([]);
    });

    it("an organization condition names only the configured organizations", () => {
        const added = [bucketPolicy({ Principal: "*", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-otherorgxyz" } } })];
        expect(on("aws-no-foreign-principals", added, { organizationIds: ["o-abcdefghij"] })).toEqual([
            ["extra-policy", expect.stringMatching(/is another organization/)],
        ]);
    });

    it("trusts another account only with a literal sts:ExternalId", () => {
        const principal = { AWS: `arn:aws:iam::${FOREIGN}:root` };
        expect(
            on("aws-no-foreign-principals", [
                trust({ Principal: principal, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }),
            ]),
        ).toEqual([["extra-role", expect.stringMatching(/without a literal sts:ExternalId/)]]);
        expect(
            on("aws-no-foreign-principals", [
                trust({ Principal: principal, Condition: { StringLike: { "sts:ExternalId": "*" } } }),
            ]),
        ).toEqual([["extra-role", expect.stringMatching(/without a literal sts:ExternalId/)]]);
        expect(
            on("aws-no-foreign-principals", [
                trust({ Principal: principal, Condition: { StringEquals: { "sts:ExternalId": "vendor-7f3a9c" } } }),
            ]),
        ).toEqual([]);
    });

    it.each<[string, Res]>([
        [
            "a snapshot shared with another account",
            {
                type: "aws:rds/snapshot:Snapshot",
                name: "snap",
                inputs: { dbInstanceIdentifier: "db", dbSnapshotIdentifier: "s", sharedAccounts: [FOREIGN] },
            },
        ],
        [
            "an alarm to another account's topic",
            {
                type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                name: "snap",
                inputs: { alarmActions: [`arn:aws:sns:us-east-1:${FOREIGN}:t`] },
            },
        ],
        [
            "an event target in another account",
            {
                type: "aws:cloudwatch/eventTarget:EventTarget",
                name: "snap",
                inputs: { rule: "r", arn: `arn:aws:sns:us-east-1:${FOREIGN}:t` },
            },
        ],
        [
            "an alias to another account's key",
            {
                type: "aws:kms/alias:Alias",
                name: "snap",
                inputs: { name: "alias/x", targetKeyId: `arn:aws:kms:us-east-1:${FOREIGN}:key/k` },
            },
        ],
        [
            "an AMI launch permission",
            {
                type: "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
                name: "snap",
                inputs: { imageId: "ami-1", accountId: FOREIGN },
            },
        ],
    ])("reports %s", (_t, resource) => {
        expect(on("aws-no-foreign-account-references", [resource])).toEqual([
            ["snap", expect.stringMatching(/names account 999999999999, which is not the stack's \(123456789012\)/)],
        ]);
    });

    it("does not report references to the stack's own account", () => {
        expect(
            on("aws-no-foreign-account-references", [
                {
                    type: "aws:kms/alias:Alias",
                    name: "a",
                    inputs: { name: "alias/x", targetKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k` },
                },
            ]),
        ).toEqual([]);
    });

    it.each<[string, Res, RegExp]>([
        [
            "a database password",
            { type: "aws:rds/instance:Instance", name: "s", inputs: { password: "Sup3rS3cret!" } },
            /password is set in the program/,
        ],
        [
            "an access key id in a Lambda environment",
            {
                type: "aws:lambda/function:Function",
                name: "s",
                inputs: { environment: { variables: { KEY: "AKIAIOSFODNN7EXAMPLE" } } },
            },
            /KEY holds an AWS access key id/,
        ],
        [
            "a secret key in a Lambda environment",
            {
                type: "aws:lambda/function:Function",
                name: "s",
                inputs: { environment: { variables: { X: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" } } },
            },
            /looks like an AWS secret access key/,
        ],
        [
            "a password-named variable",
            {
                type: "aws:lambda/function:Function",
                name: "s",
                inputs: { environment: { variables: { DB_PASSWORD: "hunter22" } } },
            },
            /DB_PASSWORD holds a literal secret/,
        ],
        [
            "a secret in a String parameter",
            {
                type: "aws:ssm/parameter:Parameter",
                name: "s",
                inputs: { name: "/app/api-token", type: "String", value: "abcdef123456" },
            },
            /use type SecureString/,
        ],
        [
            "keys in user data",
            {
                type: "aws:ec2/instance:Instance",
                name: "s",
                inputs: { userData: "export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE" },
            },
            /userData holds an AWS access key id/,
        ],
    ])("reports %s", (_t, resource, message) => {
        expect(on("aws-no-secrets-in-plain-inputs", [resource])).toEqual([["s", expect.stringMatching(message)]]);
    });

    it("leaves references to secrets, hashes and SecureString parameters alone", () => {
        const added: Res[] = [
            {
                type: "aws:lambda/function:Function",
                name: "ok",
                inputs: {
                    environment: {
                        variables: {
                            DB_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db`,
                            COMMIT: "0123456789abcdef0123456789abcdef01234567",
                        },
                    },
                },
            },
            {
                type: "aws:ssm/parameter:Parameter",
                name: "ok2",
                inputs: { name: "/app/api-token", type: "SecureString", value: "abcdef123456" },
            },
        ];
        expect(on("aws-no-secrets-in-plain-inputs", added)).toEqual([]);
    });
});

runMeaningCases(
    dataProtected,
    [
        {
            title: "a database that deletes its automated backups",
            patch: ["postgres", { deleteAutomatedBackups: true }],
            expected: /deleteAutomatedBackups removes the automated backups/,
        },
        { title: "a force-destroy bucket", patch: ["data", { forceDestroy: true }], expected: /forceDestroy empties the bucket/ },
        {
            title: "an unprotected key",
            added: [{ type: "aws:kms/key:Key", name: "loose-key", inputs: { enableKeyRotation: true } }],
            expected: /not protected: set protect: true/,
        },
    ],
    true,
);
