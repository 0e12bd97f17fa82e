/**
 * A small evaluator for the subset of AWS CloudFormation Guard 2.x the baseline's Config custom policy
 * rules use, so tests run the real policy text against sample configuration items:
 *
 *   rule <name> [when <disjunction>] { <item>... }
 *   item        := when <disjunction> { <item>... } | <disjunction>
 *   disjunction := <clause> (or <clause>)*
 *   clause      := <path> (== <string> | != <string> | in [<string>, ...] | exists | !exists)
 *   path        := key(.key | .'quoted key' | [*])*
 *
 * Semantics follow Guard: a clause whose path finds no value fails (except `!exists`); `[*]` makes a
 * comparison hold only if it holds for every element; a `when` whose condition fails skips its block; a
 * rule is SKIP when its own `when` fails, FAIL when any item fails, PASS otherwise. Anything outside the
 * subset throws, so the policy cannot silently grow beyond what is tested. Cross-checked against the
 * cfn-guard evaluator (cfn-guard-rs 0.3.3 on PyPI) on the same items.
 */
type Token = { kind: "word" | "string" | "op" | "punct"; text: string };

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    const src = text.replace(/#[^\n]*/g, "");
    const re =
        /\s*(?:("(?:[^"\\]|\\.)*")|('(?:[^'\\]|\\.)*')|(==|!=|!exists)|([{}[\],])|([A-Za-z_][\w]*(?:(?:\.(?:[A-Za-z_]\w*|'[^']*')|\[\*\]))*))/y;
    let m: RegExpExecArray | null;
    let pos = 0;
    while (pos < src.length) {
        if (/^\s*$/.test(src.slice(pos))) break;
        re.lastIndex = pos;
        m = re.exec(src);
        if (!m) throw new Error(`guard: cannot read ${JSON.stringify(src.slice(pos, pos + 30))}`);
        pos = re.lastIndex;
        if (m[1]) tokens.push({ kind: "string", text: JSON.parse(m[1]) as string });
        else if (m[2]) throw new Error(`guard: single-quoted strings only in paths: ${m[2]}`);
        else if (m[3]) tokens.push({ kind: "op", text: m[3] });
        else if (m[4]) tokens.push({ kind: "punct", text: m[4] });
        else tokens.push({ kind: "word", text: m[5] });
    }
    return tokens;
}

type Clause = { path: string; op: "==" | "!=" | "in" | "exists" | "!exists"; values: string[] };
type Disjunction = Clause[];
type Item = { when: Disjunction; items: Item[] } | { clauses: Disjunction };
export interface GuardRule {
    readonly name: string;
    readonly when?: Disjunction;
    readonly items: Item[];
}

export function parseGuard(text: string): GuardRule[] {
    const t = tokenize(text);
    let i = 0;
    const peek = () => t[i];
    const next = () => {
        if (i >= t.length) throw new Error("guard: unexpected end");
        return t[i++];
    };
    const expect = (text: string) => {
        const tok = next();
        if (tok.text !== text) throw new Error(`guard: expected ${text}, got ${tok.text}`);
    };
    const clause = (): Clause => {
        const path = next();
        if (path.kind !== "word") throw new Error(`guard: expected a path, got ${path.text}`);
        const op = next();
        if (op.text === "==" || op.text === "!=") {
            const v = next();
            if (v.kind !== "string") throw new Error(`guard: expected a string after ${op.text}`);
            return { path: path.text, op: op.text, values: [v.text] };
        }
        if (op.text === "in") {
            expect("[");
            const values: string[] = [];
            for (;;) {
                const v = next();
                if (v.kind !== "string") throw new Error("guard: expected a string in a list");
                values.push(v.text);
                if (next().text === "]") break;
            }
            return { path: path.text, op: "in", values };
        }
        if (op.text === "exists" || op.text === "!exists") return { path: path.text, op: op.text, values: [] };
        throw new Error(`guard: unsupported operator ${op.text}`);
    };
    const disjunction = (): Disjunction => {
        const out = [clause()];
        while (peek()?.text === "or" || peek()?.text === "OR") {
            next();
            out.push(clause());
        }
        return out;
    };
    const block = (): Item[] => {
        expect("{");
        const items: Item[] = [];
        while (peek()?.text !== "}") {
            if (peek()?.text === "when") {
                next();
                const when = disjunction();
                items.push({ when, items: block() });
            } else items.push({ clauses: disjunction() });
        }
        expect("}");
        return items;
    };
    const rules: GuardRule[] = [];
    while (i < t.length) {
        expect("rule");
        const name = next().text;
        let when: Disjunction | undefined;
        if (peek()?.text === "when") {
            next();
            when = disjunction();
        }
        rules.push({ name, when, items: block() });
    }
    return rules;
}

const MISSING = Symbol("missing");

/** The values a path selects, or MISSING when a step finds nothing. */
function resolve(doc: unknown, path: string): unknown[] | typeof MISSING {
    const steps = path.match(/[A-Za-z_]\w*|'[^']*'|\[\*\]/g) ?? [];
    let current: unknown[] = [doc];
    for (const step of steps) {
        const nextValues: unknown[] = [];
        for (const v of current) {
            if (step === "[*]") {
                if (!Array.isArray(v)) return MISSING;
                nextValues.push(...(v as unknown[]));
            } else {
                const key = step.startsWith("'") ? step.slice(1, -1) : step;
                if (v === null || typeof v !== "object" || !(key in (v as object))) return MISSING;
                nextValues.push((v as Record<string, unknown>)[key]);
            }
        }
        current = nextValues;
    }
    return current.length === 0 ? MISSING : current;
}

function holds(doc: unknown, c: Clause): boolean {
    const values = resolve(doc, c.path);
    if (c.op === "!exists") return values === MISSING;
    if (values === MISSING) return false;
    if (c.op === "exists") return true;
    return values.every((v) =>
        c.op === "==" ? v === c.values[0] : c.op === "!=" ? v !== c.values[0] : c.values.includes(v as string),
    );
}

const any = (doc: unknown, d: Disjunction) => d.some((c) => holds(doc, c));

function itemsPass(doc: unknown, items: Item[]): boolean {
    return items.every((item) => ("when" in item ? !any(doc, item.when) || itemsPass(doc, item.items) : any(doc, item.clauses)));
}

export type RuleStatus = "PASS" | "FAIL" | "SKIP";
export type Compliance = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";

export function evaluateRule(rule: GuardRule, doc: unknown): RuleStatus {
    if (rule.when && !any(doc, rule.when)) return "SKIP";
    return itemsPass(doc, rule.items) ? "PASS" : "FAIL";
}

/** What AWS Config records for a resource under a custom policy: any failing rule makes it non-compliant. */
export function evaluatePolicy(text: string, doc: unknown): Compliance {
    const statuses = parseGuard(text).map((r) => evaluateRule(r, doc));
    if (statuses.includes("FAIL")) return "NON_COMPLIANT";
    return statuses.every((s) => s === "SKIP") ? "NOT_APPLICABLE" : "COMPLIANT";
}
