/**
 * `npm run plugins [-- --check] [-- --dry-run] [-- --file NAME=PATH]`: installs
 * the resource provider plugins the programs need, at the exact versions
 * package-lock.json pins, into the Pulumi CLI's plugin cache ($PULUMI_HOME).
 *
 * Why: Pulumi's released Node.js language host looks for the provider packages
 * that name their plugin only below the program's folder, and npm workspaces
 * hoist @pulumi/aws to the repository root, so `pulumi up` in a layer folder
 * learns of no required plugin up front and relies on the engine fetching the
 * provider when the program first uses it. That fails where automatic plugin
 * acquisition is disabled (PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true) or
 * there is no network, and a fetched "latest compatible" plugin is not the
 * pinned one. Installed first, the exact plugin is found in the cache either way.
 *
 *   --check        install nothing; exit 1 naming each pinned plugin that is missing
 *   --dry-run      print the install commands
 *   --file N=PATH  install plugin N from a local binary, folder or tarball (a mirror
 *                  for air-gapped runners): `pulumi plugin install ... --file PATH`
 *
 * Installing and --check run the pulumi CLI: without it on PATH the script says so with the deploy
 * preflight's words (scripts/src/pulumiCli.ts) and runs nothing.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseCommandLine, UsageError } from "./cli";
import { PreflightHost, formatProblem, pulumiCliProblem, realHost } from "./pulumiCli";

export const REPO_ROOT = path.resolve(__dirname, "../..");

export interface ProviderPlugin {
    readonly name: string;
    readonly version: string;
    /** Where the plugin is downloaded from, when the package names a server of its own. */
    readonly server?: string;
    /** The npm package that pins it. */
    readonly pkg: string;
}

/**
 * The packages the layer programs (stacks/<layer>/package.json) depend on: the
 * programs the deploy script, the workflows and the engine-level run deploy.
 */
function layerDependencies(root: string): Set<string> {
    const stacks = path.join(root, "stacks");
    const names = new Set<string>();
    for (const layer of fs.existsSync(stacks) ? fs.readdirSync(stacks) : []) {
        const manifest = path.join(stacks, layer, "package.json");
        if (!fs.existsSync(manifest)) continue;
        const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as { dependencies?: Record<string, string> };
        for (const name of Object.keys(pkg.dependencies ?? {})) names.add(name);
    }
    return names;
}

/**
 * Every resource provider plugin the layer programs use: each top-level package in
 * package-lock.json that a layer's package.json depends on and whose package.json
 * carries a `pulumi` block with `resource: true` (how the language host recognises a
 * provider SDK). A provider only another program of the workspace uses (the
 * Deployments program's pulumiservice) is left out: the runners that deploy the layers
 * never load it, and an air-gapped runner could not fetch it.
 */
export function pinnedPlugins(root: string = REPO_ROOT): ProviderPlugin[] {
    const lockFile = path.join(root, "package-lock.json");
    const lock = JSON.parse(fs.readFileSync(lockFile, "utf8")) as { packages?: Record<string, { version?: string }> };
    const used = layerDependencies(root);
    const plugins: ProviderPlugin[] = [];
    for (const [key, entry] of Object.entries(lock.packages ?? {})) {
        // Top-level installs only: node_modules/<name> or node_modules/@scope/<name>.
        if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(key)) continue;
        if (!used.has(key.slice("node_modules/".length))) continue;
        const manifest = path.join(root, key, "package.json");
        if (!fs.existsSync(manifest)) continue;
        const pkg = JSON.parse(fs.readFileSync(manifest, "utf8")) as {
            name: string;
            version: string;
            pulumi?: { resource?: boolean; name?: string; version?: string; server?: string };
        };
        if (pkg.pulumi?.resource !== true) continue;
        if (entry.version !== pkg.version) {
            throw new Error(`${manifest} is version ${pkg.version} but ${lockFile} pins ${entry.version}: run npm ci`);
        }
        plugins.push({
            name: pkg.pulumi.name ?? pkg.name.replace(/^@pulumi\//, ""),
            version: pkg.pulumi.version ?? pkg.version,
            ...(pkg.pulumi.server ? { server: pkg.pulumi.server } : {}),
            pkg: pkg.name,
        });
    }
    return plugins.sort((a, b) => a.name.localeCompare(b.name));
}

/** The `pulumi` arguments that install one plugin exactly. */
export function installArgs(p: ProviderPlugin, file?: string): string[] {
    return [
        "plugin",
        "install",
        "resource",
        p.name,
        p.version,
        "--exact",
        ...(file ? ["--file", file] : p.server ? ["--server", p.server] : []),
    ];
}

/** Installed resource plugins, from what `pulumi plugin ls --json` printed. */
export function installedPlugins(listed: string): { name: string; version: string }[] {
    const list = JSON.parse(listed || "[]") as { name: string; kind: string; version: string }[];
    return list.filter((p) => p.kind === "resource").map((p) => ({ name: p.name, version: p.version }));
}

export const USAGE = `usage: npm run plugins [-- --check] [-- --dry-run] [-- --file NAME=PATH ...]

Installs the resource provider plugins package-lock.json pins (exact versions)
into the Pulumi plugin cache, so that pulumi up works with automatic plugin
acquisition disabled or without network.

  --check        install nothing; exit 1 naming each pinned plugin that is missing
  --dry-run      print the pulumi plugin install commands and run nothing
  --file N=PATH  install plugin N from a local binary, folder or tarball (which must exist)

Installing and --check need the pulumi CLI on PATH; --dry-run does not.`;

export interface PluginsDeps {
    readonly root?: string;
    /** Where to look for the pulumi binary before running it (PATH). */
    readonly host: PreflightHost;
    readonly pulumi: (args: string[]) => string;
    readonly out: (text: string) => void;
    /** Usage errors (exit 2), with the usage. */
    readonly err: (text: string) => void;
}

export function main(argv: readonly string[], deps: PluginsDeps): number {
    let parsed;
    try {
        parsed = parseCommandLine(argv, {
            check: { type: "boolean" },
            "dry-run": { type: "boolean" },
            file: { type: "string", multiple: true },
        });
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        deps.err(`plugins: ${e.message}\n\n${USAGE}\n`);
        return 2;
    }
    if (parsed.help) {
        deps.out(`${USAGE}\n`);
        return 0;
    }
    const plugins = pinnedPlugins(deps.root);
    const files = new Map<string, string>();
    for (const f of parsed.values.file ?? []) {
        const m = /^([a-z0-9-]+)=(.+)$/.exec(f);
        if (!m || !plugins.some((p) => p.name === m[1])) {
            deps.err(
                `plugins: --file ${JSON.stringify(f)}: expected NAME=PATH with NAME one of ${plugins.map((p) => p.name).join(", ")}\n`,
            );
            return 2;
        }
        const before = [...files].find(([name]) => name === m[1]);
        if (before) {
            deps.err(`plugins: --file ${m[1]} given twice (${m[1]}=${before[1]} and ${f}): give one PATH per plugin\n`);
            return 2;
        }
        // The CLI runs in this process's folder (the repository's root under npm run), so a relative PATH is from there.
        const where = path.resolve(m[2]);
        if (!deps.host.exists(where)) {
            deps.err(
                `plugins: --file ${f}: no file or folder at ${m[2]}${where === m[2] ? "" : ` (${where})`}: ` +
                    "give the plugin's binary, folder or tarball\n",
            );
            return 2;
        }
        files.set(m[1], m[2]);
    }
    // --check lists the installed plugins and an install runs them: both need the CLI, a dry run does not.
    const cli =
        parsed.values.check || !parsed.values["dry-run"] ? pulumiCliProblem(deps.host, "it manages the plugin cache") : undefined;
    if (cli) {
        deps.out(`plugins: cannot run (nothing was run):\n${formatProblem(cli)}\n`);
        return 1;
    }
    const pulumi = (args: string[]): string | undefined => {
        try {
            return deps.pulumi(args);
        } catch (e) {
            deps.out(`plugins: pulumi ${args.join(" ")} failed: ${(e as Error).message.split("\n")[0]}\n`);
            return undefined;
        }
    };
    if (parsed.values.check) {
        const listed = pulumi(["plugin", "ls", "--json"]);
        if (listed === undefined) return 1;
        const have = installedPlugins(listed);
        const missing = plugins.filter((p) => !have.some((h) => h.name === p.name && h.version === p.version));
        for (const p of plugins) {
            deps.out(`${missing.includes(p) ? "MISSING" : "ok     "} resource ${p.name} ${p.version} (${p.pkg})\n`);
        }
        if (missing.length === 0) return 0;
        deps.out(`\nplugins: ${missing.length} pinned plugin(s) missing; install with:\n`);
        for (const p of missing) deps.out(`  pulumi ${installArgs(p).join(" ")}\n`);
        deps.out("or run: npm run plugins\n");
        return 1;
    }
    for (const p of plugins) {
        const args = installArgs(p, files.get(p.name));
        deps.out(`pulumi ${args.join(" ")}\n`);
        if (parsed.values["dry-run"]) continue;
        const printed = pulumi(args);
        if (printed === undefined) return 1;
        deps.out(printed);
    }
    return 0;
}

if (require.main === module) {
    process.exitCode = main(process.argv.slice(2), {
        host: realHost(),
        pulumi: (args) => execFileSync("pulumi", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }),
        out: (t) => process.stdout.write(t),
        err: (t) => process.stderr.write(t),
    });
}
