/**
 * The README is the front door and docs/ holds the rest: every relative link of the README, of
 * every page under docs/ and of the policy pack's README must reach an existing file and, with an
 * `#anchor`, a heading of it as GitHub names it; every `npm run` shown must exist; every page must be
 * reachable from the README and link back to it. Broken links are shown to fail on fixtures, never by
 * editing the real docs.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import {
    anchorsOf,
    checkDocs,
    DocsTree,
    diskTree,
    githubSlug,
    headingText,
    linksOf,
    npmRunsOf,
    repositoryDocs,
} from "../src/docsLinks";

const ROOT = path.resolve(__dirname, "../..");

/** A tree of in-memory files; folders exist when a file lies below them. */
function fixtureTree(files: Record<string, string>): DocsTree {
    return {
        read: (rel) => files[rel],
        exists: (rel) => rel in files || Object.keys(files).some((f) => f.startsWith(`${rel}/`)),
    };
}

/** The real repository with some files replaced by fixture text. */
function overlay(base: DocsTree, files: Record<string, string>): DocsTree {
    return {
        read: (rel) => (rel in files ? files[rel] : base.read(rel)),
        exists: (rel) => rel in files || base.exists(rel),
    };
}

describe("the repository's docs", () => {
    const options = repositoryDocs(ROOT);
    const result = checkDocs(diskTree(ROOT), options);

    it("have no broken link, anchor or npm script, and every page is reachable from the README and links back", () => {
        expect(result.problems).toEqual([]);
    });

    it("check the README, every docs/ page and the pack's README, and find something to check in them", () => {
        expect(options.checked[0]).toBe("README.md");
        expect(options.checked).toContain("policy-pack/README.md");
        expect(options.pages).toEqual(
            expect.arrayContaining([
                "docs/architecture.md",
                "docs/contracts.md",
                "docs/controls.md",
                "docs/deploying.md",
                "docs/organization.md",
                "docs/policy-pack.md",
                "docs/recovery.md",
                "docs/regions.md",
            ]),
        );
        expect(result.counts.links).toBeGreaterThan(options.pages.length * 2);
        expect(result.counts.anchors).toBeGreaterThan(5);
        expect(result.counts.npmRuns).toBeGreaterThan(50);
    });

    it("send npm run plan's output inside the repository only to folders git ignores", () => {
        const tree = diskTree(ROOT);
        const outs = options.checked.flatMap((f) =>
            [...(tree.read(f) ?? "").matchAll(/npm run plan -- [^`\n]*?--out[ =]([^\s`]+)/g)].map((m) => ({
                file: f,
                out: m[1],
            })),
        );
        const inside = outs.filter((o) => !path.isAbsolute(o.out));
        expect(inside.length).toBeGreaterThan(0);
        for (const { file, out } of [{ file: "(the default)", out: "plan-out" }, ...inside]) {
            const ignored = spawnSync("git", ["check-ignore", "-q", `${out}/`], { cwd: ROOT }).status === 0;
            expect([file, out, ignored]).toEqual([file, out, true]);
        }
    });

    it("fail when the README gains a broken link, anchor or command (a fixture string, the file is untouched)", () => {
        const readme = diskTree(ROOT).read("README.md")!;
        const broken = `${readme}\nSee [the plan](docs/plan.md#no-such-section), [gone](docs/gone.md) and \`npm run no-such-script\`.\n`;
        const line = broken.split("\n").length - 1;
        expect(checkDocs(overlay(diskTree(ROOT), { "README.md": broken }), options).problems).toEqual([
            `README.md:${line}: docs/plan.md#no-such-section: docs/plan.md has no heading with the anchor #no-such-section`,
            `README.md:${line}: docs/gone.md: no file docs/gone.md`,
            expect.stringMatching(
                new RegExp(`^README\\.md:${line}: npm run no-such-script: package\\.json has no script "no-such-script"`),
            ),
        ]);
    });

    it("fail when a docs page is no longer linked from anywhere", () => {
        // docs/controls.md is linked from the README alone.
        const readme = diskTree(ROOT).read("README.md")!;
        const without = readme.replace(/\[[^\]]*\]\(docs\/controls\.md\)/g, "the controls");
        expect(without).not.toContain("docs/controls.md");
        expect(checkDocs(overlay(diskTree(ROOT), { "README.md": without }), options).problems).toEqual([
            "docs/controls.md: not reachable from README.md through relative links",
        ]);
    });
});

describe("GitHub's heading anchors", () => {
    it.each([
        ["Recovery: a lost region, an erased log", "recovery-a-lost-region-an-erased-log"],
        ["global-iam: `GlobalIamOutputs`", "global-iam-globaliamoutputs"],
        ["CI/CD", "cicd"],
        ["Speed: what runs, and what is built when", "speed-what-runs-and-what-is-built-when"],
        ["Day two: interrupts, locks, drift, plugins", "day-two-interrupts-locks-drift-plugins"],
        ["What it proves, and what it does not", "what-it-proves-and-what-it-does-not"],
        ["snake_case stays, dots.go & so does ü", "snake_case-stays-dotsgo--so-does-ü"],
        ["See [the docs](docs/plan.md) **now**", "see-the-docs-now"],
    ])("%s -> #%s", (heading, slug) => {
        expect(githubSlug(headingText(heading))).toBe(slug);
    });

    it("numbers duplicate headings -1, -2 and ignores headings inside code blocks", () => {
        const md = ["# Usage", "## Usage", "```sh", "# Usage", "```", "### Usage", "## Usage-1", '<a name="pinned"></a>'].join(
            "\n",
        );
        expect([...anchorsOf(md)].sort()).toEqual(["pinned", "usage", "usage-1", "usage-1-1", "usage-2"].sort());
    });
});

describe("what counts as a link and as a command", () => {
    it("takes inline links, images and reference definitions, not code", () => {
        const md = [
            'A [page](a.md) and ![img](img/x.png "title") and [`code text`](b.md#x).',
            "`[not a link](c.md)` and",
            "```md",
            "[also not](d.md)",
            "```",
            "[ref]: e.md#y",
        ].join("\n");
        expect(linksOf(md)).toEqual([
            { target: "a.md", line: 1 },
            { target: "img/x.png", line: 1 },
            { target: "b.md#x", line: 1 },
            { target: "e.md#y", line: 6 },
        ]);
    });

    it("finds npm run in code blocks and code spans with its workspace, but not in prose", () => {
        const md = [
            "Run npm run prose-only here, or `npm run plan -- --out x`.",
            "```sh",
            "npm run --silent gen:pack-config   # npm run not-a-command",
            "npm run build -w policy-pack && npm run lint",
            "```",
        ].join("\n");
        expect(npmRunsOf(md)).toEqual([
            { script: "plan", workspace: undefined, line: 1 },
            { script: "gen:pack-config", workspace: undefined, line: 3 },
            { script: "build", workspace: "policy-pack", line: 4 },
            { script: "lint", workspace: undefined, line: 4 },
        ]);
    });
});

describe("checkDocs on a fixture", () => {
    const good = {
        "package.json": JSON.stringify({ scripts: { plan: "x", test: "x" } }),
        "pack/package.json": JSON.stringify({ scripts: { build: "x" } }),
        "README.md":
            "# T\n\n[Plan](docs/plan.md#the-plan), [pack](pack/README.md).\n\n```sh\nnpm run plan\nnpm run build -w pack\n```\n",
        "docs/plan.md":
            "# Plan\n\nWhat it is for. Back to the [README](../README.md).\n\n## The plan\n\n[Up](#plan) `npm test`\n",
        "pack/README.md": "# Pack\n\n`npm run build` here, `npm run plan` from the root; [docs](../docs/plan.md).\n",
    };
    const options = { checked: ["README.md", "docs/plan.md", "pack/README.md"], entry: "README.md", pages: ["docs/plan.md"] };

    it("passes when every link, anchor and command holds", () => {
        const r = checkDocs(fixtureTree(good), options);
        expect(r.problems).toEqual([]);
        expect(r.counts).toEqual({ links: 5, anchors: 2, npmRuns: 4 });
    });

    it("names each broken link, anchor, command, unreachable page and missing way back", () => {
        const tree = fixtureTree({
            ...good,
            "README.md":
                "# T\n\n[Plan](docs/plan.md#the-plans) [x](docs/missing.md) [up](../outside.md) [root](/docs/plan.md)\n\n" +
                "```sh\nnpm run deploy\nnpm run build -w nowhere\n```\n",
            "docs/plan.md": "# Plan\n\nNo way back.\n\n## The plan\n",
            "docs/orphan.md": "# Orphan\n\n[README](../README.md)\n",
        });
        expect(checkDocs(tree, { ...options, pages: ["docs/plan.md", "docs/orphan.md"] }).problems).toEqual([
            "README.md:3: docs/plan.md#the-plans: docs/plan.md has no heading with the anchor #the-plans",
            "README.md:3: docs/missing.md: no file docs/missing.md",
            "README.md:3: ../outside.md points outside the repository",
            "README.md:3: /docs/plan.md: link relative to the file, not to the site root",
            'README.md:6: npm run deploy: package.json has no script "deploy" (known: plan, test)',
            "README.md:7: npm run build: no nowhere/package.json",
            "docs/plan.md: its opening paragraph does not link back to README.md",
            "docs/orphan.md: not reachable from README.md through relative links",
        ]);
    });
});
