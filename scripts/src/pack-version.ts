/**
 * Publishing the policy pack is routine and checked. `pulumi policy publish` uploads the
 * version in policy-pack/package.json and refuses a version the organization already has, so
 * every change to what the pack enforces needs a new version. policy-pack/CHANGELOG.md records,
 * under each version's heading, the digest of the files that make up the pack; a test
 * (scripts/test/pack-version.test.ts) fails when the pack's files no longer match the digest of
 * the current version, i.e. when the pack changed without a version bump.
 *
 *   npm run gen:pack-digest            after bumping "version" and writing the CHANGELOG entry
 *   npm run gen:pack-digest -- --check fail when the recorded digest is stale
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { CommandResult, generatorArgs, generatorUsage, printResult } from "./cli";

export const PACK_DIR = path.resolve(__dirname, "../../policy-pack");
export const CHANGELOG_FILE = path.join(PACK_DIR, "CHANGELOG.md");
export const DIGEST_LINE = /^Pack digest: `sha256:([0-9a-f]{64})`$/m;

/**
 * The files that make up what `pulumi policy publish` ships, sorted: the sources prepack
 * compiles into dist/ and the configuration it compiles them with, the manifest, and the
 * shrinkwrap that pins the installed tree (a dependency that moves is a new pack too).
 */
export function packFiles(dir: string = PACK_DIR): string[] {
    const out: string[] = [
        "index.ts",
        "PulumiPolicy.yaml",
        "tsconfig.json",
        "tsconfig.build.json",
        "package.json",
        "npm-shrinkwrap.json",
    ];
    const walk = (rel: string): void => {
        for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
            const child = path.posix.join(rel, entry.name);
            if (entry.isDirectory()) walk(child);
            else if (entry.name.endsWith(".ts")) out.push(child);
        }
    };
    walk("src");
    return out.sort();
}

/**
 * sha256 over every pack file's path and content. package.json counts without its `version`
 * (bumping the version is what answers a digest change) but with its dependencies (a new
 * @pulumi/policy is a new pack).
 */
export function packDigest(dir: string = PACK_DIR): string {
    const hash = createHash("sha256");
    for (const rel of packFiles(dir)) {
        let text = fs.readFileSync(path.join(dir, rel), "utf8");
        if (rel === "package.json") {
            const pkg = JSON.parse(text) as Record<string, unknown>;
            delete pkg.version;
            text = JSON.stringify(pkg);
        }
        hash.update(`${rel}\0${text}\0`);
    }
    return hash.digest("hex");
}

export function packVersion(dir: string = PACK_DIR): string {
    return (JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version;
}

export interface ChangelogHead {
    readonly version?: string;
    readonly digest?: string;
}

/** The newest entry of the CHANGELOG: its `## <version>` heading and the digest line under it. */
export function changelogHead(text: string): ChangelogHead {
    const sections = text.split(/^## /m).slice(1);
    if (sections.length === 0) return {};
    const first = sections[0];
    const version = /^(\S+)/.exec(first)?.[1];
    const digest = DIGEST_LINE.exec(first)?.[1];
    return { version, digest };
}

/** Problems with the pack's version, each with what to do; empty when publishing is safe. */
export function packVersionProblems(dir: string = PACK_DIR, changelog: string = CHANGELOG_FILE): string[] {
    const version = packVersion(dir);
    const problems: string[] = [];
    if (!/^\d+\.\d+\.\d+$/.test(version)) problems.push(`policy-pack/package.json version "${version}" is not MAJOR.MINOR.PATCH`);
    const head = changelogHead(fs.existsSync(changelog) ? fs.readFileSync(changelog, "utf8") : "");
    if (head.version !== version) {
        problems.push(
            `policy-pack/CHANGELOG.md's newest entry is ${head.version ?? "(none)"}, but policy-pack/package.json says ${version}: ` +
                `add a "## ${version}" entry describing the change`,
        );
    }
    const digest = packDigest(dir);
    if (head.digest !== digest) {
        problems.push(
            `the pack's files changed since ${head.version ?? "the last version"} was recorded (digest ${head.digest ?? "(none)"} ` +
                `!= ${digest}): a published version cannot be republished, so bump "version" in policy-pack/package.json, ` +
                "add its CHANGELOG entry, then run `npm run gen:pack-digest`",
        );
    }
    return problems;
}

/**
 * Writes the current digest into the newest CHANGELOG entry (replacing its digest line, or adding one).
 * Returns whether the file changed: false when the entry already records this digest.
 */
export function writeDigest(changelog: string = CHANGELOG_FILE, dir: string = PACK_DIR): boolean {
    const text = fs.readFileSync(changelog, "utf8");
    const at = text.search(/^## /m);
    if (at < 0) throw new Error(`${changelog} has no "## <version>" entry to record the digest in`);
    const next = text.slice(at + 3).search(/^## /m);
    const end = next < 0 ? text.length : at + 3 + next;
    let entry = text.slice(at, end);
    const line = `Pack digest: \`sha256:${packDigest(dir)}\``;
    entry = DIGEST_LINE.test(entry) ? entry.replace(DIGEST_LINE, line) : entry.replace(/\n/, `\n\n${line}\n`);
    const updated = text.slice(0, at) + entry + text.slice(end);
    if (updated === text) return false;
    fs.writeFileSync(changelog, updated);
    return true;
}

export const USAGE = generatorUsage(
    "gen:pack-digest",
    "Records the digest of the policy pack's files under the newest entry of policy-pack/CHANGELOG.md, which\n" +
        "must be the entry of the version in policy-pack/package.json (bump it and write the entry first).\n" +
        "--check also checks that the version is MAJOR.MINOR.PATCH and has its entry.",
);

export function main(argv: readonly string[], dir: string = PACK_DIR, changelog: string = CHANGELOG_FILE): CommandResult {
    const args = generatorArgs(argv, "gen:pack-digest", USAGE);
    if ("code" in args) return args;
    const rel = path.relative(process.cwd(), changelog);
    const version = packVersion(dir);
    const digest = `sha256:${packDigest(dir)}`;
    if (args.check) {
        const problems = packVersionProblems(dir, changelog);
        if (problems.length > 0) return { code: 1, lines: problems };
        return {
            code: 0,
            lines: [`${rel}: the entry of policy-pack ${version} records the pack's digest (${digest}): up to date`],
        };
    }
    // The digest belongs under the entry of the version being published: written under an older
    // entry, it would claim that version's files were these.
    const head = changelogHead(fs.existsSync(changelog) ? fs.readFileSync(changelog, "utf8") : "");
    if (head.version !== version) {
        return {
            code: 1,
            lines: [
                `${rel}: the newest entry is ${head.version ?? "(none)"}, but policy-pack/package.json says ${version}: ` +
                    `add a "## ${version}" entry describing the change, then run npm run gen:pack-digest (nothing written)`,
            ],
        };
    }
    return writeDigest(changelog, dir)
        ? { code: 0, lines: [`${rel}: recorded the digest of policy-pack ${version} (${digest})`] }
        : { code: 0, lines: [`${rel}: the entry of policy-pack ${version} already records this digest (${digest}); unchanged`] };
}

if (require.main === module) printResult(main(process.argv.slice(2)));
