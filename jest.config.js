/**
 * One jest run over every workspace, transpile-only: `tsc -b` type-checks the
 * whole tree once before jest starts (see `npm test`), so each file is only
 * stripped of its types, by swc, the transpiler ts-node uses for the programs,
 * the plan and the scripts, with the same options (swc.options.js).
 */
const swc = require("./swc.options");

/** @type {import('jest').Config} */
module.exports = {
    // Compiles each module once per worker instead of once per test file (see the file).
    runtime: "<rootDir>/jest.runtime.js",
    roots: ["<rootDir>/lib", "<rootDir>/stacks", "<rootDir>/policy-pack", "<rootDir>/scripts", "<rootDir>/deployments"],
    testMatch: ["**/test/**/*.test.ts"],
    transform: { "^.+\\.ts$": ["@swc/jest", swc] },
    moduleFileExtensions: ["ts", "js", "json"],
    testPathIgnorePatterns: ["/node_modules/", "/.tsbuild/"],
    // Each test file loads the Pulumi SDK and @pulumi/aws once; two workers fit two cores.
    maxWorkers: 2,
    // A worker keeps something of every test file it ran (jest's vm contexts are not all
    // collected), so its heap grows by some 15 MB a file and each garbage collection
    // marks more of it. Restarting a worker once it passes 600 MB after a file took
    // about 13 % off the CPU time of the lib, stacks and pack tests (interleaved runs);
    // 350 MB was no better, 1000 MB halfway.
    workerIdleMemoryLimit: "600MB",
    testTimeout: 30000,
    // Quiets the AWS SDK's notice about Node 20 (see the file for why).
    setupFiles: ["<rootDir>/jest.setup.js"],
};
