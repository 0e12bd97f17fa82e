/** Resource policies: compliant baseline, then one changed property per case with the exact violation. */
import { logGroupKms } from "../src/policies/cloudwatch/logGroupKms";
import { logGroupRetention } from "../src/policies/cloudwatch/logGroupRetention";
import { defaultSecurityGroupClosed } from "../src/policies/ec2/defaultSecurityGroupClosed";
import { securityGroupIngress } from "../src/policies/ec2/securityGroupIngress";
import { subnetNoPublicIp } from "../src/policies/ec2/subnetNoPublicIp";
import { allowedRegions } from "../src/policies/general/allowedRegions";
import { noAdminStatements } from "../src/policies/iam/noAdminStatements";
import { passwordPolicy } from "../src/policies/iam/passwordPolicy";
import { kmsKeyRotation } from "../src/policies/kms/keyRotation";
import { lambdaInVpc } from "../src/policies/lambda/functionInVpc";
import { lambdaSupportedRuntime } from "../src/policies/lambda/supportedRuntime";
import { lambdaTracingActive } from "../src/policies/lambda/tracingActive";
import { rdsBackupRetention } from "../src/policies/rds/backupRetention";
import { rdsDeletionProtection } from "../src/policies/rds/deletionProtection";
import { rdsNotPubliclyAccessible } from "../src/policies/rds/notPubliclyAccessible";
import { rdsStorageEncryptedCmk } from "../src/policies/rds/storageEncryptedCmk";
import { secretKms } from "../src/policies/secretsmanager/secretKms";
import { snsTopicKms } from "../src/policies/sns/topicKms";
import { stageAccessLogging } from "../src/policies/apigateway/stageAccessLogging";
import { stageXrayTracing } from "../src/policies/apigateway/stageXrayTracing";
import { BaselinePolicy } from "../src/policy";
import { PackConfig } from "../src/config";
import { compliantResources, evaluate, found, patched } from "./fixtures";

type Case = [string, string, Record<string, unknown>, string[], Partial<PackConfig>?];
const admin = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({ Statement: [{ Sid: "All", Effect: "Allow", Action: "*", Resource: "*", ...extra }] });

const CASES: [BaselinePolicy, Case[]][] = [
    [
        rdsStorageEncryptedCmk,
        [
            [
                "storage not encrypted",
                "postgres",
                { storageEncrypted: false },
                ["RDS instance storage is not encrypted: set storageEncrypted: true."],
            ],
            [
                "no CMK",
                "postgres",
                { kmsKeyId: undefined },
                ["RDS instance storage is not encrypted with a customer-managed key: set kmsKeyId to the database CMK."],
            ],
        ],
    ],
    [
        rdsNotPubliclyAccessible,
        [
            [
                "public",
                "postgres",
                { publiclyAccessible: true },
                ["RDS instance is publicly accessible: set publiclyAccessible: false."],
            ],
        ],
    ],
    [
        rdsDeletionProtection,
        [
            [
                "off",
                "postgres",
                { deletionProtection: false },
                ["RDS instance has no deletion protection: set deletionProtection: true."],
            ],
        ],
    ],
    [
        rdsBackupRetention,
        [
            [
                "1 day",
                "postgres",
                { backupRetentionPeriod: 1 },
                ["RDS instance backupRetentionPeriod is 1 days; it must be at least 7."],
            ],
            [
                "unset",
                "postgres",
                { backupRetentionPeriod: undefined },
                ["RDS instance does not set backupRetentionPeriod; it must be at least 7 days."],
            ],
            [
                "7 days under a 14-day config",
                "postgres",
                {},
                ["RDS instance backupRetentionPeriod is 7 days; it must be at least 14."],
                { minBackupRetentionDays: 14 },
            ],
        ],
    ],
    [
        logGroupKms,
        [
            [
                "no key",
                "api-access",
                { kmsKeyId: undefined },
                ["Log group is not encrypted with a customer-managed key: set kmsKeyId to the logs CMK."],
            ],
        ],
    ],
    [
        logGroupRetention,
        [
            [
                "30 days",
                "api-access",
                { retentionInDays: 30 },
                ["Log group retentionInDays is 30; it must be at least 365 (or 0 to never expire)."],
            ],
        ],
    ],
    [
        snsTopicKms,
        [
            [
                "AWS-managed key",
                "alarms",
                { kmsMasterKeyId: "alias/aws/sns" },
                ["SNS topic is not encrypted with a customer-managed key: set kmsMasterKeyId to a CMK."],
            ],
        ],
    ],
    [
        secretKms,
        [
            [
                "default key",
                "db-secret",
                { kmsKeyId: undefined },
                ["Secret is not encrypted with a customer-managed key: set kmsKeyId to a CMK."],
            ],
        ],
    ],
    [
        kmsKeyRotation,
        [
            ["rotation off", "data-key", { enableKeyRotation: false }, ["KMS key does not rotate: set enableKeyRotation: true."]],
            [
                "asymmetric key is not applicable",
                "data-key",
                { enableKeyRotation: false, customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" },
                [],
            ],
        ],
    ],
    [
        securityGroupIngress,
        [
            [
                "inline SSH from the internet",
                "app-sg",
                { ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }] },
                ["Ingress from 0.0.0.0/0 opens restricted port(s) 22 (protocol tcp)."],
            ],
            [
                "inline all-protocol from ::/0",
                "app-sg",
                { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }] },
                ["Ingress from ::/0 opens restricted port(s) 22, 3389, 1433, 1521, 3306, 5432, 6379, 27017 (protocol -1)."],
            ],
            [
                "SecurityGroupRule PostgreSQL from the internet",
                "db-from-app",
                { cidrBlocks: ["0.0.0.0/0"] },
                ["Ingress from 0.0.0.0/0 opens restricted port(s) 5432 (protocol tcp)."],
            ],
            ["egress SecurityGroupRule is ignored", "db-from-app", { type: "egress", cidrBlocks: ["0.0.0.0/0"] }, []],
            [
                "SecurityGroupIngressRule RDP range from ::/0",
                "https-v6",
                { fromPort: 3000, toPort: 4000 },
                ["Ingress from ::/0 opens restricted port(s) 3389, 3306 (protocol tcp)."],
            ],
        ],
    ],
    [
        defaultSecurityGroupClosed,
        [
            [
                "ingress rule",
                "default-sg",
                { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, self: true }] },
                ["Default security group has 1 ingress and 0 egress rule(s); it must have none."],
            ],
        ],
    ],
    [
        subnetNoPublicIp,
        [
            [
                "public IPv4",
                "private-a",
                { mapPublicIpOnLaunch: true },
                ["Subnet auto-assigns public IPv4 addresses: set mapPublicIpOnLaunch: false."],
            ],
            [
                "IPv6",
                "private-a",
                { assignIpv6AddressOnCreation: true },
                ["Subnet auto-assigns IPv6 addresses: set assignIpv6AddressOnCreation: false."],
            ],
        ],
    ],
    [
        stageAccessLogging,
        [
            [
                "no access logs",
                "api-stage",
                { accessLogSettings: undefined },
                ["Stage does not write access logs: set accessLogSettings.destinationArn and format."],
            ],
        ],
    ],
    [
        stageXrayTracing,
        [["no tracing", "api-stage", { xrayTracingEnabled: false }, ["Stage does not trace: set xrayTracingEnabled: true."]]],
    ],
    [
        lambdaInVpc,
        [
            [
                "no VPC",
                "api-backend",
                { vpcConfig: undefined },
                ["Lambda function is not in a VPC: set vpcConfig.subnetIds and vpcConfig.securityGroupIds."],
            ],
        ],
    ],
    [
        lambdaSupportedRuntime,
        [
            [
                "deprecated runtime",
                "api-backend",
                { runtime: "nodejs16.x" },
                [
                    expect.stringMatching(
                        /^Lambda runtime 'nodejs16.x' is not supported; use one of nodejs20.x, /,
                    ) as unknown as string,
                ],
            ],
            ["container image", "api-backend", { runtime: undefined, packageType: "Image" }, []],
        ],
    ],
    [
        lambdaTracingActive,
        [
            [
                "PassThrough",
                "api-backend",
                { tracingConfig: { mode: "PassThrough" } },
                ["Lambda function does not trace: set tracingConfig.mode 'Active'."],
            ],
        ],
    ],
    [
        passwordPolicy,
        [
            ["short", "password-policy", { minimumPasswordLength: 8 }, ["Password policy: minimumPasswordLength must be >= 14."]],
            [
                "reuse 5, no symbols",
                "password-policy",
                { passwordReusePrevention: 5, requireSymbols: false },
                ["Password policy: passwordReusePrevention must be >= 24; requireSymbols must be true."],
            ],
            [
                "no max age",
                "password-policy",
                { maxPasswordAge: undefined },
                ["Password policy: maxPasswordAge must be between 1 and 90."],
            ],
        ],
    ],
    [
        noAdminStatements,
        [
            [
                "managed policy *:*",
                "read-data",
                { policy: admin() },
                ["policy: statement 'All' allows '*' actions on '*' resources."],
            ],
            [
                "inline role policy",
                "api-role",
                { inlinePolicies: [{ name: "god", policy: admin({ Action: ["*:*"] }) }] },
                ["inlinePolicies[god]: statement 'All' allows '*' actions on '*' resources."],
            ],
            ["a scoped resource passes", "read-data", { policy: admin({ Resource: "arn:aws:s3:::x" }) }, []],
        ],
    ],
];

describe.each(CASES.map(([p, c]) => [p.name, p, c] as const))("%s", (_name, policy, cases) => {
    it("passes the compliant baseline", () => {
        expect(found(evaluate(policy, compliantResources()))).toEqual([]);
    });
    it.each(cases.map((c) => [c[0], c] as const))("%s", (_title, [, name, patch, messages, config]) => {
        const report = evaluate(policy, patched(name, patch), config);
        expect(found(report)).toEqual(messages.map((m) => [name, m]));
        for (const v of report.violations) {
            expect(v.policyName).toBe(policy.name);
            expect(v.controls).toEqual(policy.controls);
        }
    });
});

describe("aws-allowed-regions", () => {
    it("passes resources of the stack's region", () => {
        expect(found(evaluate(allowedRegions, compliantResources()))).toEqual([]);
    });
    it("reports a resource whose own region argument is outside the allowed regions", () => {
        expect(found(evaluate(allowedRegions, patched("alarms", { region: "ap-south-1" })))).toEqual([
            ["alarms", "Region 'ap-south-1' is not allowed; allowed regions: us-east-1, us-west-2, eu-central-1."],
        ]);
    });
    it("reports the provider and every resource using it when config allows only another region", () => {
        const report = evaluate(allowedRegions, compliantResources(), { allowedRegions: ["eu-central-1"] });
        expect(report.violations.length).toBe(compliantResources().length);
        expect(found(report)[0]).toEqual(["default_7_48_0", "Region 'us-east-1' is not allowed; allowed regions: eu-central-1."]);
    });
});
