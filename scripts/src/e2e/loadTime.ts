/**
 * How long the Node runtime takes to load each stack program before it registers
 * anything, measured by replaying what @pulumi/pulumi's cmd/run does: register
 * ts-node with the tsconfig the Pulumi.yaml `tsconfig` option names (transpile-only
 * when it sets noCheck, with swc as tsconfig.base.json's "ts-node" section asks) and
 * require the program. `typecheck` replays the same without the option, i.e. ts-node
 * type-checking the program and all it imports (`typeCheck: true`, which ts-node
 * lets override swc; `transpileOnly: false` would be refused next to swc).
 *
 *   npm run e2e -- --load-time
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { LAYER_NAMES, LayerName } from "@baseline/lib";
import { REPO_ROOT } from "./workspace";

export type LoadMode = "transpile-only" | "typecheck";

export function measureLoad(layer: LayerName, mode: LoadMode, root: string = REPO_ROOT): number {
    const dir = path.join(root, "stacks", layer);
    const tsconfig = mode === "transpile-only" ? "tsconfig.pulumi.json" : "tsconfig.json";
    const script = `
const t0 = process.hrtime.bigint();
require("ts-node").register({ ${mode === "transpile-only" ? "transpileOnly" : "typeCheck"}: true, project: ${JSON.stringify(tsconfig)} });
require("./index.ts");
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0)
        throw new Error(`loading stacks/${layer} (${mode}) failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
    return Number(r.stdout) / 1000;
}

/**
 * The policy pack as the engine loads it for every preview and up: @pulumi/pulumi's
 * cmd/run-policy-pack registers ts-node with `typeCheck: true` whatever the pack's
 * tsconfig says, so the pack is type-checked on each load; `transpile-only` is what
 * the same load costs without that.
 */
export function measurePackLoad(mode: LoadMode, root: string = REPO_ROOT): number {
    const options =
        mode === "typecheck"
            ? `{ typeCheck: true, compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true } }`
            : `{ transpileOnly: true }`;
    const script = `
const t0 = process.hrtime.bigint();
require("ts-node").register(${options});
require("./index.ts");
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));
process.exit(0);`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: path.join(root, "policy-pack"), encoding: "utf8" });
    if (r.status !== 0)
        throw new Error(`loading policy-pack (${mode}) failed: ${r.stderr.trim().split("\n").slice(-3).join(" ")}`);
    return Number(r.stdout) / 1000;
}

export function loadTimeReport(runs = 3): string {
    const lines = [`${"".padEnd(12)} transpile-only (s)   typecheck (s)   (median of ${runs})`];
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const layer of LAYER_NAMES) {
        const fast = median(Array.from({ length: runs }, () => measureLoad(layer, "transpile-only")));
        const slow = median(Array.from({ length: runs }, () => measureLoad(layer, "typecheck")));
        lines.push(`${layer.padEnd(12)} ${fast.toFixed(2).padStart(18)}   ${slow.toFixed(2).padStart(13)}`);
    }
    const packFast = median(Array.from({ length: runs }, () => measurePackLoad("transpile-only")));
    const packSlow = median(Array.from({ length: runs }, () => measurePackLoad("typecheck")));
    lines.push(
        `${"policy-pack".padEnd(12)} ${packFast.toFixed(2).padStart(18)}   ${packSlow.toFixed(2).padStart(13)}   (the engine always type-checks it)`,
    );
    return lines.join("\n");
}
