/**
 * A small offline evaluator of Amazon EventBridge event patterns, for the operators the baseline's
 * rules use, so tests run the real patterns against sample events:
 *
 *   - a pattern is an object; every key must match (keys of the event not in the pattern are ignored);
 *   - a leaf is an array of matchers, and matches when ANY matcher matches ANY value at that path;
 *   - an array in the event is flattened: a path through an array collects the values of every element
 *     (EventBridge user guide, "Arrays in Amazon EventBridge event patterns": "If the value in the event
 *     is an array, then the event pattern matches if the intersection of the event pattern array and the
 *     event array is non-empty");
 *   - matchers: a string, number or null (exact, case-sensitive), `{ prefix }`, `{ "anything-but": v }`
 *     (v a value, an array of values or `{ prefix }`; the field must exist), `{ numeric: [op, n, ...] }`
 *     (ops <, <=, =, >, >=, every comparison must hold) and `{ exists: boolean }`.
 *
 * Anything else throws, so a pattern cannot silently use an operator this evaluator does not implement.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const LEAF_OPERATORS = new Set(["prefix", "anything-but", "numeric", "exists"]);

function flatten(values: readonly Json[]): Json[] {
    return values.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

function isObject(v: unknown): v is Record<string, Json> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function numericHolds(spec: Json[], value: Json): boolean {
    if (typeof value !== "number") return false;
    if (spec.length === 0 || spec.length % 2 !== 0) throw new Error(`event pattern: bad numeric ${JSON.stringify(spec)}`);
    for (let i = 0; i < spec.length; i += 2) {
        const [op, n] = [spec[i], spec[i + 1]];
        if (typeof n !== "number") throw new Error(`event pattern: numeric needs a number after ${String(op)}`);
        const ok =
            op === "<"
                ? value < n
                : op === "<="
                  ? value <= n
                  : op === "="
                    ? value === n
                    : op === ">"
                      ? value > n
                      : op === ">="
                        ? value >= n
                        : undefined;
        if (ok === undefined) throw new Error(`event pattern: unknown numeric operator ${String(op)}`);
        if (!ok) return false;
    }
    return true;
}

function matcherHolds(matcher: Json, values: readonly Json[]): boolean {
    if (!isObject(matcher)) return values.some((v) => v === matcher);
    const keys = Object.keys(matcher);
    if (keys.length !== 1 || !LEAF_OPERATORS.has(keys[0]))
        throw new Error(`event pattern: unsupported matcher ${JSON.stringify(matcher)}`);
    const [op] = keys;
    const arg = matcher[op];
    switch (op) {
        case "exists":
            return arg === true ? values.length > 0 : values.length === 0;
        case "prefix":
            return values.some((v) => typeof v === "string" && typeof arg === "string" && v.startsWith(arg));
        case "numeric":
            if (!Array.isArray(arg)) throw new Error("event pattern: numeric needs an array");
            return values.some((v) => numericHolds(arg, v));
        case "anything-but": {
            if (values.length === 0) return false;
            if (isObject(arg)) {
                if (typeof arg.prefix !== "string")
                    throw new Error(`event pattern: unsupported anything-but ${JSON.stringify(arg)}`);
                return values.some((v) => typeof v === "string" && !v.startsWith(arg.prefix as string));
            }
            const excluded = Array.isArray(arg) ? arg : [arg];
            return values.some((v) => !excluded.includes(v));
        }
        default:
            throw new Error(`event pattern: unsupported operator ${op}`);
    }
}

function objectMatches(pattern: Record<string, Json>, nodes: readonly Json[]): boolean {
    for (const [key, sub] of Object.entries(pattern)) {
        const children = flatten(nodes.filter(isObject).flatMap((n) => (key in n ? [n[key]] : [])));
        if (Array.isArray(sub)) {
            if (sub.length === 0) throw new Error(`event pattern: empty array at ${key}`);
            if (!sub.some((m) => matcherHolds(m, children))) return false;
        } else if (isObject(sub)) {
            if (!objectMatches(sub, children)) return false;
        } else throw new Error(`event pattern: a leaf must be an array of matchers (at ${key})`);
    }
    return true;
}

/** Whether `event` matches the EventBridge `pattern` (see the module comment for what is supported). */
export function matchesEventPattern(pattern: object, event: object): boolean {
    if (!isObject(pattern)) throw new Error("event pattern: must be an object");
    return objectMatches(pattern, [event as Json]);
}
