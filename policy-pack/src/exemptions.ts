/**
 * Exemptions as data: `{ policy, resource, type?, reason, owner, expires }` entries in
 * the configuration of `pack-exemptions`, the way cdk-nag's suppressions carry a
 * reason and are listed in every report. An exemption stops one policy from
 * enforcing on the resources it names until its expiry date (inclusive, UTC);
 * after that it no longer exempts and the violation says so. Every exemption is
 * reported by the advisory `pack-exemptions-report`: used, expired, or matching
 * nothing.
 *
 * CrossGuard hands each policy only its own configuration, so the list is read
 * by `pack-exemptions`, the first resource policy of the pack (the analyzer runs
 * a resource's policies in pack order, one after the other), and kept here for
 * the policies that run after it in the same analyzer process.
 */
import { globMatches, urnParts } from "./roles";

export interface Exemption {
    /** Name of the exempted policy. */
    readonly policy: string;
    /** A resource URN, or a `project/stack/name` glob (`*`, `?`); `project/stack` for a stack-level finding. */
    readonly resource: string;
    /**
     * The resource's Pulumi type (`aws:s3/bucketPolicy:BucketPolicy`): when set, only a resource of that type is
     * exempt. A name alone also exempts any other resource the project names so (a repository policy called
     * `site` beside the bucket policy `site` the exemption meant).
     */
    readonly type?: string;
    readonly reason: string;
    /** Who answers for it (team or person). */
    readonly owner: string;
    /** Last day it applies, `YYYY-MM-DD` (UTC). */
    readonly expires: string;
}

/** What a policy's violation on `urn` meets in the exemption list. */
export interface ExemptionMatch {
    /** An unexpired exemption: the violation is not enforced. */
    readonly active?: Exemption;
    /** An exemption that matched but has expired: the violation stands. */
    readonly expired?: Exemption;
}

interface State {
    readonly exemptions: readonly Exemption[];
    readonly today: string;
    /** Index -> URNs (or `project/stack`) where the exemption matched a violation. */
    readonly used: Map<number, Set<string>>;
    /** Index -> URNs where the exemption's resource pattern matched a resource of the stack. */
    readonly matched: Map<number, Set<string>>;
}

let state: State = fresh([]);

function fresh(exemptions: readonly Exemption[], today = new Date().toISOString().slice(0, 10)): State {
    return { exemptions, today, used: new Map(), matched: new Map() };
}

/** Starts a stack's evaluation with no exemptions loaded (the offline evaluator, once per stack). */
export function resetExemptions(): void {
    state = fresh([]);
}

/** Loads the list (once per analyzer process; again when it changes). */
export function loadExemptions(exemptions: readonly Exemption[], today?: string): void {
    if (JSON.stringify(exemptions) === JSON.stringify(state.exemptions) && today === undefined) return;
    state = fresh(exemptions, today);
}

export function currentExemptions(): { exemptions: readonly Exemption[]; today: string } {
    return { exemptions: state.exemptions, today: state.today };
}

/** The `project/stack/name` form of a URN (`project/stack` for a stack-level finding). */
export function resourceKey(urnOrStack: string): string {
    const p = urnParts(urnOrStack);
    return p ? `${p.project}/${p.stack}/${p.name}` : urnOrStack;
}

function covers(e: Exemption, urnOrStack: string): boolean {
    if (e.type !== undefined && urnParts(urnOrStack)?.type !== e.type) return false;
    return e.resource === urnOrStack || globMatches(e.resource, resourceKey(urnOrStack));
}

/** Records that a resource exists, for the "matches nothing" report. */
export function noteResource(urn: string): void {
    state.exemptions.forEach((e, i) => {
        if (covers(e, urn)) state.matched.set(i, new Set([...(state.matched.get(i) ?? []), urn]));
    });
}

/** The exemption, if any, that applies to `policy`'s violation on `urnOrStack`; records its use. */
export function exemptionFor(policy: string, urnOrStack: string): ExemptionMatch {
    let expired: Exemption | undefined;
    for (const [i, e] of state.exemptions.entries()) {
        if (e.policy !== policy || !covers(e, urnOrStack)) continue;
        if (e.expires < state.today) {
            expired = e;
            continue;
        }
        state.used.set(i, new Set([...(state.used.get(i) ?? []), urnOrStack]));
        return { active: e };
    }
    return expired ? { expired } : {};
}

export interface ExemptionStatus {
    readonly exemption: Exemption;
    readonly status: "used" | "expired" | "unmatched" | "unneeded";
    /** Where it exempted a violation (used) or matched a resource (expired, unneeded). */
    readonly where: readonly string[];
}

/** Whether an exemption names resources of the stack `project/stack` (its pattern's first two parts match). */
export function aimsAt(e: Exemption, stack: string): boolean {
    if (e.resource.startsWith("urn:pulumi:")) {
        const p = urnParts(e.resource);
        return p !== undefined && `${p.project}/${p.stack}` === stack;
    }
    const [project = "", stackName = ""] = e.resource.split("/");
    return globMatches(`${project}/${stackName}`, stack);
}

/**
 * Every exemption of the list that concerns the stack `project/stack`, with what it
 * did there. An exemption aimed at other stacks is reported by theirs, not here.
 */
export function exemptionStatuses(stack: string): ExemptionStatus[] {
    return state.exemptions.flatMap((exemption, i): ExemptionStatus[] => {
        if (!aimsAt(exemption, stack)) return [];
        return [status(exemption, i)];
    });
}

function status(exemption: Exemption, i: number): ExemptionStatus {
    const used = [...(state.used.get(i) ?? [])];
    const matched = [...(state.matched.get(i) ?? [])];
    if (exemption.expires < state.today) return { exemption, status: "expired", where: matched };
    if (used.length > 0) return { exemption, status: "used", where: used };
    if (matched.length > 0) return { exemption, status: "unneeded", where: matched };
    return { exemption, status: "unmatched", where: [] };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(s: string): boolean {
    const m = DATE.exec(s);
    if (!m) return false;
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/**
 * Every problem of an exemption list, each naming the entry, the key and the
 * value and saying what is allowed. `policies`: the pack's policy names.
 */
export function exemptionProblems(list: unknown, policies: readonly string[]): string[] {
    const where = "pack-exemptions.exemptions";
    if (list === undefined) return [];
    if (!Array.isArray(list)) return [`${where}: ${JSON.stringify(list)} is not a list of exemptions`];
    const problems: string[] = [];
    list.forEach((raw: unknown, i) => {
        const at = `${where}[${i}]`;
        if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
            problems.push(`${at}: ${JSON.stringify(raw)} is not an object { policy, resource, reason, owner, expires }`);
            return;
        }
        const e = raw as Record<string, unknown>;
        for (const k of Object.keys(e))
            if (!["policy", "resource", "type", "reason", "owner", "expires"].includes(k))
                problems.push(`${at}.${k}: not an exemption key (policy, resource, type, reason, owner, expires)`);
        if (
            e["type"] !== undefined &&
            (typeof e["type"] !== "string" || !/^[a-zA-Z0-9._-]+:[a-zA-Z0-9._/-]+:[a-zA-Z0-9._]+$/.test(e["type"]))
        )
            problems.push(
                `${at}.type: ${JSON.stringify(e["type"])} is not a Pulumi resource type (like aws:s3/bucketPolicy:BucketPolicy)`,
            );
        const text = (k: string, what: string) => {
            const v = e[k];
            if (typeof v !== "string" || v.trim() === "") {
                problems.push(`${at}.${k}: ${JSON.stringify(v)} is empty or missing: ${what}`);
                return undefined;
            }
            return v;
        };
        const policy = text("policy", "the name of the exempted policy");
        if (policy !== undefined && !policies.includes(policy))
            problems.push(`${at}.policy: '${policy}' is not a policy of the pack (see the roster in the pack's README)`);
        if (policy === "pack-exemptions" || policy === "pack-exemptions-report")
            problems.push(`${at}.policy: '${policy}' reports the exemptions and cannot be exempted`);
        const resource = text("resource", "a resource URN or a project/stack/name glob");
        if (resource !== undefined && !resource.startsWith("urn:pulumi:") && resource.split("/").length < 2)
            problems.push(`${at}.resource: '${resource}' is neither a URN nor a project/stack/name glob`);
        text("reason", "why the resource may break the policy, for the auditor");
        text("owner", "the team or person who answers for the exemption");
        const expires = e["expires"];
        if (typeof expires !== "string" || !isRealDate(expires))
            problems.push(
                `${at}.expires: ${JSON.stringify(expires)} is not a date YYYY-MM-DD (the last day the exemption applies)`,
            );
    });
    return problems;
}
