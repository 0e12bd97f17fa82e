/**
 * Values unknown at preview. The analyzer (@pulumi/policy) throws its
 * `UnknownValueError` when a policy reads one; the offline evaluator throws
 * `OfflineUnknownValue`. Policies built through `resourcePolicy` / `stackPolicy`
 * declare what such a read means (`onUnknown`), and `policy.ts` applies it to both.
 */
import { UnknownValueError } from "@pulumi/policy";

export class OfflineUnknownValue extends Error {
    /** `path`: the property path that was read, e.g. `ingress.0.cidrBlocks`. */
    constructor(readonly path: string) {
        super(path);
        this.name = "OfflineUnknownValue";
    }
}

export function isUnknownValueError(e: unknown): e is Error {
    return e instanceof UnknownValueError || e instanceof OfflineUnknownValue;
}

/** The property path an unknown-value error names. */
export function unknownPath(e: Error): string {
    if (e instanceof OfflineUnknownValue) return e.path;
    const props = (e as { props?: unknown }).props;
    return Array.isArray(props) ? props.join(".") : e.message;
}

/**
 * `read()`, or undefined when it reads a value unknown at preview. For values a
 * policy only uses to match resources (ids, ARNs): an unknown one matches
 * nothing, and must not stop the whole policy.
 */
export function ifKnown<T>(read: () => T): T | undefined {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) return undefined;
        throw e;
    }
}

/**
 * Runs `judge` on each item; an item whose values are unknown at preview is set aside instead of stopping the
 * others, and once every item is judged the first such error is thrown, so the policy reports what it could
 * judge and defers the rest to `pulumi up`. For stack policies: one resource built from another's outputs must
 * not blank the findings of every other resource in the stack.
 */
export function judgeEach<T>(items: Iterable<T>, judge: (item: T) => void): void {
    let first: Error | undefined;
    for (const item of items)
        try {
            judge(item);
        } catch (e) {
            if (!isUnknownValueError(e)) throw e;
            first ??= e;
        }
    if (first) throw first;
}

/** Carries an unknown-value error past a policy's `onUnknown: "fail"`. */
export class DeferredUnknown extends Error {
    constructor(readonly cause: Error) {
        super(cause.message);
        this.name = "DeferredUnknown";
    }
}

/**
 * `read()`, deferring to `pulumi up` when it reads a value unknown at preview,
 * whatever the policy's `onUnknown`: for a value that decides whether the policy
 * applies (a database's tags, a snapshot's accounts) and that an honest program
 * may compute from another resource. The preview then reports "can't run during
 * preview" (advisory) instead of a violation, and the policy runs on the resolved value.
 */
export function deferred<T>(read: () => T): T {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) throw new DeferredUnknown(e);
        throw e;
    }
}
