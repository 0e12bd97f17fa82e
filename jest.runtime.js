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
 * `vm.compileFunction` in the test file's context, which (unlike the main
 * realm's `require`) keeps nothing between calls: every test file parsed each
 * module again, and compiled each function it called again.
 *
 * Here a worker compiles a module's source once, as a `vm.Script` of the
 * module's function expression (the wrapper Node's own CommonJS loader used
 * for years, its first line moved out of the way by `lineOffset`, so line and
 * column numbers are the file's), and each test file runs that script in its
 * own context to get the module's function there. Node's documentation of
 * vm.Script: "Instances of the vm.Script class contain precompiled scripts
 * that can be executed in specific contexts", and its example runs one script
 * in three contexts. Each test file still gets a new function in its own
 * realm, run afresh with its own module, exports and globals; what is shared
 * is V8's compiled code, including functions compiled lazily when a test
 * first called them. The script is kept per filename with the exact source
 * text, so an edited file is compiled anew. In three interleaved runs of `npm
 * test`, this took the suite's CPU time from 101-105 s to 91-96 s.
 *
 * A module whose source calls `import()` (found by es-module-lexer, see
 * importsDynamically) is left to jest's compile, in each test file: a script's
 * dynamic import callback is fixed when it is compiled, and only jest's
 * callback, made per test file, imports into the right one. (No code cache for
 * those either: on Node 20 a function compiled from `cachedData` loses its
 * dynamic import callback.)
 *
 * jest 30 compiles in its ModuleExecutor (`runtime.executor.compile`); if a
 * later jest moves that, this falls back to jest's runtime unchanged.
 */
const ASYNC_HOOKS = require("async_hooks");
const path = require("path");
const vm = require("vm");
const Runtime = require("jest-runtime").default;
const lexer = require("es-module-lexer");

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
const { sep } = path;
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
 * same string each time also makes the shared scripts' source check below a pointer comparison.
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

/**
 * `import`, then `(` or a comment: what may be a dynamic import (nothing else can come between
 * the keyword and its parenthesis). Most sources have none, and need no more than this.
 */
const MAYBE_DYNAMIC_IMPORT = /\bimport\s*(?:\(|\/[/*])/;

/**
 * Whether `code` calls `import()`. Where the pattern matches, es-module-lexer (jest's own lexer
 * for ES module syntax) tells a call from the word in a string or a comment: the 9 MB
 * TypeScript compiler, which names `import(` in its messages, is then shared like any other
 * module. A source the lexer cannot read counts as importing.
 */
function importsDynamically(code) {
    if (!MAYBE_DYNAMIC_IMPORT.test(code)) return false;
    try {
        lexer.initSync();
        // Each import the lexer found; `d` is where a dynamic import's argument starts, -1 for a static one.
        return lexer.parse(code)[0].some((i) => i.d > -1);
    } catch {
        return true;
    }
}

/** filename -> the source and parameters it was compiled from, and its script (null: jest compiles it). */
const sharedScripts = new Map();

/** The script of the module function `(function (<params>) {<code>})`, compiled once per source. */
function sharedScript(code, filename, params) {
    const paramList = params.join(", ");
    const known = sharedScripts.get(filename);
    if (known && known.code === code && known.paramList === paramList) return known.script;
    let script = null;
    if (path.isAbsolute(filename) && !importsDynamically(code)) {
        try {
            // The parameters' line comes before the file's first line: -1 keeps its line numbers.
            script = new vm.Script(`(function (${paramList}) {\n${code}\n})`, { filename, lineOffset: -1 });
        } catch {
            script = null; // a syntax error: jest's compile reports it (and tells an ES module from broken code)
        }
    }
    sharedScripts.set(filename, { code, paramList, script });
    return script;
}

/**
 * `async_hooks` as a test file's modules get it: the module itself, but with an AsyncLocalStorage
 * that adds each storage it makes to `storages`, for the test file's teardown to disable.
 *
 * The SDK makes AsyncLocalStorage instances when it loads (its run state), and jest loads it
 * afresh for every test file, from Node's one `async_hooks`. Node keeps every storage that was
 * ever entered in one list and, for every promise the process then makes, copies each one's
 * store onto it; Node's documentation of disable(): "Calling asyncLocalStorage.disable() is
 * required before the asyncLocalStorage can be garbage collected." So each test file a worker
 * had run made every later promise dearer, and kept its own storages (and what they hold)
 * alive. Disabled at teardown, only the running test file's storages are in that list.
 */
function asyncHooksOf(real, storages) {
    class AsyncLocalStorage extends real.AsyncLocalStorage {
        constructor(...args) {
            super(...args);
            storages.add(this);
        }
    }
    return { ...real, AsyncLocalStorage };
}

class SharingRuntime extends Runtime {
    constructor(...args) {
        super(...args);
        keepInstalledFiles(this.fileCache);
        /** The AsyncLocalStorage instances this test file's modules made. */
        this.asyncStorages = new Set();
        const coreModule = this.coreModule;
        if (coreModule && typeof coreModule.require === "function") {
            const requireCore = coreModule.require.bind(coreModule);
            let asyncHooks;
            coreModule.require = (name) => {
                const real = requireCore(name);
                if (real !== ASYNC_HOOKS) return real;
                return (asyncHooks ??= asyncHooksOf(real, this.asyncStorages));
            };
        }
        const executor = this.executor;
        if (executor && typeof executor.compile === "function") {
            const compile = executor.compile.bind(executor);
            // What a shared script needs of jest's executor: its module parameters and the test file's context.
            const sharing =
                Array.isArray(executor.injectedModuleParameters) && typeof executor.environment?.getVmContext === "function";
            executor.compile = (source, filename) => {
                const script = sharing ? sharedScript(source, filename, executor.injectedModuleParameters) : null;
                if (script) {
                    // jest's own compile answers null once the test file's environment is torn down.
                    const context = executor.environment.getVmContext();
                    return context == null ? null : script.runInContext(context);
                }
                return compile(source, filename);
            };
        }
        /** moduleName -> its stand-in, one per test file like the module itself. */
        this.deferredModules = new Map();
    }

    teardown() {
        try {
            return super.teardown();
        } finally {
            for (const storage of this.asyncStorages) storage.disable();
            this.asyncStorages.clear();
        }
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

module.exports = SharingRuntime;
