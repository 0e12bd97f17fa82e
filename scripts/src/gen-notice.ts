/**
 * NOTICE at the repository root (and its copy in policy-pack/, which the published pack
 * carries): the third-party packages the policy pack installs, with their licences, and the
 * packages under other licences that only the repository's tests and tools use. Generated
 * from what is installed, so it cannot fall behind the dependencies.
 *
 *   npm run gen:notice             write NOTICE and policy-pack/NOTICE
 *   npm run gen:notice -- --check  fail when either is stale
 */
import * as fs from "fs";
import * as path from "path";
import { CommandResult, generatorArgs, generatorUsage, printResult } from "./cli";
import { declaredLicence, enforcedPackTree, InstalledPackage, licenceAllowed, REVIEWED_LICENCES } from "./licences";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const NOTICE_FILES = [path.join(REPO_ROOT, "NOTICE"), path.join(REPO_ROOT, "policy-pack", "NOTICE")];

interface LockEntry {
    version?: string;
    license?: unknown;
    link?: boolean;
}

export interface TestOnlyPackage {
    readonly name: string;
    readonly version: string;
    readonly licence: string;
}

/**
 * Packages of the workspace's lock under a licence outside the allow-list that the pack does
 * not install: the tests' and tools' own dependencies.
 */
export function testOnlyPackages(
    lock: { packages: Record<string, LockEntry> },
    shipped: readonly InstalledPackage[],
): TestOnlyPackage[] {
    const inPack = new Set(shipped.map((p) => `${p.name}@${p.version}`));
    const out = new Map<string, TestOnlyPackage>();
    for (const [at, e] of Object.entries(lock.packages)) {
        const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(at);
        if (!m || e.link || e.version === undefined) continue;
        const licence = declaredLicence(e) ?? "(none declared)";
        const id = `${m[1]}@${e.version}`;
        if (inPack.has(id) || licenceAllowed(licence)) continue;
        out.set(id, { name: m[1], version: e.version, licence });
    }
    return [...out.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function noticeText(shipped: readonly InstalledPackage[], testOnly: readonly TestOnlyPackage[]): string {
    const width = Math.max(...shipped.map((p) => `${p.name}@${p.version}`.length)) + 2;
    const line = (p: InstalledPackage): string => {
        const review = REVIEWED_LICENCES[`${p.name}@${p.version}`];
        const licence = review ? `${review.licence} (${review.reason})` : (p.licence ?? "(none declared)");
        return `${`${p.name}@${p.version}`.padEnd(width)}${licence}`;
    };
    return [
        "aws-secure-baseline",
        "Copyright the aws-secure-baseline contributors.",
        "",
        "Licensed under the Apache License, Version 2.0 (see LICENSE).",
        "",
        "Third-party software shipped in the policy pack",
        "===============================================",
        "",
        "The published policy pack (`pulumi policy publish` of policy-pack/) installs the packages",
        "below, pinned by policy-pack/npm-shrinkwrap.json, each under the licence its package declares:",
        "its dependencies and, since the CLI installs a pack with `npm install` without `--production`,",
        "its devDependencies (needed only to build it).",
        "Every one is on the pack's licence allow-list (scripts/src/licences.ts) or was reviewed there.",
        "",
        ...shipped.map(line),
        "",
        "Used by the repository's tests and tools only, not shipped",
        "==========================================================",
        "",
        "These packages are development dependencies of the workspace under licences outside the",
        "allow-list. They run in this repository's tests (for example the IAM policy simulator of",
        "lib/src/testing/iam.ts) and tooling; they are not dependencies of the policy pack, are not",
        "in its tarball or its installed tree, and nothing the pack enforces with loads them.",
        "",
        ...testOnly.map((p) => `${`${p.name}@${p.version}`.padEnd(width)}${p.licence}`),
        "",
    ].join("\n");
}

export function expectedNotice(root: string = REPO_ROOT): string {
    const shipped = enforcedPackTree(path.join(root, "policy-pack"));
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
        packages: Record<string, LockEntry>;
    };
    return noticeText(shipped, testOnlyPackages(lock, shipped));
}

export const USAGE = generatorUsage(
    "gen:notice",
    "Rewrites NOTICE and its copy policy-pack/NOTICE from the installed trees: the packages the policy pack\n" +
        "installs with their licences, and the packages under other licences only the tests and tools use.",
);

export function main(argv: readonly string[], files: readonly string[] = NOTICE_FILES): CommandResult {
    const args = generatorArgs(argv, "gen:notice", USAGE);
    if ("code" in args) return args;
    const text = expectedNotice();
    const shown = (f: string) => path.relative(process.cwd(), f);
    const stale = files.filter((f) => !fs.existsSync(f) || fs.readFileSync(f, "utf8") !== text);
    if (args.check) {
        if (stale.length > 0) return { code: 1, lines: [`${stale.map(shown).join(", ")} stale: run npm run gen:notice`] };
        return { code: 0, lines: [`${files.map(shown).join(", ")}: up to date`] };
    }
    for (const f of stale) fs.writeFileSync(f, text);
    return {
        code: 0,
        lines: files.map((f) => `${shown(f)}: ${stale.includes(f) ? "rewritten" : "unchanged"}`),
    };
}

if (require.main === module) printResult(main(process.argv.slice(2)));
