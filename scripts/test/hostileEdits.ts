/**
 * Hostile or careless edits of the baseline's own production plan, one per
 * case, spread over what a change that slips past a policy pack looks like:
 * conditions that look restrictive but admit anyone, grants to another account,
 * escalation-capable IAM actions named one by one, edits of resource types the
 * pack used to leave unjudged, fields a policy read from the wrong place, and
 * secrets in plain inputs. Each edit returns the stack it changed; the pack
 * must report at least one mandatory violation there. The organization class
 * edits an organization's own guardrails stack (policy-pack/fixtures/org-guardrails,
 * judged under config/organization.json, which declares its required attachments):
 * SCPs and RCPs that lock out what must keep working, and policies detached.
 */
import type { PlanFile, PlanStep } from "@baseline/lib";

export type Plan = { -readonly [K in keyof PlanFile]: PlanFile[K] } & { steps: PlanStep[] };

export type EditClass = "conditions" | "foreign" | "escalation" | "unjudged" | "fields" | "secrets" | "organization";

export interface HostileEdit {
    readonly title: string;
    readonly cls: EditClass;
    /** Changes `all` in place; returns `project/stack` of the stack the pack must stop. */
    readonly edit: (all: Plan[]) => string;
}

export const OWN = "123456789012";
const FOREIGN = "999999999999";

export function stackOf(all: Plan[], layer: string, region = "us-east-1"): Plan {
    const p = all.find((x) => x.layer === layer && x.region === region);
    if (!p) throw new Error(`no plan for ${layer} in ${region}`);
    return p;
}

/** The organization guardrails fixture's layer (its project name). */
export const ORG_FIXTURE = "org-guardrails";

export function stepOf(plan: Plan, name: string): PlanStep {
    const s = plan.steps.find((x) => x.urn.endsWith(`::${name}`) && x.newState.type.startsWith("aws:"));
    if (!s) throw new Error(`no resource ${name} in ${plan.project}/${plan.stack}`);
    return s;
}

export function inputsOf(plan: Plan, name: string): Record<string, unknown> {
    return stepOf(plan, name).newState.inputs as Record<string, unknown>;
}

const idOf = (plan: Plan, name: string): string => {
    const s = stepOf(plan, name);
    return String(s.newState.outputs?.["id"] ?? s.newState.id);
};

function addResource(plan: Plan, type: string, name: string, inputs: Record<string, unknown>): void {
    const urn = `urn:pulumi:${plan.stack}::${plan.project}::${type}::${name}`;
    plan.steps.push({
        op: "create",
        urn,
        newState: { urn, type, custom: true, inputs: { tags: { Environment: "Production" }, ...inputs } },
    });
}

function removeResource(plan: Plan, name: string): void {
    const s = stepOf(plan, name);
    plan.steps = plan.steps.filter((x) => x !== s);
}

const where = (p: Plan): string => `${p.project}/${p.stack}`;

type Doc = { Statement: Record<string, unknown>[] };

/** Parses `inputs[key]`, lets `change` edit it, writes it back. */
function editDoc(plan: Plan, name: string, key: string, change: (d: Doc) => void): string {
    const inputs = inputsOf(plan, name);
    const doc = JSON.parse(String(inputs[key])) as Doc;
    change(doc);
    inputs[key] = JSON.stringify(doc);
    return where(plan);
}

const addStatement =
    (layer: string, name: string, key: string, statement: Record<string, unknown>, region = "us-east-1") =>
    (all: Plan[]): string =>
        editDoc(stackOf(all, layer, region), name, key, (d) => d.Statement.push(statement));

/** A statement added to the API Lambda's execution-role policy. */
const lambdaGrant = (Action: string | string[], Resource: string | string[] = "*") =>
    addStatement("global-iam", "service-api-lambda-policy", "policy", { Sid: "Added", Effect: "Allow", Action, Resource });

const DATA_BUCKET = `arn:aws:s3:::baseline-data-${OWN}-us-east-1`;

const set =
    (layer: string, name: string, patch: Record<string, unknown>, region = "us-east-1") =>
    (all: Plan[]): string => {
        const p = stackOf(all, layer, region);
        Object.assign(inputsOf(p, name), patch);
        return where(p);
    };

export const HOSTILE_EDITS: readonly HostileEdit[] = [
    // 1. Conditions that look restrictive but admit anyone
    {
        title: "bucket policy: Principal * pinned by aws:PrincipalArn arn:aws:iam::*:role/*",
        cls: "conditions",
        edit: addStatement("data", "data-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
        }),
    },
    {
        title: "bucket policy: Principal * pinned by aws:userid AROA*",
        cls: "conditions",
        edit: addStatement("data", "data-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
            Condition: { StringLike: { "aws:userid": "AROA*" } },
        }),
    },
    {
        title: "key policy: Principal * pinned by kms:CallerAccount of another account",
        cls: "conditions",
        edit: addStatement("security", "keys-data", "policy", {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey"],
            Resource: "*",
            Condition: { StringEquals: { "kms:CallerAccount": FOREIGN } },
        }),
    },
    {
        title: "key policy: Principal * pinned by kms:CallerAccount 1234* (StringLike)",
        cls: "conditions",
        edit: addStatement("security", "keys-logs", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringLike: { "kms:CallerAccount": "1234*" } },
        }),
    },
    {
        title: "topic policy: Principal * pinned by aws:SourceAccount of another account",
        cls: "conditions",
        edit: addStatement("security", "alarms-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "sns:Publish",
            Resource: `arn:aws:sns:us-east-1:${OWN}:baseline-alarms`,
            Condition: { StringEquals: { "aws:SourceAccount": FOREIGN } },
        }),
    },
    {
        title: "trust policy: AWS * pinned by aws:PrincipalArn arn:aws:iam::*:role/*",
        cls: "conditions",
        edit: addStatement("global-iam", "service-api-lambda", "assumeRolePolicy", {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sts:AssumeRole",
            Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/*" } },
        }),
    },
    {
        title: "trust policy: another account with sts:ExternalId *",
        cls: "conditions",
        edit: addStatement("global-iam", "service-baseline-config-remediation", "assumeRolePolicy", {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
            Action: "sts:AssumeRole",
            Condition: { StringLike: { "sts:ExternalId": "*" } },
        }),
    },
    {
        title: "API policy: the endpoint pin made ForAllValues (a request without the key passes)",
        cls: "conditions",
        edit: (all) => {
            const p = stackOf(all, "api");
            return editDoc(p, "api-policy", "policy", (d) => {
                for (const s of d.Statement) {
                    const c = s["Condition"] as Record<string, Record<string, unknown>>;
                    if (c["StringEquals"]) c["ForAllValues:StringEquals"] = c["StringEquals"];
                    delete c["StringEquals"];
                    if (c["StringNotEquals"]) c["ForAnyValue:StringNotEquals"] = c["StringNotEquals"];
                    delete c["StringNotEquals"];
                }
            });
        },
    },
    {
        title: "bucket policy: Principal * pinned by aws:SourceArn arn:aws:*:*:*:*",
        cls: "conditions",
        edit: addStatement("data", "data-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `${DATA_BUCKET}/*`,
            Condition: { ArnLike: { "aws:SourceArn": "arn:aws:*:*:*:*" } },
        }),
    },
    {
        title: "bucket policy: Principal * pinned only by Null aws:SourceVpce false (any endpoint)",
        cls: "conditions",
        edit: addStatement("data", "data-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
            Condition: { Null: { "aws:SourceVpce": "false" } },
        }),
    },
    {
        title: "topic policy: Principal * pinned by aws:SourceArn of another account's rule",
        cls: "conditions",
        edit: addStatement("security", "alarms-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "sns:Publish",
            Resource: `arn:aws:sns:us-east-1:${OWN}:baseline-alarms`,
            Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:us-east-1:${FOREIGN}:rule/x` } },
        }),
    },
    {
        title: "key policy: Principal * pinned by aws:PrincipalAccount StringLike *",
        cls: "conditions",
        edit: addStatement("security", "keys-database", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "kms:Decrypt",
            Resource: "*",
            Condition: { StringLike: { "aws:PrincipalAccount": ["12345678901?", "*"] } },
        }),
    },
    // 2. Grants to another account
    {
        title: "bucket policy: another account may read the data bucket",
        cls: "foreign",
        edit: addStatement("data", "data-policy", "policy", {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
        }),
    },
    {
        title: "key policy: another account may decrypt",
        cls: "foreign",
        edit: addStatement("security", "keys-data", "policy", {
            Effect: "Allow",
            Principal: { AWS: FOREIGN },
            Action: "kms:Decrypt",
            Resource: "*",
        }),
    },
    {
        title: "topic policy: another account may subscribe",
        cls: "foreign",
        edit: addStatement("security", "alarms-policy", "policy", {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FOREIGN}:role/reader` },
            Action: "sns:Subscribe",
            Resource: `arn:aws:sns:us-east-1:${OWN}:baseline-alarms`,
        }),
    },
    {
        title: "trust policy: another account trusted with only an MFA condition",
        cls: "foreign",
        edit: addStatement("global-iam", "service-api-lambda", "assumeRolePolicy", {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
            Action: "sts:AssumeRole",
            Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        }),
    },
    {
        title: "RDS snapshot shared with another account",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "data");
            addResource(p, "aws:rds/snapshot:Snapshot", "postgres-manual", {
                dbInstanceIdentifier: "baseline-postgres",
                dbSnapshotIdentifier: "baseline-postgres-manual",
                sharedAccounts: [FOREIGN],
            });
            return where(p);
        },
    },
    {
        title: "alarm sent to another account's topic",
        cls: "foreign",
        edit: set("security", "cloudtrail-root-account-usage-alarm", {
            alarmActions: [`arn:aws:sns:us-east-1:${FOREIGN}:collector`],
        }),
    },
    {
        title: "EventBridge findings target in another account",
        cls: "foreign",
        edit: set("security", "findings-securityhub-findings-to-alarm-topic", {
            arn: `arn:aws:sns:us-east-1:${FOREIGN}:collector`,
        }),
    },
    {
        title: "Lambda permission for another account",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "api");
            addResource(p, "aws:lambda/permission:Permission", "partner-invoke", {
                action: "lambda:InvokeFunction",
                function: "baseline-api-backend",
                principal: FOREIGN,
            });
            return where(p);
        },
    },
    {
        title: "RDS event subscription to another account's topic",
        cls: "foreign",
        edit: set("security", "rds-events-db-instance", { snsTopic: `arn:aws:sns:us-east-1:${FOREIGN}:collector` }),
    },
    {
        title: "backup copies to another account's vault",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "data");
            const rules = inputsOf(p, "backup-daily")["rules"] as Record<string, unknown>[];
            rules[0]["copyActions"] = [
                { destinationVaultArn: `arn:aws:backup:us-east-1:${FOREIGN}:backup-vault:x`, lifecycle: { deleteAfter: 35 } },
            ];
            return where(p);
        },
    },
    {
        title: "KMS alias pointed at another account's key",
        cls: "foreign",
        edit: set("security", "keys-data-alias", { targetKeyId: `arn:aws:kms:us-east-1:${FOREIGN}:key/abcd` }),
    },
    {
        title: "API policy: another account may invoke",
        cls: "foreign",
        edit: addStatement("api", "api-policy", "policy", {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
            Action: "execute-api:Invoke",
            Resource: "*",
        }),
    },
    {
        title: "Config delivers to another account's key",
        cls: "foreign",
        edit: set("security", "config-delivery", { s3KmsKeyArn: `arn:aws:kms:us-east-1:${FOREIGN}:key/abcd` }),
    },
    {
        title: "secret policy for another account",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "data");
            addResource(p, "aws:secretsmanager/secretPolicy:SecretPolicy", "db-secret-policy", {
                secretArn: `arn:aws:secretsmanager:us-east-1:${OWN}:secret:db`,
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
                            Action: "secretsmanager:GetSecretValue",
                            Resource: "*",
                        },
                    ],
                }),
            });
            return where(p);
        },
    },
    // 3. Escalation-capable actions named one by one, and broad resources spelled without a bare *
    { title: "iam:CreatePolicyVersion on *", cls: "escalation", edit: lambdaGrant("iam:CreatePolicyVersion") },
    { title: "iam:SetDefaultPolicyVersion on *", cls: "escalation", edit: lambdaGrant("iam:SetDefaultPolicyVersion") },
    {
        title: "iam:AttachRolePolicy on every role of the account",
        cls: "escalation",
        edit: lambdaGrant("iam:AttachRolePolicy", `arn:aws:iam::${OWN}:role/*`),
    },
    { title: "iam:PutUserPolicy on *", cls: "escalation", edit: lambdaGrant("iam:PutUserPolicy") },
    { title: "iam:UpdateAssumeRolePolicy on *", cls: "escalation", edit: lambdaGrant("iam:UpdateAssumeRolePolicy") },
    { title: "sts:AssumeRole on *", cls: "escalation", edit: lambdaGrant("sts:AssumeRole") },
    { title: "kms:Decrypt on any key", cls: "escalation", edit: lambdaGrant("kms:Decrypt", "arn:aws:kms:*:*:key/*") },
    {
        title: "iam:PassRole on role* with lambda:CreateFunction",
        cls: "escalation",
        edit: lambdaGrant(["iam:PassRole", "lambda:CreateFunction"], `arn:aws:iam::${OWN}:role*`),
    },
    { title: "s3:GetObject on arn:aws:s3:::*/*", cls: "escalation", edit: lambdaGrant("s3:GetObject", "arn:aws:s3:::*/*") },
    { title: "iam:CreateAccessKey on *", cls: "escalation", edit: lambdaGrant("iam:CreateAccessKey") },
    {
        title: "iam:CreateLoginProfile and UpdateLoginProfile on users",
        cls: "escalation",
        edit: lambdaGrant(["iam:CreateLoginProfile", "iam:UpdateLoginProfile"], `arn:aws:iam::${OWN}:user/*`),
    },
    { title: "iam:AddUserToGroup on *", cls: "escalation", edit: lambdaGrant("iam:AddUserToGroup") },
    {
        title: "lambda:UpdateFunctionCode on every function",
        cls: "escalation",
        edit: lambdaGrant("lambda:UpdateFunctionCode", `arn:aws:lambda:*:${OWN}:function:*`),
    },
    {
        title: "secretsmanager:GetSecretValue on every secret",
        cls: "escalation",
        edit: lambdaGrant("secretsmanager:GetSecretValue", "arn:aws:secretsmanager:*:*:secret:*"),
    },
    {
        title: "iam:CreatePolicyVersion in a data-layer role policy",
        cls: "escalation",
        edit: addStatement("data", "backup-role-policy", "policy", {
            Effect: "Allow",
            Action: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"],
            Resource: `arn:aws:iam::${OWN}:policy/*`,
        }),
    },
    // 4. Resource types the pack used to leave unjudged
    {
        title: "data bucket versioning suspended",
        cls: "unjudged",
        edit: set("data", "data-versioning", { versioningConfiguration: { status: "Suspended" } }),
    },
    {
        title: "trail bucket versioning suspended",
        cls: "unjudged",
        edit: set("security", "cloudtrail-bucket-versioning", { versioningConfiguration: { status: "Suspended" } }),
    },
    {
        title: "trail bucket lifecycle expires audit records after 30 days",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security");
            const rules = inputsOf(p, "cloudtrail-bucket-lifecycle")["rules"] as Record<string, unknown>[];
            rules[0]["expiration"] = { days: 30 };
            return where(p);
        },
    },
    {
        title: "access-log lifecycle expires logs after 7 days",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data", "us-west-2");
            const rules = inputsOf(p, "access-logs-lifecycle")["rules"] as Record<string, unknown>[];
            rules[0]["expiration"] = { days: 7 };
            return where(p);
        },
    },
    {
        title: "trail bucket Object Lock in GOVERNANCE mode",
        cls: "unjudged",
        edit: set("security", "cloudtrail-bucket-object-lock", {
            rule: { defaultRetention: { days: 365, mode: "GOVERNANCE" } },
        }),
    },
    {
        title: "trail bucket Object Lock retention 1 day",
        cls: "unjudged",
        edit: set("security", "cloudtrail-bucket-object-lock", {
            rule: { defaultRetention: { days: 1, mode: "COMPLIANCE" } },
        }),
    },
    {
        title: "a Config rule removed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security", "us-west-2");
            removeResource(p, "rules-vpc-flow-logs-enabled");
            return where(p);
        },
    },
    {
        title: "a Config rule's source swapped for another rule",
        cls: "unjudged",
        edit: set("security", "rules-rds-storage-encrypted", {
            source: { owner: "AWS", sourceIdentifier: "S3_BUCKET_VERSIONING_ENABLED" },
        }),
    },
    {
        title: "automatic remediation switched off",
        cls: "unjudged",
        edit: set("security", "rules-s3-bucket-ssl-requests-only-remediation", { automatic: false }),
    },
    {
        title: "findings rule disabled",
        cls: "unjudged",
        edit: set("security", "findings-securityhub-findings", { state: "DISABLED" }),
    },
    {
        title: "failed backup and copy jobs no longer sent anywhere",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data", "us-west-2");
            removeResource(p, "backup-jobs-to-alarm-topic");
            return where(p);
        },
    },
    {
        title: "failed replication no longer alarmed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data", "eu-central-1");
            removeResource(p, "data-replication-failed");
            return where(p);
        },
    },
    {
        title: "replicas falling behind no longer alarmed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "recovery", "us-west-2");
            removeResource(p, "replication-latency-us-east-1");
            return where(p);
        },
    },
    {
        title: "Security Hub findings target removed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security", "eu-central-1");
            removeResource(p, "findings-securityhub-findings-to-alarm-topic");
            return where(p);
        },
    },
    {
        title: "RDS event subscription disabled",
        cls: "unjudged",
        edit: set("security", "rds-events-db-instance", { enabled: false }),
    },
    {
        title: "private route table routed to the internet gateway",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network");
            addResource(p, "aws:ec2/route:Route", "private-to-igw", {
                routeTableId: idOf(p, "network-private-rt-us-east-1b"),
                destinationCidrBlock: "0.0.0.0/0",
                gatewayId: idOf(p, "network-igw"),
            });
            return where(p);
        },
    },
    {
        title: "isolated subnet associated with the public route table",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network");
            inputsOf(p, "network-isolated-rta-us-east-1b")["routeTableId"] = idOf(p, "network-public-rt");
            return where(p);
        },
    },
    {
        title: "isolated route table given a route to a NAT gateway",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network", "us-west-2");
            // natGateways is none by default: a NAT gateway made outside the program.
            addResource(p, "aws:ec2/route:Route", "isolated-to-nat", {
                routeTableId: idOf(p, "network-isolated-rt"),
                destinationCidrBlock: "0.0.0.0/0",
                natGatewayId: "nat-0123456789abcdef0",
            });
            return where(p);
        },
    },
    {
        title: "S3 gateway endpoint policy opened to everything",
        cls: "unjudged",
        edit: set("network", "endpoints-s3", {
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
            }),
        }),
    },
    {
        title: "S3 endpoint policy for another account's buckets",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network");
            return editDoc(p, "endpoints-s3", "policy", (d) => {
                for (const s of d.Statement) s["Condition"] = { StringEquals: { "aws:ResourceAccount": FOREIGN } };
            });
        },
    },
    {
        title: "metric filter no longer feeds its alarm",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security");
            const t = inputsOf(p, "cloudtrail-root-account-usage")["metricTransformation"] as Record<string, unknown>;
            t["namespace"] = "Elsewhere";
            return where(p);
        },
    },
    {
        title: "database parameter group stops forcing TLS",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data");
            const params = inputsOf(p, "postgres-params")["parameters"] as Record<string, unknown>[];
            params[0]["value"] = "0";
            return where(p);
        },
    },
    {
        title: "API integration calls another account's function",
        cls: "unjudged",
        edit: set("api", "api-integration-get-db", {
            uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${FOREIGN}:function:x/invocations`,
        }),
    },
    {
        title: "API deployment creates its own unmanaged stage",
        cls: "unjudged",
        edit: set("api", "api-deployment", { stageName: "prod" }),
    },
    {
        title: "API account logs through another account's role",
        cls: "unjudged",
        edit: set("api", "api-account", { cloudwatchRoleArn: `arn:aws:iam::${FOREIGN}:role/logs` }),
    },
    {
        title: "Config aggregator reduced to one region",
        cls: "unjudged",
        edit: set("security", "config-aggregator", {
            accountAggregationSource: { accountIds: [OWN], regions: ["us-east-1"] },
        }),
    },
    {
        title: "Security Hub aggregator no longer links a region",
        cls: "unjudged",
        edit: set("security", "securityhub-aggregator", { specifiedRegions: ["us-west-2"] }),
    },
    {
        title: "Config delivery channel without its key",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security");
            delete inputsOf(p, "config-delivery")["s3KmsKeyArn"];
            return where(p);
        },
    },
    {
        title: "backup plan keeps recovery points 1 day",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data");
            const rules = inputsOf(p, "backup-daily")["rules"] as Record<string, unknown>[];
            rules[0]["lifecycle"] = { deleteAfter: 1 };
            return where(p);
        },
    },
    {
        title: "backup selection through another account's role",
        cls: "unjudged",
        edit: set("data", "backup-daily-selection", { iamRoleArn: `arn:aws:iam::${FOREIGN}:role/backup` }),
    },
    {
        title: "elastic IP attached to an instance",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network");
            addResource(p, "aws:ec2/eip:Eip", "stray-ip", { domain: "vpc", instance: "i-0123456789abcdef0" });
            return where(p);
        },
    },
    {
        title: "database subnet group reduced to one subnet",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data");
            const i = inputsOf(p, "postgres-subnets");
            i["subnetIds"] = (i["subnetIds"] as string[]).slice(0, 1);
            return where(p);
        },
    },
    // 5. Fields read from the right place
    {
        title: "trail: S3 data events selector dropped from the data-events trail's advancedEventSelectors",
        cls: "fields",
        edit: (all) => {
            const p = stackOf(all, "security");
            const i = inputsOf(p, "cloudtrail-data-events-trail");
            i["advancedEventSelectors"] = [
                { name: "Management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            ];
            return where(p);
        },
    },
    {
        title: "trail: S3 data events selector narrowed to Lambda",
        cls: "fields",
        edit: (all) => {
            const p = stackOf(all, "security");
            const sel = (inputsOf(p, "cloudtrail-data-events-trail")["advancedEventSelectors"] as Record<string, unknown>[])[0];
            const fs = sel["fieldSelectors"] as Record<string, unknown>[];
            fs[1] = { field: "resources.type", equals: ["AWS::Lambda::Function"] };
            return where(p);
        },
    },
    {
        title: "trail: management events read-only",
        cls: "fields",
        edit: (all) => {
            const p = stackOf(all, "security");
            const sel = (inputsOf(p, "cloudtrail-trail")["advancedEventSelectors"] as Record<string, unknown>[])[0];
            (sel["fieldSelectors"] as Record<string, unknown>[]).push({ field: "readOnly", equals: ["true"] });
            return where(p);
        },
    },
    {
        title: "GuardDuty detector: S3 protection off through datasources",
        cls: "fields",
        edit: set("security", "guardduty-detector", { datasources: { s3Logs: { enable: false } } }),
    },
    {
        title: "GuardDuty detector: malware protection off through datasources",
        cls: "fields",
        edit: set(
            "security",
            "guardduty-detector",
            { datasources: { malwareProtection: { scanEc2InstanceWithFindings: { ebsVolumes: { enable: false } } } } },
            "us-west-2",
        ),
    },
    // 6. Secrets in plain inputs
    {
        title: "database with a literal password instead of the managed one",
        cls: "secrets",
        edit: set("data", "postgres", { manageMasterUserPassword: false, password: "Sup3rS3cretPassw0rd" }),
    },
    {
        title: "AWS access key in a Lambda's environment",
        cls: "secrets",
        edit: set("api", "backend-function", {
            environment: {
                variables: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", SECRET: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
            },
        }),
    },
    {
        title: "database password in a Lambda's environment",
        cls: "secrets",
        edit: set(
            "api",
            "backend-function",
            { environment: { variables: { DB_PASSWORD: "correct-horse-battery-staple" } } },
            "eu-central-1",
        ),
    },
    {
        title: "secret in a plain String SSM parameter",
        cls: "secrets",
        edit: (all) => {
            const p = stackOf(all, "data");
            addResource(p, "aws:ssm/parameter:Parameter", "db-password", {
                name: "/app/db/password",
                type: "String",
                value: "Sup3rS3cretPassw0rd",
            });
            return where(p);
        },
    },
    {
        title: "access key in EC2 user data",
        cls: "secrets",
        edit: (all) => {
            const p = stackOf(all, "network");
            addResource(p, "aws:ec2/instance:Instance", "bastion", {
                ami: "ami-0123456789abcdef0",
                instanceType: "t3.micro",
                subnetId: idOf(p, "network-private-us-east-1b"),
                userData:
                    "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            });
            return where(p);
        },
    },
    // More of the same classes, spelled differently
    {
        title: "service trust pinned to another account's source",
        cls: "conditions",
        edit: (all) => {
            const p = stackOf(all, "data");
            return editDoc(p, "data-replication-role", "assumeRolePolicy", (d) => {
                d.Statement[0]["Condition"] = { StringEquals: { "aws:SourceAccount": FOREIGN } };
            });
        },
    },
    {
        title: "alarm publishing allowed from another account's alarms",
        cls: "conditions",
        edit: (all) => {
            const p = stackOf(all, "security", "us-west-2");
            return editDoc(p, "alarms-policy", "policy", (d) => {
                d.Statement[0]["Condition"] = { ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:us-west-2:${FOREIGN}:alarm:*` } };
            });
        },
    },
    {
        title: "trust to another account with its account id as external id",
        cls: "conditions",
        edit: addStatement("global-iam", "service-rds-monitoring", "assumeRolePolicy", {
            Effect: "Allow",
            Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "sts:ExternalId": FOREIGN } },
        }),
    },
    {
        title: "key use statement's caller account changed to another account",
        cls: "conditions",
        edit: (all) => {
            const p = stackOf(all, "security", "eu-central-1");
            return editDoc(p, "keys-data", "policy", (d) => {
                const c = d.Statement[1]["Condition"] as Record<string, Record<string, unknown>>;
                c["StringEquals"]["kms:CallerAccount"] = FOREIGN;
            });
        },
    },
    {
        title: "bucket policy: Principal * pinned by aws:PrincipalOrgID o-*",
        cls: "conditions",
        edit: addStatement("data", "data-policy", "policy", {
            Effect: "Allow",
            Principal: "*",
            Action: "s3:GetObject",
            Resource: `${DATA_BUCKET}/*`,
            Condition: { StringLike: { "aws:PrincipalOrgID": "o-*" } },
        }),
    },
    {
        title: "Lambda permission for any principal from any account's APIs",
        cls: "conditions",
        edit: (all) => {
            const p = stackOf(all, "api");
            addResource(p, "aws:lambda/permission:Permission", "any-api", {
                action: "lambda:InvokeFunction",
                function: "baseline-api-backend",
                principal: "*",
                sourceArn: "arn:aws:execute-api:*:*:*",
            });
            return where(p);
        },
    },
    {
        title: "iam:PassRole with ec2:RunInstances on *",
        cls: "escalation",
        edit: lambdaGrant(["iam:PassRole", "ec2:RunInstances"]),
    },
    {
        title: "ssm:SendCommand on every instance",
        cls: "escalation",
        edit: lambdaGrant("ssm:SendCommand", `arn:aws:ec2:*:${OWN}:instance/*`),
    },
    { title: "s3:PutBucketPolicy on every bucket", cls: "escalation", edit: lambdaGrant("s3:PutBucketPolicy", "arn:aws:s3:::*") },
    { title: "kms:CreateGrant on *", cls: "escalation", edit: lambdaGrant("kms:CreateGrant") },
    {
        title: "iam:DeleteRolePermissionsBoundary on *",
        cls: "escalation",
        edit: lambdaGrant("iam:DeleteRolePermissionsBoundary"),
    },
    {
        title: "private table routes half the internet to the internet gateway",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network", "eu-central-1");
            const rt = p.steps.find((s) => /network-private-rt-/.test(s.urn))!;
            addResource(p, "aws:ec2/route:Route", "half-internet", {
                routeTableId: String(rt.newState.outputs?.["id"] ?? rt.newState.id),
                destinationCidrBlock: "0.0.0.0/1",
                gatewayId: idOf(p, "network-igw"),
            });
            return where(p);
        },
    },
    {
        title: "isolated table routed to a transit gateway",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network");
            addResource(p, "aws:ec2/route:Route", "isolated-to-tgw", {
                routeTableId: idOf(p, "network-isolated-rt"),
                destinationCidrBlock: "0.0.0.0/0",
                transitGatewayId: "tgw-0123456789abcdef0",
            });
            return where(p);
        },
    },
    {
        title: "a remediation removed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security");
            removeResource(p, "rules-vpc-flow-logs-enabled-remediation");
            return where(p);
        },
    },
    {
        title: "data bucket versioning resource removed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data", "eu-central-1");
            removeResource(p, "data-versioning");
            return where(p);
        },
    },
    {
        title: "audit bucket lifecycle resource removed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security");
            removeResource(p, "cloudtrail-bucket-lifecycle");
            return where(p);
        },
    },
    {
        title: "an RDS event subscription removed",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "security", "us-west-2");
            removeResource(p, "rds-events-db-security-group");
            return where(p);
        },
    },
    {
        title: "data bucket no longer protected",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data");
            (stepOf(p, "data").newState as { protect?: boolean }).protect = false;
            return where(p);
        },
    },
    { title: "trail bucket forceDestroy", cls: "unjudged", edit: set("security", "cloudtrail-bucket", { forceDestroy: true }) },
    {
        title: "database deletes its automated backups",
        cls: "unjudged",
        edit: set("data", "postgres", { deleteAutomatedBackups: true }),
    },
    {
        title: "trail: S3 data events of writes only",
        cls: "fields",
        edit: (all) => {
            const p = stackOf(all, "security");
            const sel = (inputsOf(p, "cloudtrail-data-events-trail")["advancedEventSelectors"] as Record<string, unknown>[])[0];
            (sel["fieldSelectors"] as Record<string, unknown>[]).push({ field: "readOnly", equals: ["false"] });
            return where(p);
        },
    },
    {
        title: "Config recorder records only buckets",
        cls: "fields",
        edit: set("security", "config-recorder", {
            recordingGroup: { allSupported: false, includeGlobalResourceTypes: false, resourceTypes: ["AWS::S3::Bucket"] },
        }),
    },
    {
        title: "flow log records only accepted traffic",
        cls: "fields",
        edit: (all) => {
            const p = stackOf(all, "network");
            inputsOf(p, "flow-logs")["trafficType"] = "ACCEPT";
            return where(p);
        },
    },
    {
        title: "log subscription to another account's destination",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "security");
            addResource(p, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter", "ship-trail", {
                logGroup: "/baseline/cloudtrail",
                filterPattern: "",
                destinationArn: `arn:aws:logs:us-east-1:${FOREIGN}:destination:collector`,
            });
            return where(p);
        },
    },
    {
        title: "replication to another account",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "data");
            const rules = inputsOf(p, "data-replication")["rules"] as Record<string, Record<string, unknown>>[];
            rules[0]["destination"] = { ...rules[0]["destination"], bucket: "arn:aws:s3:::collector", account: FOREIGN };
            return where(p);
        },
    },
    {
        title: "resource share with another account",
        cls: "foreign",
        edit: (all) => {
            const p = stackOf(all, "network");
            addResource(p, "aws:ram/principalAssociation:PrincipalAssociation", "share-subnets", {
                principal: FOREIGN,
                resourceShareArn: `arn:aws:ram:us-east-1:${OWN}:resource-share/abc`,
            });
            return where(p);
        },
    },
    {
        title: "alarm OK actions to another account's topic",
        cls: "foreign",
        edit: set("data", "postgres-alarms-cpu-high", { okActions: [`arn:aws:sns:us-east-1:${FOREIGN}:collector`] }),
    },
    {
        title: "database stops logging connections",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "data", "us-west-2");
            const params = inputsOf(p, "postgres-params")["parameters"] as Record<string, unknown>[];
            inputsOf(p, "postgres-params")["parameters"] = params.filter((x) => x["name"] !== "log_connections");
            return where(p);
        },
    },
    {
        title: "S3 endpoint policy to every bucket without a condition",
        cls: "unjudged",
        edit: (all) => {
            const p = stackOf(all, "network", "us-west-2");
            return editDoc(p, "endpoints-s3", "policy", (d) => {
                d.Statement = [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::*/*" }];
            });
        },
    },
    {
        title: "findings rule pointed at another source",
        cls: "unjudged",
        edit: set("security", "findings-securityhub-findings", {
            eventPattern: JSON.stringify({ source: ["aws.health"], "detail-type": ["AWS Health Event"] }),
        }),
    },
    {
        title: "token in a Lambda's environment",
        cls: "secrets",
        edit: set(
            "api",
            "backend-function",
            {
                environment: { variables: { GITHUB_TOKEN: "ghp_abcdefghijklmnopqrstuvwxyz0123456789" } },
            },
            "us-west-2",
        ),
    },
    {
        title: "access key in an ECS task definition",
        cls: "secrets",
        edit: (all) => {
            const p = stackOf(all, "api");
            addResource(p, "aws:ecs/taskDefinition:TaskDefinition", "worker", {
                family: "worker",
                containerDefinitions: JSON.stringify([
                    {
                        name: "w",
                        image: "busybox",
                        environment: [{ name: "AWS_SECRET_ACCESS_KEY", value: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" }],
                    },
                ]),
            });
            return where(p);
        },
    },
    {
        title: "access key in a launch template's base64 user data",
        cls: "secrets",
        edit: (all) => {
            const p = stackOf(all, "network");
            addResource(p, "aws:ec2/launchTemplate:LaunchTemplate", "workers", {
                imageId: "ami-0123456789abcdef0",
                userData: Buffer.from("#!/bin/sh\naws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\n").toString("base64"),
            });
            return where(p);
        },
    },
    // 7. An organization's own guardrails that lock out what must keep working
    {
        title: "SCP: region deny without STS and Organizations in its NotAction",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "guardrails", "content", (d) => {
                const s = d.Statement.find((x) => x["Sid"] === "DenyOutsideRegions")!;
                s["NotAction"] = (s["NotAction"] as string[]).filter((a) => a !== "sts:*" && a !== "organizations:*");
            }),
    },
    {
        title: "SCP: region deny rewritten as Action * (no global service exempt)",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "guardrails", "content", (d) => {
                const s = d.Statement.find((x) => x["Sid"] === "DenyOutsideRegions")!;
                delete s["NotAction"];
                s["Action"] = "*";
            }),
    },
    {
        title: "SCP: the detection deny loses the deploy role's exemption",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "guardrails", "content", (d) => {
                delete d.Statement.find((x) => x["Sid"] === "KeepDetection")!["Condition"];
            }),
    },
    {
        title: "SCP: the deploy role exempt in one account only",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "guardrails", "content", (d) => {
                d.Statement.find((x) => x["Sid"] === "KeepDetection")!["Condition"] = {
                    ArnNotLike: { "aws:PrincipalArn": `arn:aws:iam::${OWN}:role/baseline-deploy` },
                };
            }),
    },
    {
        title: "SCP: a new deny of every IAM change exempting an administrator role, not the deploy role",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "guardrails", "content", (d) =>
                d.Statement.push({
                    Sid: "ProtectRoles",
                    Effect: "Deny",
                    Action: ["iam:*Role*"],
                    Resource: "arn:aws:iam::*:role/baseline-*",
                    Condition: { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/admin" } },
                }),
            ),
    },
    {
        title: "RCP: the data perimeter's service-principal exemption removed",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "perimeter", "content", (d) => {
                const c = d.Statement[0]["Condition"] as Record<string, unknown>;
                delete c["BoolIfExists"];
            }),
    },
    {
        title: "RCP: the service-principal exemption flipped to true",
        cls: "organization",
        edit: (all) =>
            editDoc(stackOf(all, ORG_FIXTURE), "perimeter", "content", (d) => {
                const c = d.Statement[0]["Condition"] as Record<string, unknown>;
                c["BoolIfExists"] = { "aws:PrincipalIsAWSService": "true" };
            }),
    },
    {
        title: "the Workloads OU's SCP attachment removed",
        cls: "organization",
        edit: (all) => {
            const p = stackOf(all, ORG_FIXTURE);
            removeResource(p, "guardrails-workloads");
            return where(p);
        },
    },
    {
        title: "the RCP attachment moved from the Workloads OU to the Security OU",
        cls: "organization",
        edit: (all) => {
            const p = stackOf(all, ORG_FIXTURE);
            const s = stepOf(p, "perimeter-workloads");
            const workloads = stepOf(p, "workloads").urn;
            const security = stepOf(p, "security");
            (s.newState.inputs as Record<string, unknown>)["targetId"] = idOf(p, "security");
            (s.newState as { dependencies?: string[] }).dependencies = (s.newState.dependencies ?? []).map((u) =>
                u === workloads ? security.urn : u,
            );
            return where(p);
        },
    },
];
