/**
 * `npm run plugins`: the provider plugins package-lock.json pins, installed
 * exactly, so `pulumi up` works with automatic plugin acquisition disabled.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main, pinnedPlugins, REPO_ROOT } from "../src/plugins";
import { PreflightHost, realHost } from "../src/pulumiCli";

const AWS_VERSION = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
        packages: Record<string, { version: string }>;
    }
).packages["node_modules/@pulumi/aws"].version;

/** The real file system, with PATH holding a pulumi binary (or, with `onPath` false, none). */
function host(onPath = true): PreflightHost {
    const real = realHost();
    return {
        ...real,
        env: { PATH: "/usr/local/bin:/usr/bin" },
        platform: "linux",
        isExecutable: (p) => onPath && p === "/usr/local/bin/pulumi",
    };
}

function run(argv: string[], installed: { name: string; kind: string; version: string }[] = [], onPath = true) {
    const calls: string[][] = [];
    let out = "";
    let err = "";
    const code = main(argv, {
        host: host(onPath),
        pulumi: (args) => {
            calls.push(args);
            return args[1] === "ls" ? JSON.stringify(installed) : "";
        },
        out: (t) => (out += t),
        err: (t) => (err += t),
    });
    return { code, calls, out, err };
}

describe("npm run plugins", () => {
    it("finds the aws provider at the version package-lock.json pins, and nothing that is not a provider", () => {
        expect(pinnedPlugins()).toEqual([{ name: "aws", version: AWS_VERSION, pkg: "@pulumi/aws" }]);
    });

    it("leaves out a provider that only another program of the workspace uses (the Deployments program's pulumiservice)", () => {
        const manifest = JSON.parse(
            fs.readFileSync(path.join(REPO_ROOT, "node_modules/@pulumi/pulumiservice/package.json"), "utf8"),
        ) as { pulumi?: { resource?: boolean } };
        expect(manifest.pulumi?.resource).toBe(true);
        expect(pinnedPlugins().map((p) => p.name)).not.toContain("pulumiservice");
    });

    it("installs each pinned plugin exactly", () => {
        const r = run([]);
        expect(r.code).toBe(0);
        expect(r.calls).toEqual([["plugin", "install", "resource", "aws", AWS_VERSION, "--exact"]]);
        expect(run(["--dry-run"]).calls).toEqual([]);
    });

    it("installs from a local file for air-gapped runners, and refuses a plugin it does not pin", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plugins-"));
        try {
            const tarball = path.join(dir, "pulumi-resource-aws.tar.gz");
            fs.writeFileSync(tarball, "");
            expect(run(["--file", `aws=${tarball}`]).calls).toEqual([
                ["plugin", "install", "resource", "aws", AWS_VERSION, "--exact", "--file", tarball],
            ]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        const bad = run(["--file", "azure=/x"]);
        expect([bad.code, bad.out]).toEqual([2, ""]);
        expect(bad.err).toContain('--file "azure=/x": expected NAME=PATH with NAME one of aws');
    });

    it("--file naming a path that does not exist is refused before anything runs, naming the flag and the path", () => {
        for (const argv of [
            ["--file", "aws=/mirror/x.tar.gz"],
            ["--check", "--file", "aws=/mirror/x.tar.gz"],
        ]) {
            const r = run(argv);
            expect([r.code, r.calls, r.out]).toEqual([2, [], ""]);
            expect(r.err).toBe(
                "plugins: --file aws=/mirror/x.tar.gz: no file or folder at /mirror/x.tar.gz: give the plugin's binary, folder or tarball\n",
            );
        }
        // A relative path is from the folder the CLI would run in: the message says which file that is.
        const relative = run(["--file", "aws=mirror/x.tar.gz", "--dry-run"]);
        expect([relative.code, relative.err]).toEqual([
            2,
            `plugins: --file aws=mirror/x.tar.gz: no file or folder at mirror/x.tar.gz (${path.resolve("mirror/x.tar.gz")}): ` +
                "give the plugin's binary, folder or tarball\n",
        ]);
    });

    it("refuses a plugin given twice with --file (it would install only one of the two), naming both", () => {
        const r = run(["--dry-run", "--file", "aws=README.md", "--file", "aws=LICENSE"]);
        expect([r.code, r.calls, r.out]).toEqual([2, [], ""]);
        expect(r.err).toBe("plugins: --file aws given twice (aws=README.md and aws=LICENSE): give one PATH per plugin\n");
    });

    it("prints a usage error and the usage to standard error, nothing to standard output", () => {
        const r = run(["--dry-run", "--verbose"]);
        expect([r.code, r.out]).toEqual([2, ""]);
        expect(r.err).toMatch(
            /^plugins: unknown option --verbose \(known: --check, --dry-run, --file, --help\)\n\nusage: npm run plugins/,
        );
        const help = run(["--help"]);
        expect([help.code, help.err]).toEqual([0, ""]);
        expect(help.out).toMatch(/^usage: npm run plugins/);
    });

    it.each([[[]], [["--check"]], [["--file", `aws=${__filename}`]]])(
        "without the pulumi CLI on PATH, %j says so with how to install it (the deploy preflight's words) and runs nothing",
        (argv) => {
            const r = run(argv, [], false);
            expect([r.code, r.calls]).toEqual([1, []]);
            expect(r.out.split("\n")[0]).toBe("plugins: cannot run (nothing was run):");
            expect(r.out).toContain("  - the pulumi CLI is not on PATH (it manages the plugin cache)\n");
            expect(r.out.replace(/\s+/g, " ")).toContain(
                "fix: install it: curl -fsSL https://get.pulumi.com | sh, then add ~/.pulumi/bin to PATH",
            );
        },
    );

    it("run as npm runs it, with a PATH that has no pulumi: the one message and exit 1, no stack trace", () => {
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "scripts/src/plugins.ts", "--check"], {
            cwd: REPO_ROOT,
            env: { ...process.env, PATH: path.dirname(process.execPath) },
            encoding: "utf8",
        });
        expect([r.status, r.stderr]).toEqual([1, ""]);
        expect(r.stdout).toMatch(/^plugins: cannot run \(nothing was run\):\n {2}- the pulumi CLI is not on PATH/);
    }, 30000);

    it("--dry-run needs no CLI: it prints the commands only", () => {
        const r = run(["--dry-run"], [], false);
        expect([r.code, r.calls, r.out]).toEqual([0, [], `pulumi plugin install resource aws ${AWS_VERSION} --exact\n`]);
    });

    it("a pulumi command that fails ends the run with one line naming it, not a stack trace", () => {
        let out = "";
        const code = main([], {
            host: host(),
            pulumi: () => {
                throw new Error("Command failed: pulumi plugin install\nerror: 404 Not Found");
            },
            out: (t) => (out += t),
            err: () => undefined,
        });
        expect(code).toBe(1);
        expect(out.split("\n").filter(Boolean).pop()).toBe(
            `plugins: pulumi plugin install resource aws ${AWS_VERSION} --exact failed: Command failed: pulumi plugin install`,
        );
    });

    it("--check names a missing or other-version plugin with the command that installs it", () => {
        const missing = run(["--check"], [{ name: "aws", kind: "resource", version: "7.0.0" }]);
        expect(missing.code).toBe(1);
        expect(missing.out).toContain(`MISSING resource aws ${AWS_VERSION} (@pulumi/aws)`);
        expect(missing.out).toContain(`pulumi plugin install resource aws ${AWS_VERSION} --exact`);
        expect(missing.calls).toEqual([["plugin", "ls", "--json"]]);
        const ok = run(["--check"], [{ name: "aws", kind: "resource", version: AWS_VERSION }]);
        expect(ok.code).toBe(0);
    });
});
