/**
 * End to end, per category of change the pack must stop: the real production
 * plan of all 13 stacks (planned as `npm run plan` does) is written to plan
 * files, one careless or hostile edit is made to them, and `npm run analyze`
 * (the `analyze` entry point, on the folder) must exit 1 with exactly the
 * expected mandatory findings, each on the resource that was edited or added.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanFile, PlanStep } from "@baseline/lib";
import { analyze } from "../src/analyze";
import { sharedPlanAll } from "./support/sharedPlan";
import { BASELINE_CONFIG_FILE } from "@baseline/policy-pack/src/profiles";

let plans: PlanFile[];

beforeAll(async () => {
    plans = await sharedPlanAll();
}, 120000);

type Plan = { -readonly [K in keyof PlanFile]: PlanFile[K] } & { steps: PlanStep[] };
const clone = (): Plan[] => JSON.parse(JSON.stringify(plans)) as Plan[];
const stackOf = (all: Plan[], layer: string, region: string): Plan => {
    const p = all.find((x) => x.layer === layer && x.region === region);
    if (!p) throw new Error(`no plan for ${layer} in ${region}`);
    return p;
};
const inputsOf = (plan: Plan, name: string): Record<string, unknown> => {
    // The AWS resource, not a component of the same name (`baseline:data:Database::postgres`).
    const s = plan.steps.find((x) => x.urn.endsWith(`::${name}`) && x.newState.type.startsWith("aws:"));
    if (!s) throw new Error(`no resource ${name} in ${plan.project}/${plan.stack}`);
    return s.newState.inputs as Record<string, unknown>;
};
const addResource = (plan: Plan, type: string, name: string, inputs: Record<string, unknown>): void => {
    const urn = `urn:pulumi:${plan.stack}::${plan.project}::${type}::${name}`;
    plan.steps.push({
        op: "create",
        urn,
        newState: { urn, type, custom: true, inputs: { tags: { Environment: "Production" }, ...inputs } },
    });
};
const policyOf = (plan: Plan, name: string) => JSON.parse(String(inputsOf(plan, name)["policy"])) as { Statement: unknown[] };

/** Writes the plans to a folder, runs `analyze` on it, returns `[policy, stack, resource]` of every mandatory finding. */
function analyzeEdited(edited: Plan[]): { code: number; mandatory: string[]; advisory: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-intent-"));
    try {
        for (const p of edited) fs.writeFileSync(path.join(dir, `${p.project}.${p.stack}.json`), JSON.stringify(p));
        // The baseline's own stacks, under its conformance configuration.
        const { code, report, output } = analyze(["--policy-pack-config", BASELINE_CONFIG_FILE, dir]);
        if (!report) throw new Error(output);
        const fmt = (v: (typeof report.violations)[number]) =>
            `${v.policyName} @ ${v.stack} ${v.urn ? v.urn.slice(v.urn.lastIndexOf("::") + 2) : "(stack)"}`;
        return {
            code,
            mandatory: report.violations
                .filter((v) => v.enforcementLevel === "mandatory")
                .map(fmt)
                .sort(),
            advisory: report.violations.filter((v) => v.enforcementLevel === "advisory").map(fmt),
        };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const IAM = "baseline-global-iam/production";

test("the unedited plan passes analyze (only advisory notices)", () => {
    const r = analyzeEdited(clone());
    expect(r.code).toBe(0);
    expect(r.mandatory).toEqual([]);
});

test("IAM: wildcards, NotAction, PassRole, an open trust policy, an admin attachment and an IAM user are blocked", () => {
    const all = clone();
    const iam = stackOf(all, "global-iam", "us-east-1");
    const lambda = policyOf(iam, "service-api-lambda-policy");
    lambda.Statement.push(
        { Sid: "Sloppy", Effect: "Allow", Action: "s3:*", Resource: "*" },
        { Sid: "Escalate", Effect: "Allow", Action: "iam:*RolePolicy", Resource: "*" },
        { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
        { Sid: "Inverse", Effect: "Allow", NotAction: "iam:*", Resource: "arn:aws:s3:::x" },
    );
    inputsOf(iam, "service-api-lambda-policy")["policy"] = JSON.stringify(lambda);
    inputsOf(iam, "service-vpc-flow-logs")["assumeRolePolicy"] = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
    });
    addResource(iam, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "flow-logs-admin", {
        role: "baseline-vpc-flow-logs",
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    addResource(iam, "aws:iam/user:User", "ci-user", { name: "ci" });
    const r = analyzeEdited(all);
    expect(r.code).toBe(1);
    expect(r.mandatory).toEqual(
        [
            `iam-no-admin-managed-policies @ ${IAM} flow-logs-admin`,
            `iam-no-allow-not-action @ ${IAM} service-api-lambda-policy`,
            `iam-no-privileged-action-wildcards @ ${IAM} service-api-lambda-policy`,
            `iam-no-service-wildcard-actions @ ${IAM} service-api-lambda-policy`,
            `iam-no-users-or-access-keys @ ${IAM} ci-user`,
            `iam-pass-role-restricted @ ${IAM} service-api-lambda-policy`,
            `iam-trust-policy-restricted @ ${IAM} service-vpc-flow-logs`,
            // The same changes judged by meaning: '*' trusted with no condition naming the account, and
            // s3:* (every bucket's objects), iam:*RolePolicy and iam:PassRole on '*'.
            `aws-no-foreign-principals @ ${IAM} service-vpc-flow-logs`,
            `iam-no-escalation-actions @ ${IAM} service-api-lambda-policy`,
            `iam-no-escalation-actions @ ${IAM} service-api-lambda-policy`,
            `iam-no-escalation-actions @ ${IAM} service-api-lambda-policy`,
        ].sort(),
    );
});

test("resource policies: public bucket, topic, key and Lambda policies and an API policy for another endpoint are blocked", () => {
    const all = clone();
    const data = stackOf(all, "data", "us-east-1");
    const bucket = policyOf(data, "data-policy");
    bucket.Statement.push({ Sid: "Public", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" });
    inputsOf(data, "data-policy")["policy"] = JSON.stringify(bucket);
    const security = stackOf(all, "security", "us-west-2");
    const topic = policyOf(security, "alarms-policy");
    topic.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sns:Subscribe", Resource: "*" });
    inputsOf(security, "alarms-policy")["policy"] = JSON.stringify(topic);
    addResource(security, "aws:kms/keyPolicy:KeyPolicy", "leaky-key-policy", {
        keyId: "k-1",
        policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }] }),
    });
    const api = stackOf(all, "api", "eu-central-1");
    const permission = api.steps.find((s) => s.newState.type === "aws:lambda/permission:Permission")!;
    delete (permission.newState.inputs as Record<string, unknown>)["sourceArn"];
    const apiPolicy = api.steps.find((s) => s.newState.type === "aws:apigateway/restApiPolicy:RestApiPolicy")!;
    const inputs = apiPolicy.newState.inputs as Record<string, unknown>;
    const endpoint = String(stackOf(all, "network", "eu-central-1").outputs["executeApiEndpointId"]);
    inputs["policy"] = String(inputs["policy"]).split(endpoint).join("vpce-0fffffffffffffff0");
    const r = analyzeEdited(all);
    expect(r.code).toBe(1);
    const permissionName = permission.urn.slice(permission.urn.lastIndexOf("::") + 2);
    const apiName = api.steps
        .find((s) => s.newState.type === "aws:apigateway/restApi:RestApi")!
        .urn.split("::")
        .pop();
    expect(r.mandatory).toEqual(
        [
            "s3-bucket-policy-not-public @ baseline-data/production-us-east-1 data-policy",
            "sns-topic-policy-not-public @ baseline-security/production-us-west-2 alarms-policy",
            "kms-key-policy-not-public @ baseline-security/production-us-west-2 leaky-key-policy",
            `lambda-permission-not-public @ baseline-api/production-eu-central-1 ${permissionName}`,
            `apigateway-rest-api-private @ baseline-api/production-eu-central-1 ${apiName}`,
            "aws-no-foreign-principals @ baseline-data/production-us-east-1 data-policy",
            "aws-no-foreign-principals @ baseline-security/production-us-west-2 alarms-policy",
            "aws-no-foreign-principals @ baseline-security/production-us-west-2 leaky-key-policy",
        ].sort(),
    );
});

test("S3: a weakened account block, a block for a foreign bucket, ACLs, a foreign key and a TLS statement for another bucket are blocked", () => {
    const all = clone();
    const iam = stackOf(all, "global-iam", "us-east-1");
    inputsOf(iam, "account-s3-public-access-block")["blockPublicPolicy"] = false;
    const data = stackOf(all, "data", "us-west-2");
    addResource(data, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "foreign-pab", {
        bucket: "another-teams-bucket",
        blockPublicAcls: false,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    });
    const ownership = data.steps.find((s) => s.newState.type === "aws:s3/bucketOwnershipControls:BucketOwnershipControls")!;
    (ownership.newState.inputs as Record<string, unknown>)["rule"] = { objectOwnership: "ObjectWriter" };
    const sse = data.steps.find(
        (s) =>
            s.newState.type === "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration" &&
            String(s.newState.inputs["bucket"]).startsWith("baseline-data-"),
    )!;
    (sse.newState.inputs as Record<string, unknown>)["rules"] = [
        {
            applyServerSideEncryptionByDefault: {
                sseAlgorithm: "aws:kms",
                kmsMasterKeyId: "arn:aws:kms:us-west-2:999999999999:key/evil",
            },
        },
    ];
    const tls = stackOf(all, "data", "eu-central-1");
    const policy = String(inputsOf(tls, "data-policy")["policy"]);
    const dataBucket = String(tls.outputs["dataBucketName"]);
    inputsOf(tls, "data-policy")["policy"] = policy.split(dataBucket).join("some-other-bucket");
    const r = analyzeEdited(all);
    expect(r.code).toBe(1);
    const ownershipName = ownership.urn.split("::").pop();
    const sseName = sse.urn.split("::").pop();
    expect(r.mandatory).toEqual(
        [
            `s3-public-access-block-settings @ ${IAM} account-s3-public-access-block`,
            "s3-public-access-block-settings @ baseline-data/production-us-west-2 foreign-pab",
            `s3-no-acl-grants @ baseline-data/production-us-west-2 ${ownershipName}`,
            `s3-bucket-key-own-account @ baseline-data/production-us-west-2 ${sseName}`,
            "s3-bucket-ssl-requests-only @ baseline-data/production-eu-central-1 data",
        ].sort(),
    );
});

test("network: split CIDRs to SSH, an open NACL entry, egress everywhere and a rule on the default group are blocked", () => {
    const all = clone();
    const net = stackOf(all, "network", "us-east-1");
    const app = net.steps.find((s) => s.urn.endsWith("::sg-app"))!;
    const appId = String(app.newState.outputs?.["id"] ?? app.newState.id);
    // Two rules of 128 /8 blocks each: none broader than /8 (which alone would be the resource policy's finding).
    for (const [name, from] of [
        ["ssh-low", 0],
        ["ssh-high", 128],
    ] as const)
        addResource(net, "aws:ec2/securityGroupRule:SecurityGroupRule", name, {
            securityGroupId: appId,
            type: "ingress",
            protocol: "tcp",
            fromPort: 22,
            toPort: 22,
            cidrBlocks: Array.from({ length: 128 }, (_, i) => `${from + i}.0.0.0/8`),
        });
    addResource(net, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule", "anything-out", {
        securityGroupId: appId,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
    });
    addResource(net, "aws:ec2/networkAclRule:NetworkAclRule", "rdp-in", {
        networkAclId: "acl-1",
        ruleNumber: 50,
        egress: false,
        protocol: "tcp",
        ruleAction: "allow",
        fromPort: 3389,
        toPort: 3389,
        cidrBlock: "0.0.0.0/0",
    });
    const vpc = net.steps.find((s) => s.newState.type === "aws:ec2/vpc:Vpc")!;
    const defaultSg = String(vpc.newState.outputs?.["defaultSecurityGroupId"]);
    expect(defaultSg).toMatch(/^sg-/);
    addResource(net, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "into-default", {
        securityGroupId: defaultSg,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: "10.10.0.0/16",
    });
    const r = analyzeEdited(all);
    expect(r.code).toBe(1);
    const N = "baseline-network/production-us-east-1";
    expect(r.mandatory.filter((m) => !m.startsWith("ec2-no-split-internet-ingress"))).toEqual(
        [
            `ec2-no-public-admin-db-ingress @ ${N} rdp-in`,
            `ec2-no-unrestricted-egress @ ${N} anything-out`,
            `ec2-default-security-group-no-rules @ ${N} into-default`,
        ].sort(),
    );
    expect(r.mandatory.filter((m) => m.startsWith("ec2-no-split-internet-ingress"))).toHaveLength(1);
    expect(r.mandatory.find((m) => m.startsWith("ec2-no-split-internet-ingress"))).toMatch(
        new RegExp(`^ec2-no-split-internet-ingress @ ${N} `),
    );
});

test("detection: a deleted trail and analyzer, a stopped recorder, a single-region trail, silent alarms and disabled EBS encryption are blocked", () => {
    const all = clone();
    const home = stackOf(all, "security", "us-east-1");
    // The management trail (the S3 data events have a trail of their own).
    const trail = home.steps.find(
        (s) => s.newState.type === "aws:cloudtrail/trail:Trail" && s.urn.endsWith("::cloudtrail-trail"),
    )!;
    (trail.newState.inputs as Record<string, unknown>)["isMultiRegionTrail"] = false;
    const west = stackOf(all, "security", "us-west-2");
    inputsOf(west, "config-status")["isEnabled"] = false;
    const ebs = west.steps.find((s) => s.newState.type === "aws:ebs/encryptionByDefault:EncryptionByDefault")!;
    (ebs.newState.inputs as Record<string, unknown>)["enabled"] = false;
    const eu = stackOf(all, "security", "eu-central-1");
    eu.steps = eu.steps.filter((s) => s.newState.type !== "aws:accessanalyzer/analyzer:Analyzer");
    const data = stackOf(all, "data", "us-east-1");
    // Inputs and outputs: the alarm policy judges the stack, whose resources show the new state (outputs
    // overlaid with inputs), as a preview of this edit would.
    const silent = data.steps.find((s) => s.urn.endsWith("::postgres-alarms-cpu-high"))!;
    delete (silent.newState.inputs as Record<string, unknown>)["alarmActions"];
    delete (silent.newState.outputs as Record<string, unknown> | undefined)?.["alarmActions"];
    // A layer that is not the detection layer may leave the trail out: no finding for it.
    const api = stackOf(all, "api", "us-east-1");
    expect(api.steps.some((s) => s.newState.type === "aws:cloudtrail/trail:Trail")).toBe(false);
    const r = analyzeEdited(all);
    expect(r.code).toBe(1);
    const S = "baseline-security/production";
    expect(r.mandatory).toEqual(
        [
            `cloudtrail-trail-hardened @ ${S}-us-east-1 ${trail.urn.split("::").pop()}`,
            `detection-layer-complete @ ${S}-us-east-1 (stack)`,
            `config-recorder-enabled @ ${S}-us-west-2 config-status`,
            // One finding per missing or disabled detection resource of the stack.
            `detection-layer-complete @ ${S}-us-west-2 (stack)`,
            `detection-layer-complete @ ${S}-us-west-2 (stack)`,
            `ebs-encryption-by-default @ ${S}-us-west-2 ${ebs.urn.split("::").pop()}`,
            `detection-layer-complete @ ${S}-eu-central-1 (stack)`,
            "cloudwatch-alarm-actions @ baseline-data/production-us-east-1 postgres-alarms-cpu-high",
        ].sort(),
    );
});

test("data: an RDS cluster without encryption, a public snapshot, a single-AZ production database and an unencrypted queue are blocked", () => {
    const all = clone();
    const data = stackOf(all, "data", "us-west-2");
    inputsOf(data, "postgres")["multiAz"] = false;
    addResource(data, "aws:rds/cluster:Cluster", "side-aurora", {
        engine: "aurora-postgresql",
        storageEncrypted: false,
        deletionProtection: true,
        backupRetentionPeriod: 14,
        iamDatabaseAuthenticationEnabled: true,
    });
    addResource(data, "aws:rds/snapshot:Snapshot", "share-all", {
        dbInstanceIdentifier: "baseline-postgres",
        dbSnapshotIdentifier: "share-all",
        sharedAccounts: ["all"],
    });
    const api = stackOf(all, "api", "us-west-2");
    const dlq = inputsOf(api, "backend-dlq");
    delete dlq["kmsMasterKeyId"];
    dlq["sqsManagedSseEnabled"] = false;
    const r = analyzeEdited(all);
    expect(r.code).toBe(1);
    const D = "baseline-data/production-us-west-2";
    expect(r.mandatory).toEqual(
        [
            `rds-production-resilience @ ${D} postgres`,
            `rds-storage-encrypted-cmk @ ${D} side-aurora`,
            // A database the program does not protect.
            `baseline-data-protected @ ${D} side-aurora`,
            `rds-snapshot-not-public @ ${D} share-all`,
            "sqs-queue-encrypted @ baseline-api/production-us-west-2 backend-dlq",
        ].sort(),
    );
});

test("what the pack cannot judge: a new resource type is reported (advisory), once per type and stack", () => {
    const all = clone();
    const net = stackOf(all, "network", "us-west-2");
    addResource(net, "aws:ec2/keyPair:KeyPair", "bastion-1", { publicKey: "ssh-ed25519 AAAA1" });
    addResource(net, "aws:ec2/keyPair:KeyPair", "bastion-2", { publicKey: "ssh-ed25519 AAAA2" });
    const r = analyzeEdited(all);
    expect(r.code).toBe(0);
    expect(r.advisory.filter((a) => a.includes("bastion"))).toEqual([
        "pack-unjudged-resource-types @ baseline-network/production-us-west-2 bastion-1",
    ]);
});
