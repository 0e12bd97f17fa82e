/**
 * The plan report as a person sees it, in headless Chromium (Debian's chromium
 * package, driven by playwright-core): the graph renders, a finding opens to its
 * fix, search finds a resource, and the page logs no error. The screenshot is
 * kept in plan-out/ (CI uploads that folder).
 *
 * Without /usr/bin/chromium the test is skipped with a message on a workstation;
 * in CI (CI=true) it fails instead: .ci/run installs chromium.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluatePlans } from "@baseline/policy-pack/src/offline";
import { chromium } from "playwright-core";
import { reportInput } from "../src/report/build";
import { renderReport } from "../src/report/html";
import { networkPlans } from "./reportFixture";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = fs.existsSync(CHROMIUM);
const SCREENSHOT_DIR = path.resolve(__dirname, "../../plan-out");

if (!available && process.env.CI !== "true") {
    console.warn(`report-browser.test.ts skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}

(available || process.env.CI === "true" ? describe : describe.skip)("plan report in a browser", () => {
    it("renders the graph, opens a finding to its fix, finds a resource, and logs no error", async () => {
        expect(fs.existsSync(CHROMIUM)).toBe(true);
        const plans = await networkPlans();
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-")), "report.html");
        fs.writeFileSync(file, renderReport(reportInput(plans, evaluatePlans(plans))));

        const browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        });
        try {
            const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
            const errors: string[] = [];
            page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
            page.on("pageerror", (e) => errors.push(e.message));
            await page.goto(`file://${file}`);

            // The graph: one box per stack, drawn with a size.
            const boxes = page.locator("#graph rect.box");
            expect(await boxes.count()).toBe(3);
            const size = await page.locator("#graph").boundingBox();
            expect(size!.width).toBeGreaterThan(300);

            // A finding opens to its fix.
            const group = page.locator("#findings details.group").first();
            await group.locator("> summary").click();
            const finding = group.locator("details.finding").first();
            expect(await finding.locator("p.fix").isVisible()).toBe(false);
            await finding.locator("> summary").click();
            expect(await finding.locator("p.fix").isVisible()).toBe(true);
            expect(await finding.locator("p.fix").innerText()).toMatch(/^Fix: \S/);

            // Search finds a resource inside a closed stack section, and hides what does not match.
            const vpc = plans[2].steps
                .find((s) => s.newState.type === "aws:ec2/vpc:Vpc")!
                .urn.split("::")
                .pop()!;
            await page.fill("#search", vpc);
            const hit = page.locator("tr.res:not(.hidden)", { hasText: vpc }).first();
            expect(await hit.isVisible()).toBe(true);
            expect(await page.locator("#count").innerText()).toMatch(/^\d+ match\(es\)$/);
            expect(await page.locator("details.stack.hidden").count()).toBeGreaterThan(0);

            fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
            await page.fill("#search", "");
            await page.screenshot({ path: path.join(SCREENSHOT_DIR, "report-screenshot.png"), fullPage: false });
            expect(errors).toEqual([]);
        } finally {
            await browser.close();
        }
    }, 180000);
});
