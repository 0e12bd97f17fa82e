/**
 * Who a stack grants to, and what it sends to another account: the principals
 * of every resource and trust policy, and the ARNs or account ids in the inputs
 * that share data, deliver notifications or lend a role or key. "Foreign" is an
 * account outside the stack's own (`accountIds` and the providers'
 * `allowedAccountIds`; the account most of the stack's ARNs name only for the
 * baseline's own projects, `judgedAccounts` in accounts.ts); an organization's
 * accounts are its own when `accountIds` lists them.
 */
import { PolicyResource } from "@pulumi/policy";
import { stackAccounts } from "./accounts";
import { isElbAccessLogGrant } from "./awsOwnedAccounts";
import { efsMountTargetOnly } from "./efs";
import { openByDesign } from "./openByDesign";
import { ifKnown } from "./unknown";
import { S3_BUCKET_POLICY_TYPES } from "./util";
import {
    ACCESS_POINT_KEYS,
    conditionEntries,
    conditionProblem,
    foreignConditionAccounts,
    Identity,
    PINNING_KEYS,
    RawStatement,
    arnAccount,
    hasRealExternalId,
    pinProblem,
    rawLabel,
    rawStatements,
    strings,
} from "./conditions";

/**
 * The condition keys that name who reaches a document of `type`. In an S3 bucket policy, the access points of one
 * account (`s3:DataAccessPointAccount`, or `s3:DataAccessPointArn` with a literal account) name the caller too.
 * The S3 User Guide recommends it ("Configuring IAM policies for using access points": delegate access control from
 * the bucket to the access point, with a bucket policy allowing `*` everything on the bucket under `StringEquals
 * s3:DataAccessPointAccount` of the bucket owner's account), and "For an application or user to be able to access
 * objects through an access point, both the access point and the underlying bucket must permit the request". Every
 * request then goes through an access point of that account, whose own policy this pack judges like any other;
 * naming the stack's own access points
 * names the stack's own access control, as `aws:SourceAccount` names its own callers. The value must still be one
 * of the stack's accounts (or, with none declared, a literal account): another account's is reported by
 * `foreignConditionAccounts` first, and `*` or a negation pins nothing.
 */
export function callerKeys(type: string | undefined): readonly string[] {
    return type !== undefined && S3_BUCKET_POLICY_TYPES.includes(type) ? [...PINNING_KEYS, ...ACCESS_POINT_KEYS] : PINNING_KEYS;
}

/** Resource types whose input holds a resource policy (type -> property). */
export const RESOURCE_POLICY_PROPERTIES: Readonly<Record<string, string>> = {
    "aws:s3/bucketPolicy:BucketPolicy": "policy",
    "aws:s3/bucket:Bucket": "policy",
    "aws:s3/bucketV2:BucketV2": "policy",
    "aws:kms/key:Key": "policy",
    "aws:kms/keyPolicy:KeyPolicy": "policy",
    "aws:kms/replicaKey:ReplicaKey": "policy",
    "aws:kms/externalKey:ExternalKey": "policy",
    "aws:kms/replicaExternalKey:ReplicaExternalKey": "policy",
    "aws:sns/topic:Topic": "policy",
    "aws:sns/topicPolicy:TopicPolicy": "policy",
    "aws:sqs/queue:Queue": "policy",
    "aws:sqs/queuePolicy:QueuePolicy": "policy",
    "aws:secretsmanager/secret:Secret": "policy",
    "aws:secretsmanager/secretPolicy:SecretPolicy": "policy",
    "aws:apigateway/restApi:RestApi": "policy",
    "aws:apigateway/restApiPolicy:RestApiPolicy": "policy",
    "aws:ecr/repositoryPolicy:RepositoryPolicy": "policy",
    "aws:backup/vaultPolicy:VaultPolicy": "policy",
    "aws:efs/fileSystemPolicy:FileSystemPolicy": "policy",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "policy",
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": "policyDocument",
    "aws:opensearch/domainPolicy:DomainPolicy": "accessPolicies",
    // A domain's inline access policy, as the registry's examples write it, and the older Elasticsearch service's.
    "aws:opensearch/domain:Domain": "accessPolicies",
    "aws:elasticsearch/domain:Domain": "accessPolicies",
    "aws:elasticsearch/domainPolicy:DomainPolicy": "accessPolicies",
    "aws:dynamodb/resourcePolicy:ResourcePolicy": "policy",
    "aws:kinesis/resourcePolicy:ResourcePolicy": "policy",
    "aws:glacier/vault:Vault": "accessPolicy",
    "aws:s3/accessPoint:AccessPoint": "policy",
    "aws:s3control/accessPointPolicy:AccessPointPolicy": "policy",
    "aws:s3control/objectLambdaAccessPointPolicy:ObjectLambdaAccessPointPolicy": "policy",
    "aws:s3tables/tableBucketPolicy:TableBucketPolicy": "resourcePolicy",
    "aws:ecr/registryPolicy:RegistryPolicy": "policy",
    "aws:acmpca/policy:Policy": "policy",
    "aws:codeartifact/repositoryPermissionsPolicy:RepositoryPermissionsPolicy": "policyDocument",
    "aws:codeartifact/domainPermissions:DomainPermissions": "policyDocument",
    "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy": "policy",
    "aws:glue/resourcePolicy:ResourcePolicy": "policy",
    "aws:redshift/resourcePolicy:ResourcePolicy": "policy",
    "aws:cloudwatch/logDestinationPolicy:LogDestinationPolicy": "accessPolicy",
    "aws:schemas/registryPolicy:RegistryPolicy": "policy",
};

export const TRUST_POLICY_PROPERTIES: Readonly<Record<string, string>> = { "aws:iam/role:Role": "assumeRolePolicy" };

/**
 * Inputs that name an account or an ARN the resource sends data, notifications
 * or trust to (type -> property paths; `[]` walks an array). Each must stay in the
 * stack's own accounts.
 */
export const OWN_ACCOUNT_REFERENCES: Readonly<Record<string, readonly string[]>> = {
    "aws:cloudwatch/metricAlarm:MetricAlarm": ["alarmActions[]", "okActions[]", "insufficientDataActions[]"],
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": ["alarmActions[]", "okActions[]", "insufficientDataActions[]"],
    "aws:cloudwatch/eventTarget:EventTarget": ["arn", "roleArn"],
    "aws:rds/eventSubscription:EventSubscription": ["snsTopic"],
    "aws:rds/snapshot:Snapshot": ["sharedAccounts[]"],
    "aws:rds/clusterSnapshot:ClusterSnapshot": ["sharedAccounts[]"],
    "aws:ec2/snapshotCreateVolumePermission:SnapshotCreateVolumePermission": ["accountId"],
    "aws:ec2/amiLaunchPermission:AmiLaunchPermission": ["accountId"],
    "aws:backup/plan:Plan": ["rules[].copyActions[].destinationVaultArn"],
    "aws:backup/selection:Selection": ["iamRoleArn"],
    "aws:kms/alias:Alias": ["targetKeyId"],
    "aws:cfg/deliveryChannel:DeliveryChannel": ["s3KmsKeyArn", "snsTopicArn"],
    "aws:apigateway/account:Account": ["cloudwatchRoleArn"],
    "aws:apigateway/integration:Integration": ["uri", "credentials"],
    "aws:lambda/permission:Permission": ["principal", "sourceAccount", "sourceArn"],
    "aws:lambda/function:Function": ["role", "kmsKeyArn"],
    "aws:sns/topicSubscription:TopicSubscription": ["endpoint", "topic"],
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": ["role", "rules[].destination.account"],
    "aws:cloudtrail/trail:Trail": ["kmsKeyId", "cloudWatchLogsRoleArn", "cloudWatchLogsGroupArn"],
    "aws:ec2/flowLog:FlowLog": ["iamRoleArn", "logDestination"],
    "aws:rds/instance:Instance": ["kmsKeyId", "monitoringRoleArn"],
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication": ["kmsKeyId"],
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter": ["destinationArn", "roleArn"],
    "aws:ram/principalAssociation:PrincipalAssociation": ["principal"],
    "aws:kms/grant:Grant": ["granteePrincipal", "retiringPrincipal"],
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": ["peerOwnerId"],
    "aws:cfg/remediationConfiguration:RemediationConfiguration": ["parameters[].staticValue"],
    "aws:apigateway/stage:Stage": ["accessLogSettings.destinationArn"],
};

/** The values at `path` (`a.b[].c`) of `props` (reading one unknown at preview throws: the policy defers). */
export function valuesAt(props: Record<string, unknown>, path: string): unknown[] {
    let current: unknown[] = [props];
    for (const part of path.split(".")) {
        const many = part.endsWith("[]");
        const key = many ? part.slice(0, -2) : part;
        const next: unknown[] = [];
        for (const c of current) {
            if (typeof c !== "object" || c === null) continue;
            const v = (c as Record<string, unknown>)[key];
            if (v === undefined || v === null) continue;
            if (many) {
                if (Array.isArray(v)) for (let i = 0; i < v.length; i++) next.push(v[i]);
            } else next.push(v);
        }
        current = next;
    }
    return current.filter((v) => v !== undefined);
}

const ARN_ACCOUNTS = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g;

/**
 * Accounts a value names: a bare 12-digit id, or the accounts of the ARNs it
 * contains; `*` for an ARN whose account is a wildcard (it names every account).
 */
export function accountsIn(value: unknown): string[] {
    if (typeof value !== "string") return [];
    if (/^\d{12}$/.test(value)) return [value];
    const out = [...value.matchAll(ARN_ACCOUNTS)].map((m) => m[1]);
    if (/^arn:[^:]+:[^:]+:[^:]*:[*?]/.test(value)) out.push("*");
    return out;
}

/** The stack's identity: its accounts and, when configured, its organizations. */
export function stackIdentity(
    resources: readonly PolicyResource[],
    accountIds: readonly string[],
    organizationIds: readonly string[],
): Identity {
    return { accounts: stackAccounts(resources, accountIds), orgIds: new Set(organizationIds) };
}

interface PrincipalEntry {
    readonly kind: string;
    readonly value: string;
}

function principalEntries(p: unknown): PrincipalEntry[] {
    if (p === "*") return [{ kind: "AWS", value: "*" }];
    if (typeof p !== "object" || p === null) return [];
    return Object.entries(p as Record<string, unknown>).flatMap(([kind, v]) => strings(v).map((value) => ({ kind, value })));
}

/** The account an AWS principal belongs to (`123456789012`, its root or a role ARN); undefined for `*`. */
function principalAccount(value: string): string | undefined {
    if (/^\d{12}$/.test(value)) return value;
    const a = arnAccount(value);
    return a && /^\d{12}$/.test(a) ? a : undefined;
}

/**
 * What is wrong with one Allow statement of a resource or trust policy: `*`
 * whose conditions pin no one of the stack's own, a principal of another
 * account (in a trust policy: without a literal sts:ExternalId), or a condition
 * value that names another account.
 */
function glob(pattern: string): RegExp {
    return new RegExp(
        `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replace(/\*/g, ".*")
            .replace(/\?/g, ".")}$`,
        "i",
    );
}

/**
 * True when a Deny to `*` in the same document takes `allow` back from every
 * caller that is not pinned: it covers the allowed actions and resources, and
 * every condition it carries is a negated one (`StringNotEquals aws:SourceVpce`, ...)
 * whose values would pin the caller (conditions are ANDed: one more condition that a
 * stranger's request does not meet leaves the Deny off for it). A private API's policy
 * is written this way.
 */
export function deniedUnlessPinnedRaw(allow: RawStatement, statements: readonly RawStatement[], id: Identity): boolean {
    const allowed = strings(allow.Action);
    const allowedResources = strings(allow.Resource);
    if (allowed.length === 0 || allowedResources.length === 0) return false;
    return statements.some((d) => {
        if (d.Effect !== "Deny" || !principalEntries(d.Principal).some((p) => p.value === "*")) return false;
        const denied = strings(d.Action).map(glob);
        const deniedResources = strings(d.Resource).map(glob);
        if (!allowed.every((a) => denied.some((re) => re.test(a)))) return false;
        if (!allowedResources.every((r) => deniedResources.some((re) => re.test(r)))) return false;
        const entries = conditionEntries(d);
        return (
            entries.length > 0 &&
            entries.every((c) => {
                const op = c.operator.toLowerCase();
                if (op.endsWith("ifexists") || op.startsWith("forallvalues:") || op.startsWith("foranyvalue:")) return false;
                const positive = op.replace(/not(?=equals|like)/, "");
                if (positive === op || !PINNING_KEYS.includes(c.key)) return false;
                return conditionProblem({ ...c, operator: positive }, id) === undefined;
            })
        );
    });
}

/** Where a document sits: the type of the resource that holds it, the Region it is in and its inputs. */
export interface DocumentPlace {
    readonly type: string;
    readonly region?: string;
    /** The holder's inputs, for a statement open by its design (openByDesign.ts). */
    readonly props?: Record<string, unknown>;
}

export function statementFindings(
    s: RawStatement,
    index: number,
    id: Identity,
    trust: boolean,
    all: readonly RawStatement[] = [s],
    at?: DocumentPlace,
): string[] {
    if (s.Effect !== "Allow") return [];
    const label = rawLabel(s, index);
    const out: string[] = [];
    const strangers = foreignConditionAccounts(s, id);
    if (strangers.length > 0) {
        out.push(`${label} has a condition that admits another account (${strangers.join(", ")}).`);
        return out;
    }
    if (s.NotPrincipal !== undefined) out.push(`${label} allows everyone except its NotPrincipal.`);
    for (const p of principalEntries(s.Principal)) {
        if (p.kind !== "AWS") continue;
        if (p.value === "*" || /^arn:[^:]+:iam::\*:/.test(p.value)) {
            if (efsMountTargetOnly(at?.type, s)) continue;
            const problem = pinProblem(s, id, callerKeys(at?.type));
            if (problem !== undefined && !deniedUnlessPinnedRaw(s, all, id) && !openByDesign(at?.type, at?.props, s))
                out.push(`${label} allows '${p.value}', and ${problem}.`);
            continue;
        }
        const account = principalAccount(p.value);
        if (account === undefined || id.accounts.size === 0 || id.accounts.has(account)) continue;
        // An AWS-owned account where AWS documents it: the Region's ELB account writing access logs to a bucket.
        if (!trust && s.NotAction === undefined && at && isElbAccessLogGrant(p.value, strings(s.Action), at.type, at.region))
            continue;
        if (!trust) out.push(`${label} grants ${p.value}, of another account (${account}).`);
        else if (!hasRealExternalId(s))
            out.push(`${label} trusts ${p.value}, of another account (${account}), without a literal sts:ExternalId.`);
    }
    return out;
}

/** Findings for every statement of `doc`; one finding when the document is not a policy. */
export function documentFindings(doc: unknown, id: Identity, trust: boolean, at?: DocumentPlace): string[] {
    const statements = rawStatements(doc);
    if (statements === undefined) return ["is not a policy document; the pack cannot judge it."];
    return statements.flatMap((s, i) => statementFindings(s, i, id, trust, statements, at));
}

/** The Region a resource is created in: its own `region` argument (pulumi-aws v7), else its provider's; undefined when unknown. */
export function resourceRegion(r: PolicyResource): string | undefined {
    const region = ifKnown(() => r.props["region"] ?? r.provider?.props?.["region"]);
    return typeof region === "string" ? region : undefined;
}
