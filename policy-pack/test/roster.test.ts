/** Pins the pack's exact policies, levels, severities and controls: changing one is a reviewed decision. */
import { POLICIES } from "../src/pack";

it("has exactly these policies, with these enforcement levels, severities and controls", () => {
    expect(POLICIES.map((p) => [p.name, p.kind, p.enforcementLevel, p.severity, p.controls.join(",")])).toEqual([
        ["aws-required-tags", "resource", "mandatory", "medium", ""],
        ["aws-allowed-regions", "resource", "mandatory", "high", ""],
        ["s3-bucket-sse-kms-cmk", "stack", "mandatory", "high", "S3.17"],
        ["s3-bucket-encryption-exemption", "stack", "advisory", "low", "S3.17"],
        ["rds-storage-encrypted-cmk", "resource", "mandatory", "high", "RDS.3"],
        ["cloudwatch-log-group-cmk", "resource", "mandatory", "medium", ""],
        ["sns-topic-cmk", "resource", "mandatory", "medium", "SNS.1"],
        ["secretsmanager-secret-cmk", "resource", "mandatory", "medium", ""],
        ["kms-key-rotation", "resource", "mandatory", "medium", "KMS.4"],
        ["s3-bucket-public-access-block", "stack", "mandatory", "critical", "S3.8"],
        ["s3-bucket-ssl-requests-only", "stack", "mandatory", "high", "S3.5"],
        ["rds-not-publicly-accessible", "resource", "mandatory", "critical", "RDS.2"],
        ["ec2-no-public-admin-db-ingress", "resource", "mandatory", "critical", "EC2.53,EC2.54,EC2.19"],
        ["ec2-default-security-group-closed", "resource", "mandatory", "high", "EC2.2"],
        ["ec2-subnet-no-auto-public-ip", "resource", "mandatory", "medium", "EC2.15"],
        ["ec2-vpc-flow-logs", "stack", "mandatory", "medium", "EC2.6"],
        ["apigateway-rest-api-private", "stack", "mandatory", "high", ""],
        ["apigateway-stage-access-logging", "resource", "mandatory", "medium", ""],
        ["apigateway-stage-xray-tracing", "resource", "mandatory", "low", "APIGateway.3"],
        ["apigateway-execution-logging", "stack", "mandatory", "medium", "APIGateway.1"],
        ["lambda-function-in-vpc", "resource", "mandatory", "medium", "Lambda.3"],
        ["lambda-function-supported-runtime", "resource", "mandatory", "medium", "Lambda.2"],
        ["lambda-function-tracing-active", "resource", "mandatory", "low", "Lambda.7"],
        ["cloudwatch-log-group-retention", "resource", "mandatory", "low", "CloudWatch.16"],
        ["rds-deletion-protection", "resource", "mandatory", "medium", "RDS.8"],
        ["rds-backup-retention", "resource", "mandatory", "medium", "RDS.11"],
        ["iam-password-policy-cis", "resource", "mandatory", "medium", "IAM.7,IAM.15,IAM.16"],
        ["iam-no-admin-statements", "resource", "mandatory", "critical", "IAM.1"],
        ["guardduty-detector-enabled", "stack", "mandatory", "high", "GuardDuty.1"],
        ["securityhub-standards-subscribed", "stack", "mandatory", "high", ""],
        ["cloudtrail-s3-data-events", "resource", "mandatory", "medium", "S3.22,S3.23"],
        ["sns-topic-has-subscription", "stack", "advisory", "medium", "CloudWatch.1,CloudWatch.2,CloudWatch.4"],
        ["s3-bucket-cross-region-replication", "stack", "mandatory", "high", "S3.7"],
        ["backup-vault-lock-compliance", "stack", "mandatory", "high", ""],
        ["rds-automated-backup-replication", "stack", "mandatory", "high", ""],
    ]);
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
