/**
 * The licences of what the policy pack installs. The pack runs on every machine that
 * previews a stack of a policy group that enables it, so every package of its installed
 * production tree must carry a licence an organization can accept without legal review.
 *
 * The allow-list holds permissive licences only (no copyleft, no "source available"):
 *   MIT, ISC, 0BSD, BSD-2-Clause, BSD-3-Clause, Apache-2.0: the usual permissive licences;
 *   BlueOak-1.0.0: permissive (OSI-approved), used by several npm CLI packages;
 *   CC0-1.0 and Unlicense: public-domain dedications, no conditions at all;
 *   Python-2.0: permissive; only appears in `A OR B` expressions (argparse's "Python-2.0").
 * Anything else (AGPL, GPL, LGPL, SSPL, MPL, "SEE LICENSE IN ...", UNLICENSED, none) fails.
 * An SPDX expression passes when the licensee can choose permissive terms: an `OR` passes
 * when one side passes, an `AND` only when both do; `WITH` exceptions are judged by the base
 * licence.
 */
import * as fs from "fs";
import * as path from "path";

export const ALLOWED_LICENCES: readonly string[] = [
    "MIT",
    "ISC",
    "0BSD",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "Apache-2.0",
    "BlueOak-1.0.0",
    "CC0-1.0",
    "Unlicense",
    "Python-2.0",
];

interface Manifest {
    name?: string;
    version?: string;
    license?: unknown;
    licenses?: unknown;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/** The licence a manifest declares, as one SPDX expression: `license` (string or legacy `{type}`), or legacy `licenses: [{type}]` (any of them). */
export function declaredLicence(pkg: { license?: unknown; licenses?: unknown }): string | undefined {
    const typeOf = (v: unknown): string | undefined =>
        typeof v === "string"
            ? v
            : typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string"
              ? (v as { type: string }).type
              : undefined;
    const single = typeOf(pkg.license);
    if (single !== undefined) return single.trim();
    if (Array.isArray(pkg.licenses)) {
        const types = pkg.licenses.map(typeOf).filter((t): t is string => t !== undefined);
        // A package listing several licences offers each of them (npm's legacy form of `A OR B`).
        if (types.length > 0) return types.length === 1 ? types[0] : `(${types.join(" OR ")})`;
    }
    return undefined;
}

/** True when the SPDX expression lets the licensee use the package under allowed terms only. */
export function licenceAllowed(expression: string, allowed: readonly string[] = ALLOWED_LICENCES): boolean {
    const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
    let i = 0;
    const lower = new Set(allowed.map((a) => a.toLowerCase()));
    // expr := term (OR term)* ; term := factor (AND factor)* ; factor := '(' expr ')' | id [WITH id]
    const expr = (): boolean => {
        let ok = term();
        while (tokens[i]?.toUpperCase() === "OR") {
            i++;
            const right = term();
            ok = ok || right;
        }
        return ok;
    };
    const term = (): boolean => {
        let ok = factor();
        while (tokens[i]?.toUpperCase() === "AND") {
            i++;
            const right = factor();
            ok = ok && right;
        }
        return ok;
    };
    const factor = (): boolean => {
        const t = tokens[i++];
        if (t === undefined) throw new Error("ends early");
        if (t === "(") {
            const ok = expr();
            if (tokens[i++] !== ")") throw new Error("unbalanced parentheses");
            return ok;
        }
        if (t === ")" || /^(AND|OR|WITH)$/i.test(t)) throw new Error(`unexpected ${t}`);
        if (tokens[i]?.toUpperCase() === "WITH") i += 2;
        // `MIT+`-style "or later" suffixes do not change whether the base is permissive.
        return lower.has(t.replace(/\+$/, "").toLowerCase());
    };
    try {
        const ok = expr();
        return i === tokens.length && ok;
    } catch {
        return false;
    }
}

export interface InstalledPackage {
    readonly name: string;
    readonly version: string;
    readonly licence?: string;
    /** Folder relative to the walk's root, for messages. */
    readonly where: string;
    /** The chain that pulls it in: `@pulumi/policy > @grpc/grpc-js`. */
    readonly via: string;
}

/** The folder node resolves `name` to from `from` (a package folder), walking up through node_modules. */
function resolveFolder(from: string, name: string): string | undefined {
    let dir = from;
    for (;;) {
        const candidate = path.join(dir, "node_modules", name);
        if (fs.existsSync(path.join(candidate, "package.json"))) return fs.realpathSync(candidate);
        const parent = path.dirname(dir);
        if (parent === dir) return undefined;
        dir = parent;
    }
}

/**
 * What a machine that enforces the policy pack installs: the language host installs a policy
 * pack's dependencies with `npm install --loglevel=error`, without `--production`
 * (pulumi-language-nodejs `InstallDependencies` calls `npm.Install` with `production` false;
 * the CLI reaches it from `installRequiredPolicy` in pkg/backend/httpstate/policypack.go, and
 * the npm manager adds `--production` only when it is true). So the pack's devDependencies
 * are installed beside its dependencies, at the versions npm-shrinkwrap.json pins, and are on
 * disk there under their licences even though the pack needs them only to build.
 */
export function enforcedPackTree(dir: string): InstalledPackage[] {
    return productionTree(dir, { devDependencies: true });
}

/**
 * Every package the production dependencies of the package at `dir` install, as node
 * resolves them from there (so a workspace package is walked through the workspace's
 * node_modules, an unpacked tarball through its own): `dependencies`, installed
 * `optionalDependencies`, and non-optional `peerDependencies` (npm installs those).
 * With `devDependencies`, the package's own devDependencies too (never a dependency's: npm
 * installs those for the folder it runs in only). Throws when a required dependency is not
 * installed.
 */
export function productionTree(dir: string, opts: { devDependencies?: boolean } = {}): InstalledPackage[] {
    const root = fs.realpathSync(dir);
    const seen = new Map<string, InstalledPackage>();
    const queue: { folder: string; via: string }[] = [{ folder: root, via: "" }];
    const missing: string[] = [];
    while (queue.length > 0) {
        const { folder, via } = queue.shift()!;
        const pkg = JSON.parse(fs.readFileSync(path.join(folder, "package.json"), "utf8")) as Manifest;
        const optional = new Set([
            ...Object.keys(pkg.optionalDependencies ?? {}),
            ...Object.entries(pkg.peerDependenciesMeta ?? {})
                .filter(([, m]) => m.optional)
                .map(([n]) => n),
        ]);
        const wanted = {
            ...(opts.devDependencies && folder === root ? pkg.devDependencies : {}),
            ...pkg.dependencies,
            ...pkg.optionalDependencies,
            ...Object.fromEntries(Object.entries(pkg.peerDependencies ?? {}).filter(([n]) => !optional.has(n))),
        };
        for (const name of Object.keys(wanted)) {
            const found = resolveFolder(folder, name);
            if (found === undefined) {
                if (!optional.has(name)) missing.push(`${name} (needed by ${pkg.name ?? folder})`);
                continue;
            }
            if (seen.has(found)) continue;
            const dep = JSON.parse(fs.readFileSync(path.join(found, "package.json"), "utf8")) as Manifest;
            const chain = via ? `${via} > ${name}` : name;
            seen.set(found, {
                name: dep.name ?? name,
                version: dep.version ?? "?",
                licence: declaredLicence(dep),
                where: path.relative(root, found) || ".",
                via: chain,
            });
            queue.push({ folder: found, via: chain });
        }
    }
    if (missing.length > 0) throw new Error(`not installed: ${missing.join(", ")}; run npm install`);
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/**
 * Packages whose manifest does not declare an allowed SPDX licence but whose terms were read
 * and are permissive, keyed by exact `name@version` so that a new version is reviewed again.
 * Both come with @pulumi/pulumi, which the pack cannot run without.
 */
export const REVIEWED_LICENCES: Readonly<Record<string, { readonly licence: string; readonly reason: string }>> = {
    "@logdna/tail-file@2.2.0": {
        licence: "MIT",
        reason: 'declares "SEE LICENSE IN LICENSE"; its LICENSE file is the MIT License text',
    },
    "spdx-exceptions@2.5.0": {
        licence: "CC-BY-3.0",
        reason: "a data file (the SPDX list of licence exceptions) under an attribution-only licence, not copyleft",
    },
};

/** One line per installed package whose licence is not on the allow-list, naming it, its licence and who pulls it in. */
export function licenceProblems(
    tree: readonly InstalledPackage[],
    allowed: readonly string[] = ALLOWED_LICENCES,
    reviewed: Readonly<Record<string, unknown>> = REVIEWED_LICENCES,
): string[] {
    return tree
        .filter((p) => !(`${p.name}@${p.version}` in reviewed))
        .filter((p) => p.licence === undefined || !licenceAllowed(p.licence, allowed))
        .map(
            (p) =>
                `${p.name}@${p.version}: licence ${p.licence === undefined ? "(none declared)" : `"${p.licence}"`} is not allowed (via ${p.via})`,
        );
}
