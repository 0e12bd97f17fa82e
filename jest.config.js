/**
 * One jest run over every workspace, transpile-only: `tsc -b` type-checks the
 * whole tree once before jest starts (see `npm test`), so ts-jest does not
 * type-check each file again (isolatedModules in tsconfig.jest.json).
 */
/** @type {import('jest').Config} */
module.exports = {
    testEnvironment: "node",
    roots: ["<rootDir>/lib", "<rootDir>/stacks", "<rootDir>/policy-pack", "<rootDir>/scripts"],
    testMatch: ["**/test/**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "<rootDir>/tsconfig.jest.json" }] },
    moduleFileExtensions: ["ts", "js", "json"],
    testPathIgnorePatterns: ["/node_modules/", "/.tsbuild/"],
    // Each test file loads the Pulumi SDK and @pulumi/aws once; two workers fit two cores.
    maxWorkers: 2,
    testTimeout: 30000,
    // Quiets the AWS SDK's notice about Node 20 (see the file for why).
    setupFiles: ["<rootDir>/jest.setup.js"],
};
