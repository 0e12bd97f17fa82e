/**
 * The throw-away place an engine-level run happens in: a copy of the repository
 * (`pulumi stack init` writes each stack's secrets provider and data key into its
 * Pulumi.<stack>.yaml, so the run never touches the working tree), a
 * file backend, a PULUMI_HOME of its own with the stand-in aws plugin installed,
 * and the environment every command of the run gets.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { awsPluginVersion } from "./standInAws";
import { StandInVault } from "./standInVault";

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
    /** What every stack the run creates gets: `pulumi stack init --secrets-provider`, the deploy's `--secrets-provider`. */
    readonly secretsProvider: string;
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

/**
 * A copy of the repository in a new temporary folder, with a file backend, the stand-in aws
 * plugin and the environment every command of the run gets. `vault` is the run's secrets provider
 * (standInVault.ts); no passphrase is set, so a stack created without `ws.secretsProvider` fails
 * at its first command instead of slowing every command on it.
 */
export function createWorkspace(
    bin: string,
    vault: Pick<StandInVault, "env" | "secretsProvider">,
    repo: string = REPO_ROOT,
    parent: string = os.tmpdir(),
): E2eWorkspace {
    const root = fs.mkdtempSync(path.join(parent, "baseline-e2e-"));
    const copy = path.join(root, "repo");
    fs.cpSync(repo, copy, {
        recursive: true,
        filter: (src) => !SKIP.test(path.relative(repo, src).split(path.sep).join("/")),
    });
    linkNodeModules(repo, copy);

    const home = path.join(root, "pulumi-home");
    const backend = path.join(root, "state");
    fs.mkdirSync(backend, { recursive: true });
    installStandInAws(home, repo);

    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: home,
        PULUMI_BACKEND_URL: `file://${backend}`,
        ...vault.env,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        // Nothing may be downloaded: the aws plugin is the stand-in installed above.
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // Preflight asks for AWS credentials; the stand-in provider never uses them.
        AWS_ACCESS_KEY_ID: "stand-in",
        AWS_SECRET_ACCESS_KEY: "stand-in",
        AWS_REGION: "us-east-1",
    };
    delete env.PULUMI_ACCESS_TOKEN;
    delete env.PULUMI_CONFIG_PASSPHRASE;
    delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
    delete env.PULUMI_ORG;
    delete env.AWS_PROFILE;
    return { root, repo: copy, home, backend, bin, env, secretsProvider: vault.secretsProvider };
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
