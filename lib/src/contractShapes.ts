/**
 * What each contract value must look like. A consumer hands upstream values to
 * AWS (a key ARN into a bucket's encryption, a role ARN into a flow log, a
 * subnet id into a Lambda's VPC config); a value of the wrong kind, say
 * `"not-an-arn"` or a security group id where a subnet id belongs, would flow
 * into downstream policies and fail late in AWS, or worse, grant on the wrong
 * thing. `resolveUpstream` checks every value here before anything is
 * registered and names the upstream stack and key.
 *
 * ARN formats: "arn:partition:service:region:account-id:resource-type/resource-id"
 * (AWS IAM User Guide, "IAM identifiers"); IAM and S3 bucket ARNs carry no
 * region (IAM also no account for S3).
 */
import { parseCidr } from "./cidr";
import { LayerContracts } from "./contracts";
import { LayerName } from "./layers";

/** The context a value is judged in: the consumer's region, for regional upstreams. */
export interface ShapeContext {
    /** The region the upstream's regional resources must be in. */
    readonly region: string;
    /**
     * Whether the consumer's account runs the workload layers; false for an organization's own
     * accounts (management, log-archive, security-tooling), whose global-iam creates no workload role.
     * Unset: it does.
     */
    readonly workloads?: boolean;
    /** Organization mode: no account keeps a trail of its own, so global-iam exports no trail logs role. */
    readonly organization?: boolean;
}

/** Returns what is expected when `value` is wrong, or undefined when it is right. */
type Check = (value: unknown, ctx: ShapeContext) => string | undefined;

export interface ShapeProblem {
    readonly key: string;
    readonly value: unknown;
    readonly expected: string;
}

const ACCOUNT = /^\d{12}$/;

const text =
    (re: RegExp, what: string): Check =>
    (v) =>
        typeof v === "string" && re.test(v) ? undefined : what;

/**
 * An ARN of `service` whose resource part matches `resource`; `regional` ARNs
 * must be in the consumer's region, global ones (IAM, S3) have an empty region.
 */
const arn =
    (
        service: string,
        resource: RegExp,
        what: string,
        opts: { regional: boolean; account?: boolean } = { regional: true },
    ): Check =>
    (v, ctx) => {
        const region = opts.regional ? ctx.region : "";
        const account = opts.account === false ? "" : "<12-digit account>";
        const expected = `an ARN of ${what}: arn:aws:${service}:${region}:${account}:...`;
        if (typeof v !== "string") return expected;
        const parts = v.split(":");
        if (parts.length < 6 || parts[0] !== "arn" || parts[1] !== "aws" || parts[2] !== service) return expected;
        if (parts[3] !== region) return `${expected} (region ${JSON.stringify(parts[3])} is not ${region || "empty"})`;
        if (opts.account === false ? parts[4] !== "" : !ACCOUNT.test(parts[4])) return expected;
        return resource.test(parts.slice(5).join(":")) ? undefined : expected;
    };

const region: Check = (v, ctx) => (v === ctx.region ? undefined : `the region ${ctx.region}`);
const anyRegion = text(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region name");
const name = text(/^[\w.:/=+@-]{1,256}$/, "a name (1 to 256 letters, digits or _.:/=+-@)");
const id = (prefix: string, what: string): Check => text(new RegExp(`^${prefix}-[0-9a-z]{8,17}$`), `${what} id (${prefix}-...)`);
const list =
    (item: Check, what: string): Check =>
    (v, ctx) =>
        Array.isArray(v) && v.length > 0 && v.every((x) => item(x, ctx) === undefined)
            ? undefined
            : `a non-empty list of ${what}`;

const ROLE = arn("iam", /^role\/[\w+=,.@/-]+$/, "an IAM role", { regional: false });
const KMS_KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KEY_ARN = arn("kms", /^key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})$/, "a KMS key");
const KEY_ID = text(KMS_KEY_ID, "a KMS key id (a UUID or mrk-...)");
const BUCKET_NAME = text(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name");
const BUCKET_ARN = arn("s3", /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket", { regional: false, account: false });

/** Empty (the upstream chose not to create it, e.g. no human roles without trustedPrincipals) or `check`. */
const orEmpty =
    (check: Check): Check =>
    (v, ctx) =>
        v === "" ? undefined : check(v, ctx) && `${check(v, ctx)}, or empty`;
/** An ARN of `service` in any region of this partition (a cross-region resource: the partner's copy). */
const arnAnyRegion = (service: string, resource: string, what: string): Check =>
    text(
        new RegExp(`^arn:aws:${service}:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:${resource}$`),
        `an ARN of ${what}: arn:aws:${service}:<region>:<12-digit account>:...`,
    );
/** `check`, or also empty where the consumer's context says the upstream creates no such thing. */
const orEmptyWhere =
    (absent: (ctx: ShapeContext) => boolean, check: Check): Check =>
    (v, ctx) =>
        (absent(ctx) ? orEmpty(check) : check)(v, ctx);
/** A role only the workload layers use: required where they run, empty in an account without workloads. */
const WORKLOAD_ROLE = orEmptyWhere((ctx) => ctx.workloads === false, ROLE);
/** The account trail's logs role: required for a single account, empty in organization mode. */
const TRAIL_ROLE = orEmptyWhere((ctx) => ctx.organization === true, ROLE);
const ORGANIZATION_ID = text(/^o-[a-z0-9]{10,32}$/, "an organization id (o-...)");
/**
 * A map of `item`s: with `keys`, exactly those keys; without, any non-empty set of names (account
 * names, policy names).
 */
const record =
    (keys: readonly string[] | undefined, item: Check): Check =>
    (v, ctx) => {
        const what = keys ? `a map with exactly ${keys.join(", ")}` : "a non-empty map of names";
        if (typeof v !== "object" || v === null || Array.isArray(v)) return what;
        const entries = Object.entries(v as Record<string, unknown>);
        if (entries.length === 0) return what;
        if (keys && (entries.length !== keys.length || !keys.every((k) => k in (v as object)))) return what;
        const bad = entries.find(([, x]) => item(x, ctx) !== undefined);
        return bad ? `${what}; ${bad[0]}: ${item(bad[1], ctx)}` : undefined;
    };
const VAULT_NAME = text(/^[A-Za-z0-9_.-]{2,50}$/, "an AWS Backup vault name (2 to 50 letters, digits, -, _ or .)");
const DAYS = (v: unknown) =>
    Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 36500 ? undefined : "a whole number of days";

/** One check per contract key; the mapped type makes the compiler demand every key. */
export const CONTRACT_SHAPES: { readonly [L in LayerName]: { readonly [K in keyof LayerContracts[L]]: Check } } = {
    organization: {
        organizationId: ORGANIZATION_ID,
        // Organizations ARNs carry no region: arn:aws:organizations::<management account>:organization/o-...
        organizationArn: arn("organizations", /^organization\/o-[a-z0-9]{10,32}$/, "an organization", { regional: false }),
        rootId: text(/^r-[0-9a-z]{4,32}$/, "an organization root id (r-...)"),
        ouIds: record(
            ["security", "workloads"],
            text(/^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/, "an organizational unit id (ou-...)"),
        ),
        accountIds: record(undefined, text(ACCOUNT, "a 12-digit AWS account id")),
        guardrailPolicyIds: record(undefined, text(/^p-[0-9a-zA-Z_]{8,128}$/, "an Organizations policy id (p-...)")),
    },
    "log-archive": {
        trailBucketName: BUCKET_NAME,
        trailBucketArn: BUCKET_ARN,
        // The trail key lives in the home region, whichever region reads it.
        trailKeyArn: arnAnyRegion("kms", "key/(mrk-[0-9a-f]{32}|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})", "a KMS key"),
    },
    "security-tooling": {
        region,
        delegatedAdminAccountId: text(ACCOUNT, "a 12-digit AWS account id"),
        organizationTrailArn: orEmpty(arnAnyRegion("cloudtrail", "trail/[\\w.-]{3,128}", "a CloudTrail trail")),
        findingAggregatorArn: orEmpty(
            arnAnyRegion("securityhub", "finding-aggregator/[\\w-]+", "a Security Hub finding aggregator"),
        ),
    },
    "global-iam": {
        accountId: text(ACCOUNT, "a 12-digit AWS account id"),
        homeRegion: anyRegion,
        flowLogsRoleArn: ROLE,
        configRemediationRoleArn: ROLE,
        configServiceLinkedRoleArn: ROLE,
        cloudTrailLogsRoleArn: TRAIL_ROLE,
        rdsMonitoringRoleArn: WORKLOAD_ROLE,
        apiGatewayCloudWatchRoleArn: WORKLOAD_ROLE,
        apiLambdaRoleArn: WORKLOAD_ROLE,
        adminRoleArn: orEmpty(ROLE),
        auditorRoleArn: orEmpty(ROLE),
    },
    security: {
        region,
        dataKeyArn: KEY_ARN,
        dataKeyId: KEY_ID,
        databaseKeyArn: KEY_ARN,
        databaseKeyId: KEY_ID,
        logsKeyArn: KEY_ARN,
        logsKeyId: KEY_ID,
        alarmTopicArn: arn("sns", /^[\w-]{1,256}$/, "an SNS topic"),
        configRecorderName: name,
    },
    network: {
        region,
        vpcId: id("vpc", "a VPC"),
        vpcCidr: (v) => (typeof v === "string" && typeof parseCidr(v) !== "string" ? undefined : "an IPv4 CIDR block"),
        availabilityZones: (v, ctx) =>
            list(text(new RegExp(`^${ctx.region}[a-z]$`), ""), `availability zones of ${ctx.region}`)(v, ctx),
        publicSubnetIds: list(id("subnet", "a subnet"), "subnet ids (subnet-...)"),
        privateSubnetIds: list(id("subnet", "a subnet"), "subnet ids (subnet-...)"),
        isolatedSubnetIds: list(id("subnet", "a subnet"), "subnet ids (subnet-...)"),
        appSecurityGroupId: id("sg", "a security group"),
        databaseSecurityGroupId: id("sg", "a security group"),
        endpointSecurityGroupId: id("sg", "a security group"),
        executeApiEndpointId: id("vpce", "a VPC endpoint"),
        s3GatewayEndpointId: id("vpce", "a VPC endpoint"),
        interfaceEndpointIds: (v, ctx) =>
            typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => !id("vpce", "")(x, ctx))
                ? undefined
                : "a map of service name to VPC endpoint id (vpce-...)",
        flowLogId: id("fl", "a flow log"),
        flowLogGroupName: text(/^[\w./#-]{1,512}$/, "a CloudWatch Logs log group name"),
    },
    data: {
        region,
        dataBucketName: BUCKET_NAME,
        dataBucketArn: BUCKET_ARN,
        accessLogBucketName: BUCKET_NAME,
        accessLogBucketArn: BUCKET_ARN,
        dbAddress: (v, ctx) =>
            text(
                new RegExp(`^[a-z0-9-]+\\.[a-z0-9]+\\.${ctx.region}\\.rds\\.amazonaws\\.com$`),
                `an RDS endpoint host name in ${ctx.region} (<instance>.<id>.${ctx.region}.rds.amazonaws.com)`,
            )(v, ctx),
        dbPort: (v) =>
            Number.isInteger(v) && (v as number) >= 1150 && (v as number) <= 65535 ? undefined : "a port from 1150 to 65535",
        dbName: text(/^[A-Za-z][A-Za-z0-9_]{0,62}$/, "a PostgreSQL database name"),
        dbResourceId: text(/^db-[A-Z0-9]{10,}$/, "an RDS resource id (db-...)"),
        dbSecretArn: arn("secretsmanager", /^secret:.+$/, "a Secrets Manager secret"),
        recoveryRegion: (v, ctx) => (v === ctx.region ? `an AWS region other than ${ctx.region}` : anyRegion(v, ctx)),
        replicaBucketName: BUCKET_NAME,
        backupVaultName: VAULT_NAME,
        dbReplicatedBackupsArn: arnAnyRegion("rds", "auto-backup:ab-[a-z0-9]+", "replicated RDS automated backups"),
    },
    recovery: {
        region,
        sourceRegions: list(anyRegion, "AWS region names"),
        replicaBucketNames: (v, ctx) =>
            typeof v === "object" &&
            v !== null &&
            !Array.isArray(v) &&
            Object.entries(v).every(([r, b]) => !anyRegion(r, ctx) && !BUCKET_NAME(b, ctx))
                ? undefined
                : "a map of source region to S3 bucket name",
        replicaKeyArn: KEY_ARN,
        vaultName: VAULT_NAME,
        vaultArn: arn("backup", /^backup-vault:[A-Za-z0-9_.-]{2,50}$/, "an AWS Backup vault"),
        vaultKeyArn: KEY_ARN,
        vaultMinRetentionDays: DAYS,
        vaultMaxRetentionDays: DAYS,
        databaseBackupKeyArn: KEY_ARN,
    },
    api: {
        region,
        restApiId: text(/^[a-z0-9]{10}$/, "an API Gateway REST API id (10 letters or digits)"),
        stageName: text(/^[\w-]{1,128}$/, "a stage name"),
        invokeUrl: (v, ctx) =>
            text(
                new RegExp(`^https://[a-z0-9]{10}\\.execute-api\\.${ctx.region}\\.amazonaws\\.com/[\\w-]+$`),
                `an invoke URL https://<api>.execute-api.${ctx.region}.amazonaws.com/<stage>`,
            )(v, ctx),
        vpcEndpointId: id("vpce", "a VPC endpoint"),
        functionName: text(/^[\w-]{1,64}$/, "a Lambda function name"),
    },
};

/** The account id in an ARN, or undefined. */
function accountOf(v: unknown): string | undefined {
    if (typeof v !== "string" || !v.startsWith("arn:")) return undefined;
    const a = v.split(":")[4];
    return a && ACCOUNT.test(a) ? a : undefined;
}

/** Where a layer exports the id of the account its ARNs belong to under another name than `accountId`. */
const OWNER_ACCOUNT_KEY: Readonly<Partial<Record<LayerName, string>>> = { "security-tooling": "delegatedAdminAccountId" };

/**
 * ARNs in another account by design, outside the one-account rule: the organization trail is created by
 * the security-tooling account (its CloudTrail delegated administrator) but owned by the management
 * account, whose id its ARN carries (lib/src/organizationTrail.ts cites the CloudTrail user guide).
 */
const OTHER_ACCOUNT_KEYS: Readonly<Partial<Record<LayerName, readonly string[]>>> = {
    "security-tooling": ["organizationTrailArn"],
};

/**
 * Every value of `layer`'s contract in `values` that has the wrong shape. ARNs
 * must all be in one account (global-iam's: its own `accountId`; security-tooling's:
 * its `delegatedAdminAccountId`), so a value copied from another account is caught too.
 */
export function contractShapeProblems<L extends LayerName>(
    layer: L,
    values: Readonly<Record<string, unknown>>,
    ctx: ShapeContext,
): ShapeProblem[] {
    const checks = CONTRACT_SHAPES[layer] as unknown as Record<string, Check>;
    const problems: ShapeProblem[] = [];
    for (const [key, check] of Object.entries(checks)) {
        const expected = check(values[key], ctx);
        if (expected !== undefined) problems.push({ key, value: values[key], expected });
    }
    const bad = new Set(problems.map((p) => p.key));
    const ownerKey = OWNER_ACCOUNT_KEY[layer] ?? "accountId";
    const owner = values[ownerKey];
    const other = new Set(OTHER_ACCOUNT_KEYS[layer] ?? []);
    const expectedAccount =
        typeof owner === "string" && ACCOUNT.test(owner)
            ? owner
            : Object.entries(values)
                  .filter(([k]) => !bad.has(k) && !other.has(k))
                  .map(([, v]) => accountOf(v))
                  .find((a) => a !== undefined);
    for (const [key, v] of Object.entries(values)) {
        const account = accountOf(v);
        if (!bad.has(key) && !other.has(key) && account !== undefined && account !== expectedAccount) {
            problems.push({ key, value: v, expected: `an ARN in account ${expectedAccount}, like the stack's other outputs` });
        }
    }
    return problems;
}
