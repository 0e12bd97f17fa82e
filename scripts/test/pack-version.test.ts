/**
 * Publishing a new pack version is routine and checked: `pulumi policy publish` refuses a version
 * that already exists, so the pack's files may not change without a new version and its entry.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    CHANGELOG_FILE,
    PACK_DIR,
    main as digestMain,
    packDigest,
    packFiles,
    packVersion,
    packVersionProblems,
    writeDigest,
} from "../src/pack-version";

/** Where the release steps are documented. */
const RELEASE_DOC = fs.readFileSync(path.resolve(__dirname, "../../docs/policy-pack.md"), "utf8");

/** A throwaway copy of the pack's files and changelog, to change without touching the repository. */
function copyPack(): { dir: string; changelog: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    for (const rel of packFiles()) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.copyFileSync(path.join(PACK_DIR, rel), path.join(dir, rel));
    }
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

describe("npm run gen:pack-digest says what it did", () => {
    let dir: string;
    let changelog: string;
    beforeEach(() => ({ dir, changelog } = copyPack()));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const rel = () => path.relative(process.cwd(), changelog);

    it("--check: up to date, with the version and digest it checked", () => {
        expect(digestMain(["--check"], dir, changelog)).toEqual({
            code: 0,
            lines: [
                `${rel()}: the entry of policy-pack ${packVersion(dir)} records the pack's digest (sha256:${packDigest(dir)}): up to date`,
            ],
        });
    });

    it("unchanged when the entry already records the digest; recorded when it did not", () => {
        const before = fs.readFileSync(changelog, "utf8");
        expect(digestMain([], dir, changelog)).toEqual({
            code: 0,
            lines: [
                `${rel()}: the entry of policy-pack ${packVersion(dir)} already records this digest (sha256:${packDigest(dir)}); unchanged`,
            ],
        });
        expect(fs.readFileSync(changelog, "utf8")).toBe(before);

        fs.appendFileSync(path.join(dir, "src/policies/general/allowedRegions.ts"), "\n// a stricter rule\n");
        expect(digestMain(["--check"], dir, changelog).code).toBe(1);
        expect(digestMain([], dir, changelog)).toEqual({
            code: 0,
            lines: [`${rel()}: recorded the digest of policy-pack ${packVersion(dir)} (sha256:${packDigest(dir)})`],
        });
        expect(digestMain(["--check"], dir, changelog).code).toBe(0);
    });

    it("refuses to record the digest under an older version's entry, and writes nothing", () => {
        const pkgFile = path.join(dir, "package.json");
        fs.writeFileSync(pkgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(pkgFile, "utf8")), version: "9.9.9" }));
        const before = fs.readFileSync(changelog, "utf8");
        const r = digestMain([], dir, changelog);
        expect(r.code).toBe(1);
        expect(r.lines).toEqual([
            expect.stringMatching(
                /: the newest entry is \S+, but policy-pack\/package.json says 9\.9\.9: add a "## 9\.9\.9" entry/,
            ),
        ]);
        expect(fs.readFileSync(changelog, "utf8")).toBe(before);
    });
});
