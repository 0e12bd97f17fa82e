/**
 * What every script that runs the pulumi CLI checks first (deploy's preflight, npm run plugins):
 * whether the binary is on PATH, with one wording and one install fix. The file system and
 * environment are injected as a host, so the tests need neither. Loads nothing but Node's own
 * modules and the facts' text helper: the plugins script starts without the policy pack.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { wrapText } from "@baseline/lib/src/facts";

export interface PreflightHost {
    readonly env: NodeJS.ProcessEnv;
    readonly homeDir: string;
    readonly platform: NodeJS.Platform;
    exists(p: string): boolean;
    isExecutable(p: string): boolean;
    readFile(p: string): string | undefined;
}

export function realHost(): PreflightHost {
    return {
        env: process.env,
        homeDir: os.homedir(),
        platform: process.platform,
        exists: (p) => fs.existsSync(p),
        isExecutable: (p) => {
            try {
                fs.accessSync(p, fs.constants.X_OK);
                return fs.statSync(p).isFile();
            } catch {
                return false;
            }
        },
        readFile: (p) => {
            try {
                return fs.readFileSync(p, "utf8");
            } catch {
                return undefined;
            }
        },
    };
}

export interface PreflightProblem {
    readonly what: string;
    readonly fix: string;
}

/** Where the `pulumi` binary is on PATH, or undefined. */
export function findPulumi(host: PreflightHost): string | undefined {
    const names = host.platform === "win32" ? ["pulumi.exe", "pulumi.cmd", "pulumi"] : ["pulumi"];
    const dirs = (host.env.PATH ?? host.env.Path ?? "").split(host.platform === "win32" ? ";" : ":").filter(Boolean);
    for (const dir of dirs) {
        for (const n of names) {
            const candidate = path.join(dir, n);
            if (host.isExecutable(candidate)) return candidate;
        }
    }
    return undefined;
}

/**
 * The problem of a missing `pulumi` binary, or undefined when it is on PATH: one wording and one install
 * fix for every script that runs the CLI (deploy, plugins). `why` says what this script needs it for.
 */
export function pulumiCliProblem(host: PreflightHost, why: string): PreflightProblem | undefined {
    if (findPulumi(host)) return undefined;
    return {
        what: `the pulumi CLI is not on PATH (${why})`,
        fix: "install it: curl -fsSL https://get.pulumi.com | sh, then add ~/.pulumi/bin to PATH (brew install pulumi/tap/pulumi on macOS; pulumi/actions@v6 in GitHub Actions)",
    };
}

/**
 * One problem as an item of a list: what is wrong, then its fix, each wrapped for a terminal (fixes
 * are long: install commands, every place credentials can come from).
 */
export function formatProblem(p: PreflightProblem): string {
    return `${wrapText(`  - ${p.what}`, 100, "    ")}\n${wrapText(`    fix: ${p.fix}`, 100, "         ")}`;
}
