/**
 * src/facts.ts is what scripts read the deployment's facts from without the Pulumi SDK: loading
 * it (as ts-node runs a script) loads no @pulumi package, and the package's index exports every
 * one of its names, bound to the same values, so programs and scripts read the same facts.
 */
import { execFileSync } from "child_process";
import * as path from "path";
import * as facts from "../src/facts";
import * as lib from "../src";

const ROOT = path.resolve(__dirname, "../..");

/** The modules a fresh Node process has loaded after requiring `request` through ts-node, as the scripts run. */
function loadedBy(request: string): string[] {
    const out = execFileSync(
        process.execPath,
        [
            "-r",
            "ts-node/register/transpile-only",
            "-e",
            `require(${JSON.stringify(request)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)))`,
        ],
        { cwd: ROOT, encoding: "utf8" },
    );
    return JSON.parse(out) as string[];
}

it("loads no @pulumi package (the index does)", () => {
    const pulumi = (files: string[]) => files.filter((f) => f.split(path.sep).join("/").includes("/node_modules/@pulumi/"));
    const loaded = loadedBy("./lib/src/facts");
    expect(loaded).toContain(path.join(ROOT, "lib", "src", "layers.ts"));
    expect(pulumi(loaded)).toEqual([]);
    // The check can fail: the index, which programs load, brings the SDK.
    expect(pulumi(loadedBy("./lib/src")).length).toBeGreaterThan(0);
}, 60000);

it("every fact is exported by the index too, the same value", () => {
    const names = Object.keys(facts).filter((k) => k !== "__esModule");
    expect(names).toEqual(expect.arrayContaining(["LAYERS", "REGIONS", "TOPOLOGY", "wrapText", "DEPLOYMENT_MODE_KEY"]));
    for (const name of names)
        expect(Object.is((lib as Record<string, unknown>)[name], (facts as Record<string, unknown>)[name])).toBe(true);
});
