/**
 * Cheap stack traces for @pulumi/pulumi's promise bookkeeping, mapped ones for
 * every other error.
 *
 * `debuggablePromise` (@pulumi/pulumi runtime/debuggable.js) stores
 * `new Error().stack` on every promise the SDK makes (several per resource
 * input), and reads it back only to print leaked promises when
 * PULUMI_DEBUG_PROMISE_LEAKS is set. Reading `.stack` runs
 * `Error.prepareStackTrace`; where ts-node, jest or the SDK's runner have
 * installed source-map-support there, every frame of every such stack is looked
 * up in a source map, and V8 first has to recover each frame's line and column.
 * Profiles of the offline plan put about a third of its CPU time there, for
 * text nobody reads. This records a one-line note instead, reading nothing but
 * the top frame's function and file names, and hands every other error (and
 * those stacks too while leak debugging is on) to the formatter that was
 * installed, so a program's own exception still names the .ts file and line it
 * was thrown from.
 */

type PrepareStackTrace = (err: Error, frames: NodeJS.CallSite[]) => unknown;

const INSTALLED = Symbol.for("@baseline/lib/promiseStacks");

/** The file `debuggablePromise` lives in, as a path suffix (either separator). */
const DEBUGGABLE = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]debuggable\.js$/;

/** True for the stack `debuggablePromise` records: its first frame is that function, in the SDK's file. */
export function isPromiseBookkeeping(frames: readonly NodeJS.CallSite[]): boolean {
    const top = frames[0];
    return top !== undefined && top.getFunctionName() === "debuggablePromise" && DEBUGGABLE.test(top.getFileName() ?? "");
}

/** What a promise records instead of its stack, naming the switch that records the real one. */
export const UNRECORDED_PROMISE_STACK =
    "Error: promise creation stack not recorded (set PULUMI_DEBUG_PROMISE_LEAKS=1 to record it)";

/**
 * Wraps the installed `Error.prepareStackTrace` (idempotent). Nothing to do when
 * none is installed: V8's own formatting, in C++, is then already cheap.
 */
export function lightenPromiseStacks(errorClass: ErrorConstructor = Error): void {
    const inner = errorClass.prepareStackTrace as (PrepareStackTrace & { [INSTALLED]?: true }) | undefined;
    // Read once, as debuggable.js reads it once when it loads: with it set, every stack is mapped as before.
    if (inner === undefined || inner[INSTALLED] || process.env.PULUMI_DEBUG_PROMISE_LEAKS) return;
    const wrapper: PrepareStackTrace & { [INSTALLED]?: true } = (err, frames) =>
        isPromiseBookkeeping(frames) ? UNRECORDED_PROMISE_STACK : inner(err, frames);
    wrapper[INSTALLED] = true;
    errorClass.prepareStackTrace = wrapper;
}
