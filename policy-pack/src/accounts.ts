/**
 * The AWS accounts a stack belongs to, for "another account" checks. Policies
 * cannot ask AWS who the caller is, so the accounts come from config
 * (`accountIds`), the provider's `allowedAccountIds`, and, for stack policies
 * when neither is set (for the key, reference and principal checks only in the
 * baseline's own projects, `judgedAccounts`), from the ARNs the stack's own resources carry: the most
 * common account among them (a hostile edit adds one foreign ARN, it does not
 * outnumber the stack's own), principals of policy statements left out. Accounts
 * AWS owns (the ELB log-delivery accounts, the IP-ranges topic's) are never a
 * stack's own, and a tie names none, nor does a stack with a value unknown at
 * preview: then no account principal is judged "another account" for lack of
 * knowing the stack's.
 */
import { PolicyResource } from "@pulumi/policy";
import { asArray, jsonInput } from "./util";
import { ifKnown } from "./unknown";
import { accountOf } from "./iam";
import { AWS_OWNED_SOURCE_ARNS, ELB_ACCESS_LOG_ACCOUNTS } from "./awsOwnedAccounts";
import { inConformanceScope } from "./conformance";

/** Accounts AWS owns that a stack's ARNs may name (a log-delivery grant, a subscription to an AWS topic). */
const AWS_OWNED = new Set([
    ...Object.values(ELB_ACCESS_LOG_ACCOUNTS),
    ...AWS_OWNED_SOURCE_ARNS.map((a) => accountOf(a)).filter((a): a is string => a !== undefined),
]);

/**
 * A provider input that holds a list or an object. An explicit `aws.Provider` hands its
 * non-string inputs to the engine as JSON text (pulumi-aws provider.js:
 * `resourceInputs["allowedAccountIds"] = pulumi.output(args?.allowedAccountIds).apply(JSON.stringify)`,
 * and the same for `assumeRoles`); the default provider gets the stack's `aws:` config values.
 */
function providerValue(v: unknown): unknown {
    if (typeof v !== "string" || !/^\s*[[{]/.test(v)) return v;
    return jsonInput(v) ?? v;
}

export function configuredAccounts(accountIds: readonly string[], provider?: { props?: Record<string, unknown> }): Set<string> {
    const out = new Set(accountIds);
    for (const a of asArray<unknown>(providerValue(provider?.props?.["allowedAccountIds"]) as unknown[] | undefined))
        if (typeof a === "string" && /^\d{12}$/.test(a)) out.add(a);
    return out;
}

/**
 * The account of the role a provider assumes last (`assumeRoles`, pulumi-aws 7.x; `assumeRole`,
 * 6.x), which is the account its resources are created in: the provider assumes the roles "in
 * the order that they are listed" and runs as the last one (role chaining,
 * hashicorp/terraform-provider-aws#39255, which pulumi-aws 7.x bridges). A role ARN unknown at
 * preview names no account.
 */
export function assumedRoleAccount(provider?: { props?: Record<string, unknown> }): string | undefined {
    const read = (key: string) => asArray<unknown>(providerValue(ifKnown(() => provider?.props?.[key])) as unknown[] | undefined);
    const roles = [...read("assumeRole"), ...read("assumeRoles")];
    const last = roles[roles.length - 1];
    const arn = typeof last === "object" && last !== null ? ifKnown(() => (last as { roleArn?: unknown }).roleArn) : undefined;
    return typeof arn === "string" ? accountOf(arn) : undefined;
}

/**
 * The accounts one resource is created in, as far as the configuration and its own provider
 * say: `configuredAccounts` and the account of the role the provider assumes. For resource
 * policies, which see one resource and its provider, not the stack's other ARNs. Stack policies
 * use `stackAccounts` (or `judgedAccounts` for keys, references and principals): a stack may hold providers for several accounts, and the first one's
 * role does not speak for the others.
 */
export function resourceAccounts(accountIds: readonly string[], provider?: { props?: Record<string, unknown> }): Set<string> {
    const out = configuredAccounts(accountIds, provider);
    const assumed = assumedRoleAccount(provider);
    if (assumed !== undefined) out.add(assumed);
    return out;
}

const ARN_ACCOUNT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g;

/**
 * Counts the accounts of the ARNs in `value` (a resource's plain props), policy documents written as JSON text
 * included, but not those in a statement's `Principal` or `NotPrincipal`: who a policy grants to is what the
 * "another account" checks judge, so it must not also decide which account is the stack's (one grant to a
 * stranger beside one reference to the stack's own key would otherwise tie them).
 */
function countAccounts(value: unknown, counts: Map<string, number>): void {
    if (typeof value === "string") {
        if (/^\s*[[{]/.test(value))
            try {
                countAccounts(JSON.parse(value) as unknown, counts);
                return;
            } catch {
                // Not JSON after all: read it as text.
            }
        for (const m of value.matchAll(ARN_ACCOUNT)) if (!AWS_OWNED.has(m[1])) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    } else if (Array.isArray(value)) for (const v of value) countAccounts(v, counts);
    else if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) if (k !== "Principal" && k !== "NotPrincipal") countAccounts(v, counts);
}

/**
 * The most common account in each resource list's ARNs, counted once per list:
 * five stack policies ask, and counting writes every resource's props out as JSON.
 * The offline evaluator (offline.ts) hands every stack policy the same list; the
 * analyzer builds a list per policy (@pulumi/policy server.js, analyzeStack), where
 * this saves nothing and changes nothing. Keyed on the list itself, so a list
 * nobody holds any more is dropped with its entry.
 */
const MOST_COMMON = new WeakMap<readonly PolicyResource[], string | undefined>();

function mostCommonAccount(resources: readonly PolicyResource[]): string | undefined {
    if (MOST_COMMON.has(resources)) return MOST_COMMON.get(resources);
    const counts = new Map<string, number>();
    let incomplete = false;
    for (const r of resources) {
        if (!r.type.startsWith("aws:")) continue;
        // Plain JSON: the analyzer's proxies would throw on an unknown value; an ARN that is unknown tells nothing.
        let plain: unknown;
        try {
            plain = JSON.parse(JSON.stringify(r.props)) as unknown;
        } catch {
            // A value unknown at preview: the ARNs not yet known are mostly the stack's own (the ids and ARNs of what
            // the update creates), while the literal ones may be a partner's (a central topic, a vendor's role).
            // Counting the rest would crown the partner; with the picture incomplete, no account is inferred and
            // `pulumi up` judges with every ARN known.
            incomplete = true;
            continue;
        }
        countAccounts(plain, counts);
    }
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    // A tie (one trusted partner, one own role) says nothing about which account is the stack's.
    const best = incomplete || (ranked.length > 1 && ranked[0][1] === ranked[1][1]) ? undefined : ranked[0]?.[0];
    MOST_COMMON.set(resources, best);
    return best;
}

/**
 * The accounts an organization declared for a stack: `accountIds` and the allowedAccountIds of every provider
 * its resources are created through (a stack may hold a provider per account), never inferred. For the checks whose "another account" is a verdict on the organization's accounts
 * (a KMS key, a delivery target): the most common account in a stack's ARNs is one account of the organization
 * at best, so a central key or alerting account of the same organization would be called foreign, and one more
 * resource can change which account it is.
 */
export function declaredStackAccounts(resources: readonly PolicyResource[], accountIds: readonly string[]): Set<string> {
    const out = new Set(accountIds);
    for (const provider of new Set(resources.map((r) => r.provider).filter((p) => p !== undefined)))
        for (const a of configuredAccounts([], provider)) out.add(a);
    return out;
}

/** Accounts of `declaredStackAccounts`, else the most common account in the stack's resource ARNs. */
export function stackAccounts(resources: readonly PolicyResource[], accountIds: readonly string[]): Set<string> {
    const out = declaredStackAccounts(resources, accountIds);
    if (out.size > 0) return out;
    const best = mostCommonAccount(resources);
    if (best) out.add(best);
    return out;
}

/**
 * The accounts a stack's keys and references are judged against: the declared ones (`declaredStackAccounts`).
 * A stack of the baseline's own projects (`conformanceProjects`) that declares none keeps `stackAccounts`, the
 * account its ARNs name: the baseline builds each of its stacks in one account and, without an organization's
 * `accountIds`, names no other, so there the count is the baseline's own design and a reference elsewhere is an
 * edit; of another team's stack it would only be a guess at one account of the organization.
 */
export function judgedAccounts(
    resources: readonly PolicyResource[],
    accountIds: readonly string[],
    conformanceProjects: readonly string[],
): Set<string> {
    const declared = declaredStackAccounts(resources, accountIds);
    if (declared.size > 0 || !inConformanceScope(resources[0]?.urn, { conformanceProjects })) return declared;
    return stackAccounts(resources, accountIds);
}

export { accountOf };
