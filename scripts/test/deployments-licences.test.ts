/**
 * The Deployments program (deployments/) is a program that ships: everything its production
 * dependencies install carries a licence on the same allow-list as the policy pack's, and it imports
 * nothing it does not declare.
 */
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { licenceProblems, productionTree } from "../src/licences";

const ROOT = path.resolve(__dirname, "../..");
const PROGRAM = path.join(ROOT, "deployments");

describe("the Deployments program's installed production tree", () => {
    it("has only allowed (or reviewed) licences, @pulumi/pulumiservice (Apache-2.0) included", () => {
        const tree = productionTree(PROGRAM);
        const service = tree.find((p) => p.name === "@pulumi/pulumiservice");
        expect(service).toMatchObject({ version: "1.3.0", licence: "Apache-2.0" });
        // The repository's own workspaces (linked, not installed from a registry) ship under its LICENSE (Apache-2.0).
        const own = tree.filter((p) => !p.where.split(path.sep).includes("node_modules"));
        expect(own.map((p) => p.name)).toEqual(expect.arrayContaining(["@baseline/lib"]));
        for (const p of own) expect(p.name).toMatch(/^@baseline\//);
        expect(licenceProblems(tree.filter((p) => !own.includes(p)))).toEqual([]);
    });

    it("declares every package its sources import, at an exact version", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(PROGRAM, "package.json"), "utf8")) as {
            dependencies: Record<string, string>;
        };
        for (const [name, version] of Object.entries(pkg.dependencies))
            expect([name, version]).toEqual([name, expect.stringMatching(/^\d+\.\d+\.\d+$/)]);
        const imported = new Set<string>();
        for (const file of ["index.ts", ...fs.readdirSync(path.join(PROGRAM, "src")).map((f) => path.join("src", f))]) {
            for (const m of fs.readFileSync(path.join(PROGRAM, file), "utf8").matchAll(/from\s+"([^".][^"]*)"/g)) {
                const spec = m[1];
                imported.add(spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]);
            }
        }
        const builtins = new Set(builtinModules);
        expect([...imported].filter((n) => !builtins.has(n) && !(n in pkg.dependencies))).toEqual([]);
    });
});
