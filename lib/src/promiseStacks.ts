/**
 * No stack traces for @pulumi/pulumi's promise bookkeeping; every other error
 * keeps its stack, source-mapped as before.
 *
 * `debuggablePromise` (@pulumi/pulumi runtime/debuggable.js) stores
 * `new Error().stack` on every promise the SDK makes (several per resource
 * input), and reads it back only to print leaked promises when
 * PULUMI_DEBUG_PROMISE_LEAKS is set. Each such stack costs V8 a capture, a call
 * site per frame and a call of `Error.prepareStackTrace`, where ts-node, jest or
 * the SDK's runner install source-map support: once about a third of the offline
 * plan's CPU time, for text nobody reads.
 *
 * Loading this library wraps the SDK's exported `debuggablePromise` (every SDK
 * module calls it through that export, `debuggable_1.debuggablePromise(...)`)
 * so that the stack it captures is empty (`Error.stackTraceLimit` is 0 for the
 * call, restored after it) and the promise records a one-line note instead; the
 * rest of the bookkeeping (leak candidates, the exit check) runs unchanged. With
 * PULUMI_DEBUG_PROMISE_LEAKS set nothing is wrapped, so each promise records its
 * real stack. Nothing else changes: an exception a program throws still names
 * the .ts file and line it was thrown from.
 */

type DebuggablePromise = (<T>(p: Promise<T>, ctx: unknown) => Promise<T>) & { [INSTALLED]?: true };

/** What this library reads and replaces of @pulumi/pulumi's runtime/debuggable module. */
export interface DebuggableModule {
    debuggablePromise?: DebuggablePromise;
}

const INSTALLED = Symbol.for("@baseline/lib/promiseStacks");

/** What a promise records instead of its stack, naming the switch that records the real one. */
export const UNRECORDED_PROMISE_STACK =
    "Error: promise creation stack not recorded (set PULUMI_DEBUG_PROMISE_LEAKS=1 to record it)";

/** The SDK's module, as its own modules load it: the same instance every program, the plan and each test file use. */
function sdkDebuggable(): DebuggableModule {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module of the SDK, no typings
    return require("@pulumi/pulumi/runtime/debuggable") as DebuggableModule;
}

/**
 * Wraps `sdk.debuggablePromise` (idempotent; nothing to do while leak debugging
 * is on). The limit set is this realm's `Error`'s: the one the SDK's code
 * constructs, since the SDK is loaded beside this library (in jest, in the same
 * test file's context).
 */
export function lightenPromiseStacks(sdk: DebuggableModule = sdkDebuggable()): void {
    const original = sdk.debuggablePromise;
    // Read once, as debuggable.js reads it once when it loads.
    if (typeof original !== "function" || original[INSTALLED] || process.env.PULUMI_DEBUG_PROMISE_LEAKS) return;
    const wrapper: DebuggablePromise = (p, ctx) => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            const out = original(p, ctx);
            // The SDK defines the property writable; what it holds is the empty stack's header, "Error".
            (p as { _debugStackTrace?: string })._debugStackTrace = UNRECORDED_PROMISE_STACK;
            return out;
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
    wrapper[INSTALLED] = true;
    sdk.debuggablePromise = wrapper;
}
