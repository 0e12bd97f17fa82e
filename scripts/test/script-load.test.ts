/**
 * Scripts that only read the deployment's facts start without the Pulumi SDK: they import
 * @baseline/lib/src/facts, not the package's index, which loads @pulumi/pulumi and @pulumi/aws
 * (about 0.55 s of each start). Run as package.json runs them, with a hook that lists the
 * modules loaded by the time the process exits.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

let dir: string;
beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "script-load-"));
    fs.writeFileSync(
        path.join(dir, "loaded.js"),
        `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(path.join(dir, "loaded.json"))}, JSON.stringify(Object.keys(require.cache))));\n`,
    );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The @pulumi modules a script loads, run through ts-node as `npm run <name>` runs it; and its exit code. */
function pulumiModulesOf(script: string, args: string[]): { code: number | null; pulumi: string[] } {
    fs.rmSync(path.join(dir, "loaded.json"), { force: true });
    const r = spawnSync(
        process.execPath,
        ["-r", "ts-node/register/transpile-only", "-r", path.join(dir, "loaded.js"), script, ...args],
        { cwd: ROOT, encoding: "utf8" },
    );
    const loaded = JSON.parse(fs.readFileSync(path.join(dir, "loaded.json"), "utf8")) as string[];
    expect(loaded).toContain(path.join(ROOT, script));
    return {
        code: r.status,
        pulumi: loaded
            .filter((f) => f.split(path.sep).join("/").includes("/node_modules/@pulumi/"))
            .map((f) => path.relative(ROOT, f)),
    };
}

it.each([
    ["npm run stacks -- --check", "scripts/src/stacks.ts", ["--check"]],
    ["npm run gen:org-ci -- --check", "scripts/src/gen-org-ci.ts", ["--check"]],
])(
    "%s loads no @pulumi package",
    (_title, script, args) => {
        expect(pulumiModulesOf(script, args)).toEqual({ code: 0, pulumi: [] });
    },
    60000,
);
