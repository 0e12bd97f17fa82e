/**
 * Every config key of the security layer, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import { accountOfPrincipal, currentStackName, refusePrincipals } from "@baseline/lib/src/principals";
import {
    ConfigReader,
    ConfigSource,
    HOME_REGION,
    LAYERS,
    readTrailLogRetentionDays,
    ORGANIZATION_MODE,
    ORGANIZATION_TRAIL_NAME,
    PRINCIPAL_ARN,
    PartnerCommonConfig,
    pulumiConfigSource,
    readAuditRetention,
    readPartnerCommonConfig,
    AuditObjectLock,
    AccountEntry,
} from "@baseline/lib";
import { AlarmSubscription, readAlarmSubscriptions } from "./alarmSubscriptions";
import { FINDING_FREQUENCIES, FindingFrequency } from "./guardDuty";
import { SecurityContactInfo } from "./securityContact";
import { DATA_EVENT_SCOPES, DataEventScope } from "./trail";
import { REMEDIATION_SCOPES, RemediationScope } from "./rules";

export const PROJECT = LAYERS.security.project;

/** The security layer runs in every baseline region and in every recovery-only region (layers.ts `everywhere`). */
export interface SecurityConfig extends PartnerCommonConfig {
    /** Whether this stack owns the account-wide resources (home region only). */
    readonly isHome: boolean;
    readonly enableCloudTrail: boolean;
    readonly enableCisAlarms: boolean;
    readonly cloudTrailLogRetentionDays: number;
    /** Which buckets the S3 data-events trail logs (home region, with the trail). */
    readonly cloudTrailS3DataEvents: DataEventScope;
    readonly auditBucketExpirationDays: number;
    /** Object Lock default retention of the CloudTrail bucket (AWS Config cannot deliver to a locked bucket). */
    readonly auditObjectLock: AuditObjectLock;
    readonly remediationMaxAttempts: number;
    readonly remediationRetrySeconds: number;
    /** Which resources the remediations that change existing resources act on (rules.ts REMEDIATION_SCOPES). */
    readonly remediationScope: RemediationScope;
    /** Named administrators of the KMS keys; empty = the account administers them through IAM. */
    readonly keyAdministrators: readonly string[];
    /** Who the alarm topic of this region reaches; empty plans, and the pack reports it. */
    readonly alarmSubscriptions: readonly AlarmSubscription[];
    readonly guardDutyFindingFrequency: FindingFrequency;
    /** The account's SECURITY alternate contact (home region only); undefined when not configured. */
    readonly securityContact?: SecurityContactInfo;
}

const CONTACT_KEYS = {
    name: "securityContactName",
    title: "securityContactTitle",
    email: "securityContactEmail",
    phone: "securityContactPhone",
} as const;

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): SecurityConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readPartnerCommonConfig(reader, "security");
    const isHome = common.region === HOME_REGION;
    // Organization mode: the organization trail (security-tooling layer, into the log-archive account's
    // locked bucket) records every member account in every region; an account trail would duplicate it.
    const enableCloudTrail = reader.autoBool("enableCloudTrail", isHome && !ORGANIZATION_MODE);
    reader.check(
        !enableCloudTrail || isHome,
        "enableCloudTrail",
        enableCloudTrail,
        `false outside ${HOME_REGION}: the multi-region trail is an account-wide resource of the home region`,
    );
    reader.check(
        !enableCloudTrail || !ORGANIZATION_MODE,
        "enableCloudTrail",
        enableCloudTrail,
        `auto or false in organization mode: the organization trail ${ORGANIZATION_TRAIL_NAME} (security-tooling layer) records this account, delivering to the log-archive account's locked bucket`,
    );
    const enableCisAlarms = reader.autoBool("enableCisAlarms", enableCloudTrail);
    reader.check(
        !enableCisAlarms || enableCloudTrail,
        "enableCisAlarms",
        enableCisAlarms,
        "false unless enableCloudTrail is true (the alarms read the trail's log group)",
    );
    const cloudTrailLogRetentionDays = readTrailLogRetentionDays(reader);
    const cloudTrailS3DataEvents = reader.oneOf("cloudTrailS3DataEvents", DATA_EVENT_SCOPES, "baseline");
    reader.check(
        cloudTrailS3DataEvents === "baseline" || enableCloudTrail,
        "cloudTrailS3DataEvents",
        cloudTrailS3DataEvents,
        "left unset unless enableCloudTrail is true (the data-events trail is part of the home region's trails)",
    );
    const { auditBucketExpirationDays, auditObjectLock } = readAuditRetention(reader);
    const remediationMaxAttempts = reader.number("remediationMaxAttempts", { default: 5, min: 1, max: 25 });
    const remediationRetrySeconds = reader.number("remediationRetrySeconds", { default: 60, min: 1, max: 2678000 });
    // `auto` (Pulumi.yaml's default, which the CLI hands to every stack): see defaultRemediationScope.
    const scope = reader.oneOf("remediationScope", ["auto", ...REMEDIATION_SCOPES], "auto");
    const remediationScope = scope === "auto" ? defaultRemediationScope(common.account) : scope;
    const keyAdministrators = reader.stringList("keyAdministrators", {
        default: [],
        item: PRINCIPAL_ARN,
        describeItem: "IAM role or user ARNs (arn:aws:iam::<12-digit account>:role/<name> or :user/<name>)",
    });
    const alarmSubscriptions = readAlarmSubscriptions(reader);
    const guardDutyFindingFrequency = reader.oneOf("guardDutyFindingFrequency", FINDING_FREQUENCIES, "FIFTEEN_MINUTES");
    const contact = {
        name: reader.string(CONTACT_KEYS.name, { default: "" }),
        title: reader.string(CONTACT_KEYS.title, { default: "" }),
        email: reader.string(CONTACT_KEYS.email, {
            default: "",
            pattern: /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/,
            describe: "an email address",
        }),
        phone: reader.string(CONTACT_KEYS.phone, {
            default: "",
            pattern: /^$|^\+?[0-9][0-9 ()-]{5,24}$/,
            describe: "a phone number (digits, spaces, parentheses, hyphens, optional leading +)",
        }),
    };
    const fields = Object.keys(CONTACT_KEYS) as (keyof typeof CONTACT_KEYS)[];
    const set = fields.filter((k) => contact[k] !== "");
    const missing = fields.filter((k) => contact[k] === "");
    reader.check(
        set.length === 0 || missing.length === 0,
        CONTACT_KEYS[missing[0] ?? "name"],
        "",
        `set all four of ${Object.values(CONTACT_KEYS).join(", ")} or none (set: ${set.map((k) => CONTACT_KEYS[k]).join(", ")})`,
    );
    reader.check(
        set.length === 0 || isHome,
        CONTACT_KEYS[set[0] ?? "name"],
        set.length > 0 ? contact[set[0]] : "",
        `unset outside ${HOME_REGION}: the security contact is an account-wide setting of the home region`,
    );
    return reader.finish({
        ...common,
        isHome,
        enableCloudTrail,
        enableCisAlarms,
        cloudTrailLogRetentionDays,
        cloudTrailS3DataEvents,
        auditBucketExpirationDays,
        auditObjectLock,
        remediationMaxAttempts,
        remediationRetrySeconds,
        remediationScope,
        keyAdministrators,
        alarmSubscriptions,
        guardDutyFindingFrequency,
        securityContact: missing.length === 0 ? contact : undefined,
    });
}

/**
 * `remediationScope: auto`: `baseline` in an organization's management account, `account` everywhere
 * else. The management account is the one the organization was made from, so it always holds what came
 * before the baseline: its remediations start on the baseline's own resources, and `account` extends
 * them once what Security Hub reports there is fixed. The log-archive and security-tooling accounts are
 * usually new (the organization layer creates them), like a fresh workload account; an imported one with
 * resources of its own sets `baseline` explicitly.
 */
export function defaultRemediationScope(account: AccountEntry | undefined): RemediationScope {
    return account?.kind === "management" ? "baseline" : "account";
}

/**
 * `keyAdministrators` are documented as principals of this account: a foreign role listed there would
 * administer every key of the layer (change the key policy, schedule deletion). The account is known
 * only from global-iam's outputs, so the program calls this before registering any key.
 */
export function checkKeyAdministrators(keyAdministrators: readonly string[], accountId: string, stack?: string): void {
    refusePrincipals({
        stack: stack ?? currentStackName(PROJECT),
        key: `${PROJECT}:keyAdministrators`,
        principals: keyAdministrators,
        refuse: (arn) => accountOfPrincipal(arn) !== accountId,
        allowed: `a role or user ARN of this account (${accountId}, the account global-iam reports); another account's principal would administer every key of the layer`,
    });
}
