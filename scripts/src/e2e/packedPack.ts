/**
 * The policy pack as an enforcing machine gets it. `pulumi policy publish` runs `npm pack`
 * (whose prepack compiles the pack into dist/) and uploads the tarball; where the pack is
 * enforced, the tarball is unpacked into a folder and `npm install --loglevel=error` runs
 * there, without `--production` (see `enforcedPackTree` in ../licences.ts), installing the
 * tree npm-shrinkwrap.json pins, devDependencies included. The engine-level run does the
 * same, from the npm cache where it can (`--prefer-offline`, and no audit or funding
 * requests: neither changes what is installed), and gives every `--policy-pack` that folder,
 * so what the run enforces is what would be published and installed.
 */
import * as fs from "fs";
import * as path from "path";
import { exec } from "./exec";
import { E2eWorkspace } from "./workspace";

/** What packing needs of a workspace: where to work, the repository copy to pack, the environment. */
export type PackWorkspace = Pick<E2eWorkspace, "root" | "repo" | "env">;

const packed = new Map<string, Promise<string>>();

/**
 * The folder of the packed and installed pack (`<ws.root>/policy-pack-installed`), made once
 * per workspace: later calls get the same folder.
 */
export function packedPolicyPack(ws: PackWorkspace): Promise<string> {
    let p = packed.get(ws.root);
    if (p === undefined) {
        p = packAndInstall(ws);
        packed.set(ws.root, p);
    }
    return p;
}

/**
 * npm exports its own settings to scripts it runs (`npm run e2e`), among them the prefix
 * of the project it runs in; an npm started with those would install into the repository.
 * The install starts from the user's npm settings only (cache, registry, userconfig).
 */
export function npmEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const keep = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);
    return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k) || keep.has(k.toLowerCase())));
}

async function npm(ws: PackWorkspace, label: string, args: readonly string[], cwd: string, what: string): Promise<string> {
    const r = await exec(ws, label, "npm", args, { cwd, env: npmEnv(ws.env) });
    if (r.code !== 0) {
        const out = r.out.trim().split("\n").slice(-15).join("\n");
        throw new Error(`${what} failed (npm ${args.join(" ")} in ${cwd}, exit ${r.code ?? r.signal ?? "none"}):\n${out}`);
    }
    return r.stdout;
}

async function packAndInstall(ws: PackWorkspace): Promise<string> {
    const source = path.join(ws.repo, "policy-pack");
    const tarballs = path.join(ws.root, "pack-tarball");
    fs.mkdirSync(tarballs, { recursive: true });
    // `npm pack --json` prints one object per package with the tarball's file name.
    const out = await npm(ws, "pack", ["pack", "--json", "--pack-destination", tarballs], source, "packing the policy pack");
    const info = JSON.parse(out.slice(out.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    const tarball = path.join(tarballs, info[0].filename);
    const shipped = info[0].files.map((f) => f.path);
    for (const required of ["dist/index.js", "PulumiPolicy.yaml", "npm-shrinkwrap.json", "LICENSE", "NOTICE"]) {
        if (!shipped.includes(required))
            throw new Error(`the packed policy pack lacks ${required} (it has ${shipped.join(", ")})`);
    }
    const ts = shipped.filter((f) => f.endsWith(".ts"));
    if (ts.length > 0) throw new Error(`the packed policy pack ships TypeScript sources: ${ts.join(", ")}`);

    const dir = path.join(ws.root, "policy-pack-installed");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const untar = await exec(ws, "pack-untar", "tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"], { cwd: dir });
    if (untar.code !== 0) throw new Error(`unpacking ${tarball} failed: ${untar.out}`);
    await npm(
        ws,
        "pack-install",
        ["install", "--loglevel=error", "--prefer-offline", "--no-audit", "--no-fund"],
        dir,
        "installing the packed policy pack",
    );
    if (!fs.existsSync(path.join(dir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack")))
        throw new Error(`${dir}: npm install did not install @pulumi/pulumi, which the engine starts the pack with`);
    return dir;
}
