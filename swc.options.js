/**
 * How TypeScript sources are stripped of their types outside ts-node: by jest (@swc/jest) and by
 * the engine-level run's stand-in provider (scripts/src/e2e/register.js). The options ts-node
 * derives for its swc transpiler from tsconfig.base.json ("ts-node": { "swc": true }): ES2022,
 * CommonJS, esModuleInterop, strict. `tsc -b` type-checks the same sources; every source is
 * isolatedModules-clean, so each file transpiles alone.
 */
module.exports = {
    swcrc: false,
    module: { type: "commonjs", noInterop: false, strictMode: true },
    jsc: {
        parser: { syntax: "typescript" },
        target: "es2022",
        keepClassNames: true,
        // TypeScript's default for an ES2022 target, as tsc -b compiles the same sources.
        transform: { useDefineForClassFields: true },
    },
};
