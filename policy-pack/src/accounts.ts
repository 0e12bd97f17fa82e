/**
 * The AWS accounts a stack belongs to, for "another account" checks. Policies
 * cannot ask AWS who the caller is, so the accounts come from config
 * (`accountIds`), the provider's `allowedAccountIds`, and, for stack policies
 * when neither is set, from the ARNs the stack's own resources carry: the most
 * common account among them (a hostile edit adds one foreign ARN, it does not
 * outnumber the stack's own).
 */
import { PolicyResource } from "@pulumi/policy";
import { asArray } from "./util";
import { accountOf } from "./iam";

export function configuredAccounts(accountIds: readonly string[], provider?: { props?: Record<string, unknown> }): Set<string> {
    const out = new Set(accountIds);
    for (const a of asArray<unknown>(provider?.props?.["allowedAccountIds"] as string[] | undefined))
        if (typeof a === "string") out.add(a);
    return out;
}

const ARN_ACCOUNT = /arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/g;

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
    for (const r of resources) {
        if (!r.type.startsWith("aws:")) continue;
        // Plain JSON: the analyzer's proxies would throw on an unknown value; an ARN that is unknown tells nothing.
        let text: string;
        try {
            text = JSON.stringify(r.props);
        } catch {
            continue;
        }
        for (const m of text.matchAll(ARN_ACCOUNT)) counts.set(m[1], (counts.get(m[1]) ?? 0) + 1);
    }
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
    MOST_COMMON.set(resources, best);
    return best;
}

/** Accounts of `configuredAccounts`, else the most common account in the stack's resource ARNs. */
export function stackAccounts(resources: readonly PolicyResource[], accountIds: readonly string[]): Set<string> {
    const out = configuredAccounts(accountIds, resources.find((r) => r.provider)?.provider);
    if (out.size > 0) return out;
    const best = mostCommonAccount(resources);
    if (best) out.add(best);
    return out;
}

export { accountOf };
