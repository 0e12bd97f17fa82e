/**
 * The policy pack's installed dependency tree, pinned. `pulumi policy publish` uploads the
 * tarball `npm pack` makes, and every machine that enforces the pack unpacks it and runs
 * `npm install` there. package-lock.json is never published, but npm-shrinkwrap.json is, and
 * npm installs exactly the tree it records; bundling node_modules in the tarball instead would
 * ship platform-specific files and make every publish tens of megabytes. The shrinkwrap is
 * derived from the workspace's package-lock.json (the pack's dependencies as the workspace
 * resolves them, same versions and integrity hashes), so what is tested is what is installed.
 *
 *   npm run gen:pack-shrinkwrap              write policy-pack/npm-shrinkwrap.json
 *   npm run gen:pack-shrinkwrap -- --check   fail when it differs from what the lock implies
 */
import * as fs from "fs";
import * as path from "path";
import { CommandResult, checkOrWrite, generatorArgs, generatorUsage, printResult } from "./cli";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const PACK_FOLDER = "policy-pack";
export const SHRINKWRAP_FILE = path.join(REPO_ROOT, PACK_FOLDER, "npm-shrinkwrap.json");

type Entry = Record<string, unknown> & {
    version?: string;
    link?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
};

export interface Lockfile {
    readonly name?: string;
    readonly lockfileVersion: number;
    readonly packages: Record<string, Entry>;
}

interface PackManifest {
    name: string;
    version: string;
    license?: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** Of `peerDependencies`, the names `peerDependenciesMeta` marks optional: npm installs the others, not these. */
function optionalPeers(e: Pick<Entry, "peerDependenciesMeta">): Set<string> {
    return new Set(
        Object.entries(e.peerDependenciesMeta ?? {})
            .filter(([, m]) => m.optional)
            .map(([n]) => n),
    );
}

/** The peers npm installs next to a package: those not marked optional. */
function requiredPeers(e: Pick<Entry, "peerDependencies" | "peerDependenciesMeta">): Record<string, string> {
    const optional = optionalPeers(e);
    return Object.fromEntries(Object.entries(e.peerDependencies ?? {}).filter(([n]) => !optional.has(n)));
}

/** Where node would find `name` from the package at lock path `from` ("" is the root). */
function resolveInLock(lock: Lockfile, from: string, name: string): string | undefined {
    let dir: string | undefined = from;
    while (dir !== undefined) {
        const candidate = dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
        const entry = lock.packages[candidate];
        if (entry !== undefined) return entry.link ? undefined : candidate;
        if (dir === "") dir = undefined;
        else {
            const m = /^(.*)\/node_modules\/(?:@[^/]+\/)?[^/]+$/.exec(dir);
            dir = m ? m[1] : "";
        }
    }
    return undefined;
}

/** Fields the shrinkwrap recomputes for the pack's own tree rather than copying from the workspace's lock. */
const FLAGS = new Set(["dev", "optional", "devOptional", "peer", "extraneous"]);

/**
 * The npm-shrinkwrap.json of the pack at `packFolder` in the workspace whose lock is `lock`:
 * every package the pack's dependencies (and devDependencies, flagged `dev`) resolve to, with
 * the lock's version, resolved URL and integrity, placed where `npm install` in the unpacked
 * tarball puts it. Throws when the workspace's tree cannot be laid out as the pack's own
 * (two different versions landing on the same path).
 */
export function packShrinkwrap(lock: Lockfile, pkg: PackManifest, packFolder: string = PACK_FOLDER): Record<string, unknown> {
    if (lock.lockfileVersion < 2)
        throw new Error(`package-lock.json: lockfileVersion ${lock.lockfileVersion} has no "packages"; npm >= 7 writes 3`);
    // Lock path -> how it is reached: "prod" (required at run time), "optional" (only through optional edges), "dev".
    const reach = new Map<string, "prod" | "optional" | "dev">();
    const rank = { prod: 3, optional: 2, dev: 1 } as const;
    const missing: string[] = [];

    const visit = (
        from: string,
        deps: Record<string, string> | undefined,
        how: "prod" | "optional" | "dev",
        optional: Set<string>,
    ) => {
        for (const name of Object.keys(deps ?? {})) {
            const at = resolveInLock(lock, from, name);
            if (at === undefined) {
                if (!optional.has(name)) missing.push(`${name} (needed by ${from || "the workspace"})`);
                continue;
            }
            const edge = how === "prod" && optional.has(name) ? "optional" : how;
            const seen = reach.get(at);
            if (seen !== undefined && rank[seen] >= rank[edge]) continue;
            reach.set(at, edge);
            const e = lock.packages[at];
            const optionalNames = new Set([...Object.keys(e.optionalDependencies ?? {}), ...optionalPeers(e)]);
            // npm installs a package's required peers next to it; optional peers only when something else asks.
            visit(at, { ...e.dependencies, ...e.optionalDependencies, ...requiredPeers(e) }, edge, optionalNames);
        }
    };
    // The pack's own peers alike: a required one is installed with it; an optional one (@pulumi/aws,
    // whose types alone the pack names) is not, and so is not in the shrinkwrap.
    visit(packFolder, { ...pkg.dependencies, ...requiredPeers(pkg) }, "prod", new Set());
    visit(packFolder, pkg.devDependencies, "dev", new Set());
    if (missing.length > 0)
        throw new Error(`package-lock.json does not resolve the pack's dependencies: ${missing.join(", ")}; run npm install`);

    const prefix = `${packFolder}/node_modules/`;
    const packages: Record<string, Entry> = {
        "": {
            name: pkg.name,
            version: pkg.version,
            ...(pkg.license ? { license: pkg.license } : {}),
            ...(pkg.dependencies ? { dependencies: pkg.dependencies } : {}),
            ...(pkg.devDependencies ? { devDependencies: pkg.devDependencies } : {}),
            // As npm writes the root of a lock: the peers and which of them are optional.
            ...(pkg.peerDependencies ? { peerDependencies: pkg.peerDependencies } : {}),
            ...(pkg.peerDependenciesMeta ? { peerDependenciesMeta: pkg.peerDependenciesMeta } : {}),
        },
    };
    const placedFrom = new Map<string, string>();
    for (const [at, how] of [...reach.entries()].sort(([a], [b]) => a.localeCompare(b, "en"))) {
        const target = at.startsWith(prefix) ? `node_modules/${at.slice(prefix.length)}` : at;
        const clash = placedFrom.get(target);
        if (clash !== undefined)
            throw new Error(
                `package-lock.json: ${clash} and ${at} would both install at ${target} in the pack; align their versions in the workspace`,
            );
        placedFrom.set(target, at);
        const entry: Entry = {};
        for (const [k, v] of Object.entries(lock.packages[at])) if (!FLAGS.has(k)) entry[k] = v;
        if (how === "dev") entry.dev = true;
        if (how === "optional") entry.optional = true;
        packages[target] = entry;
    }
    const sorted = Object.fromEntries(
        Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b, "en"))),
    );
    return { name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages: sorted };
}

/** The shrinkwrap's text as the repository's lock and pack manifest imply it. */
export function expectedShrinkwrap(root: string = REPO_ROOT): string {
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as Lockfile;
    const pkg = JSON.parse(fs.readFileSync(path.join(root, PACK_FOLDER, "package.json"), "utf8")) as PackManifest;
    return `${JSON.stringify(packShrinkwrap(lock, pkg), null, 2)}\n`;
}

export const USAGE = generatorUsage(
    "gen:pack-shrinkwrap",
    "Rewrites policy-pack/npm-shrinkwrap.json from package-lock.json: the tree every machine that enforces\n" +
        "the published pack installs, at the versions and integrity hashes the workspace tests.",
);

export function main(argv: readonly string[], file: string = SHRINKWRAP_FILE): CommandResult {
    const args = generatorArgs(argv, "gen:pack-shrinkwrap", USAGE);
    if ("code" in args) return args;
    const rel = path.relative(process.cwd(), file);
    return checkOrWrite(file, expectedShrinkwrap(), args.check, {
        stale: (state) =>
            `${rel} ${state === "missing" ? "is missing" : "differs from what package-lock.json pins"}: run npm run gen:pack-shrinkwrap`,
        current: `${rel}: matches package-lock.json`,
        written: `${rel}:`,
    });
}

if (require.main === module) printResult(main(process.argv.slice(2)));
