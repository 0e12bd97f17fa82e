/**
 * jest's runtime, with one change: a worker compiles each module's source once.
 *
 * jest gives every test file a fresh module registry, so every test file that
 * loads @pulumi/pulumi compiles it again, and with it the 9 MB TypeScript
 * compiler and npm's arborist, which the SDK requires at load time for closure
 * serialization; then @pulumi/aws. jest compiles each module with
 * `vm.compileFunction`, which (unlike the main realm's `require`) keeps no
 * compilation cache between calls: about half of a worker's CPU time went to
 * compiling the same sources again.
 *
 * Here the first compile of a source in a worker asks V8 for its code cache
 * (`produceCachedData`) and later compiles of the same filename with the same
 * source text hand it back (`cachedData`). Node's documentation of
 * vm.compileFunction: "cachedData: Provides an optional Buffer or TypedArray,
 * or DataView with V8's code cache data for the supplied source." V8 checks
 * the cache against its own version and flags and compiles from scratch when
 * it rejects it, so the result is the same function either way: the same
 * module code, run afresh in each test file's own context; only the parse is
 * skipped. The cache lives in the worker's memory for one run and is keyed on
 * the exact source text, so an edited file is compiled anew.
 *
 * jest 30 compiles in its ModuleExecutor (`runtime.executor.compile`); if a
 * later jest moves that, this falls back to jest's runtime unchanged.
 */
const vm = require("vm");
const Runtime = require("jest-runtime").default;

/** filename -> the source it was compiled from and V8's code cache for it. */
const codeCache = new Map();
let compiling = false;

const compileFunction = vm.compileFunction;
vm.compileFunction = function (code, params, options) {
    const filename = options?.filename;
    if (!compiling || typeof filename !== "string" || options.cachedData !== undefined) {
        return compileFunction.call(this, code, params, options);
    }
    const cached = codeCache.get(filename);
    if (cached && cached.code === code) {
        const fn = compileFunction.call(this, code, params, { ...options, cachedData: cached.data });
        if (fn.cachedDataRejected) codeCache.delete(filename);
        return fn;
    }
    const fn = compileFunction.call(this, code, params, { ...options, produceCachedData: true });
    if (fn.cachedDataProduced && fn.cachedData) codeCache.set(filename, { code, data: fn.cachedData });
    return fn;
};

class CodeCachingRuntime extends Runtime {
    constructor(...args) {
        super(...args);
        const executor = this.executor;
        if (executor && typeof executor.compile === "function") {
            const compile = executor.compile.bind(executor);
            executor.compile = (source, filename) => {
                compiling = true;
                try {
                    return compile(source, filename);
                } finally {
                    compiling = false;
                }
            };
        }
    }
}

module.exports = CodeCachingRuntime;
