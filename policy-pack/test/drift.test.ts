/**
 * The pack is self-contained so that `pulumi policy publish` ships no workspace
 * package; these tests keep its copies of shared facts equal to @baseline/lib.
 */
import * as fs from "fs";
import * as path from "path";
import { DEPLOY_REGIONS, HOME_REGION, NAME_PREFIX, requiredTags } from "@baseline/lib";
import { TAGGABLE_AWS_TYPES as LIB_TAGGABLE } from "@baseline/lib/src/taggable.generated";
import { DEFAULT_DEPLOY_ROLE_NAME } from "@baseline/lib/src/topology";
import { PACK_CONFIG_SCHEMA } from "../src/config";
import { BASELINE_VALUES } from "../src/profiles";
import { TAGGABLE_AWS_TYPES } from "../src/taggable.generated";

it("copies lib's taggable types exactly", () => {
    expect([...TAGGABLE_AWS_TYPES]).toEqual([...LIB_TAGGABLE]);
    const lib = fs.readFileSync(path.join(__dirname, "../../lib/src/taggable.generated.ts"), "utf8");
    const own = fs.readFileSync(path.join(__dirname, "../src/taggable.generated.ts"), "utf8");
    expect(own.split("\n").slice(2).join("\n")).toBe(lib);
});

it("holds the baseline's stacks to lib's required tags and regions", () => {
    expect(BASELINE_VALUES.requiredTags).toEqual(requiredTags());
    // Every region a stack lives in: the baseline regions and the recovery-only ones.
    expect(BASELINE_VALUES.allowedRegions).toEqual([...DEPLOY_REGIONS]);
    expect(PACK_CONFIG_SCHEMA.homeRegion.default).toBe(HOME_REGION);
});

it("exempts the deploy role lib's topology names by default", () => {
    expect(PACK_CONFIG_SCHEMA.deployRoleName.default).toBe(DEFAULT_DEPLOY_ROLE_NAME);
});

it("names the organization layer's guardrails with lib's name prefix", () => {
    for (const a of BASELINE_VALUES.requiredAttachments ?? []) expect(a.policy).toMatch(new RegExp(`^${NAME_PREFIX}-`));
});

it("imports nothing from the workspace in the code the analyzer loads", () => {
    const files: string[] = [];
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }))
            if (e.isDirectory()) walk(path.join(d, e.name));
            else if (e.name.endsWith(".ts") && e.name !== "offline.ts") files.push(path.join(d, e.name));
    };
    walk(path.join(__dirname, "../src"));
    files.push(path.join(__dirname, "../index.ts"));
    for (const f of files)
        expect([f, /from "(@baseline\/|\.\.\/\.\.\/\.\.\/lib)/.test(fs.readFileSync(f, "utf8"))]).toEqual([f, false]);
});
