// ESLint flat config: typescript-eslint's recommended rules over every workspace.
const tseslint = require("typescript-eslint");

module.exports = tseslint.config(
    { ignores: ["**/node_modules/**", "**/.tsbuild/**", "plan-out/**", "coverage/**", "policy-pack/dist/**"] },
    ...tseslint.configs.recommended,
    {
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        },
    },
    {
        // The pack runs without @pulumi/aws installed (a devDependency, for its types): see
        // policy-pack/src/awsResources.ts.
        files: ["policy-pack/src/**/*.ts"],
        rules: {
            "@typescript-eslint/no-restricted-imports": [
                "error",
                {
                    paths: [
                        {
                            name: "@pulumi/aws",
                            allowTypeImports: true,
                            message:
                                "The policy pack does not install @pulumi/aws: use `import type`, and name resource classes through src/awsResources.ts.",
                        },
                    ],
                    patterns: [
                        {
                            group: ["@pulumi/aws/*"],
                            allowTypeImports: true,
                            message: "The policy pack does not install @pulumi/aws: use `import type`.",
                        },
                    ],
                },
            ],
        },
    },
    {
        files: ["**/*.js"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
