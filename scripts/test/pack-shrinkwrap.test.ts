/**
 * The pack's npm-shrinkwrap.json pins what enforcing machines install; it must say what the
 * workspace's package-lock.json says, so the tree the tests ran on is the tree that ships.
 */
import * as fs from "fs";
import * as path from "path";
import { expectedShrinkwrap, Lockfile, packShrinkwrap, SHRINKWRAP_FILE } from "../src/pack-shrinkwrap";

const ROOT = path.resolve(__dirname, "../..");
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as Lockfile;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "policy-pack", "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
};
type Packages = Record<string, { version?: string; integrity?: string; dev?: boolean }>;

describe("policy-pack/npm-shrinkwrap.json", () => {
    it("is what package-lock.json implies (else npm run gen:pack-shrinkwrap)", () => {
        expect(fs.readFileSync(SHRINKWRAP_FILE, "utf8")).toBe(expectedShrinkwrap());
    });

    it("pins every package at the version and integrity the workspace installs", () => {
        const wrap = JSON.parse(fs.readFileSync(SHRINKWRAP_FILE, "utf8")) as { packages: Packages };
        const byName = new Map<string, Set<string>>();
        for (const [at, e] of Object.entries(lock.packages)) {
            const m = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(at);
            if (m && e.version) byName.set(m[1], new Set([...(byName.get(m[1]) ?? []), `${e.version} ${String(e.integrity)}`]));
        }
        const drift = Object.entries(wrap.packages)
            .filter(([at]) => at !== "")
            .filter(([at, e]) => {
                const name = /node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(at)![1];
                return !byName.get(name)?.has(`${e.version} ${String(e.integrity)}`);
            })
            .map(([at]) => at);
        expect(drift).toEqual([]);
        // Run-time dependencies are not flagged dev; the compiler is.
        expect(wrap.packages["node_modules/@pulumi/policy"].dev).toBeUndefined();
        expect(wrap.packages["node_modules/typescript"].dev).toBe(true);
        expect(Object.keys(wrap.packages)).not.toContain("node_modules/ts-node");
    });

    it("follows a version change in the lock (so a drifted shrinkwrap fails the first test)", () => {
        const changed = JSON.parse(JSON.stringify(lock)) as Lockfile;
        (changed.packages["node_modules/@grpc/grpc-js"] as { version: string }).version = "1.0.0-drift";
        const wrap = packShrinkwrap(changed, pkg) as { packages: Packages };
        expect(wrap.packages["node_modules/@grpc/grpc-js"].version).toBe("1.0.0-drift");
    });

    it("refuses a workspace tree that cannot be laid out as the pack's own, naming both paths", () => {
        const clash = JSON.parse(JSON.stringify(lock)) as Lockfile;
        // The pack would get its own semver while @pulumi/pulumi keeps the hoisted one: both land on node_modules/semver.
        clash.packages["policy-pack/node_modules/semver"] = { version: "9.9.9", dependencies: {} };
        const withSemver = { ...pkg, dependencies: { ...pkg.dependencies, semver: "9.9.9" } };
        expect(() => packShrinkwrap(clash, withSemver)).toThrow(
            "package-lock.json: node_modules/semver and policy-pack/node_modules/semver would both install at node_modules/semver in the pack; align their versions in the workspace",
        );
    });

    it("leaves out an optional peer (@pulumi/aws, whose types alone the pack names) and records it as npm records a root's peers", () => {
        const wrap = JSON.parse(fs.readFileSync(SHRINKWRAP_FILE, "utf8")) as {
            packages: Packages & { "": { peerDependencies?: unknown; peerDependenciesMeta?: unknown } };
        };
        expect(wrap.packages[""].peerDependencies).toEqual({ "@pulumi/aws": "7.48.0" });
        expect(wrap.packages[""].peerDependenciesMeta).toEqual({ "@pulumi/aws": { optional: true } });
        expect(Object.keys(wrap.packages).filter((at) => at.startsWith("node_modules/@pulumi/aws"))).toEqual([]);
    });

    it("pins a required peer of the pack as a run-time dependency", () => {
        const required = { ...pkg, peerDependencies: { "@pulumi/aws": "7.48.0" }, peerDependenciesMeta: {} };
        const wrap = packShrinkwrap(lock, required) as { packages: Packages };
        expect(wrap.packages["node_modules/@pulumi/aws"]).toEqual(
            expect.objectContaining({ version: "7.48.0", integrity: lock.packages["node_modules/@pulumi/aws"].integrity }),
        );
        expect(wrap.packages["node_modules/@pulumi/aws"].dev).toBeUndefined();
    });

    it("refuses a lock that does not resolve a dependency of the pack", () => {
        const withMissing = { ...pkg, dependencies: { ...pkg.dependencies, "left-pad-nowhere": "1.0.0" } };
        expect(() => packShrinkwrap(lock, withMissing)).toThrow(
            "package-lock.json does not resolve the pack's dependencies: left-pad-nowhere (needed by policy-pack); run npm install",
        );
    });
});
