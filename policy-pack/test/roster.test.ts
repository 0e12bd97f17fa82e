/** Pins the pack's exact policies, levels, severities and controls: changing one is a reviewed decision. */
import * as fs from "fs";
import * as path from "path";
import { JUDGED_TYPES, POLICIES } from "../src/pack";
import { judgedTypes } from "../src/policy";
import { rosterTable } from "../src/roster";

it("has exactly these policies, with these enforcement levels, severities, controls and behaviour on unknown inputs", () => {
    expect(POLICIES.map((p) => [p.name, p.kind, p.enforcementLevel, p.severity, p.controls.join(","), p.onUnknown])).toEqual([
        ["aws-required-tags", "resource", "mandatory", "medium", "", "defer"],
        ["aws-allowed-regions", "resource", "mandatory", "high", "", "defer"],
        ["s3-bucket-sse-kms-cmk", "stack", "mandatory", "high", "S3.17", "defer"],
        ["s3-bucket-encryption-exemption", "stack", "advisory", "low", "S3.17", "defer"],
        ["rds-storage-encrypted-cmk", "resource", "mandatory", "high", "RDS.3", "defer"],
        ["cloudwatch-log-group-cmk", "resource", "mandatory", "medium", "", "defer"],
        ["sns-topic-cmk", "resource", "mandatory", "medium", "SNS.1", "defer"],
        ["secretsmanager-secret-cmk", "resource", "mandatory", "medium", "", "defer"],
        ["kms-key-rotation", "resource", "mandatory", "medium", "KMS.4", "fail"],
        ["s3-bucket-public-access-block", "stack", "mandatory", "critical", "S3.8", "defer"],
        ["s3-bucket-ssl-requests-only", "stack", "mandatory", "high", "S3.5", "defer"],
        ["rds-not-publicly-accessible", "resource", "mandatory", "critical", "RDS.2", "fail"],
        ["ec2-no-public-admin-db-ingress", "resource", "mandatory", "critical", "EC2.53,EC2.54,EC2.19,EC2.21", "defer"],
        ["ec2-default-security-group-closed", "resource", "mandatory", "high", "EC2.2", "fail"],
        ["ec2-subnet-no-auto-public-ip", "resource", "mandatory", "medium", "EC2.15", "fail"],
        ["ec2-vpc-flow-logs", "stack", "mandatory", "medium", "EC2.6", "defer"],
        ["apigateway-rest-api-private", "stack", "mandatory", "high", "", "defer"],
        ["apigateway-stage-access-logging", "resource", "mandatory", "medium", "", "defer"],
        ["apigateway-stage-xray-tracing", "resource", "mandatory", "low", "APIGateway.3", "fail"],
        ["apigateway-execution-logging", "stack", "mandatory", "medium", "APIGateway.1", "defer"],
        ["lambda-function-in-vpc", "resource", "mandatory", "medium", "Lambda.3", "defer"],
        ["lambda-function-supported-runtime", "resource", "mandatory", "medium", "Lambda.2", "fail"],
        ["lambda-function-tracing-active", "resource", "mandatory", "low", "Lambda.7", "fail"],
        ["cloudwatch-log-group-retention", "resource", "mandatory", "low", "CloudWatch.16", "fail"],
        ["rds-deletion-protection", "resource", "mandatory", "medium", "RDS.8", "fail"],
        ["rds-backup-retention", "resource", "mandatory", "medium", "RDS.11", "fail"],
        ["iam-password-policy-cis", "resource", "mandatory", "medium", "IAM.7,IAM.15,IAM.16", "fail"],
        ["iam-no-admin-statements", "resource", "mandatory", "critical", "IAM.1", "defer"],
        ["iam-no-service-wildcard-actions", "resource", "mandatory", "high", "IAM.21", "defer"],
        ["iam-no-privileged-action-wildcards", "resource", "mandatory", "high", "IAM.1", "defer"],
        ["iam-no-allow-not-action", "resource", "mandatory", "high", "", "defer"],
        ["iam-pass-role-restricted", "resource", "mandatory", "high", "", "defer"],
        ["iam-no-admin-managed-policies", "stack", "mandatory", "critical", "IAM.27", "defer"],
        ["iam-trust-policy-restricted", "resource", "mandatory", "critical", "", "defer"],
        ["iam-no-users-or-access-keys", "resource", "mandatory", "high", "IAM.2", "fail"],
        ["s3-bucket-policy-not-public", "resource", "mandatory", "critical", "S3.2,S3.3", "defer"],
        ["kms-key-policy-not-public", "resource", "mandatory", "critical", "KMS.5", "defer"],
        ["sns-topic-policy-not-public", "resource", "mandatory", "high", "", "defer"],
        ["sqs-queue-policy-not-public", "resource", "mandatory", "high", "", "defer"],
        ["secretsmanager-secret-policy-not-public", "resource", "mandatory", "critical", "", "defer"],
        ["lambda-permission-not-public", "resource", "mandatory", "critical", "Lambda.1", "defer"],
        ["apigateway-rest-api-policy-not-public", "resource", "mandatory", "high", "", "defer"],
        ["s3-public-access-block-settings", "resource", "mandatory", "critical", "S3.1,S3.8", "fail"],
        ["s3-no-acl-grants", "resource", "mandatory", "critical", "S3.12,S3.2,S3.3", "defer"],
        ["s3-bucket-key-own-account", "stack", "mandatory", "high", "", "defer"],
        ["ec2-no-split-internet-ingress", "stack", "mandatory", "critical", "EC2.19,EC2.53,EC2.54,EC2.21", "defer"],
        ["ec2-no-unrestricted-egress", "resource", "mandatory", "medium", "", "defer"],
        ["ec2-default-security-group-no-rules", "stack", "mandatory", "high", "EC2.2", "defer"],
        [
            "cloudtrail-trail-hardened",
            "resource",
            "mandatory",
            "high",
            "CloudTrail.1,CloudTrail.2,CloudTrail.4,CloudTrail.5",
            "defer",
        ],
        ["config-recorder-enabled", "resource", "mandatory", "high", "Config.1", "fail"],
        ["ebs-encryption-by-default", "resource", "mandatory", "high", "EC2.7", "fail"],
        ["cloudwatch-alarm-actions", "resource", "mandatory", "medium", "CloudWatch.15,CloudWatch.17", "defer"],
        ["guardduty-detector-not-suspended", "resource", "mandatory", "high", "GuardDuty.1", "fail"],
        ["securityhub-controls-not-silenced", "resource", "mandatory", "high", "", "fail"],
        ["detection-layer-complete", "stack", "mandatory", "critical", "Config.1,IAM.28,EC2.7,CloudTrail.1", "fail"],
        ["rds-snapshot-not-public", "resource", "mandatory", "critical", "", "fail"],
        ["rds-production-resilience", "resource", "mandatory", "medium", "RDS.5,RDS.10,RDS.13", "fail"],
        ["sqs-queue-encrypted", "resource", "mandatory", "medium", "", "defer"],
        ["guardduty-detector-enabled", "stack", "mandatory", "high", "GuardDuty.1", "defer"],
        ["securityhub-standards-subscribed", "stack", "mandatory", "high", "", "defer"],
        ["cloudtrail-s3-data-events", "resource", "mandatory", "medium", "S3.22,S3.23", "defer"],
        ["sns-topic-has-subscription", "stack", "advisory", "medium", "CloudWatch.1,CloudWatch.2,CloudWatch.4", "defer"],
        ["s3-bucket-cross-region-replication", "stack", "mandatory", "high", "S3.7", "defer"],
        ["backup-vault-lock-compliance", "stack", "mandatory", "high", "", "defer"],
        ["rds-automated-backup-replication", "stack", "mandatory", "high", "", "defer"],
        ["deployment-mode-rehearsal", "stack", "advisory", "high", "", "defer"],
        ["pack-unjudged-resource-types", "stack", "advisory", "low", "", "defer"],
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
        "s3-bucket-encryption-exemption",
    ];
    for (const p of POLICIES.filter((x) => !packWide.includes(x.name)))
        expect([p.name, judgedTypes(p).length > 0]).toEqual([p.name, true]);
    expect(JUDGED_TYPES.has("aws:iam/role:Role")).toBe(true);
    expect(JUDGED_TYPES.has("aws:ec2/routeTableAssociation:RouteTableAssociation")).toBe(false);
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
        expect(Object.keys(p.configSchema?.properties ?? {})).toEqual([...(p.configKeys ?? [])]);
    }
});
