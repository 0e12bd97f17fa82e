/** Pins the pack's exact policies, levels, severities and controls: changing one is a reviewed decision. */
import * as fs from "fs";
import * as path from "path";
import { JUDGED_TYPES, POLICIES } from "../src/pack";
import { judgedTypes } from "../src/policy";
import { configSchemaTable, coverageTable, rosterTable } from "../src/roster";

it("has exactly these policies, with these roles, enforcement levels (no config, baseline config), severities, controls and behaviour on unknown inputs", () => {
    expect(
        POLICIES.map((p) => [
            p.name,
            p.kind,
            p.role,
            p.enforcementLevel,
            p.conformanceLevel,
            p.severity,
            p.controls.join(","),
            p.onUnknown,
        ]),
    ).toEqual([
        ["pack-exemptions", "resource", "guardrail", "advisory", "advisory", "low", "", "defer"],
        ["aws-required-tags", "resource", "opinion", "advisory", "mandatory", "medium", "", "defer"],
        ["aws-allowed-regions", "resource", "opinion", "advisory", "mandatory", "high", "", "defer"],
        ["s3-bucket-sse-kms-cmk", "stack", "opinion", "advisory", "mandatory", "high", "S3.17", "defer"],
        ["rds-storage-encrypted-cmk", "resource", "guardrail", "mandatory", "mandatory", "high", "RDS.3", "defer"],
        ["cloudwatch-log-group-cmk", "resource", "opinion", "advisory", "mandatory", "medium", "", "defer"],
        ["sns-topic-cmk", "resource", "opinion", "advisory", "mandatory", "medium", "SNS.1", "defer"],
        ["secretsmanager-secret-cmk", "resource", "opinion", "advisory", "mandatory", "medium", "", "defer"],
        ["kms-key-rotation", "resource", "guardrail", "mandatory", "mandatory", "medium", "KMS.4", "fail"],
        [
            "data-stores-encrypted-at-rest",
            "resource",
            "guardrail",
            "mandatory",
            "mandatory",
            "high",
            "EFS.1,ElastiCache.4,Kinesis.1,Opensearch.1,ES.1,DocumentDB.1,Neptune.1",
            "defer",
        ],
        [
            "data-stores-encrypted-in-transit",
            "resource",
            "guardrail",
            "mandatory",
            "mandatory",
            "medium",
            "ElastiCache.5,Opensearch.3,Opensearch.8,ES.3,ES.8,MSK.1",
            "defer",
        ],
        ["s3-bucket-public-access-block", "stack", "guardrail", "mandatory", "mandatory", "critical", "S3.8", "defer"],
        ["s3-bucket-ssl-requests-only", "stack", "opinion", "advisory", "mandatory", "high", "S3.5", "defer"],
        ["rds-not-publicly-accessible", "resource", "guardrail", "mandatory", "mandatory", "critical", "RDS.2", "fail"],
        [
            "data-services-not-publicly-accessible",
            "resource",
            "guardrail",
            "mandatory",
            "mandatory",
            "critical",
            "Redshift.1,DMS.1",
            "defer",
        ],
        [
            "ec2-no-public-admin-db-ingress",
            "resource",
            "guardrail",
            "mandatory",
            "mandatory",
            "critical",
            "EC2.53,EC2.54,EC2.19,EC2.21",
            "defer",
        ],
        ["ec2-default-security-group-closed", "resource", "guardrail", "mandatory", "mandatory", "high", "EC2.2", "fail"],
        ["ec2-subnet-no-auto-public-ip", "resource", "opinion", "advisory", "mandatory", "medium", "EC2.15", "fail"],
        ["ec2-vpc-flow-logs", "stack", "guardrail", "mandatory", "mandatory", "medium", "EC2.6", "defer"],
        ["apigateway-rest-api-private", "stack", "opinion", "advisory", "mandatory", "high", "", "defer"],
        ["apigateway-stage-access-logging", "resource", "guardrail", "mandatory", "mandatory", "medium", "APIGateway.9", "defer"],
        ["apigateway-stage-xray-tracing", "resource", "opinion", "advisory", "mandatory", "low", "APIGateway.3", "fail"],
        ["apigateway-execution-logging", "stack", "guardrail", "mandatory", "mandatory", "medium", "APIGateway.1", "defer"],
        ["lambda-function-in-vpc", "stack", "opinion", "advisory", "mandatory", "medium", "Lambda.3", "defer"],
        ["lambda-function-supported-runtime", "resource", "guardrail", "mandatory", "mandatory", "medium", "Lambda.2", "fail"],
        ["lambda-function-tracing-active", "resource", "opinion", "advisory", "mandatory", "low", "Lambda.7", "fail"],
        ["sfn-state-machine-logging", "resource", "guardrail", "mandatory", "mandatory", "medium", "StepFunctions.1", "defer"],
        ["cloudwatch-log-group-retention", "resource", "opinion", "advisory", "mandatory", "low", "CloudWatch.16", "fail"],
        ["rds-deletion-protection", "resource", "guardrail", "mandatory", "mandatory", "medium", "RDS.8", "fail"],
        ["rds-backup-retention", "resource", "guardrail", "mandatory", "mandatory", "medium", "RDS.11", "fail"],
        ["iam-password-policy-cis", "resource", "guardrail", "mandatory", "mandatory", "medium", "IAM.7,IAM.15,IAM.16", "fail"],
        ["iam-no-admin-statements", "resource", "guardrail", "mandatory", "mandatory", "critical", "IAM.1", "defer"],
        ["iam-no-service-wildcard-actions", "resource", "guardrail", "mandatory", "mandatory", "high", "IAM.21", "defer"],
        ["iam-no-privileged-action-wildcards", "resource", "guardrail", "mandatory", "mandatory", "high", "IAM.1", "defer"],
        ["iam-no-allow-not-action", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["iam-pass-role-restricted", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["iam-no-admin-managed-policies", "stack", "guardrail", "mandatory", "mandatory", "critical", "IAM.27", "defer"],
        ["iam-trust-policy-restricted", "resource", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["iam-no-users-or-access-keys", "resource", "guardrail", "mandatory", "mandatory", "high", "IAM.2", "fail"],
        ["s3-bucket-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "S3.2,S3.3", "defer"],
        ["kms-key-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "KMS.5", "defer"],
        ["sns-topic-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["sqs-queue-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["secretsmanager-secret-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["lambda-permission-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "Lambda.1", "defer"],
        ["apigateway-rest-api-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["resource-policy-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["ec2-ami-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["ssm-document-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "SSM.4", "defer"],
        ["ec2-endpoint-service-not-public", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["eks-endpoint-not-public", "resource", "opinion", "advisory", "mandatory", "high", "EKS.1", "defer"],
        ["s3-public-access-block-settings", "resource", "guardrail", "mandatory", "mandatory", "critical", "S3.1,S3.8", "fail"],
        ["s3-no-acl-grants", "resource", "guardrail", "mandatory", "mandatory", "critical", "S3.12,S3.2,S3.3", "defer"],
        ["s3-bucket-key-own-account", "stack", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        [
            "ec2-no-split-internet-ingress",
            "stack",
            "guardrail",
            "mandatory",
            "mandatory",
            "critical",
            "EC2.19,EC2.53,EC2.54,EC2.21",
            "defer",
        ],
        [
            "ec2-no-internet-prefix-list-ingress",
            "stack",
            "guardrail",
            "mandatory",
            "mandatory",
            "critical",
            "EC2.19,EC2.53,EC2.54",
            "defer",
        ],
        ["ec2-no-unrestricted-egress", "resource", "opinion", "advisory", "mandatory", "medium", "", "defer"],
        ["ec2-default-security-group-no-rules", "stack", "guardrail", "mandatory", "mandatory", "high", "EC2.2", "defer"],
        ["ec2-imdsv2-required", "resource", "guardrail", "mandatory", "mandatory", "high", "EC2.8", "defer"],
        [
            "cloudtrail-trail-hardened",
            "resource",
            "guardrail",
            "mandatory",
            "mandatory",
            "high",
            "CloudTrail.1,CloudTrail.2,CloudTrail.4,CloudTrail.5",
            "defer",
        ],
        ["config-recorder-enabled", "resource", "guardrail", "mandatory", "mandatory", "high", "Config.1", "fail"],
        ["ebs-encryption-by-default", "resource", "guardrail", "mandatory", "mandatory", "high", "EC2.7", "fail"],
        [
            "cloudwatch-alarm-actions",
            "stack",
            "guardrail",
            "mandatory",
            "mandatory",
            "medium",
            "CloudWatch.15,CloudWatch.17",
            "defer",
        ],
        ["guardduty-detector-not-suspended", "resource", "guardrail", "mandatory", "mandatory", "high", "GuardDuty.1", "fail"],
        ["securityhub-controls-not-silenced", "resource", "guardrail", "mandatory", "mandatory", "high", "", "fail"],
        ["findings-not-silenced-wholesale", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        [
            "detection-layer-complete",
            "stack",
            "conformance",
            "disabled",
            "mandatory",
            "critical",
            "Config.1,IAM.28,EC2.7,CloudTrail.1",
            "fail",
        ],
        ["rds-snapshot-not-public", "resource", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["rds-production-resilience", "resource", "opinion", "advisory", "mandatory", "medium", "RDS.5,RDS.10,RDS.13", "fail"],
        ["sqs-queue-encrypted", "resource", "guardrail", "mandatory", "mandatory", "medium", "", "defer"],
        ["guardduty-detector-enabled", "stack", "conformance", "disabled", "mandatory", "high", "GuardDuty.1", "defer"],
        ["securityhub-standards-subscribed", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["cloudtrail-s3-data-events", "stack", "conformance", "disabled", "mandatory", "medium", "S3.22,S3.23", "defer"],
        [
            "sns-topic-has-subscription",
            "stack",
            "opinion",
            "advisory",
            "advisory",
            "medium",
            "CloudWatch.1,CloudWatch.2,CloudWatch.4",
            "defer",
        ],
        ["s3-bucket-cross-region-replication", "stack", "conformance", "disabled", "mandatory", "high", "S3.7", "defer"],
        ["backup-vault-lock-compliance", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["backup-and-replication-alerting", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["rds-automated-backup-replication", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["deployment-mode-rehearsal", "stack", "guardrail", "advisory", "advisory", "high", "", "defer"],
        ["aws-no-foreign-principals", "stack", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["aws-no-foreign-account-references", "stack", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["iam-no-escalation-actions", "resource", "guardrail", "mandatory", "mandatory", "critical", "IAM.1", "defer"],
        ["aws-no-secrets-in-plain-inputs", "resource", "guardrail", "mandatory", "mandatory", "critical", "", "defer"],
        ["rds-event-subscription-enabled", "resource", "guardrail", "mandatory", "mandatory", "medium", "", "fail"],
        ["iam-service-linked-role-aws-service", "resource", "guardrail", "mandatory", "mandatory", "low", "", "fail"],
        ["org-scp-deploy-role-exempt", "resource", "opinion", "advisory", "mandatory", "high", "", "defer"],
        ["org-scp-region-deny-global-services", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["org-rcp-service-principals-exempt", "resource", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["org-required-policy-attachments", "stack", "guardrail", "mandatory", "mandatory", "high", "", "defer"],
        ["s3-bucket-versioning-enabled", "resource", "conformance", "disabled", "mandatory", "high", "", "fail"],
        ["s3-lifecycle-keeps-retention", "resource", "conformance", "disabled", "mandatory", "high", "", "fail"],
        ["s3-object-lock-compliance", "stack", "conformance", "disabled", "mandatory", "high", "", "fail"],
        ["s3-access-logs-to-own-bucket", "stack", "conformance", "disabled", "mandatory", "medium", "", "defer"],
        ["config-rules-and-remediations-kept", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["detection-delivery-and-aggregation", "resource", "conformance", "disabled", "mandatory", "medium", "", "defer"],
        ["detection-findings-routed", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["cloudwatch-metric-filter-alarmed", "stack", "conformance", "disabled", "mandatory", "medium", "", "defer"],
        ["rds-parameter-group-tls-only", "resource", "conformance", "disabled", "mandatory", "high", "", "fail"],
        ["rds-subnet-group-multi-az", "resource", "conformance", "disabled", "mandatory", "medium", "", "defer"],
        ["ec2-network-tiers-kept", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["ec2-vpc-endpoint-policy-own-account", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["apigateway-api-wiring", "resource", "conformance", "disabled", "mandatory", "medium", "", "defer"],
        ["backup-plan-retention", "resource", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["s3-bucket-versioning-and-lifecycle-present", "stack", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["baseline-data-protected", "resource", "conformance", "disabled", "mandatory", "high", "", "fail"],
        ["securityhub-automation-rule-no-silencing", "resource", "conformance", "disabled", "mandatory", "high", "", "defer"],
        ["pack-unjudged-resource-types", "stack", "guardrail", "advisory", "advisory", "low", "", "defer"],
        ["pack-exemptions-report", "stack", "guardrail", "advisory", "advisory", "low", "", "defer"],
    ]);
});

it("judges, in some policy, every resource type a policy of the pack names, and reports the rest", () => {
    // Every policy except the pack-wide ones (tags, regions, the unjudged-type notice and the
    // layer-completeness check, which judge stacks rather than types) names the types it judges.
    const packWide = [
        "aws-required-tags",
        "aws-allowed-regions",
        "pack-unjudged-resource-types",
        "detection-layer-complete",
        "pack-exemptions",
        "pack-exemptions-report",
    ];
    for (const p of POLICIES.filter((x) => !packWide.includes(x.name)))
        expect([p.name, judgedTypes(p).length > 0]).toEqual([p.name, true]);
    expect(JUDGED_TYPES.has("aws:iam/role:Role")).toBe(true);
    expect(JUDGED_TYPES.has("aws:ec2/routeTableAssociation:RouteTableAssociation")).toBe(true);
    expect(JUDGED_TYPES.has("aws:ec2/keyPair:KeyPair")).toBe(false);
});

it("lists every policy in the README roster with its level, severity, controls and unknown-input behaviour", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const block = /<!-- BEGIN roster -->\n([\s\S]*?)<!-- END roster -->/.exec(readme);
    expect(block).not.toBeNull();
    // Prettier pads the table's cells; compare cell by cell.
    const cells = (t: string) =>
        t
            .trim()
            .split("\n")
            .map((l) => l.split("|").map((c) => c.trim().replace(/^-{3,}$/, "---")));
    expect(cells(block![1])).toEqual(cells(rosterTable()));
});

it("gives every policy a kebab-case unique name, a description, tags naming its controls and a configSchema for its config keys", () => {
    expect(new Set(POLICIES.map((p) => p.name)).size).toBe(POLICIES.length);
    for (const p of POLICIES) {
        expect(p.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(p.description.length).toBeGreaterThan(10);
        expect(p.tags).toEqual(expect.arrayContaining(p.controls.map((c) => `control:${c}`)));
        expect(Object.keys(p.configSchema?.properties ?? {})).toEqual([
            ...(p.configKeys ?? []),
            ...(p.role === "conformance" && !(p.configKeys ?? []).includes("conformanceProjects") ? ["conformanceProjects"] : []),
        ]);
        expect(p.tags).toContain(`role:${p.role}`);
    }
});

it.each([
    ["config-schema", configSchemaTable],
    ["coverage", coverageTable],
])("keeps the README's generated %s block up to date", (name, generate) => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
    const block = new RegExp(`<!-- BEGIN ${name} -->\\n([\\s\\S]*?)<!-- END ${name} -->`).exec(readme);
    expect(block).not.toBeNull();
    // Prettier pads table cells and may rewrap text: compare cell by cell, whitespace folded.
    const cells = (t: string) =>
        t
            .trim()
            .split("\n")
            .filter((l) => l.trim() !== "")
            .map((l) =>
                l.split("|").map((c) =>
                    c
                        .trim()
                        .replace(/\s+/g, " ")
                        .replace(/^-{3,}$/, "---"),
                ),
            );
    expect(cells(block![1])).toEqual(cells(generate()));
});
