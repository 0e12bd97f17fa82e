/**
 * The throw-away place an engine-level run happens in: a copy of the repository
 * (the run writes an encryption salt into each Pulumi.<stack>.yaml, and the
 * deploy script sets config, so the run never touches the working tree), a
 * file backend, a PULUMI_HOME of its own with the stand-in aws plugin installed,
 * and the environment every command of the run gets.
 */
import { execFileSync } from "child_process";
import { createCipheriv, pbkdf2Sync, randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsPluginVersion } from "./standInAws";

export const REPO_ROOT = path.resolve(__dirname, "../../..");

export interface E2eWorkspace {
    /** The temporary folder holding everything below. */
    readonly root: string;
    /** The copy of the repository the run deploys from. */
    readonly repo: string;
    readonly home: string;
    readonly backend: string;
    readonly bin: string;
    readonly env: NodeJS.ProcessEnv;
}

/** Paths the copy leaves out: installed or generated, never sources. */
const SKIP = /(^|\/)(node_modules|\.git|\.tsbuild|plan-out|coverage|\.pulumi)(\/|$)/;

/** Builds (or reuses from the cache) the Pulumi CLI and language host; returns their folder. */
export function buildEngine(repo: string = REPO_ROOT): string {
    const out = execFileSync("bash", [path.join(repo, "engine", "build.sh")], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
    });
    const bin = out.trim().split("\n").pop() ?? "";
    if (!fs.existsSync(path.join(bin, "pulumi"))) throw new Error(`engine/build.sh printed no usable bin folder: ${out}`);
    return bin;
}

/** The passphrase of the run's throw-away secrets provider (a local file backend, deleted afterwards). */
export const PASSPHRASE = "baseline-e2e-throwaway";

/**
 * A passphrase secrets provider's state, as `pulumi stack init` writes it into a stack file's
 * `encryptionsalt`: "v1:<salt>:" and the word "pulumi" encrypted with the key, by which the CLI
 * checks a passphrase. The same derivation as the CLI's (sdk/go/common/resource/config/crypt.go,
 * NewSymmetricCrypterFromPassphrase and EncryptValue): PBKDF2-SHA256 with 1,000,000 iterations
 * over an 8-byte salt gives an AES-256-GCM key; a value is "v1:<nonce>:<ciphertext and tag>".
 */
export function passphraseSaltState(passphrase: string): string {
    const salt = randomBytes(8);
    const key = pbkdf2Sync(passphrase, salt, 1_000_000, 32, "sha256");
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([cipher.update("pulumi", "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${salt.toString("base64")}:v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
}

/**
 * Gives every stack file of the copy one `encryptionsalt`, which `pulumi stack init` then keeps
 * ("If a stack configuration already exists ... try to respect the settings therein":
 * createSecretsManagerForNewStack in pkg/cmd/pulumi/stack/secrets.go).
 *
 * Why: the CLI derives a stack's key once per process and salt (the passphrase manager caches
 * by its state, pkg/secrets/passphrase/manager.go), and that derivation costs about 0.15 CPU-s.
 * A program reading four upstream stacks made its CLI derive five keys with a salt per stack,
 * one with a salt shared. Nothing the run checks depends on the salts differing; a team
 * whose stacks share a passphrase may share a salt the same way.
 */
export function shareEncryptionSalt(repo: string, state: string = passphraseSaltState(PASSPHRASE)): string[] {
    const written: string[] = [];
    const stacks = path.join(repo, "stacks");
    for (const layer of fs.readdirSync(stacks)) {
        const dir = path.join(stacks, layer);
        if (!fs.statSync(dir).isDirectory()) continue;
        for (const file of fs.readdirSync(dir)) {
            if (!/^Pulumi\..+\.yaml$/.test(file)) continue;
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            if (/^encryptionsalt:/m.test(text)) throw new Error(`${path.join(dir, file)} already has an encryptionsalt`);
            fs.writeFileSync(
                path.join(dir, file),
                `${text.endsWith("\n") || text === "" ? text : `${text}\n`}encryptionsalt: ${state}\n`,
            );
            written.push(path.join("stacks", layer, file));
        }
    }
    return written;
}

export function createWorkspace(bin: string, repo: string = REPO_ROOT, parent: string = os.tmpdir()): E2eWorkspace {
    const root = fs.mkdtempSync(path.join(parent, "baseline-e2e-"));
    const copy = path.join(root, "repo");
    fs.cpSync(repo, copy, {
        recursive: true,
        filter: (src) => !SKIP.test(path.relative(repo, src).split(path.sep).join("/")),
    });
    linkNodeModules(repo, copy);
    shareEncryptionSalt(copy);

    const home = path.join(root, "pulumi-home");
    const backend = path.join(root, "state");
    fs.mkdirSync(backend, { recursive: true });
    installStandInAws(home, repo);

    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        // Nothing may be downloaded: the aws plugin is the stand-in installed above.
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // Preflight asks for AWS credentials; the stand-in provider never uses them.
        AWS_ACCESS_KEY_ID: "stand-in",
        AWS_SECRET_ACCESS_KEY: "stand-in",
        AWS_REGION: "us-east-1",
    };
    delete env.PULUMI_ACCESS_TOKEN;
    delete env.PULUMI_ORG;
    delete env.AWS_PROFILE;
    return { root, repo: copy, home, backend, bin, env };
}

/**
 * One install serves both trees: the copy's node_modules links every package to
 * the repository's, except the workspace packages (@baseline/*), which link to
 * the copy's own folders, so the copy runs its own lib, pack and stacks.
 */
export function linkNodeModules(repo: string, copy: string): void {
    const from = path.join(repo, "node_modules");
    const to = path.join(copy, "node_modules");
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) {
        if (entry === "@baseline") continue;
        fs.symlinkSync(path.join(from, entry), path.join(to, entry));
    }
    const scope = path.join(from, "@baseline");
    fs.mkdirSync(path.join(to, "@baseline"), { recursive: true });
    for (const pkg of fs.readdirSync(scope)) {
        // The repository's link (e.g. ../../stacks/api) read relative to the copy.
        const target = fs.readlinkSync(path.join(scope, pkg));
        fs.symlinkSync(target, path.join(to, "@baseline", pkg));
    }
}

/**
 * Installs the stand-in as the `aws` resource plugin at the version @pulumi/aws
 * asks for, where the engine looks for installed plugins
 * ($PULUMI_HOME/plugins/resource-aws-v<version>/pulumi-resource-aws).
 */
export function installStandInAws(home: string, repo: string = REPO_ROOT): string {
    const version = awsPluginVersion();
    const dir = path.join(home, "plugins", `resource-aws-v${version}`);
    fs.mkdirSync(dir, { recursive: true });
    const script = path.join(dir, "pulumi-resource-aws");
    const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    fs.writeFileSync(
        script,
        [
            "#!/bin/sh",
            "# The stand-in aws provider of the engine-level run (scripts/src/e2e/standInAws.ts).",
            // swc without ts-node (see register.js): the engine starts this for every operation.
            `exec ${q(process.execPath)} -r ${q(path.join(repo, "scripts", "src", "e2e", "register.js"))} \\`,
            `  ${q(path.join(repo, "scripts", "src", "e2e", "standInAws.ts"))} "$@"`,
            "",
        ].join("\n"),
        { mode: 0o755 },
    );
    return script;
}
