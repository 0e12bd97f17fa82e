/**
 * `npm run plugins`: the provider plugins package-lock.json pins, installed
 * exactly, so `pulumi up` works with automatic plugin acquisition disabled.
 */
import * as fs from "fs";
import * as path from "path";
import { main, pinnedPlugins, REPO_ROOT } from "../src/plugins";

const AWS_VERSION = (
    JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
        packages: Record<string, { version: string }>;
    }
).packages["node_modules/@pulumi/aws"].version;

function run(argv: string[], installed: { name: string; kind: string; version: string }[] = []) {
    const calls: string[][] = [];
    let out = "";
    const code = main(argv, {
        pulumi: (args) => {
            calls.push(args);
            return args[1] === "ls" ? JSON.stringify(installed) : "";
        },
        out: (t) => (out += t),
    });
    return { code, calls, out };
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
        expect(run(["--file", "aws=/mirror/pulumi-resource-aws.tar.gz"]).calls).toEqual([
            ["plugin", "install", "resource", "aws", AWS_VERSION, "--exact", "--file", "/mirror/pulumi-resource-aws.tar.gz"],
        ]);
        const bad = run(["--file", "azure=/x"]);
        expect(bad.code).toBe(2);
        expect(bad.out).toContain('--file "azure=/x": expected NAME=PATH with NAME one of aws');
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
