/**
 * jest.runtime.js defers two modules @pulumi/pulumi requires at load time but uses only to
 * serialize a function: the TypeScript compiler and npm's arborist. Deferred is not removed:
 * the closure serializer and the code-path walk still work under the test runtime, the
 * project's own `require("typescript")` gets the real module, and the SDK's copy is the same
 * module once used.
 */
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
