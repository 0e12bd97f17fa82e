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
        files: ["**/*.js"],
        rules: { "@typescript-eslint/no-require-imports": "off" },
    },
);
