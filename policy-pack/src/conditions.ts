/**
 * What a policy statement's conditions admit, judged on the plain JSON document
 * (the same text IAM evaluates). A condition "pins" the caller only when a
 * request from a stranger cannot satisfy it:
 * - the key names the caller, its network path or its source (account, ARN,
 *   organization, VPC endpoint, user id);
 * - the operator is a positive string or ARN match (`StringEquals`, `StringLike`,
 *   `ArnEquals`, `ArnLike`, their `ForAnyValue:` forms), not negated
 *   (`StringNotEquals` admits everyone else), not `...IfExists` (a request
 *   without the key passes), not `ForAllValues:` ("returns true if the key is
 *   missing", IAM User Guide, "Multivalued context keys"), not `Null` (which
 *   only asks whether the key is present);
 * - every value names one thing: no policy variable, no wildcard where an
 *   account, organization or endpoint is named, an ARN whose account is a
 *   literal account, an `aws:userid` with a real unique id before any wildcard,
 *   and, where the stack's accounts are known, one of them.
 */
import { asArray } from "./util";
import { cidrRange, internetCoverage, WIDEST_LIMITING_PREFIX } from "./cidr";
import { AWS_OWNED_SOURCE_ARNS } from "./awsOwnedAccounts";

export interface RawStatement {
    readonly Sid?: unknown;
    readonly Effect?: unknown;
    readonly Principal?: unknown;
    readonly NotPrincipal?: unknown;
    readonly Action?: unknown;
    readonly NotAction?: unknown;
    readonly Resource?: unknown;
    readonly NotResource?: unknown;
    readonly Condition?: unknown;
}

/** The statements of a document given as a JSON string or object; undefined when it is not a policy. */
export function rawStatements(doc: unknown): RawStatement[] | undefined {
    let parsed: unknown = doc;
    if (typeof doc === "string") {
        try {
            parsed = JSON.parse(doc);
        } catch {
            return undefined;
        }
    } else {
        // The analyzer's proxies throw on unknown values; copying reads every value once, here.
        parsed = JSON.parse(JSON.stringify(doc ?? null));
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
    const st = (parsed as { Statement?: unknown }).Statement;
    return asArray(st as RawStatement | RawStatement[]).filter((s) => typeof s === "object" && s !== null);
}

export function strings(v: unknown): string[] {
    return asArray(v as unknown[]).filter((x): x is string => typeof x === "string");
}

/** `statement 'Sid'` or `statement #n` (1-based), for messages. */
export function rawLabel(s: RawStatement, index: number): string {
    return typeof s.Sid === "string" && s.Sid !== "" ? `statement '${s.Sid}'` : `statement #${index + 1}`;
}

/** Who the stack is: its own accounts (empty: unknown) and, when configured, its organization. */
export interface Identity {
    readonly accounts: ReadonlySet<string>;
    readonly orgIds: ReadonlySet<string>;
}

export const UNKNOWN_IDENTITY: Identity = { accounts: new Set(), orgIds: new Set() };

/** Keys whose value is an account id. */
const ACCOUNT_KEYS = [
    "aws:principalaccount",
    "aws:sourceaccount",
    "aws:resourceaccount",
    "kms:calleraccount",
    "aws:sourceowner",
    "s3:dataaccesspointaccount",
];
/**
 * Keys that name the resource, not the caller: they pin a VPC endpoint policy
 * (which resources the network path reaches) but never a resource policy, whose
 * resource is always its own.
 */
export const RESOURCE_KEYS: readonly string[] = ["aws:resourceaccount", "aws:resourceorgid", "aws:resourceorgpaths"];
/**
 * Keys that name the S3 access points a bucket policy delegates to (an account, or an access
 * point ARN). The S3 User Guide ("Blocking public access", "The meaning of 'public'") counts a
 * bucket policy that grants only to fixed values of `s3:DataAccessPointArn` or
 * `s3:DataAccessPointAccount` as non-public, and of the ARN: "this value can contain a wildcard
 * for the access point name without rendering the policy public, as long as the account id is
 * fixed". They keep a bucket policy from being public. They are not in PINNING_KEYS: outside a
 * bucket policy they name no access point, and they never pin an endpoint's reach or a trust
 * policy. In a bucket policy, the access points of the stack's own account pin the caller for
 * aws-no-foreign-principals (`callerKeys`, principals.ts): who reaches the bucket is up to those
 * access points' own policies, judged by the same pack.
 */
export const ACCESS_POINT_KEYS: readonly string[] = ["s3:dataaccesspointaccount", "s3:dataaccesspointarn"];
/** Keys whose value is an ARN (its account must be literal, and one of the stack's). */
const ARN_KEYS = ["aws:principalarn", "aws:sourcearn", "s3:dataaccesspointarn"];
const ORG_KEYS = ["aws:principalorgid", "aws:sourceorgid", "aws:resourceorgid"];
const ORG_PATH_KEYS = ["aws:principalorgpaths", "aws:sourceorgpaths", "aws:resourceorgpaths"];
const NETWORK_KEYS = ["aws:sourcevpce", "aws:sourcevpc"];

/** Condition keys that can tie a request to one caller, network path or source. */
export const PINNING_KEYS: readonly string[] = [
    ...ACCOUNT_KEYS,
    ...ARN_KEYS,
    ...ORG_KEYS,
    ...ORG_PATH_KEYS,
    ...NETWORK_KEYS,
    "aws:userid",
].filter((k) => !RESOURCE_KEYS.includes(k) && !ACCESS_POINT_KEYS.includes(k));

const POSITIVE_OPERATORS = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"]);

/**
 * The caller's address. It names no account, so it never pins a principal of the stack's own
 * (aws-no-foreign-principals, trust policies), but it keeps a resource policy from being public:
 * the S3 User Guide ("Blocking public access", "The meaning of 'public'") counts as non-public a
 * policy that grants "only to fixed values (values that don't contain a wildcard or an AWS Identity
 * and Access Management Policy Variable)" of, among others, "A set of Classless Inter-Domain
 * Routings (CIDRs), using aws:SourceIp", and the pack applies that meaning to every resource policy.
 */
export const SOURCE_IP_KEYS: readonly string[] = ["aws:sourceip"];

/**
 * The keys that keep `Principal: *` in a resource policy from being public: those that pin the
 * caller, the source IP, and (S3 bucket policies only: publicPolicyValidation's `extraKeys`
 * decides which keys a service's policies may use) the access points of one account.
 */
export const NON_PUBLIC_KEYS: readonly string[] = [...PINNING_KEYS, ...SOURCE_IP_KEYS, ...ACCESS_POINT_KEYS];

/** Why a set of aws:SourceIp values limits no one, or undefined when it is a set of fixed, narrow enough CIDRs. */
export function sourceIpProblem(values: readonly string[]): string | undefined {
    for (const v of values) {
        const range = v.includes("${") || /[*?]/.test(v) ? undefined : cidrRange(v);
        if (range === undefined) return `'${v}' is not an IP address or CIDR`;
        const bits = range.family === 4 ? 32 : 128;
        const prefix = v.includes("/") ? Number(v.split("/")[1]) : bits;
        const widest = WIDEST_LIMITING_PREFIX[range.family];
        if (prefix < widest) return `'${v}' is broader than /${widest}`;
    }
    // Narrow blocks can still add up to every address (256 /8s).
    const via = internetCoverage(values);
    return via === undefined ? undefined : `covers the internet (${via})`;
}

/** The 12-digit account of an ARN, `""` for an ARN without one (S3), undefined for a non-ARN. */
export function arnAccount(arn: string): string | undefined {
    const parts = arn.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    return parts[4];
}

const hasWildcard = (v: string) => /[*?]/.test(v);

/** Why one value of `key` pins nothing, or undefined when it names one thing of the stack's own. */
export function valueProblem(key: string, value: string, id: Identity): string | undefined {
    if (value.includes("${")) return `'${value}' is a policy variable, which every caller satisfies for itself`;
    if (/^[*?]*$/.test(value)) return `'${value}' matches anything`;
    if (ACCOUNT_KEYS.includes(key)) {
        if (!/^\d{12}$/.test(value)) return `'${value}' is not one account`;
        if (id.accounts.size > 0 && !id.accounts.has(value)) return `'${value}' is another account`;
        return undefined;
    }
    if (ARN_KEYS.includes(key)) {
        const account = arnAccount(value);
        if (account === undefined) return `'${value}' is not an ARN`;
        if (account === "")
            return hasWildcard(value.split(":").slice(5).join(":").split("/")[0])
                ? `'${value}' names no one resource`
                : undefined;
        if (!/^\d{12}$/.test(account)) return `'${value}' names no one account`;
        if (id.accounts.size > 0 && !id.accounts.has(account)) return `'${value}' is in another account`;
        return undefined;
    }
    if (ORG_KEYS.includes(key)) {
        if (hasWildcard(value)) return `'${value}' names no one organization`;
        if (id.orgIds.size > 0 && !id.orgIds.has(value)) return `'${value}' is another organization`;
        return undefined;
    }
    if (ORG_PATH_KEYS.includes(key)) {
        const org = value.split("/")[0];
        if (hasWildcard(org)) return `'${value}' names no one organization`;
        if (id.orgIds.size > 0 && !id.orgIds.has(org)) return `'${value}' is another organization`;
        return undefined;
    }
    if (NETWORK_KEYS.includes(key)) return hasWildcard(value) ? `'${value}' names no one endpoint or VPC` : undefined;
    if (key === "aws:userid") {
        // A unique id is AROA/AIDA + 17 characters; `AROA*` or `AROAXYZ*` matches every role.
        const uid = value.split(":")[0];
        if (/^\d{12}$/.test(uid))
            return id.accounts.size > 0 && !id.accounts.has(uid) ? `'${value}' is another account` : undefined;
        if (hasWildcard(uid) || uid.length < 16) return `'${value}' matches any principal with that prefix`;
        return undefined;
    }
    return hasWildcard(value) ? `'${value}' contains a wildcard` : undefined;
}

/** Accounts that a positive condition on an account or ARN key names, outside the stack's own and AWS's documented sources. */
export function foreignConditionAccounts(s: RawStatement, id: Identity): string[] {
    if (id.accounts.size === 0) return [];
    const out = new Set<string>();
    for (const c of conditionEntries(s)) {
        if (!ACCOUNT_KEYS.includes(c.key) && !ARN_KEYS.includes(c.key)) continue;
        if (/not/i.test(c.operator.replace(/^for(any|all)values:/i, ""))) continue;
        for (const v of c.values) {
            // AWS's own topic, as the source its subscribers name (awsOwnedAccounts.ts): that ARN only.
            if (c.key === "aws:sourcearn" && AWS_OWNED_SOURCE_ARNS.includes(v)) continue;
            const account = ACCOUNT_KEYS.includes(c.key) ? v : arnAccount(v);
            if (account && /^\d{12}$/.test(account) && !id.accounts.has(account)) out.add(account);
        }
    }
    return [...out];
}

export interface ConditionEntry {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly string[];
}

export function conditionEntries(s: RawStatement): ConditionEntry[] {
    const out: ConditionEntry[] = [];
    const cond = s.Condition;
    if (typeof cond !== "object" || cond === null) return out;
    for (const [operator, block] of Object.entries(cond as Record<string, unknown>)) {
        if (typeof block !== "object" || block === null) continue;
        for (const [key, v] of Object.entries(block as Record<string, unknown>))
            out.push({ operator, key: key.toLowerCase(), values: asArray(v as unknown[]).map(String) });
    }
    return out;
}

/** Why one condition pins nothing, or undefined when it pins the caller. */
export function conditionProblem(c: ConditionEntry, id: Identity, keys: readonly string[] = PINNING_KEYS): string | undefined {
    if (!keys.includes(c.key)) return `${c.key} does not name the caller`;
    const op = c.operator.toLowerCase();
    if (op.startsWith("forallvalues:")) return `${c.operator} is true when the request has no ${c.key}`;
    const base = op.replace(/^foranyvalue:/, "");
    if (base.endsWith("ifexists")) return `${c.operator} is true when the request has no ${c.key}`;
    if (base === "null") return `${c.operator} only asks whether ${c.key} is present`;
    if (SOURCE_IP_KEYS.includes(c.key)) {
        if (base === "notipaddress") return `${c.operator} on ${c.key} admits every other address`;
        if (base !== "ipaddress") return `${c.operator} does not compare ${c.key} as an address (IpAddress does)`;
        if (c.values.length === 0) return `${c.key} has no value`;
        const p = sourceIpProblem(c.values);
        return p === undefined ? undefined : `${c.key} ${p}`;
    }
    if (!POSITIVE_OPERATORS.has(base)) return `${c.operator} on ${c.key} admits every other value`;
    if (c.values.length === 0) return `${c.key} has no value`;
    for (const v of c.values) {
        const p = valueProblem(c.key, v, id);
        if (p) return `${c.key} ${p}`;
    }
    return undefined;
}

/** Undefined when some condition of `s` pins the caller; otherwise why none does. */
export function pinProblem(s: RawStatement, id: Identity, keys: readonly string[] = PINNING_KEYS): string | undefined {
    const entries = conditionEntries(s).filter((c) => keys.includes(c.key));
    if (entries.length === 0) return "no condition names the caller (aws:SourceVpce, aws:PrincipalOrgID, aws:SourceArn, ...)";
    const problems: string[] = [];
    for (const c of entries) {
        const p = conditionProblem(c, id, keys);
        if (p === undefined) return undefined;
        problems.push(p);
    }
    return `its conditions pin nothing: ${problems.join("; ")}`;
}

/**
 * True when `sts:ExternalId` is required with a literal value: `StringEquals`
 * (or `StringLike` without a wildcard), not `IfExists`, not negated.
 */
export function hasRealExternalId(s: RawStatement): boolean {
    return conditionEntries(s).some((c) => {
        if (c.key !== "sts:externalid") return false;
        const op = c.operator.toLowerCase();
        if (!["stringequals", "stringlike", "stringequalsignorecase"].includes(op)) return false;
        // An account id is public knowledge, not a secret the third party shares with this account alone.
        return (
            c.values.length > 0 &&
            c.values.every((v) => v.length >= 2 && !hasWildcard(v) && !v.includes("${") && !/^\d{12}$/.test(v))
        );
    });
}
