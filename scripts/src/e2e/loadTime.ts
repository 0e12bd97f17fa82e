/**
 * How long the Node runtime takes to load each stack program before it registers
 * anything, measured by replaying what @pulumi/pulumi's cmd/run does: register
 * ts-node with the tsconfig the Pulumi.yaml `tsconfig` option names (transpile-only
 * when it sets noCheck, with swc as tsconfig.base.json's "ts-node" section asks) and
 * require the program. `typecheck` measures what the option and swc spare: ts-node's
 * default, type-checking the program and all it imports with the stack's tsconfig.json.
 * That needs `swc: false` next to `typeCheck: true`, since ts-node refuses a custom
 * transpiler unless it is transpile-only ("Custom transpiler can only be used when
 * transpileOnly is enabled", ts-node 10.9's `create`), and the "ts-node" section of
 * tsconfig.base.json asks for swc.
 *
 *   npm run e2e -- --load-time
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LAYER_NAMES, LayerName } from "@baseline/lib";
import { packedPolicyPack, PackWorkspace } from "./packedPack";
import { REPO_ROOT } from "./workspace";

export type LoadMode = "transpile-only" | "typecheck";

export function measureLoad(layer: LayerName, mode: LoadMode, root: string = REPO_ROOT): number {
    const dir = path.join(root, "stacks", layer);
    const tsconfig = mode === "transpile-only" ? "tsconfig.pulumi.json" : "tsconfig.json";
    const script = `
const t0 = process.hrtime.bigint();
require("ts-node").register({ ${mode === "transpile-only" ? "transpileOnly: true" : "typeCheck: true, swc: false"}, project: ${JSON.stringify(tsconfig)} });
require("./index.ts");
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));`;
    const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8" });
    if (r.status !== 0) {
        // The error's own lines (ts-node's diagnostics among them), not the source line Node quotes
        // before them, nor the stack frames and Node's version after them.
        const lines = r.stderr.split("\n");
        const first = Math.max(
            0,
            lines.findIndex((l) => /^\w*Error\b.*:/.test(l)),
        );
        const said = lines.slice(first).filter((l) => l.trim() && !/^\s+at |^Node\.js v/.test(l));
        throw new Error(`loading stacks/${layer} (${mode}) failed: ${said.slice(0, 3).join(" ")}`);
    }
    return Number(r.stdout) / 1000;
}

/**
 * How long the engine waits for the policy pack: the language host starts
 * `node <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine> <pack>` in the
 * pack's folder (engine/language-nodejs RunPlugin), which registers ts-node with
 * `typeCheck: true` whatever the pack says, requires the pack's `main`, and the pack is
 * ready when its analyzer prints the port it serves on. A main that is JavaScript is not
 * handed to ts-node (it compiles only .ts files), so a compiled pack is not type-checked.
 * Seconds from starting node to the port on stdout.
 */
export function measurePackStart(dir: string): Promise<number> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [dir] });
    return new Promise((resolve, reject) => {
        const t0 = process.hrtime.bigint();
        // The engine address is never dialled before the analyzer serves; any address will do.
        const child = spawn(process.execPath, [runner, "127.0.0.1:1", dir], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        let done = false;
        child.stdout.on("data", (b: Buffer) => {
            out += b.toString();
            if (!done && /^\d+\s*$/m.test(out)) {
                done = true;
                resolve(Number(process.hrtime.bigint() - t0) / 1e9);
                child.kill();
            }
        });
        child.stderr.on("data", (b: Buffer) => (err += b.toString()));
        child.on("exit", (code) => {
            if (!done)
                reject(
                    new Error(
                        `starting the policy pack in ${dir} failed (exit ${code}): ${err.trim().split("\n").slice(-5).join(" ")}`,
                    ),
                );
        });
    });
}

/** A throw-away copy of the pack's folder to pack from, so packing writes nothing into the working tree. */
function packSourceCopy(root: string = REPO_ROOT): PackWorkspace {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-load-time-"));
    const repo = path.join(tmp, "repo");
    fs.cpSync(path.join(root, "policy-pack"), path.join(repo, "policy-pack"), {
        recursive: true,
        filter: (src) => !/(^|\/)(node_modules|dist|\.tsbuild)(\/|$)/.test(path.relative(root, src)),
    });
    fs.symlinkSync(path.join(root, "node_modules"), path.join(repo, "node_modules"));
    return { root: tmp, repo, env: process.env };
}

/** Median seconds of `runs` starts of the pack, packed and installed from a copy of the repository's pack. */
export async function packedPackStart(runs = 3, root: string = REPO_ROOT): Promise<number> {
    const ws = packSourceCopy(root);
    try {
        const pack = await packedPolicyPack(ws);
        const starts: number[] = [];
        for (let i = 0; i < runs; i++) starts.push(await measurePackStart(pack));
        return starts.sort((a, b) => a - b)[Math.floor(runs / 2)];
    } finally {
        fs.rmSync(ws.root, { recursive: true, force: true });
    }
}

export async function loadTimeReport(runs = 3): Promise<string> {
    const width = Math.max("policy-pack".length, ...LAYER_NAMES.map((l) => l.length));
    const lines = [`${"".padEnd(width)} transpile-only (s)   typecheck (s)   (median of ${runs})`];
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    for (const layer of LAYER_NAMES) {
        const fast = median(Array.from({ length: runs }, () => measureLoad(layer, "transpile-only")));
        const slow = median(Array.from({ length: runs }, () => measureLoad(layer, "typecheck")));
        lines.push(`${layer.padEnd(width)} ${fast.toFixed(2).padStart(18)}   ${slow.toFixed(2).padStart(13)}`);
    }
    const pack = await packedPackStart(runs);
    lines.push(
        `${"policy-pack".padEnd(width)} ${pack.toFixed(2).padStart(18)}   ${"-".padStart(13)}   ` +
            "(packed and installed as published; start to serving, as the engine runs it: compiled, so never type-checked)",
    );
    return lines.join("\n");
}
