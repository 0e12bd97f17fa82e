/**
 * Loads TypeScript sources by stripping their types with swc, as ts-node does for the scripts,
 * without ts-node: for the stand-in aws provider of the engine-level run, which the engine
 * starts for every stack of every operation (some 70 times a run). ts-node reads its tsconfig
 * with the TypeScript compiler before it transpiles anything, which took about half of each
 * start (ready to serve in 0.28 s with ts-node, see docs/engine.md for the figures after).
 *
 * Same transpiler and options as jest (swc.options.js); no type check, which `tsc -b` does.
 * Stack traces point into the .ts sources (inline source maps, Node's own support).
 */
const fs = require("fs");
const { transformSync } = require("@swc/core");
const options = require("../../../swc.options");

process.setSourceMapsEnabled(true);

require.extensions[".ts"] = function (module, filename) {
    const { code } = transformSync(fs.readFileSync(filename, "utf8"), {
        ...options,
        filename,
        sourceMaps: "inline",
    });
    module._compile(code, filename);
};
