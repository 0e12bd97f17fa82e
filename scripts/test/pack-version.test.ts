/**
 * Publishing a new pack version is routine and checked: `pulumi policy publish` refuses a version
 * that already exists, so the pack's files may not change without a new version and its entry.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CHANGELOG_FILE, PACK_DIR, packDigest, packVersion, packVersionProblems, writeDigest } from "../src/pack-version";

/** Where the release steps are documented. */
const RELEASE_DOC = fs.readFileSync(path.resolve(__dirname, "../../docs/policy-pack.md"), "utf8");

/** A throwaway copy of the pack's files and changelog, to change without touching the repository. */
function copyPack(): { dir: string; changelog: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    for (const f of [
        "index.ts",
        "PulumiPolicy.yaml",
        "tsconfig.json",
        "tsconfig.build.json",
        "package.json",
        "npm-shrinkwrap.json",
    ]) {
        fs.copyFileSync(path.join(PACK_DIR, f), path.join(dir, f));
    }
    fs.cpSync(path.join(PACK_DIR, "src"), path.join(dir, "src"), { recursive: true });
    const changelog = path.join(dir, "CHANGELOG.md");
    fs.copyFileSync(CHANGELOG_FILE, changelog);
    return { dir, changelog };
}

describe("policy pack version", () => {
    it("the current version has its CHANGELOG entry and the digest of the pack's files (else: bump and npm run gen:pack-digest)", () => {
        expect(packVersionProblems()).toEqual([]);
    });

    it("a change to a policy without a new version is caught, and bump + entry + gen:pack-digest clears it", () => {
        const { dir, changelog } = copyPack();
        const file = path.join(dir, "src/policies/general/allowedRegions.ts");
        fs.appendFileSync(file, "\n// a stricter rule\n");
        expect(packVersionProblems(dir, changelog).join("\n")).toMatch(/files changed since .* bump "version"/);

        // Bumping alone is not enough: the CHANGELOG must describe the new version.
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string };
        pkg.version = "9.9.9";
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
        expect(packVersionProblems(dir, changelog).join("\n")).toMatch(
            /newest entry is .*, but policy-pack\/package.json says 9\.9\.9/,
        );

        fs.writeFileSync(
            changelog,
            fs.readFileSync(changelog, "utf8").replace(/^## /m, "## 9.9.9\n\nA stricter region rule.\n\n## "),
        );
        writeDigest(changelog, dir);
        expect(packVersion(dir)).toBe("9.9.9");
        expect(packVersionProblems(dir, changelog)).toEqual([]);
        expect(packDigest(dir)).not.toBe(packDigest());
    });

    it("the version alone does not change the digest; a dependency does", () => {
        const { dir } = copyPack();
        const before = packDigest(dir);
        const pkgFile = path.join(dir, "package.json");
        const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { version: string; dependencies: Record<string, string> };
        pkg.version = "1.2.3";
        fs.writeFileSync(pkgFile, JSON.stringify(pkg));
        expect(packDigest(dir)).toBe(before);
        pkg.dependencies["@pulumi/policy"] = "9.0.0";
        fs.writeFileSync(pkgFile, JSON.stringify(pkg));
        expect(packDigest(dir)).not.toBe(before);
    });

    it("no other file states a pack version that could disagree with package.json", () => {
        const policyYaml = fs.readFileSync(path.join(PACK_DIR, "PulumiPolicy.yaml"), "utf8");
        const stated = /^version:\s*(\S+)/m.exec(policyYaml)?.[1];
        if (stated !== undefined) expect(stated).toBe(packVersion());
        const packReadme = fs.readFileSync(path.join(PACK_DIR, "README.md"), "utf8");
        for (const m of packReadme.matchAll(/aws-secure-baseline (\d+\.\d+\.\d+)/g)) expect(m[1]).toBe(packVersion());
    });

    it("the docs give the release steps and enable a named version instead of claiming that latest follows", () => {
        expect(RELEASE_DOC).toContain("bump `version` in `policy-pack/package.json`");
        expect(RELEASE_DOC).toContain("npm run gen:pack-digest");
        expect(RELEASE_DOC).toMatch(/pulumi policy enable <org>\/aws-secure-baseline <version>/);
        expect(RELEASE_DOC).not.toMatch(/`latest` follows/);
        expect(RELEASE_DOC).not.toMatch(/pulumi policy enable \S+ latest/);
    });
});
