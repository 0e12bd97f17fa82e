/**
 * The controls table of docs/controls.md is generated from the control catalog, the pack and the Config rules;
 * this fails when it is stale, and checks the catalog against the code it describes.
 */
import * as fs from "fs";
import * as path from "path";
import { CONTROLS } from "@baseline/policy-pack/src/controls";
import {
    BEGIN,
    CatalogEntry,
    configRulesByControl,
    CONTROLS_DOC_FILE,
    countsOf,
    currentSection,
    END,
    generatedControlsDoc,
    loadCatalog,
    policiesByControl,
    renderControls,
} from "../src/gen-controls-doc";

/* eslint-disable @typescript-eslint/no-require-imports -- stack sources are outside this project's rootDir */
const security = (file: string) => require(path.resolve(__dirname, "../../stacks/security/src", file));
const { DISABLED_CONTROLS } = security("securityHub.ts") as {
    DISABLED_CONTROLS: { control: string; where: string; reason: string }[];
};
const { CIS_METRIC_FILTERS } = security("cisAlarms.ts") as {
    CIS_METRIC_FILTERS: Record<string, { cis: string; control: string }>;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const catalog = loadCatalog();
const byId = new Map(catalog.map((r) => [r.id, r]));

describe("controls doc", () => {
    it("docs/controls.md's controls section is up to date (run `npm run gen:controls` when this fails)", () => {
        const doc = fs.readFileSync(CONTROLS_DOC_FILE, "utf8");
        expect(currentSection(doc, BEGIN, END)).toBeDefined();
        expect(currentSection(doc, BEGIN, END)).toBe(currentSection(generatedControlsDoc(doc), BEGIN, END));
    });

    it("lists each control once", () => {
        expect(new Set(catalog.map((r) => r.id)).size).toBe(catalog.length);
        for (const r of catalog) expect([r.id, r.fsbp || r.cis !== undefined]).toEqual([r.id, true]);
    });

    it("lists every control disabled in Security Hub: out of scope with its reason, or judged in the home region", () => {
        for (const d of DISABLED_CONTROLS) {
            const row = byId.get(d.control);
            expect([d.control, row !== undefined]).toEqual([d.control, true]);
            if (d.where === "everywhere") expect([d.control, row!.status, row!.how]).toEqual([d.control, "disabled", d.reason]);
            else
                expect([d.control, row!.status === "disabled", row!.how]).toEqual([
                    d.control,
                    false,
                    expect.stringContaining("disabled outside us-east-1"),
                ]);
        }
        expect(
            catalog
                .filter((r) => r.status === "disabled")
                .map((r) => r.id)
                .sort(),
        ).toEqual(
            DISABLED_CONTROLS.filter((d) => d.where === "everywhere")
                .map((d) => d.control)
                .sort(),
        );
    });

    it("lists every CIS v3.0.0 section 4 filter and every FSBP / CIS v3.0.0 control a pack policy checks", () => {
        for (const f of Object.values(CIS_METRIC_FILTERS))
            expect([f.cis, catalog.some((r) => r.cis === f.cis && r.status === "config")]).toEqual([f.cis, true]);
        const standardControls = Object.entries(CONTROLS)
            .filter(([, info]) => info.standards.some((s) => s === "FSBP" || s.startsWith("CIS v3.0.0")))
            .filter(([, info]) => !("otherTeamsOnly" in info))
            .map(([id]) => id);
        for (const id of [...policiesByControl().keys()].filter((k) => standardControls.includes(k)))
            expect([id, byId.has(id)]).toEqual([id, true]);
    });

    it("leaves out only controls of resource types the baseline creates none of, and checks each of them in the pack", () => {
        const otherTeamsOnly = Object.entries(CONTROLS)
            .filter(([, info]) => "otherTeamsOnly" in info)
            .map(([id]) => id);
        expect(otherTeamsOnly.length).toBeGreaterThan(0);
        const checked = policiesByControl();
        for (const id of otherTeamsOnly) expect([id, byId.has(id), checked.has(id)]).toEqual([id, false, true]);
    });

    it("counts no CloudWatch.x control toward CIS v3.0.0: Security Hub's v3.0.0 standard has none", () => {
        expect(catalog.filter((r) => /^CloudWatch\.([1-9]|1[0-4])$/.test(r.id))).toEqual([]);
        const cis41 = byId.get("CIS 4.1")!;
        expect(cis41).toMatchObject({ cis: "4.1", fsbp: false, legacyControl: "CloudWatch.2" });
        const section = renderControls(catalog, policiesByControl(), configRulesByControl());
        const line = section.split("\n").find((l) => l.startsWith("| CIS 4.1 "))!;
        expect(line).toContain("(CloudWatch.2 in CIS v1.2/v1.4 only)");
        expect(line).toContain("4.1 (manual)");
        // The pack's subscription check (tagged with the v1.2/v1.4 control) is still named for the row.
        expect(line).toContain("`sns-topic-has-subscription`");
    });

    it("names the checks that exist: pack policies and Config rules by their real names", () => {
        expect(policiesByControl().get("GuardDuty.1")?.sort()).toEqual([
            "guardduty-detector-enabled",
            "guardduty-detector-not-suspended",
        ]);
        expect(configRulesByControl().get("IAM.7")).toEqual(["iam-password-policy"]);
        const section = renderControls(catalog, policiesByControl(), configRulesByControl());
        expect(section).toContain("`cloudtrail-s3-data-events`");
    });

    it("counts from the rows: applicable excludes disabled, before counts only rows met before", () => {
        const row = (status: CatalogEntry["status"], before: boolean): CatalogEntry => ({
            id: `${status}-${before}-${Math.random()}`,
            fsbp: true,
            title: "t",
            status,
            how: "h",
            before,
        });
        expect(
            countsOf([row("met", true), row("met", false), row("config", false), row("open", false), row("disabled", false)]),
        ).toEqual({
            applicable: 4,
            outOfScope: 1,
            before: 1,
            met: 2,
            config: 1,
            manual: 0,
            open: 1,
        });
        const c = countsOf(catalog);
        expect(c.met + c.config + c.manual + c.open).toBe(c.applicable);
        expect(fs.readFileSync(CONTROLS_DOC_FILE, "utf8")).toContain(`${c.before} were met before`);
    });
});
