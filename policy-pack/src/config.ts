/**
 * The pack's configuration, defined once. CrossGuard configures each policy on
 * its own (`--policy-pack-config` / Pulumi Cloud: `{ "<policy>": { key: value } }`),
 * so every policy declares, through `configSchemaFor`, the subset of these keys
 * it reads. The defaults are the organization guardrail's: what any AWS stack of
 * any team can meet (src/roles.ts); the baseline's own values live in its
 * configuration (src/profiles.ts, written to config/baseline.json).
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { Exemption } from "./exemptions";
import { DEPLOY_REGIONS, HOME_REGION, RECOVERY_ONLY_REGIONS } from "./topology.generated";
import { DEPLOY_ROLE_SERVICES, REGION_DENY_GLOBAL_EXEMPTIONS } from "./organizations";
import { SUPPORTED_LAMBDA_RUNTIMES } from "./lambdaRuntimes";

/** The AWS-managed policies that grant administrator-level access, by name: forbiddenManagedPolicies' default. */
export const DEFAULT_FORBIDDEN_MANAGED_POLICIES: readonly string[] = [
    "AdministratorAccess",
    "PowerUserAccess",
    "IAMFullAccess",
    "AWSCloudShellFullAccess",
    "AWSOrganizationsFullAccess",
    "AdministratorAccess-Amplify",
    "AdministratorAccess-AWSElasticBeanstalk",
];

export interface PackConfig {
    /** Tag key -> the value (or one of the values) every taggable resource must carry. */
    readonly requiredTags: Readonly<Record<string, string | readonly string[]>>;
    /** Minimum CloudWatch Logs retention in days (CloudWatch.16's default is 365). */
    readonly minLogRetentionDays: number;
    /** Minimum RDS automated backup retention in days (RDS.11 requires at least 7). */
    readonly minBackupRetentionDays: number;
    /** Regions resources may be created in. */
    readonly allowedRegions: readonly string[];
    /** Ports no security group may open to 0.0.0.0/0 or ::/0: admin and database ports. */
    readonly restrictedIngressPorts: readonly number[];
    /** Ports no network ACL may open to the internet (EC2.21: SSH and RDP; NACLs must admit return traffic on ephemeral ports). */
    readonly restrictedNaclIngressPorts: readonly number[];
    /** Lambda runtimes AWS still supports (Lambda.2). */
    readonly supportedLambdaRuntimes: readonly string[];
    /** CIS 1.8 / IAM.15. */
    readonly minPasswordLength: number;
    /** CIS 1.9 / IAM.16. */
    readonly passwordReusePrevention: number;
    /** Longest allowed password age in days. */
    readonly maxPasswordAgeDays: number;
    /** `Environment` tag values whose data must survive a region loss (replication, locked vaults, replicated backups). */
    readonly recoveryEnvironments: readonly string[];
    /** `baseline:role` tag values of the buckets that must replicate to another region. */
    readonly replicatedBucketRoles: readonly string[];
    /** Smallest minimum retention a backup vault's lock may set. */
    readonly minVaultLockRetentionDays: number;
    /** AWS-managed policies (names) that grant administrator-level access and may not be attached. */
    readonly forbiddenManagedPolicies: readonly string[];
    /** The organization's own AWS accounts: trust and key ARNs in them are not "another account". */
    readonly accountIds: readonly string[];
    /** Tags that mark a production resource (RDS Multi-AZ, IAM auth and minor upgrades are required there). */
    readonly productionTags: Readonly<Record<string, string>>;
    /** Project of the layer that owns the account's detection resources (trail, Config, Access Analyzer, ...). */
    readonly detectionProject: string;
    /** Region of the account-wide multi-region trail. */
    readonly homeRegion: string;
    /** Resource types every stack of `detectionProject` must contain. */
    readonly requiredDetectionTypes: readonly string[];
    /** Projects (globs) the conformance policies judge. */
    readonly conformanceProjects: readonly string[];
    /** Whether encrypted storage must also use a customer-managed key (RDS). */
    readonly requireCustomerManagedKeys: boolean;
    /** Exemptions: `{ policy, resource, reason, owner, expires }` (src/exemptions.ts). */
    readonly exemptions: readonly Exemption[];
    /** The organization's ids (`o-...`): conditions naming another organization pin no one. */
    readonly organizationIds: readonly string[];
    /** Smallest default retention, in days, of an S3 Object Lock configuration. */
    readonly minObjectLockDays: number;
    /** AWS Config managed rules (source identifiers) every stack of `detectionProject` keeps. */
    readonly requiredConfigRules: readonly string[];
    /** Regions whose security stack detects but runs no Config rules (the recovery-only regions). */
    readonly detectionOnlyRegions: readonly string[];
    /** Regions the Config and Security Hub aggregators must cover. */
    readonly aggregatedRegions: readonly string[];
    /** Config rules (source identifiers) whose automatic remediation every stack of `detectionProject` keeps. */
    readonly requiredRemediations: readonly string[];
    /** The role the deploy pipeline assumes in every account of the organization (its name, not its ARN). */
    readonly deployRoleName: string;
    /** Services whose write actions the deploy role performs (src/organizations.ts derives the actions). */
    readonly deployRoleServices: readonly string[];
    /** NotAction entries a region-deny SCP must keep (src/organizations.ts: AWS's documented list). */
    readonly regionDenyExemptActions: readonly string[];
    /** Organization policies that must stay attached to their targets (src/policies/organizations/requiredAttachments.ts). */
    readonly requiredAttachments: readonly RequiredAttachment[];
    /**
     * Detection an organization runs for its member accounts (DELEGATED_DETECTION): the members'
     * detection stacks need none of their own.
     */
    readonly delegatedDetection: readonly DelegatedDetection[];
}

/**
 * What an organization can run for every member account, and the resource type a member's detection
 * stack then needs no longer: the organization trail (CloudTrail logs every member account's events to
 * the management account's trail), GuardDuty's delegated administrator with auto-enable for members,
 * and Security Hub's central configuration.
 */
export const DELEGATED_DETECTION = {
    cloudtrail: "aws:cloudtrail/trail:Trail",
    guardduty: "aws:guardduty/detector:Detector",
    securityhub: "aws:securityhub/account:Account",
} as const;
export type DelegatedDetection = keyof typeof DELEGATED_DETECTION;

/** One declared attachment: the policy (resource name, `name` input or `tag:Key=Value`) and the targets it must reach. */
export interface RequiredAttachment {
    readonly policy: string;
    readonly targets: readonly string[];
}

export type PackConfigKey = keyof PackConfig;

const stringArray = (description: string, dflt: readonly string[]): PolicyConfigJSONSchema => ({
    type: "array",
    items: { type: "string", minLength: 1 },
    minItems: 1,
    description,
    default: [...dflt],
});

/** JSON schema of every key, with the baseline's values as defaults. */
export const PACK_CONFIG_SCHEMA: Readonly<Record<PackConfigKey, PolicyConfigJSONSchema>> = {
    requiredTags: {
        type: "object",
        additionalProperties: {
            type: ["string", "array"],
            minLength: 1,
            items: { type: "string", minLength: 1 },
            minItems: 1,
        },
        minProperties: 1,
        description:
            "Tags every taggable AWS resource must carry: tag key -> the one value it must have, or the list of values it may have. Tags set through the provider's defaultTags count.",
        default: { Environment: ["Production", "Staging", "Development"] },
    },
    minLogRetentionDays: {
        type: "integer",
        minimum: 1,
        description: "Minimum CloudWatch Logs retention in days.",
        default: 365,
    },
    minBackupRetentionDays: {
        type: "integer",
        minimum: 1,
        maximum: 35,
        description: "Minimum RDS automated backup retention in days.",
        default: 7,
    },
    allowedRegions: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Regions resources may be created in. Empty (the default): any region.",
        default: [],
    },
    restrictedIngressPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        minItems: 1,
        description:
            "Ports that no security group or network ACL may open to the internet (0.0.0.0/0, ::/0, or CIDRs that together cover it): Security Hub EC2.19's high-risk ports plus Oracle, Redis and MongoDB.",
        // EC2.19's list ("Security groups should not allow unrestricted access to ports with high risk"),
        // then 1521 (Oracle), 6379 (Redis) and 27017 (MongoDB), which the pack refused before.
        default: [
            20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888,
            9200, 9300, 1521, 6379, 27017,
        ],
    },
    restrictedNaclIngressPorts: {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 65535 },
        minItems: 1,
        description:
            "Ports that no network ACL may open to the internet (EC2.21: 22 and 3389). NACLs are stateless and must admit return traffic on the ephemeral ports, so EC2.19's list does not apply to them.",
        default: [22, 3389],
    },
    // Derived from AWS's deprecation dates as read on LAMBDA_RUNTIMES_CHECKED (src/lambdaRuntimes.ts,
    // which cites the AWS Lambda Developer Guide's "Supported runtimes" table).
    supportedLambdaRuntimes: stringArray("Lambda runtimes that are still supported.", [...SUPPORTED_LAMBDA_RUNTIMES]),
    minPasswordLength: { type: "integer", minimum: 8, description: "Minimum IAM password length.", default: 14 },
    passwordReusePrevention: {
        type: "integer",
        minimum: 1,
        maximum: 24,
        description: "Number of previous passwords that cannot be reused.",
        default: 24,
    },
    maxPasswordAgeDays: { type: "integer", minimum: 1, description: "Longest IAM password age in days.", default: 90 },
    recoveryEnvironments: stringArray(
        "Environment tag values whose data must survive the loss of a region: the recovery policies apply to resources tagged with one of them.",
        ["Production"],
    ),
    replicatedBucketRoles: stringArray(
        "baseline:role tag values of the buckets that must replicate to another region (application data, not logs or replicas).",
        ["application-data"],
    ),
    minVaultLockRetentionDays: {
        type: "integer",
        minimum: 1,
        description: "Smallest minRetentionDays a backup vault's Vault Lock may set.",
        default: 7,
    },
    forbiddenManagedPolicies: stringArray("AWS-managed policies (by name) that may not be attached to a role, user or group.", [
        ...DEFAULT_FORBIDDEN_MANAGED_POLICIES,
    ]),
    accountIds: {
        type: "array",
        items: { type: "string", pattern: "^[0-9]{12}$" },
        description:
            "The organization's AWS accounts. Empty: the stack's account is the provider's (allowedAccountIds, or the account of the role it assumes) or else inferred from the ARNs its resources carry; a trust policy needs a condition for an account principal of another account, and an account principal is not reported while the stack's account cannot be known. Outside conformanceProjects, S3 keys, references and policy principals of another account are judged only against the accounts declared here or in allowedAccountIds.",
        default: [],
    },
    productionTags: {
        type: "object",
        additionalProperties: { type: "string", minLength: 1 },
        minProperties: 1,
        description: "Tags that mark a production resource.",
        default: { Environment: "Production" },
    },
    detectionProject: {
        type: "string",
        minLength: 1,
        description: "Pulumi project of the layer that owns the account's detection resources.",
        default: "baseline-security",
    },
    homeRegion: { type: "string", minLength: 1, description: "Region of the multi-region trail.", default: HOME_REGION },
    requiredDetectionTypes: stringArray("Resource types every stack of detectionProject must contain.", [
        "aws:cfg/recorder:Recorder",
        "aws:cfg/recorderStatus:RecorderStatus",
        "aws:cfg/deliveryChannel:DeliveryChannel",
        "aws:accessanalyzer/analyzer:Analyzer",
        "aws:ebs/encryptionByDefault:EncryptionByDefault",
        "aws:securityhub/account:Account",
        "aws:guardduty/detector:Detector",
    ]),
    conformanceProjects: stringArray(
        "Pulumi projects (globs: * and ?) the baseline conformance policies judge; stacks of other projects are not judged by them.",
        ["baseline-*"],
    ),
    requireCustomerManagedKeys: {
        type: "boolean",
        description:
            "Encrypted storage must also use a customer-managed KMS key (not the AWS-managed one). Off by default: encryption with the AWS-managed key meets the guardrail.",
        default: false,
    },
    exemptions: {
        type: "array",
        items: {
            type: "object",
            properties: {
                policy: { type: "string", minLength: 1, description: "Name of the exempted policy." },
                resource: {
                    type: "string",
                    minLength: 1,
                    description:
                        "A resource URN, or a project/stack/name glob (* and ?); project/stack for a stack-level finding.",
                },
                type: {
                    type: "string",
                    pattern: "^[a-zA-Z0-9._-]+:[a-zA-Z0-9._/-]+:[a-zA-Z0-9._]+$",
                    description:
                        "The resource's Pulumi type (aws:s3/bucketPolicy:BucketPolicy): only a resource of that type is exempt.",
                },
                reason: { type: "string", minLength: 1, description: "Why the resource may break the policy." },
                owner: { type: "string", minLength: 1, description: "Team or person who answers for the exemption." },
                expires: {
                    type: "string",
                    pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    description: "Last day the exemption applies (YYYY-MM-DD, UTC).",
                },
            },
            required: ["policy", "resource", "reason", "owner", "expires"],
            additionalProperties: false,
        },
        description:
            "Justified exceptions, each { policy, resource, type (optional), reason, owner, expires }. A used exemption is reported on every run; an expired one no longer exempts; one that matches nothing is reported.",
        default: [],
    },
    organizationIds: {
        type: "array",
        items: { type: "string", pattern: "^o-[a-z0-9]{10,32}$" },
        description:
            "The organization's ids. Empty: a condition on aws:PrincipalOrgID pins the caller to whatever organization it names; set: only these count.",
        default: [],
    },
    minObjectLockDays: {
        type: "integer",
        minimum: 1,
        description: "Smallest default retention (days) of an S3 Object Lock configuration.",
        default: 365,
    },
    requiredConfigRules: stringArray("AWS Config managed rules (source identifiers) every stack of detectionProject keeps.", [
        "S3_DEFAULT_ENCRYPTION_KMS",
        "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
        "S3_BUCKET_SSL_REQUESTS_ONLY",
        "VPC_FLOW_LOGS_ENABLED",
        "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
        "CMK_BACKING_KEY_ROTATION_ENABLED",
        "RDS_STORAGE_ENCRYPTED",
        "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
        "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
        "CLOUDWATCH_LOG_GROUP_ENCRYPTED",
        "API_GW_EXECUTION_LOGGING_ENABLED",
    ]),
    requiredRemediations: {
        ...stringArray(
            "AWS Config rules (source identifiers) whose automatic remediation every stack of detectionProject keeps.",
            [
                "S3_BUCKET_SSL_REQUESTS_ONLY",
                "S3_BUCKET_LEVEL_PUBLIC_ACCESS_PROHIBITED",
                "VPC_DEFAULT_SECURITY_GROUP_CLOSED",
                "VPC_FLOW_LOGS_ENABLED",
                "CMK_BACKING_KEY_ROTATION_ENABLED",
                "RDS_INSTANCE_PUBLIC_ACCESS_CHECK",
                "RDS_INSTANCE_DELETION_PROTECTION_ENABLED",
            ],
        ),
        minItems: 0,
    },
    detectionOnlyRegions: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description:
            "Regions whose detection-layer stack records and detects but runs no AWS Config rules (the recovery-only regions of topology.yaml).",
        default: [...RECOVERY_ONLY_REGIONS],
    },
    aggregatedRegions: stringArray(
        "Regions the AWS Config and Security Hub aggregators must cover: every region of topology.yaml, recovery-only ones included.",
        DEPLOY_REGIONS,
    ),
    delegatedDetection: {
        type: "array",
        items: { type: "string", enum: Object.keys(DELEGATED_DETECTION) },
        uniqueItems: true,
        description:
            "Detection the organization runs for every member account: cloudtrail (an organization trail), guardduty (a delegated administrator auto-enabling members), securityhub (central configuration). A member's detection stack then needs no trail, detector or Security Hub account of its own. Empty: every detection stack keeps all of them.",
        default: [],
    },
    deployRoleName: {
        type: "string",
        pattern: "^[\\w+=,.@-]{1,64}$",
        description:
            "Name of the role the deploy pipeline assumes in every account (provider assumeRoles): an SCP that denies its work must exempt arn:aws:iam::*:role/<name>.",
        default: "baseline-deploy",
    },
    deployRoleServices: stringArray(
        "Services whose write actions (access levels Write, Permissions management, Tagging) the deploy role performs; an SCP may deny none of them to it.",
        DEPLOY_ROLE_SERVICES,
    ),
    regionDenyExemptActions: stringArray(
        "NotAction entries a Deny on aws:RequestedRegion must keep: the global services of AWS's region-deny example SCP. Remove an entry only for a global service the organization never uses.",
        REGION_DENY_GLOBAL_EXEMPTIONS,
    ),
    requiredAttachments: {
        type: "array",
        items: {
            type: "object",
            properties: {
                policy: {
                    type: "string",
                    minLength: 1,
                    description:
                        "The organization policy: its Pulumi resource name, its `name` input, `tag:<Key>=<Value>`, or its id (p-...) when it lives in another stack.",
                },
                targets: {
                    type: "array",
                    items: { type: "string", minLength: 1 },
                    minItems: 1,
                    description:
                        "Where it must be attached: organizational unit names, `Root` (the organization's root), or ids (ou-..., r-..., a 12-digit account).",
                },
            },
            required: ["policy", "targets"],
            additionalProperties: false,
        },
        description:
            "Organization policies (SCPs, RCPs) that must stay attached to their targets. Empty (the default): no intent is declared and nothing is judged.",
        default: [],
    },
};

/** The defaults, as a typed object. */
export function defaultPackConfig(): PackConfig {
    const out: Record<string, unknown> = {};
    for (const [k, s] of Object.entries(PACK_CONFIG_SCHEMA)) out[k] = structuredClone(s.default);
    return out as unknown as PackConfig;
}

/** The `configSchema` of a policy that reads `keys`. */
export function configSchemaFor(...keys: PackConfigKey[]): PolicyConfigSchema {
    return { properties: Object.fromEntries(keys.map((k) => [k, PACK_CONFIG_SCHEMA[k]])) };
}

/**
 * Applies defaults and validates values against a policy's schema, the way the
 * CLI does before it hands config to the analyzer. Returns the resolved config
 * and every problem found (empty when valid).
 */
export function resolvePolicyConfig(
    schema: PolicyConfigSchema | undefined,
    given: Record<string, unknown>,
): { config: Record<string, unknown>; problems: string[] } {
    const config: Record<string, unknown> = {};
    const problems: string[] = [];
    const props = schema?.properties ?? {};
    for (const [key, s] of Object.entries(props)) {
        const value = key in given ? given[key] : structuredClone(s.default);
        if (value === undefined) continue;
        problems.push(...checkValue(value, s, key));
        config[key] = value;
    }
    for (const k of schema?.required ?? []) if (config[k] === undefined) problems.push(`${k}: required`);
    return { config, problems };
}

function checkValue(v: unknown, s: PolicyConfigJSONSchema | boolean, path: string): string[] {
    if (typeof s === "boolean") return s ? [] : [`${path}: not allowed`];
    const problems: string[] = [];
    const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
    if (types.length > 0 && !types.some((t) => hasType(v, t))) return [`${path}: expected ${types.join(" | ")}`];
    if (s.enum && !s.enum.some((e) => JSON.stringify(e) === JSON.stringify(v)))
        problems.push(`${path}: must be one of ${JSON.stringify(s.enum)}`);
    if (typeof v === "number") {
        if (s.minimum !== undefined && v < s.minimum) problems.push(`${path}: must be >= ${s.minimum}`);
        if (s.maximum !== undefined && v > s.maximum) problems.push(`${path}: must be <= ${s.maximum}`);
    }
    if (typeof v === "string" && s.minLength !== undefined && v.length < s.minLength)
        problems.push(`${path}: must have at least ${s.minLength} characters`);
    if (typeof v === "string" && s.pattern !== undefined && !new RegExp(s.pattern).test(v))
        problems.push(`${path}: ${JSON.stringify(v)} does not match ${s.pattern}`);
    if (Array.isArray(v)) {
        if (s.minItems !== undefined && v.length < s.minItems) problems.push(`${path}: needs at least ${s.minItems} items`);
        if (s.items !== undefined && !Array.isArray(s.items)) {
            const item = s.items;
            v.forEach((x, i) => problems.push(...checkValue(x, item, `${path}[${i}]`)));
        }
    } else if (typeof v === "object" && v !== null) {
        const entries = Object.entries(v);
        if (s.minProperties !== undefined && entries.length < s.minProperties)
            problems.push(`${path}: needs at least ${s.minProperties} properties`);
        for (const k of s.required ?? []) if (!(k in v)) problems.push(`${path}.${k}: required`);
        for (const [k, x] of entries) {
            const sub = s.properties?.[k] ?? s.additionalProperties;
            if (sub !== undefined) problems.push(...checkValue(x, sub, `${path}.${k}`));
        }
    }
    return problems;
}

function hasType(v: unknown, t: string): boolean {
    switch (t) {
        case "string":
            return typeof v === "string";
        case "integer":
            return Number.isInteger(v);
        case "number":
            return typeof v === "number" && Number.isFinite(v);
        case "boolean":
            return typeof v === "boolean";
        case "array":
            return Array.isArray(v);
        case "object":
            return typeof v === "object" && v !== null && !Array.isArray(v);
        case "null":
            return v === null;
        default:
            return false;
    }
}

/** The enforcement levels CrossGuard knows (`EnforcementLevel` in @pulumi/policy), spelled exactly so. */
export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;

/**
 * Every invalid enforcement level in a `--policy-pack-config` document
 * (`{ "all": level, "<policy>": level | { "enforcementLevel": level, ... } }`).
 * Levels are case-sensitive: `"Mandatory"` is not `mandatory`, and a level the
 * pack does not know must never fall back to the policy's default quietly.
 */
export function enforcementLevelProblems(packConfig: unknown): string[] {
    if (typeof packConfig !== "object" || packConfig === null || Array.isArray(packConfig)) {
        return [
            'the policy pack config must be a JSON object: { "all": "<level>", "<policy>": "<level>" | { "enforcementLevel": "<level>", ... } }',
        ];
    }
    const problems: string[] = [];
    const check = (where: string, level: unknown) => {
        if (typeof level === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(level)) return;
        const wrongCase =
            typeof level === "string" ? ENFORCEMENT_LEVELS.find((l) => l === level.toLowerCase().trim()) : undefined;
        problems.push(
            `${where}: ${JSON.stringify(level)} is not an enforcement level: one of ${ENFORCEMENT_LEVELS.join(", ")}` +
                (wrongCase ? ` (levels are lower case: did you mean ${wrongCase}?)` : ""),
        );
    };
    for (const [policy, entry] of Object.entries(packConfig)) {
        if (typeof entry === "string") check(policy, entry);
        else if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
            if ("enforcementLevel" in entry)
                check(`${policy}.enforcementLevel`, (entry as Record<string, unknown>).enforcementLevel);
        } else {
            problems.push(`${policy}: ${JSON.stringify(entry)} is neither an enforcement level nor an object of policy config`);
        }
    }
    return problems;
}
