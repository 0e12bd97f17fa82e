/**
 * jest.runtime.js defers two modules @pulumi/pulumi requires at load time but uses only to
 * serialize a function: the TypeScript compiler and npm's arborist. Deferred is not removed:
 * the closure serializer and the code-path walk still work under the test runtime, the
 * project's own `require("typescript")` gets the real module, and the SDK's copy is the same
 * module once used. A worker keeps the installed packages' files it read, and only those, and
 * compiles a module's source once, which each test file still runs afresh in its own realm.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { types } from "util";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";

it("the SDK's TypeScript stands deferred until read, then is the module the project gets", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's own entry to the compiler
    const shim = require("@pulumi/pulumi/typescript-shim") as typeof ts;
    expect(types.isProxy(shim)).toBe(true);
    expect(types.isProxy(ts)).toBe(false);
    expect(shim.version).toBe(ts.version);
    expect(shim.createSourceFile).toBe(ts.createSourceFile);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object itself, not an import's namespace
    expect(Object.keys(shim).sort()).toEqual(Object.keys(require("typescript") as object).sort());
    expect("SyntaxKind" in shim).toBe(true);
});

it("a function still serializes, with what it closes over (the compiler parses it)", async () => {
    const greeting = "hello from the closure";
    const serialized = await pulumi.runtime.serializeFunction(() => greeting.length);
    expect(serialized.text).toContain(JSON.stringify(greeting));
    expect(serialized.exportName).toBe("handler");
});

it("the code-path walk still reads the package tree with arborist", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jest-runtime-"));
    const cwd = process.cwd();
    try {
        fs.writeFileSync(
            path.join(dir, "package.json"),
            JSON.stringify({ name: "probe", version: "1.0.0", dependencies: { left: "1.0.0" } }),
        );
        fs.mkdirSync(path.join(dir, "node_modules", "left"), { recursive: true });
        fs.writeFileSync(
            path.join(dir, "node_modules", "left", "package.json"),
            JSON.stringify({ name: "left", version: "1.0.0" }),
        );
        process.chdir(dir);
        const paths = await pulumi.runtime.computeCodePaths();
        expect([...paths.keys()]).toEqual(["node_modules/left"]);
    } finally {
        process.chdir(cwd);
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

/**
 * Runs jest with the repository's runtime over `files` (test files run one after the other in name
 * order, on one worker) in a scratch folder, and answers its exit code and output.
 */
function childJest(files: Record<string, string>, config: object = {}): { status: number | null; out: string; dir: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jest-runtime-files-"));
    const root = path.resolve(__dirname, "../..");
    const write = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
    };
    for (const [rel, text] of Object.entries(files)) write(rel, text);
    write(
        "sequencer.js",
        [
            `const Sequencer = require(${JSON.stringify(require.resolve("@jest/test-sequencer", { paths: [root] }))}).default;`,
            "module.exports = class extends Sequencer {",
            "    sort(tests) { return [...tests].sort((a, b) => a.path.localeCompare(b.path)); }",
            "};",
        ].join("\n"),
    );
    write(
        "jest.config.js",
        `module.exports = ${JSON.stringify({ rootDir: dir, runtime: path.join(root, "jest.runtime.js"), testSequencer: path.join(dir, "sequencer.js"), testMatch: ["**/*.test.js"], transform: {}, cache: false, ...config })};\n`,
    );
    const r = spawnSync(
        process.execPath,
        [require.resolve("jest/bin/jest", { paths: [root] }), "--runInBand", "--ci", "-c", path.join(dir, "jest.config.js")],
        { cwd: dir, encoding: "utf8" },
    );
    return { status: r.status, out: `${r.stdout}${r.stderr}`, dir };
}

it("a worker reads an installed package's file once, and the repository's files afresh in each test file", () => {
    // The first test file (in name order, one worker) reads both, then rewrites both; the second reads them again.
    const { status, out, dir } = childJest({
        "src/own.js": "module.exports = 1;\n",
        "node_modules/installed/index.js": "module.exports = 1;\n",
        "a.test.js": [
            'const fs = require("fs");',
            'test("first", () => {',
            '    expect([require("./src/own"), require("installed")]).toEqual([1, 1]);',
            '    fs.writeFileSync(`${__dirname}/src/own.js`, "module.exports = 2;\\n");',
            '    fs.writeFileSync(`${__dirname}/node_modules/installed/index.js`, "module.exports = 2;\\n");',
            "});",
        ].join("\n"),
        "b.test.js": 'test("second", () => expect([require("./src/own"), require("installed")]).toEqual([2, 1]));\n',
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect([status, out]).toEqual([0, expect.stringContaining("Tests:       2 passed, 2 total")]);
}, 60_000);

it("a worker compiles a module once, and each test file runs it afresh in its own context", () => {
    // Every compile the runtime asks of V8, as "<how> <file>": a shared script, or jest's compileFunction.
    const setup = [
        'const vm = require("vm");',
        'const fs = require("fs");',
        "if (!vm.Script.logged) {",
        "    const log = (how, filename) => {",
        "        if (/(counter|dyn|own)/.test(filename)) fs.appendFileSync(`${__dirname}/compiles.log`, `${how} ${filename.slice(__dirname.length + 1)}\\n`);",
        "    };",
        "    const Script = vm.Script;",
        "    vm.Script = class extends Script {",
        '        constructor(code, options) { super(code, options); log("script", options.filename); }',
        "    };",
        "    vm.Script.logged = true;",
        "    const compileFunction = vm.compileFunction;",
        '    vm.compileFunction = function (code, params, options) { log("function", options.filename); return compileFunction.call(this, code, params, options); };',
        "}",
    ].join("\n");
    // Its errors are made on line 1, column 38 and line 4, column 39; `loads` counts its evaluations in this realm.
    const counter = [
        'module.exports.first = () => { throw new Error("on line 1"); };',
        "globalThis.loads = (globalThis.loads ?? 0) + 1;",
        "module.exports.state = { loads: globalThis.loads, list: [] };",
        'module.exports.fourth = () => { throw new Error("on line 4"); };',
        // The word, not a call: the module is still compiled once.
        'module.exports.text = "import(x) is a dynamic import"; // so is import(y)',
    ].join("\n");
    const testFile = (own: number) =>
        [
            'const path = require("path");',
            'const counter = require("counter");',
            'const at = (f) => { try { f(); } catch (e) { return e.stack.split("\\n")[1].replace(`${__dirname}${path.sep}`, ""); } };',
            'test("runs", async () => {',
            "    expect(counter.state.loads).toBe(1);",
            "    expect(counter.state.list instanceof Array).toBe(true);",
            "    expect(Object.getPrototypeOf(counter.state)).toBe(Object.prototype);",
            "    expect(at(counter.first)).toMatch(/\\(node_modules\\/counter\\/index\\.js:1:38\\)$/);",
            "    expect(at(counter.fourth)).toMatch(/\\(node_modules\\/counter\\/index\\.js:4:39\\)$/);",
            `    expect(require("./src/own")).toBe(${own});`,
            '    require("fs").writeFileSync(`${__dirname}/src/own.js`, "module.exports = 2;\\n");',
            // jest's callback is there (without it Node says "A dynamic import callback was not specified"); Node
            // then refuses ES modules in vm without its flag, which this configuration does not set.
            '    await expect(require("dyn")()).rejects.toThrow("A dynamic import callback was invoked without --experimental-vm-modules");',
            "});",
        ].join("\n");
    const { status, out, dir } = childJest(
        {
            "setup.js": setup,
            "node_modules/counter/index.js": counter,
            "node_modules/dyn/index.js": 'module.exports = () => import("./other.js");\n',
            "node_modules/dyn/other.js": "module.exports = 1;\n",
            "src/own.js": "module.exports = 1;\n",
            "a.test.js": testFile(1),
            "b.test.js": testFile(2),
        },
        { setupFiles: ["<rootDir>/setup.js"] },
    );
    try {
        expect([status, out]).toEqual([0, expect.stringContaining("Tests:       2 passed, 2 total")]);
        const compiles = fs.readFileSync(path.join(dir, "compiles.log"), "utf8").trim().split("\n");
        expect(compiles.sort()).toEqual([
            // A module that imports dynamically is compiled by jest in each test file, with its callback.
            "function node_modules/dyn/index.js",
            "function node_modules/dyn/index.js",
            // Once for the worker, though both test files load it.
            "script node_modules/counter/index.js",
            // Once for each source: the first test file rewrote it.
            "script src/own.js",
            "script src/own.js",
        ]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 60_000);

it("a test file's async local storages end with it, and the next test file's work as before", () => {
    // The first test file leaves a function bound to an async context in which its storage has a
    // store, on a module both test files share (Node's own `os`); the second calls it.
    const { status, out, dir } = childJest({
        "a.test.js": [
            'const { AsyncLocalStorage, AsyncResource } = require("async_hooks");',
            'test("first", () => {',
            "    const storage = new AsyncLocalStorage();",
            '    storage.run("first file", () => {',
            '        require("os").probe = AsyncResource.bind(() => storage.getStore());',
            "    });",
            '    expect(require("os").probe()).toBe("first file");',
            "    expect(storage).toBeInstanceOf(AsyncLocalStorage);",
            "});",
        ].join("\n"),
        "b.test.js": [
            'const { AsyncLocalStorage } = require("node:async_hooks");',
            'test("second", async () => {',
            // Disabled with the first test file: its contexts were exited.
            '    expect(require("os").probe()).toBeUndefined();',
            "    const storage = new AsyncLocalStorage();",
            '    await storage.run("second file", async () => {',
            "        await new Promise((resolve) => setTimeout(resolve, 1));",
            '        expect(storage.getStore()).toBe("second file");',
            "    });",
            "});",
        ].join("\n"),
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect([status, out]).toEqual([0, expect.stringContaining("Tests:       2 passed, 2 total")]);
}, 60_000);
