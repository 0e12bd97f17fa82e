/**
 * Stack files and generated files follow topology.yaml: `npm run stacks -- --check` passes on the
 * repository, and on a copy it creates what is missing, reports what no longer belongs and never
 * deletes a file that holds settings.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allInstances } from "@baseline/lib";
import { BASELINE_PACK_CONFIG_FILE, PACK_TOPOLOGY_FILE, ROOT, main, renderPackTopology, syncStacks } from "../src/topologySync";

describe("the repository", () => {
    it("has exactly the stack files of the topology, and its generated files are current (run `npm run stacks` when this fails)", () => {
        const r = syncStacks({ check: true });
        expect({ created: r.created, regenerated: r.regenerated, extra: r.extra, wrongRegion: r.wrongRegion }).toEqual({
            created: [],
            regenerated: [],
            extra: [],
            wrongRegion: [],
        });
        expect(r.code).toBe(0);
        expect(fs.readFileSync(path.join(ROOT, PACK_TOPOLOGY_FILE), "utf8")).toBe(renderPackTopology());
    });
});

describe("npm run stacks on a copy", () => {
    let root: string;
    const rel = (layer: string, stack: string) => path.join("stacks", layer, `Pulumi.${stack}.yaml`);
    const at = (p: string) => path.join(root, p);

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-sync-"));
        for (const i of allInstances()) {
            fs.mkdirSync(at(path.join("stacks", i.layer)), { recursive: true });
            fs.copyFileSync(path.join(ROOT, rel(i.layer, i.stack)), at(rel(i.layer, i.stack)));
        }
        fs.mkdirSync(at("policy-pack/src"), { recursive: true });
        fs.copyFileSync(path.join(ROOT, PACK_TOPOLOGY_FILE), at(PACK_TOPOLOGY_FILE));
        fs.copyFileSync(path.join(ROOT, "README.md"), at("README.md"));
        fs.mkdirSync(at("docs"));
        fs.copyFileSync(path.join(ROOT, "docs/contracts.md"), at("docs/contracts.md"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("creates a missing stack file with aws:region and leaves the others (and their overrides) alone", () => {
        fs.rmSync(at(rel("data", "production-us-west-2")));
        const withOverride = "config:\n  aws:region: us-east-1\n  baseline-network:natGateways: single\n";
        fs.writeFileSync(at(rel("network", "production-us-east-1")), withOverride);

        const checked = syncStacks({ root, check: true });
        expect(checked.created).toEqual([rel("data", "production-us-west-2")]);
        expect(checked.code).toBe(1);
        expect(fs.existsSync(at(rel("data", "production-us-west-2")))).toBe(false); // --check writes nothing

        const r = syncStacks({ root });
        expect(r.code).toBe(0);
        expect(fs.readFileSync(at(rel("data", "production-us-west-2")), "utf8")).toBe("config:\n  aws:region: us-west-2\n");
        expect(fs.readFileSync(at(rel("network", "production-us-east-1")), "utf8")).toBe(withOverride);
        expect(syncStacks({ root, check: true }).code).toBe(0);
    });

    it("reports stack files the topology no longer has, and prunes only those that hold nothing but aws:region", () => {
        const kept = rel("data", "production-eu-north-1");
        const plain = rel("api", "production-eu-north-1");
        fs.writeFileSync(at(plain), "config:\n  aws:region: eu-north-1\n");
        fs.writeFileSync(at(kept), "config:\n  aws:region: eu-north-1\n  baseline-data:dbMultiAz: false\n");
        // Another environment's stack file is not the baseline's to judge.
        fs.writeFileSync(at(rel("api", "staging-eu-north-1")), "config:\n  aws:region: eu-north-1\n");

        const checked = syncStacks({ root, check: true });
        expect(checked.code).toBe(1);
        expect(checked.extra).toEqual([
            { file: kept, settings: ["baseline-data:dbMultiAz"], removed: false },
            { file: plain, settings: [], removed: false },
        ]);
        const r = syncStacks({ root });
        expect(r.code).toBe(0);
        expect(fs.existsSync(at(plain)) && fs.existsSync(at(kept))).toBe(true);

        const pruned = syncStacks({ root, prune: true });
        expect(pruned.extra).toEqual([
            { file: kept, settings: ["baseline-data:dbMultiAz"], removed: false },
            { file: plain, settings: [], removed: true },
        ]);
        expect(fs.existsSync(at(plain))).toBe(false);
        expect(fs.existsSync(at(kept))).toBe(true);
        expect(pruned.lines.join("\n")).toContain(`${kept} does not belong to topology.yaml`);
        expect(pruned.lines.join("\n")).toContain("kept: it holds settings (baseline-data:dbMultiAz)");
        expect(fs.existsSync(at(rel("api", "staging-eu-north-1")))).toBe(true);
    });

    it("fails on a stack file whose aws:region is not its stack's, and rewrites a stale generated file", () => {
        fs.writeFileSync(at(rel("security", "production-us-west-2")), "config:\n  aws:region: us-east-1\n");
        fs.writeFileSync(at(PACK_TOPOLOGY_FILE), "// edited by hand\n");
        const r = syncStacks({ root });
        expect(r.code).toBe(1);
        expect(r.wrongRegion).toEqual([rel("security", "production-us-west-2")]);
        expect(r.lines).toContain(
            `${rel("security", "production-us-west-2")} sets aws:region=us-east-1, but its stack is in us-west-2: correct it by hand`,
        );
        expect(r.regenerated).toEqual([PACK_TOPOLOGY_FILE]);
        expect(fs.readFileSync(at(PACK_TOPOLOGY_FILE), "utf8")).toBe(renderPackTopology());
    });
});

describe("the command line", () => {
    it("prints its usage and refuses unknown flags", () => {
        expect(main(["--help"]).lines[0]).toMatch(/^usage: npm run stacks/);
        // It names every file it may rewrite: the pack's baseline configuration too, through gen:pack-config.
        for (const file of [PACK_TOPOLOGY_FILE, BASELINE_PACK_CONFIG_FILE, "docs/contracts.md", "README"])
            expect(main(["--help"]).lines[0].replace(/\s+/g, " ")).toContain(file);
        // And so does the step of docs/regions.md that runs it.
        const regions = fs.readFileSync(path.join(ROOT, "docs/regions.md"), "utf8");
        const step = regions.slice(regions.indexOf("2. Run the command:"), regions.indexOf("That is all the offline plan needs"));
        for (const file of [PACK_TOPOLOGY_FILE, BASELINE_PACK_CONFIG_FILE]) expect(step).toContain(`\`${file}\``);
        const bad = main(["--purge"]);
        expect(bad.code).toBe(2);
        expect(bad.lines[0]).toMatch(/--purge/);
    });
});
