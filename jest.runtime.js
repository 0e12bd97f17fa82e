/**
 * jest's runtime, with three changes: a worker compiles each module's source once,
 * reads each installed package's file once, and @pulumi/pulumi's closure
 * serializer gets its two big dependencies when it first uses them rather than
 * when the SDK loads.
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

/**
 * Modules @pulumi/pulumi requires at load time but uses only to serialize a
 * JavaScript function into a Lambda (pulumi.runtime.serializeFunction,
 * aws.lambda.CallbackFunction): the TypeScript compiler, 9 MB, through
 * typescript-shim.js, and npm's arborist with its registry client, through
 * runtime/closure/codePaths.js. No program here serializes a function (the
 * Lambda's code is a file asset), yet every test file paid for evaluating both
 * in its fresh module registry: about 145 ms a file, half of what loading
 * @baseline/lib cost (20 files that only import it: 5.8 s before, 2.9 s after).
 *
 * Only the SDK's own requires are deferred; the project's code (the contracts
 * generator reads the TypeScript compiler) gets the module as always.
 */
const DEFERRED = new Set(["typescript", "@npmcli/arborist"]);
const { sep } = require("path");
/** A path inside an installed package, and inside the SDK. */
const NODE_MODULES = `${sep}node_modules${sep}`;
const SDK = `${NODE_MODULES}@pulumi${sep}pulumi${sep}`;

/**
 * Stands for a module until a property is read, then is the module. It says it
 * is an ES module's namespace so TypeScript's `__importStar` (how codePaths.js
 * imports arborist) hands it through instead of copying every key, which would
 * load it at once; the SDK reads no `default` from either module.
 */
function deferred(load) {
    let real;
    const get = () => (real ??= load());
    return new Proxy(
        {},
        {
            get: (_, key) => (key === "__esModule" ? true : get()[key]),
            has: (_, key) => key in get(),
            ownKeys: () => Reflect.ownKeys(get()),
            getOwnPropertyDescriptor: (_, key) => {
                const d = Reflect.getOwnPropertyDescriptor(get(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
}

/**
 * The installed packages' files as read and decoded, kept for the worker's life: jest reads and
 * decodes each module's file afresh for every test file (its FileCache lives as long as one test
 * file), about 700 files for one that loads @baseline/lib, the TypeScript compiler's 9 MB among
 * them. Only files under node_modules: nothing changes them during a run, while a test may
 * rewrite the repository's own files. Thirty test files that only load @baseline/lib and
 * @pulumi/aws took 4.3-4.4 s without this and 3.7-3.8 s with it (one worker, interleaved); the
 * same string each time also makes the code cache's source check below a pointer comparison.
 */
const installedFiles = new Map();

function keepInstalledFiles(fileCache) {
    if (!fileCache || typeof fileCache.readFile !== "function") return;
    const readFile = fileCache.readFile.bind(fileCache);
    fileCache.readFile = (filename) => {
        if (!filename.includes(NODE_MODULES)) return readFile(filename);
        let source = installedFiles.get(filename);
        if (source === undefined) {
            source = readFile(filename);
            installedFiles.set(filename, source);
        }
        return source;
    };
}

class CodeCachingRuntime extends Runtime {
    constructor(...args) {
        super(...args);
        keepInstalledFiles(this.fileCache);
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
        /** moduleName -> its stand-in, one per test file like the module itself. */
        this.deferredModules = new Map();
    }

    requireModuleOrMock(from, moduleName) {
        if (!DEFERRED.has(moduleName) || typeof from !== "string" || !from.includes(SDK)) {
            return super.requireModuleOrMock(from, moduleName);
        }
        let module = this.deferredModules.get(moduleName);
        if (!module) {
            module = deferred(() => super.requireModuleOrMock(from, moduleName));
            this.deferredModules.set(moduleName, module);
        }
        return module;
    }
}

module.exports = CodeCachingRuntime;
