import { dataProtected } from "../../src/policies/general/dataProtected";
import { FOREIGN_PROJECT, runMeaningCases } from "../meaningCases";
import { allowedRegions } from "../../src/policies/general/allowedRegions";
import { GLOBAL_SERVICE_RESOURCES, REGION_DENY_GLOBAL_EXEMPTIONS } from "../../src/globalServices";
import { detectionLayerComplete } from "../../src/policies/general/detectionLayerComplete";
import { evaluatePlans, UNKNOWN_SENTINEL } from "../../src/offline";
import { planWithProvider } from "../providerPlan";
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
    it("reports every resource created through the provider when config allows only another region, not the provider", () => {
        const report = evaluate(allowedRegions, compliantResources(), { allowedRegions: ["eu-central-1"] });
        // IAM and Organizations resources are global (src/globalServices.ts): they were counted here before.
        const global = compliantResources().filter((r) => /^aws:(iam|organizations)\//.test(r.type));
        const providers = compliantResources().filter((r) => r.type.startsWith("pulumi:providers:"));
        expect(global.length).toBeGreaterThan(0);
        expect(providers.length).toBeGreaterThan(0);
        expect(report.violations.length).toBe(compliantResources().length - global.length - providers.length);
        expect(found(report).map(([name]) => name)).not.toContain("default_7_48_0");
        expect(found(report)[0]).toEqual([
            compliantResources()[1].name,
            "Region 'us-east-1' is not allowed; allowed regions: eu-central-1.",
        ]);
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

    it("in another team's stack without configured accounts, does not report an alarm to a central ops topic of another account", () => {
        // No accountIds and no allowedAccountIds: the account most of the stack's ARNs name is a guess, and an
        // organization's central alerting account is not a stranger.
        const references = policyOf("aws-no-foreign-account-references");
        const central: Res = {
            type: "aws:cloudwatch/metricAlarm:MetricAlarm",
            name: "orders-errors",
            inputs: { alarmActions: [`arn:aws:sns:us-east-1:${FOREIGN}:central-ops`] },
        };
        const inTeamProject = (config: Partial<PackConfig> = {}) =>
            found(
                evaluatePlans([planOf([...compliantResources(), central], { project: FOREIGN_PROJECT })], config, {
                    policies: [references],
                    policyPackConfig: underBaseline([references], config),
                }),
            );
        expect(inTeamProject()).toEqual([]);
        // Once the organization lists its accounts, an account outside them is reported, and one inside is not.
        expect(inTeamProject({ accountIds: [ACCOUNT] })).toEqual([
            [
                "orders-errors",
                expect.stringMatching(/alarmActions names account 999999999999, which is not the stack's \(123456789012\)/),
            ],
        ]);
        expect(inTeamProject({ accountIds: [ACCOUNT, FOREIGN] })).toEqual([]);
        // The baseline's own projects (conformanceProjects) are built in one account: there the account their ARNs
        // name is theirs by design, and the same alarm is an edit.
        expect(on("aws-no-foreign-account-references", [central])).toEqual([
            ["orders-errors", expect.stringMatching(/alarmActions names account 999999999999, which is not the stack's/)],
        ]);
    });

    it("in another team's stack without configured accounts, does not report a grant to a central ops account, nor flip when an unrelated function is added", () => {
        // A KMS key and an SNS topic policy grant the organization's central ops account. No accountIds, no
        // allowedAccountIds: the account most of the stack's ARNs name is a guess at one account of the organization.
        const principals = policyOf("aws-no-foreign-principals");
        const opsRole = `arn:aws:iam::${FOREIGN}:role/central-ops`;
        const grant = (Action: string, Resource: string) =>
            JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: opsRole }, Action, Resource }],
            });
        const team: Res[] = [
            {
                type: "aws:kms/key:Key",
                name: "orders-key",
                inputs: { description: "orders", enableKeyRotation: true, policy: grant("kms:Decrypt", "*") },
            },
            {
                type: "aws:sns/topicPolicy:TopicPolicy",
                name: "orders-events",
                inputs: {
                    arn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders-events`,
                    policy: grant("sns:Publish", `arn:aws:sns:us-east-1:${ACCOUNT}:orders-events`),
                },
            },
            {
                type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                name: "orders-errors",
                inputs: {
                    alarmActions: [`arn:aws:sns:us-east-1:${FOREIGN}:central-alerts`],
                    okActions: [`arn:aws:sns:us-east-1:${FOREIGN}:central-alerts`],
                },
            },
        ];
        const lambda: Res = {
            type: "aws:lambda/function:Function",
            name: "orders-worker",
            inputs: { role: `arn:aws:iam::${ACCOUNT}:role/orders-worker`, runtime: "nodejs22.x", handler: "index.handler" },
        };
        const inTeamProject = (resources: Res[], config: Partial<PackConfig> = {}) =>
            found(
                evaluatePlans([planOf(resources, { project: FOREIGN_PROJECT })], config, {
                    policies: [principals],
                    policyPackConfig: underBaseline([principals], config),
                }),
            ).map(([name]) => name);
        expect(inTeamProject(team)).toEqual([]);
        expect(inTeamProject([...team, lambda])).toEqual([]);
        // Once the organization lists its accounts, an account outside them is reported, and one inside is not.
        expect(inTeamProject([...team, lambda], { accountIds: [ACCOUNT] })).toEqual(["orders-key", "orders-events"]);
        expect(inTeamProject([...team, lambda], { accountIds: [ACCOUNT, FOREIGN] })).toEqual([]);
        // The baseline's own projects (conformanceProjects) keep the account their ARNs name: there it is an edit.
        expect(on("aws-no-foreign-principals", [team[0]]).map(([name]) => name)).toEqual(["orders-key"]);
        // '*' is judged whatever the configuration.
        const open = {
            ...team[0],
            inputs: { ...team[0].inputs, policy: grant("kms:Decrypt", "*").replace(JSON.stringify({ AWS: opsRole }), '"*"') },
        };
        expect(inTeamProject([open])).toEqual(["orders-key"]);
    });

    it("reports an ARN whose account is a wildcard whether or not the accounts are configured", () => {
        const shared: Res = {
            type: "aws:lambda/permission:Permission",
            name: "any-account",
            inputs: {
                action: "lambda:InvokeFunction",
                function: "orders",
                principal: "sns.amazonaws.com",
                sourceArn: "arn:aws:sns:us-east-1:*:orders-events",
            },
        };
        expect(on("aws-no-foreign-account-references", [shared])).toEqual([
            ["any-account", expect.stringMatching(/sourceArn names every account/)],
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

describe("AWS-owned accounts a compliant stack names", () => {
    const policyOf = (name: string) => POLICIES.find((p) => p.name === name)!;
    const on = (policy: string, added: Res[], config: Partial<PackConfig> = {}) =>
        found(evaluate(policyOf(policy), [...compliantResources(), ...added], config));
    const doc = (...Statement: Record<string, unknown>[]) => JSON.stringify({ Version: "2012-10-17", Statement });
    // The Elastic Load Balancing account of us-east-1, the fixture's Region (ELB User Guide, "Enable access logs").
    const ELB_US_EAST_1 = "127311923021";
    const ELB_EU_WEST_1 = "156460612806";
    const LOGS = "team-alb-logs";
    const logBucketPolicy = (statement: Record<string, unknown>, type = "aws:s3/bucketPolicy:BucketPolicy"): Res => ({
        type,
        name: "alb-logs-policy",
        inputs: {
            bucket: LOGS,
            policy: doc({
                Effect: "Allow",
                Principal: { AWS: `arn:aws:iam::${ELB_US_EAST_1}:root` },
                Action: "s3:PutObject",
                Resource: `arn:aws:s3:::${LOGS}/AWSLogs/${ACCOUNT}/*`,
                ...statement,
            }),
        },
    });

    it("passes the access-log grant to the Region's Elastic Load Balancing account in an S3 bucket policy", () => {
        expect(on("aws-no-foreign-principals", [logBucketPolicy({})])).toEqual([]);
        expect(on("aws-no-foreign-principals", [logBucketPolicy({ Principal: { AWS: ELB_US_EAST_1 } })])).toEqual([]);
        expect(
            on("aws-no-foreign-principals", [logBucketPolicy({ Action: ["s3:PutObject"] }, "aws:s3/bucketV2:BucketV2")]),
        ).toEqual([]);
    });

    it("still reports the ELB account of another Region, beyond s3:PutObject, or outside a bucket policy", () => {
        const foreign = (account: string) => expect.stringMatching(new RegExp(`of another account \\(${account}\\)`));
        expect(
            on("aws-no-foreign-principals", [logBucketPolicy({ Principal: { AWS: `arn:aws:iam::${ELB_EU_WEST_1}:root` } })]),
        ).toEqual([["alb-logs-policy", foreign(ELB_EU_WEST_1)]]);
        expect(on("aws-no-foreign-principals", [logBucketPolicy({ Action: ["s3:PutObject", "s3:GetObject"] })])).toEqual([
            ["alb-logs-policy", foreign(ELB_US_EAST_1)],
        ]);
        expect(
            on("aws-no-foreign-principals", [logBucketPolicy({ Principal: { AWS: `arn:aws:iam::${ELB_US_EAST_1}:role/x` } })]),
        ).toEqual([["alb-logs-policy", foreign(ELB_US_EAST_1)]]);
        expect(on("aws-no-foreign-principals", [logBucketPolicy({}, "aws:sqs/queuePolicy:QueuePolicy")])).toEqual([
            ["alb-logs-policy", foreign(ELB_US_EAST_1)],
        ]);
        expect(
            on("aws-no-foreign-principals", [
                {
                    type: "aws:iam/role:Role",
                    name: "alb-logs-policy",
                    inputs: {
                        assumeRolePolicy: doc({
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${ELB_US_EAST_1}:root` },
                            Action: "sts:AssumeRole",
                        }),
                    },
                },
            ]),
        ).toEqual([
            ["alb-logs-policy", expect.stringMatching(/of another account \(127311923021\), without a literal sts:ExternalId/)],
        ]);
    });

    const IP_TOPIC = "arn:aws:sns:us-east-1:806199016981:AmazonIpSpaceChanged";
    const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:update-sg`;

    it("passes a subscription to AWS's AmazonIpSpaceChanged topic (VPC User Guide, 'AWS IP address ranges notifications')", () => {
        const added: Res[] = [
            {
                type: "aws:sns/topicSubscription:TopicSubscription",
                name: "ip-changes",
                inputs: { topic: IP_TOPIC, protocol: "lambda", endpoint: FN },
            },
            {
                type: "aws:lambda/permission:Permission",
                name: "allow-sns",
                inputs: {
                    action: "lambda:InvokeFunction",
                    function: "update-sg",
                    principal: "sns.amazonaws.com",
                    sourceArn: IP_TOPIC,
                },
            },
        ];
        expect(on("aws-no-foreign-account-references", added)).toEqual([]);
        // An SQS subscriber's queue policy names the topic as its source.
        const queuePolicy = (SourceArn: string): Res => ({
            type: "aws:sqs/queuePolicy:QueuePolicy",
            name: "ip-changes-queue",
            inputs: {
                queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/ip-changes",
                policy: doc({
                    Effect: "Allow",
                    Principal: { Service: "sns.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:ip-changes`,
                    Condition: { ArnEquals: { "aws:SourceArn": SourceArn } },
                }),
            },
        });
        expect(on("aws-no-foreign-principals", [queuePolicy(IP_TOPIC)])).toEqual([]);
        expect(on("aws-no-foreign-principals", [queuePolicy("arn:aws:sns:us-east-1:806199016981:Other")])).toEqual([
            ["ip-changes-queue", expect.stringMatching(/admits another account \(806199016981\)/)],
        ]);
    });

    // The AMI and price notification topics AWS publishes, each subscribed as its guide shows, with an
    // organization that declares its account: subscribing consumes what AWS publishes, and sends nothing out.
    it.each([
        ["ECS-optimized AMI updates (ECS Developer Guide)", "arn:aws:sns:us-east-1:177427601217:ecs-optimized-amazon-ami-update"],
        ["ECS-optimized AMI updates in another Region", "arn:aws:sns:eu-west-1:177427601217:ecs-optimized-amazon-ami-update"],
        ["Amazon Linux 2 AMI updates (AL2 User Guide)", "arn:aws:sns:us-east-1:137112412989:amazon-linux-2-ami-updates"],
        ["AL2023 AMI updates (AL2023 User Guide)", "arn:aws:sns:us-east-1:137112412989:amazon-linux-2023-ami-updates"],
        ["Windows AMI updates (EC2 Windows guide)", "arn:aws:sns:us-east-1:801119661308:ec2-windows-ami-update"],
        ["Windows AMIs made private", "arn:aws:sns:us-east-1:801119661308:ec2-windows-ami-private"],
        ["price changes (Billing User Guide)", "arn:aws:sns:us-east-1:278350005181:price-list-api"],
    ])("passes a Lambda subscribed to AWS's %s topic, and its permission", (_t, topic) => {
        const added: Res[] = [
            {
                type: "aws:sns/topicSubscription:TopicSubscription",
                name: "ami-updates",
                inputs: { topic, protocol: "lambda", endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:refresh-ami` },
            },
            {
                type: "aws:lambda/permission:Permission",
                name: "allow-sns",
                inputs: {
                    action: "lambda:InvokeFunction",
                    function: "refresh-ami",
                    principal: "sns.amazonaws.com",
                    sourceArn: topic,
                },
            },
        ];
        expect(on("aws-no-foreign-account-references", added, { accountIds: [ACCOUNT] })).toEqual([]);
        // A subscribed queue's policy names the topic as its source.
        const queuePolicy: Res = {
            type: "aws:sqs/queuePolicy:QueuePolicy",
            name: "ami-updates-queue",
            inputs: {
                queueUrl: `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/ami-updates`,
                policy: doc({
                    Effect: "Allow",
                    Principal: { Service: "sns.amazonaws.com" },
                    Action: "sqs:SendMessage",
                    Resource: `arn:aws:sqs:us-east-1:${ACCOUNT}:ami-updates`,
                    Condition: { ArnEquals: { "aws:SourceArn": topic } },
                }),
            },
        };
        expect(on("aws-no-foreign-principals", [queuePolicy], { accountIds: [ACCOUNT] })).toEqual([]);
    });

    it("still reports another topic of the same AWS accounts, and those topics as a destination", () => {
        const ECS_TOPIC = "arn:aws:sns:us-east-1:177427601217:ecs-optimized-amazon-ami-update";
        expect(
            on(
                "aws-no-foreign-account-references",
                [
                    {
                        type: "aws:sns/topicSubscription:TopicSubscription",
                        name: "other-topic",
                        inputs: {
                            topic: "arn:aws:sns:us-east-1:177427601217:Other",
                            protocol: "lambda",
                            endpoint: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`,
                        },
                    },
                    {
                        type: "aws:lambda/permission:Permission",
                        name: "other-permission",
                        inputs: {
                            action: "lambda:InvokeFunction",
                            function: "f",
                            principal: "sns.amazonaws.com",
                            sourceArn: "arn:aws:sns:us-east-1:137112412989:Other",
                        },
                    },
                    {
                        type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                        name: "alarm-to-aws",
                        inputs: { alarmActions: [ECS_TOPIC] },
                    },
                ],
                { accountIds: [ACCOUNT] },
            ),
        ).toEqual([
            ["other-topic", expect.stringMatching(/topic names account 177427601217, which is not the stack's/)],
            ["other-permission", expect.stringMatching(/sourceArn names account 137112412989, which is not the stack's/)],
            ["alarm-to-aws", expect.stringMatching(/alarmActions names account 177427601217, which is not the stack's/)],
        ]);
    });

    it("still reports the topic's account for any other topic or use", () => {
        const notStack = (path: string) =>
            expect.stringMatching(new RegExp(`${path} names account 806199016981, which is not the stack's`));
        expect(
            on("aws-no-foreign-account-references", [
                {
                    type: "aws:sns/topicSubscription:TopicSubscription",
                    name: "other-topic",
                    inputs: { topic: "arn:aws:sns:us-east-1:806199016981:Other", protocol: "lambda", endpoint: FN },
                },
                {
                    type: "aws:cloudwatch/metricAlarm:MetricAlarm",
                    name: "alarm-to-aws",
                    inputs: { alarmActions: [IP_TOPIC] },
                },
                {
                    type: "aws:cloudwatch/eventTarget:EventTarget",
                    name: "target-aws",
                    inputs: { rule: "r", arn: IP_TOPIC },
                },
            ]),
        ).toEqual([
            ["other-topic", notStack("topic")],
            ["alarm-to-aws", notStack("alarmActions")],
            ["target-aws", notStack("arn")],
        ]);
    });
});

describe("aws-no-foreign-principals: S3 access point delegation", () => {
    const policyOf = POLICIES.find((p) => p.name === "aws-no-foreign-principals")!;
    const delegate = (Condition: Record<string, unknown>): Res => ({
        type: "aws:s3/bucketPolicy:BucketPolicy",
        name: "delegation",
        inputs: {
            bucket: DATA_BUCKET,
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { AWS: "*" },
                        Action: "*",
                        Resource: [`arn:aws:s3:::${DATA_BUCKET}`, `arn:aws:s3:::${DATA_BUCKET}/*`],
                        Condition,
                    },
                ],
            }),
        },
    });
    const on = (added: Res) => found(evaluate(policyOf, [...compliantResources(), added]));

    // The S3 User Guide's delegation: the bucket admits only requests through access points of the account, and each
    // access point's own policy, judged by the same policies, decides who reaches the bucket through it. Naming the
    // stack's own access points names the stack's own access control, as aws:SourceAccount names its own callers.
    it("passes delegation to the access points of the stack's own account, by account or by access point ARN (was reported: no caller named)", () => {
        expect(on(delegate({ StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } }))).toEqual([]);
        expect(on(delegate({ ArnLike: { "s3:DataAccessPointArn": `arn:aws:s3:us-east-1:${ACCOUNT}:accesspoint/*` } }))).toEqual(
            [],
        );
    });

    it("passes delegation to a literal account when the organization declares none, but not a wildcard or a negation", () => {
        const guardrail = (added: Res) =>
            found(evaluatePlans([planOf([added], { project: "team-payments" })], {}, { policies: [policyOf] }));
        expect(guardrail(delegate({ StringEquals: { "s3:DataAccessPointAccount": "111122223333" } }))).toEqual([]);
        expect(guardrail(delegate({ StringLike: { "s3:DataAccessPointAccount": "*" } }))).toEqual([
            ["delegation", expect.stringMatching(/allows '\*', and its conditions pin nothing/)],
        ]);
        expect(guardrail(delegate({ StringNotEquals: { "s3:DataAccessPointAccount": "111122223333" } }))).toEqual([
            ["delegation", expect.stringMatching(/allows '\*', and its conditions pin nothing/)],
        ]);
    });

    it("still reports access point keys outside a bucket policy, where they name no access point", () => {
        const topicPolicy: Res = {
            type: "aws:sns/topicPolicy:TopicPolicy",
            name: "topic-delegation",
            inputs: {
                arn: `arn:aws:sns:us-east-1:${ACCOUNT}:orders`,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: "*" },
                            Action: "sns:Publish",
                            Resource: `arn:aws:sns:us-east-1:${ACCOUNT}:orders`,
                            Condition: { StringEquals: { "s3:DataAccessPointAccount": ACCOUNT } },
                        },
                    ],
                }),
            },
        };
        expect(on(topicPolicy)).toEqual([
            ["topic-delegation", expect.stringMatching(/allows '\*', and no condition names the caller/)],
        ]);
    });

    it("reports delegation to another account's access points, and a source IP (which names no account)", () => {
        expect(on(delegate({ StringEquals: { "s3:DataAccessPointAccount": "999999999999" } }))).toEqual([
            ["delegation", expect.stringMatching(/a condition that admits another account \(999999999999\)/)],
        ]);
        expect(on(delegate({ IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }))).toEqual([
            ["delegation", expect.stringMatching(/allows '\*', and no condition names the caller/)],
        ]);
    });
});

describe("aws-no-secrets-in-plain-inputs: names and identifiers are not secrets", () => {
    const policy = POLICIES.find((p) => p.name === "aws-no-secrets-in-plain-inputs")!;
    const on = (added: Res[]) => found(evaluate(policy, [...compliantResources(), ...added]));
    const lambda = (variables: Record<string, string>): Res => ({
        type: "aws:lambda/function:Function",
        name: "api",
        inputs: { runtime: "nodejs20.x", role: `arn:aws:iam::${ACCOUNT}:role/api`, environment: { variables } },
    });
    const ssm = (name: string, value: string): Res => ({
        type: "aws:ssm/parameter:Parameter",
        name: "p",
        inputs: { name, type: "String", value },
    });
    const ecs = (name: string, value: string): Res => ({
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "td",
        inputs: {
            family: "x",
            containerDefinitions: JSON.stringify([{ name: "app", image: "nginx", environment: [{ name, value }] }]),
        },
    });

    it("passes Secrets Manager secret names, table names and other identifiers under secret-sounding names", () => {
        expect(
            on([
                lambda({
                    DB_SECRET_ID: "prod/orders/db-credentials",
                    TOKEN_TABLE: "orders-refresh-tokens",
                    SESSION_TOKEN_TABLE: "orders-sessions-9f8e7d6",
                    API_KEY_PARAMETER: "orders.api-key",
                    OAUTH_SECRET_NAME: "OrdersOAuthClient",
                    PASSWORD_SECRET_ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`,
                    SigningSecretName: "orders_signing_v2",
                    PASSWORD_MIN_LENGTH: "12",
                }),
                ssm("/orders/db-secret-name", "prod/orders/db-credentials"),
                ecs("DB_SECRET_NAME", "prod/orders/db"),
            ]),
        ).toEqual([]);
        // A path of names counts as a reference only under a name that says it holds one: under any other
        // name it is judged as a value, since a password or passphrase may contain slashes.
        expect(on([lambda({ DB_SECRET_NAME: "prod/orders/db-credentials" })])).toEqual([]);
        for (const [name, value] of [
            ["DB_SECRET", "prod/orders/db-credentials"],
            ["DB_PASSWORD", "correct/horse/battery/staple"],
            ["API_TOKEN", "abcd/efgh"],
        ])
            expect(on([lambda({ [name]: value })])).toEqual([
                [
                    "api",
                    `environment.variables.${name} holds a literal secret: read it from Secrets Manager or SSM SecureString at run time.`,
                ],
            ]);
    });

    it("still reports real credentials under identifier names", () => {
        const literal = (name: string) => [
            "api",
            `environment.variables.${name} holds a literal secret: read it from Secrets Manager or SSM SecureString at run time.`,
        ];
        expect(
            on([
                lambda({
                    DB_PASSWORD_NAME: "Sup3rS3cretPassw0rd!",
                    ADMIN_PASSWORD_ID: "P@ssw0rd2024",
                    DB_SECRET_PARAMETER: "Sup3rS3cretPassw0rd",
                    GITHUB_TOKEN_ID: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                    API_TOKEN_NAME: "abcdefghijklmnopqrstuvwxyz0123456789",
                    SLACK_TOKEN_ARN: "xoxb-2048611825-1234567890123-Xo4bD9jT2gK7wQ1zR8vN3mLp",
                    SESSION_SECRET_TABLE: "dGhpcyBpcyBhIHNlY3JldCB2YWx1ZQ==",
                    CLIENT_SECRET_ID: "AbCdEfGhIjKlMnOpQrStUvWx",
                    DB_SECRET_NAME: "correct horse battery staple",
                }),
            ]),
        ).toEqual(
            [
                "DB_PASSWORD_NAME",
                "ADMIN_PASSWORD_ID",
                "DB_SECRET_PARAMETER",
                "GITHUB_TOKEN_ID",
                "API_TOKEN_NAME",
                "SLACK_TOKEN_ARN",
                "SESSION_SECRET_TABLE",
                "CLIENT_SECRET_ID",
                "DB_SECRET_NAME",
            ].map(literal),
        );
        expect(
            on([
                lambda({
                    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
                    SIGNING_KEY_ARN: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                }),
                ssm("/orders/api-token-name", "Sup3rS3cretPassw0rd"),
                ecs("DB_PASSWORD_SECRET_NAME", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
            ]),
        ).toEqual([
            ["api", expect.stringMatching(/AWS_ACCESS_KEY_ID holds an AWS access key id/)],
            ["api", expect.stringMatching(/SIGNING_KEY_ARN holds what looks like an AWS secret access key/)],
            ["p", expect.stringMatching(/^value holds a literal secret, in a parameter of type String/)],
            ["td", expect.stringMatching(/DB_PASSWORD_SECRET_NAME holds a literal secret/)],
        ]);
    });
});

/** A Lambda function's environment variables, judged by aws-no-secrets-in-plain-inputs. */
const secretsPolicy = POLICIES.find((p) => p.name === "aws-no-secrets-in-plain-inputs")!;
const secretsOn = (added: Res[]) => found(evaluate(secretsPolicy, [...compliantResources(), ...added]));
const lambdaWith = (variables: Record<string, string>): Res => ({
    type: "aws:lambda/function:Function",
    name: "api",
    inputs: { runtime: "nodejs22.x", role: `arn:aws:iam::${ACCOUNT}:role/api`, environment: { variables } },
});
/** The finding of a literal secret in the variable `name`. */
const literalSecret = (name: string) => [
    "api",
    `environment.variables.${name} holds a literal secret: read it from Secrets Manager or SSM SecureString at run time.`,
];

describe("aws-no-secrets-in-plain-inputs: what locates or selects a secret is not one", () => {
    const on = secretsOn;
    const lambda = lambdaWith;
    const literal = literalSecret;

    it("passes staging labels, KMS aliases, JSON keys, RDS-managed secret names, buckets, backends and audience URIs", () => {
        expect(
            on([
                lambda({
                    JWT_SECRET_VERSION_STAGE: "AWSCURRENT",
                    DB_SECRET_STAGE: "AWSPREVIOUS",
                    TOKEN_SIGNING_KEY_ALIAS: "alias/orders-jwt",
                    DB_PASSWORD_JSON_KEY: "password",
                    API_KEY_NAME: "orders-partner-key",
                    DB_CREDENTIALS_SECRET: "rds!db-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
                    TOKEN_CACHE_BUCKET: "orders-token-cache",
                    TOKEN_QUEUE: "orders-token-refresh",
                    PASSWORD_RESET_TOPIC: "orders-password-reset",
                    SECRETS_BACKEND: "aws-secretsmanager",
                    SECRET_STORE: "parameter-store",
                    SECRET_LABEL: "orders-v2",
                    TOKEN_AUDIENCE: "api://orders",
                }),
            ]),
        ).toEqual([]);
    });

    it("still reports secrets under those names, and a key that is the secret itself", () => {
        expect(
            on([
                lambda({
                    API_KEY: "abc123def456ghi789",
                    JWT_SECRET_KEY: "Sup3rS3cretPassw0rd",
                    DB_PASSWORD_JSON_KEY: "Sup3r!S3cret",
                    TOKEN_CACHE_BUCKET: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                    DB_PASSWORD: "rds!Passw0rd",
                    JWT_SECRET: "alias/Sup3r S3cret",
                    TOKEN_AUDIENCE: "api://orders:hunter22@orders",
                    SECRETS_BACKEND_TOKEN: "aws-secretsmanager",
                }),
            ]),
        ).toEqual([
            literal("API_KEY"),
            literal("JWT_SECRET_KEY"),
            literal("DB_PASSWORD_JSON_KEY"),
            literal("TOKEN_CACHE_BUCKET"),
            literal("DB_PASSWORD"),
            literal("JWT_SECRET"),
            [
                "api",
                "environment.variables.TOKEN_AUDIENCE holds a password in a connection string (user:password@): read it from Secrets Manager or SSM SecureString at run time.",
            ],
            literal("SECRETS_BACKEND_TOKEN"),
        ]);
    });
});

describe("aws-no-secrets-in-plain-inputs: OAuth and JWT configuration, connection strings, CodeBuild", () => {
    const on = secretsOn;
    const lambda = lambdaWith;
    const literal = literalSecret;

    it("passes where a token comes from and how it is checked: issuers, endpoints, audiences, header names, URLs", () => {
        expect(
            on([
                lambda({
                    TOKEN_ISSUER: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
                    TOKEN_ENDPOINT: "https://auth.example.com/oauth2/token",
                    TOKEN_AUDIENCE: "orders-api",
                    API_KEY_HEADER: "x-api-key",
                    PASSWORD_RESET_URL: "https://app.example.com/reset-password",
                    JWT_SECRET_REGION: "eu-central-1",
                }),
                {
                    type: "aws:ssm/parameter:Parameter",
                    name: "p",
                    inputs: {
                        name: "/orders/prod/token-endpoint",
                        type: "String",
                        value: "https://auth.example.com/oauth2/token",
                    },
                },
                {
                    type: "aws:ssm/parameter:Parameter",
                    name: "yaml",
                    inputs: {
                        name: "/orders/prod/config",
                        type: "String",
                        value: "token_url: https://auth.example.com/oauth2/token\nregion: eu-central-1",
                    },
                },
            ]),
        ).toEqual([]);
    });

    it("still reports secrets under those names, and a webhook URL whose path is its secret", () => {
        expect(
            on([
                lambda({
                    TOKEN_HEADER: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
                    SECRET_KEY_BASE: "Sup3rS3cretPassw0rd",
                    SLACK_TOKEN_URL: "https://hooks.slack.com/services/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",
                    PASSWORD_URL: "https://admin:hunter22@example.com/",
                }),
            ]),
        ).toEqual([
            literal("TOKEN_HEADER"),
            literal("SECRET_KEY_BASE"),
            literal("SLACK_TOKEN_URL"),
            [
                "api",
                "environment.variables.PASSWORD_URL holds a password in a connection string (user:password@): read it from Secrets Manager or SSM SecureString at run time.",
            ],
        ]);
    });

    it("reports a password in a connection string under any name, but not a placeholder filled in at run time", () => {
        const ecs: Res = {
            type: "aws:ecs/taskDefinition:TaskDefinition",
            name: "td",
            inputs: {
                family: "x",
                containerDefinitions: JSON.stringify([
                    {
                        name: "app",
                        image: "nginx",
                        environment: [
                            { name: "MONGODB_URI", value: "mongodb+srv://app:Pa55word123@cluster0.example.net/orders" },
                        ],
                    },
                ]),
            },
        };
        expect(
            on([
                lambda({
                    DATABASE_URL:
                        "postgres://orders:S3cr3tPassw0rd!@orders.cluster-abc.eu-central-1.rds.amazonaws.com:5432/orders",
                    REDIS_URL: "rediss://default:hunter2hunter2@cache.example.com:6379",
                    TEMPLATE_URL: "postgres://orders:${DB_PASSWORD}@db:5432/orders",
                    READER_URL: "postgres://orders@db:5432/orders",
                    PLAIN_URL: "https://db.example.com:5432/orders",
                }),
                ecs,
                {
                    type: "aws:ec2/instance:Instance",
                    name: "vm",
                    inputs: { userData: "#!/bin/bash\necho 'DSN=mysql://root:Tr0ub4dor3@10.0.0.5/app' >> /etc/app.env" },
                },
            ]),
        ).toEqual([
            ["api", expect.stringMatching(/^environment\.variables\.DATABASE_URL holds a password in a connection string/)],
            ["api", expect.stringMatching(/^environment\.variables\.REDIS_URL holds a password in a connection string/)],
            ["td", expect.stringMatching(/^container app environment MONGODB_URI holds a password in a connection string/)],
            [
                "vm",
                "userData holds a password in a connection string (user:password@): give the instance a role and read secrets at boot.",
            ],
        ]);
    });

    it("reads every assignment of a line of user data: a descriptor before a password hides nothing", () => {
        expect(
            on([
                {
                    type: "aws:ec2/launchTemplate:LaunchTemplate",
                    name: "lt",
                    inputs: {
                        userData: Buffer.from(
                            "#!/bin/bash\ndocker run -e OIDC_TOKEN_ENDPOINT=https://auth.example.com/oauth2/token -e DB_PASSWORD=Hunter2Hunter2 app\n",
                        ).toString("base64"),
                    },
                },
            ]),
        ).toEqual([["lt", "userData sets DB_PASSWORD to a literal: give the instance a role and read secrets at boot."]]);
    });

    it("judges a CodeBuild project's PLAINTEXT variables, not the references CodeBuild resolves", () => {
        const project = (environmentVariables: Record<string, string>[]): Res => ({
            type: "aws:codebuild/project:Project",
            name: "build",
            inputs: {
                name: "orders-build",
                serviceRole: `arn:aws:iam::${ACCOUNT}:role/build`,
                artifacts: { type: "NO_ARTIFACTS" },
                source: { type: "GITHUB", location: "https://github.com/acme/orders.git" },
                environment: {
                    computeType: "BUILD_GENERAL1_SMALL",
                    image: "aws/codebuild/standard:7.0",
                    type: "LINUX_CONTAINER",
                    environmentVariables,
                },
            },
        });
        expect(
            on([
                project([
                    { name: "NPM_TOKEN", value: "npm_AbCdEf0123456789AbCdEf0123456789AbCd" },
                    { name: "AWS_ACCESS_KEY_ID", value: "AKIAIOSFODNN7EXAMPLE", type: "PLAINTEXT" },
                    { name: "GITHUB_TOKEN", value: "orders/github-token", type: "SECRETS_MANAGER" },
                    { name: "DB_PASSWORD", value: "/orders/db-password", type: "PARAMETER_STORE" },
                    { name: "STAGE", value: "prod" },
                ]),
            ]),
        ).toEqual([
            [
                "build",
                "environment.environmentVariables NPM_TOKEN holds a literal secret: use type SECRETS_MANAGER or PARAMETER_STORE with the secret's name.",
            ],
            [
                "build",
                "environment.environmentVariables AWS_ACCESS_KEY_ID holds an AWS access key id: use type SECRETS_MANAGER or PARAMETER_STORE with the secret's name.",
            ],
        ]);
    });
});

describe("aws-allowed-regions: global services (the region deny's own exemptions, src/globalServices.ts)", () => {
    const EU_ONLY: Partial<PackConfig> = { allowedRegions: ["eu-central-1", "eu-west-1"] };
    const judge = (resources: Res[], region = "us-east-1") =>
        found(
            evaluatePlans([planOf(resources, { project: "team-x", stack: "prod", region })], undefined, {
                policies: [allowedRegions],
                policyPackConfig: { "aws-allowed-regions": { enforcementLevel: "mandatory", ...EU_ONLY } } as never,
            }),
        );
    const NOT_ALLOWED = "Region 'us-east-1' is not allowed; allowed regions: eu-central-1, eu-west-1.";
    it("passes IAM resources on a us-east-1 provider", () => {
        expect(
            judge([
                { type: "aws:iam/role:Role", name: "ci-role", inputs: { assumeRolePolicy: "{}" } },
                { type: "aws:iam/policy:Policy", name: "ci-policy", inputs: { policy: "{}" } },
            ]),
        ).toEqual([]);
    });
    it("passes CloudFront's certificate and web ACL, which AWS serves from us-east-1 only", () => {
        expect(
            judge(
                [
                    { type: "aws:cloudfront/distribution:Distribution", name: "cdn", inputs: { enabled: true } },
                    {
                        type: "aws:acm/certificate:Certificate",
                        name: "cdn-cert",
                        inputs: { region: "us-east-1", domainName: "www.example.eu", validationMethod: "DNS" },
                    },
                    {
                        type: "aws:wafv2/webAcl:WebAcl",
                        name: "cdn-waf",
                        inputs: { region: "us-east-1", scope: "CLOUDFRONT", defaultAction: { allow: {} } },
                    },
                ],
                "eu-central-1",
            ),
        ).toEqual([]);
    });
    it("passes the us-east-1 provider a stack declares for CloudFront's certificate alone", () => {
        expect(
            judge(
                [
                    { type: "pulumi:providers:aws", name: "us-east-1", inputs: { region: "us-east-1" } },
                    {
                        type: "aws:acm/certificate:Certificate",
                        name: "cdn-cert",
                        inputs: { region: "us-east-1", domainName: "www.example.eu", validationMethod: "DNS" },
                    },
                ],
                "eu-central-1",
            ),
        ).toEqual([]);
    });
    it("still reports regional resources, and the regional flavour of those services", () => {
        expect(
            judge(
                [
                    { type: "aws:kms/key:Key", name: "key", inputs: { region: "us-east-1" } },
                    { type: "aws:cfg/recorder:Recorder", name: "recorder", inputs: { region: "us-east-1", roleArn: "arn" } },
                    { type: "aws:wafv2/webAcl:WebAcl", name: "alb-waf", inputs: { region: "us-east-1", scope: "REGIONAL" } },
                    { type: "aws:acm/certificate:Certificate", name: "alb-cert", inputs: { region: "ap-south-1" } },
                    { type: "aws:sqs/queue:Queue", name: "queue", inputs: { region: "us-east-1" } },
                ],
                "eu-central-1",
            ),
        ).toEqual([
            ["key", NOT_ALLOWED],
            ["recorder", NOT_ALLOWED],
            ["alb-waf", NOT_ALLOWED],
            ["alb-cert", "Region 'ap-south-1' is not allowed; allowed regions: eu-central-1, eu-west-1."],
            ["queue", NOT_ALLOWED],
        ]);
    });
    describe("aws-native resources, through a pulumi:providers:aws-native provider", () => {
        const native = (resources: Res[], providerRegion: unknown = "ap-south-1") =>
            found(
                evaluatePlans(
                    [
                        planWithProvider(
                            resources,
                            { region: providerRegion },
                            resources.map((r) => r.name),
                            { project: "team-x", stack: "prod", region: "eu-central-1" },
                            "pulumi:providers:aws-native",
                        ),
                    ],
                    undefined,
                    {
                        policies: [allowedRegions],
                        policyPackConfig: { "aws-allowed-regions": { enforcementLevel: "mandatory", ...EU_ONLY } } as never,
                    },
                ),
            );
        const AP_SOUTH = "Region 'ap-south-1' is not allowed; allowed regions: eu-central-1, eu-west-1.";
        it("reports a resource in its provider's region, or in its own, outside the allowed regions, as it does a classic one", () => {
            expect(
                native(
                    [
                        { type: "aws-native:s3:Bucket", name: "orders", inputs: {} },
                        { type: "aws-native:sqs:Queue", name: "queue", inputs: { region: "us-east-1" } },
                        { type: "aws-native:sns:Topic", name: "topic", inputs: { region: "eu-west-1" } },
                    ],
                    "ap-south-1",
                ),
            ).toEqual([
                ["orders", AP_SOUTH],
                ["queue", NOT_ALLOWED],
            ]);
            expect(native([{ type: "aws-native:s3:Bucket", name: "orders", inputs: {} }], "eu-central-1")).toEqual([]);
        });
        it("passes the aws-native types of the global services, matched by module", () => {
            expect(
                native(
                    [
                        { type: "aws-native:iam:Role", name: "role", inputs: {} },
                        { type: "aws-native:cloudfront:Distribution", name: "cdn", inputs: {} },
                        { type: "aws-native:route53:HostedZone", name: "zone", inputs: {} },
                        { type: "aws-native:organizations:Account", name: "account", inputs: {} },
                    ],
                    "us-east-1",
                ),
            ).toEqual([]);
            // The regional flavour (a REGIONAL web ACL, a certificate outside us-east-1) and Route 53 Resolver are regional.
            expect(
                native(
                    [
                        { type: "aws-native:wafv2:WebAcl", name: "cdn-waf", inputs: { scope: "CLOUDFRONT" } },
                        { type: "aws-native:certificatemanager:Certificate", name: "cdn-cert", inputs: {} },
                        { type: "aws-native:wafv2:WebAcl", name: "alb-waf", inputs: { scope: "REGIONAL" } },
                        { type: "aws-native:route53resolver:ResolverEndpoint", name: "resolver", inputs: {} },
                    ],
                    "us-east-1",
                ),
            ).toEqual([
                ["alb-waf", NOT_ALLOWED],
                ["resolver", NOT_ALLOWED],
            ]);
        });
        it("defers a provider region unknown at preview", () => {
            expect(native([{ type: "aws-native:s3:Bucket", name: "orders", inputs: {} }], UNKNOWN_SENTINEL)).toEqual([
                ["orders", "can't run policy 'aws-allowed-regions' during preview: region is unknown"],
            ]);
        });
    });
    it("names for every global resource type an exemption the region deny keeps", () => {
        for (const g of GLOBAL_SERVICE_RESOURCES)
            expect([g.exemption, REGION_DENY_GLOBAL_EXEMPTIONS.includes(g.exemption)]).toEqual([g.exemption, true]);
    });
});
