/**
 * What an organization's own policies (SCPs, RCPs) mean for the requests that must
 * keep working: the facts the organization policies share, declared once as data,
 * and a small evaluator of a statement's conditions against a request context
 * (the deploy role's requests, an AWS service principal's requests). A condition
 * is judged by what it admits: it exempts a principal only when it is false for
 * every request that principal makes; a key the context does not model, an
 * operator the evaluator does not read or a policy variable may hold, so it
 * exempts no one.
 */
import { PolicyResource } from "@pulumi/policy";
import { serviceActions, parseDocument, Statement } from "./iam";
import { Condition, parseOperator } from "./iamDocument";
import { globMatches } from "./roles";
import { ifKnown } from "./unknown";

export const ORG_POLICY_TYPE = "aws:organizations/policy:Policy";
export const ORG_ATTACHMENT_TYPE = "aws:organizations/policyAttachment:PolicyAttachment";
export const ORG_UNIT_TYPE = "aws:organizations/organizationalUnit:OrganizationalUnit";
export const ORG_TYPE = "aws:organizations/organization:Organization";
export const ORG_ACCOUNT_TYPE = "aws:organizations/account:Account";

/** Every organizations resource type the pack reads. */
export const ORGANIZATION_TYPES = [ORG_TYPE, ORG_UNIT_TYPE, ORG_ACCOUNT_TYPE, ORG_POLICY_TYPE, ORG_ATTACHMENT_TYPE];

// The global services a region deny keeps (AWS's published list), declared once for the pack and
// for the organization layer that writes the SCP.
export { REGION_DENY_GLOBAL_EXEMPTIONS } from "./globalServices";

/**
 * The services the baseline's deploy role writes to in the accounts it manages: identity,
 * the detection layer (CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, flow
 * logs and their log groups), keys, buckets and the organization itself.
 */
export const DEPLOY_ROLE_SERVICES: readonly string[] = [
    "iam",
    "organizations",
    "cloudtrail",
    "config",
    "guardduty",
    "securityhub",
    "access-analyzer",
    "kms",
    "s3",
    "logs",
    "ec2",
];

/** Write actions of those services that the deploy role never performs, each with the reason. */
export const DEPLOY_ROLE_NEVER: Readonly<Record<string, string>> = {
    "organizations:LeaveOrganization":
        "a member account calls it on itself; the deploy role adds and removes accounts from the management account and never leaves",
};

const deployActionCache = new Map<string, readonly string[]>();

/**
 * What the deploy role must be able to do: every action of `services` whose access level is a
 * write (Write, Permissions management, Tagging: each includes "Write" in the service
 * authorization data), less DEPLOY_ROLE_NEVER.
 */
export function deployRoleActions(services: readonly string[]): readonly string[] {
    const key = [...services].sort().join(",");
    let out = deployActionCache.get(key);
    if (out === undefined) {
        const never = new Set(Object.keys(DEPLOY_ROLE_NEVER).map((a) => a.toLowerCase()));
        out = services
            .flatMap((s) =>
                serviceActions(s)
                    .filter((a) => a.accessLevel.includes("Write"))
                    .map((a) => `${s.toLowerCase()}:${a.name}`),
            )
            .filter((a) => !never.has(a.toLowerCase()))
            .sort();
        deployActionCache.set(key, out);
    }
    return out;
}

/** The organization policy kinds the pack judges; undefined for the management policies (tag, backup, ...). */
export function orgPolicyKind(r: { props: Record<string, unknown> }): "SCP" | "RCP" | undefined {
    // "type: Defaults to SERVICE_CONTROL_POLICY" (@pulumi/aws organizations.Policy).
    const type = r.props["type"] ?? "SERVICE_CONTROL_POLICY";
    if (type === "SERVICE_CONTROL_POLICY") return "SCP";
    if (type === "RESOURCE_CONTROL_POLICY") return "RCP";
    return undefined;
}

/** The statements of an organization policy's `content`, or why it cannot be judged. */
export function orgPolicyStatements(content: unknown): { statements: readonly Statement[] } | { error: string } {
    return parseDocument(content);
}

/**
 * A request as a condition sees it. `values`: the keys present (lower-case) and their
 * value; `absent`: keys known to be missing from the request; `inside`: keys whose value is
 * one the policy itself lists (the deploy role works only in the regions the organization's
 * own region deny admits). Every other key is unknown.
 */
export interface RequestContext {
    readonly values: ReadonlyMap<string, string>;
    readonly absent?: ReadonlySet<string>;
    readonly inside?: ReadonlySet<string>;
}

/** The six components of an ARN (the last keeps its colons), or undefined for a string with fewer. */
function arnParts(arn: string): string[] | undefined {
    const parts = arn.split(":");
    if (parts.length < 6) return undefined;
    return [...parts.slice(0, 5), parts.slice(5).join(":")];
}

/**
 * An ARN operator's match: each of the six colon-separated components is compared on its own,
 * so a wildcard does not reach across a colon into the next component.
 */
function arnMatches(pattern: string, value: string): boolean {
    const p = arnParts(pattern);
    const v = arnParts(value);
    if (p === undefined || v === undefined) return false;
    return p.every((part, i) => globMatches(part, v[i]));
}

const STRING_OPERATORS: Readonly<Record<string, { negated: boolean; match: (value: string, pattern: string) => boolean }>> = {
    StringEquals: { negated: false, match: (v, p) => v === p },
    StringNotEquals: { negated: true, match: (v, p) => v === p },
    StringEqualsIgnoreCase: { negated: false, match: (v, p) => v.toLowerCase() === p.toLowerCase() },
    StringNotEqualsIgnoreCase: { negated: true, match: (v, p) => v.toLowerCase() === p.toLowerCase() },
    StringLike: { negated: false, match: (v, p) => globMatches(p, v) },
    StringNotLike: { negated: true, match: (v, p) => globMatches(p, v) },
    // ArnEquals and ArnLike both take wildcards and are "Case-sensitive matching of the ARN"
    // (IAM JSON policy elements: Condition operators, ARN condition operators).
    ArnEquals: { negated: false, match: (v, p) => arnMatches(p, v) },
    ArnLike: { negated: false, match: (v, p) => arnMatches(p, v) },
    ArnNotEquals: { negated: true, match: (v, p) => arnMatches(p, v) },
    ArnNotLike: { negated: true, match: (v, p) => arnMatches(p, v) },
    Bool: { negated: false, match: (v, p) => v.toLowerCase() === p.toLowerCase() },
};

/** True or false when the condition's outcome for `ctx` is certain; undefined when it may go either way. */
export function conditionOutcome(c: Condition, ctx: RequestContext): boolean | undefined {
    const key = c.conditionKey().toLowerCase();
    const { set, base, ifExists } = parseOperator(c.operation().value());
    const values = c.conditionValues();
    if (set !== undefined || values.length === 0 || values.some((v) => v.includes("${"))) return undefined;
    const present = ctx.values.get(key);
    const absent = present === undefined && (ctx.absent?.has(key) ?? false);
    if (base === "Null") {
        if (present === undefined && !absent) return undefined;
        // `Null: true` holds when the key is missing, `Null: false` when it is present.
        return values.some((v) => (v.toLowerCase() === "true") === absent);
    }
    const op = STRING_OPERATORS[base];
    if (op === undefined) return undefined;
    if (absent)
        // "If the policy condition requires that the key is not matched, such as StringNotLike or
        // ArnNotLike, and the right key is not present, the condition is true. This logic applies to
        // all condition operators except ...IfExists and Null check" (IAM User Guide, Condition operators).
        return ifExists || op.negated;
    if (present === undefined) {
        if (!ctx.inside?.has(key)) return undefined;
        return !op.negated;
    }
    const matched = values.some((p) => op.match(present, p));
    return op.negated ? !matched : matched;
}

/** False when some condition of `s` is certainly false for `ctx` (the statement does not apply); true otherwise. */
export function mayApply(s: Statement, ctx: RequestContext): boolean {
    return !s.conditions().some((c) => conditionOutcome(c, ctx) === false);
}

/** Accounts to try the deploy role's ARN in when the organization's accounts are not configured. */
const PROBE_ACCOUNTS = ["000000000000", "123456789012", "999999999999"];

/** The deploy role's requests, one context per account it works in. */
export function deployRoleContexts(roleName: string, accountIds: readonly string[]): RequestContext[] {
    return (accountIds.length > 0 ? accountIds : PROBE_ACCOUNTS).map((account) => ({
        values: new Map([
            // "For IAM roles, the request context returns the ARN of the role, not the ARN of the
            // user that assumed the role" (IAM User Guide, aws:PrincipalArn).
            ["aws:principalarn", `arn:aws:iam::${account}:role/${roleName}`],
            ["aws:principalaccount", account],
            ["aws:principaltype", "AssumedRole"],
            ["aws:principalisawsservice", "false"],
        ]),
        inside: new Set(["aws:requestedregion", "aws:principalorgid"]),
    }));
}

/**
 * A request an AWS service principal makes (CloudTrail and Config delivering to a bucket,
 * log delivery): `aws:PrincipalIsAWSService` is true, and the principal belongs to no
 * organization, so `aws:PrincipalOrgID` and `aws:PrincipalOrgPaths` are absent.
 */
export const SERVICE_PRINCIPAL_CONTEXT: RequestContext = {
    values: new Map([["aws:principalisawsservice", "true"]]),
    absent: new Set(["aws:principalorgid", "aws:principalorgpaths"]),
};

/** Condition keys that name the caller's organization or account: a negated one fences out strangers. */
export const PERIMETER_KEYS: readonly string[] = ["aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount"];

/** A statement's conditions on `keys` with a negated operator (`StringNotEquals...`, `ArnNotLike...`). */
export function negatedConditionsOn(s: Statement, keys: readonly string[]): Condition[] {
    return s.conditions().filter((c) => {
        if (!keys.includes(c.conditionKey().toLowerCase())) return false;
        return /Not/.test(parseOperator(c.operation().value()).base);
    });
}

/** `name`, `name (Pulumi name)`: how messages name an organization resource. */
export function orgLabel(kind: string, r: PolicyResource): string {
    const physical = ifKnown(() => r.props["name"]);
    return typeof physical === "string" && physical !== r.name ? `${kind} '${r.name}' (${physical})` : `${kind} '${r.name}'`;
}

/** `a, b, c, and N more`. */
export function someOf(xs: readonly string[], n = 4): string {
    return xs.length <= n ? xs.join(", ") : `${xs.slice(0, n).join(", ")}, and ${xs.length - n} more`;
}
