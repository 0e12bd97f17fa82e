/**
 * jest.runtime.js defers two modules @pulumi/pulumi requires at load time but uses only to
 * serialize a function: the TypeScript compiler and npm's arborist. Deferred is not removed:
 * the closure serializer and the code-path walk still work under the test runtime, the
 * project's own `require("typescript")` gets the real module, and the SDK's copy is the same
 * module once used. A worker keeps the installed packages' files it read, and only those.
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

it("a worker reads an installed package's file once, and the repository's files afresh in each test file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jest-runtime-files-"));
    const root = path.resolve(__dirname, "../..");
    try {
        const write = (rel: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), text);
        };
        write("src/own.js", "module.exports = 1;\n");
        write("node_modules/installed/index.js", "module.exports = 1;\n");
        // The first test file (in name order, one worker) reads both, then rewrites both; the second reads them again.
        write(
            "a.test.js",
            [
                'const fs = require("fs");',
                'test("first", () => {',
                '    expect([require("./src/own"), require("installed")]).toEqual([1, 1]);',
                '    fs.writeFileSync(`${__dirname}/src/own.js`, "module.exports = 2;\\n");',
                '    fs.writeFileSync(`${__dirname}/node_modules/installed/index.js`, "module.exports = 2;\\n");',
                "});",
            ].join("\n"),
        );
        write("b.test.js", 'test("second", () => expect([require("./src/own"), require("installed")]).toEqual([2, 1]));\n');
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
            `module.exports = ${JSON.stringify({ rootDir: dir, runtime: path.join(root, "jest.runtime.js"), testSequencer: path.join(dir, "sequencer.js"), testMatch: ["**/*.test.js"], transform: {}, cache: false })};\n`,
        );
        const r = spawnSync(
            process.execPath,
            [require.resolve("jest/bin/jest", { paths: [root] }), "--runInBand", "--ci", "-c", path.join(dir, "jest.config.js")],
            {
                cwd: dir,
                encoding: "utf8",
            },
        );
        expect([r.status, r.stderr]).toEqual([0, expect.stringContaining("Tests:       2 passed, 2 total")]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}, 60_000);
