/**
 * Day-two checks of the engine-level run: an interrupted `up` that leaves no
 * pending operation and no lock, a drift check that detects an out-of-band
 * change and writes nothing, and `pulumi up` with automatic plugin acquisition
 * disabled once `npm run plugins` has installed the pinned plugins.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { StackInstance } from "@baseline/lib";
import { exec, Ran } from "./exec";
import { E2eWorkspace } from "./workspace";

export interface DayTwoCheck {
    readonly name: string;
    readonly ok: boolean;
    readonly seconds: number;
    readonly detail?: string;
}

/** The deploy script itself (not through npm), so a SIGINT reaches it as Ctrl-C would. */
function deploy(ws: E2eWorkspace, label: string, args: readonly string[], extra: Parameters<typeof exec>[4] = {}): Promise<Ran> {
    return exec(
        ws,
        label,
        process.execPath,
        [
            "-r",
            path.join(ws.repo, "node_modules", "ts-node", "register", "transpile-only"),
            path.join(ws.repo, "scripts", "src", "deploy.ts"),
            ...args,
        ],
        { ...extra, env: { ...ws.env, TS_NODE_PROJECT: path.join(ws.repo, "scripts", "tsconfig.json"), ...extra.env } },
    );
}

function tail(text: string, n = 15): string {
    return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** A digest of every file under `dir` (state, lock and backup files of the backend; stack files). */
export function treeDigest(dir: string, filter: (rel: string) => boolean = () => true): string {
    const hash = crypto.createHash("sha256");
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const p = path.join(d, e.name);
            const rel = path.relative(dir, p);
            if (e.isDirectory()) walk(p);
            else if (filter(rel)) hash.update(rel).update("\0").update(fs.readFileSync(p)).update("\0");
        }
    };
    if (fs.existsSync(dir)) walk(dir);
    return hash.digest("hex");
}

function lockFiles(ws: E2eWorkspace): string[] {
    const locks = path.join(ws.backend, ".pulumi", "locks");
    if (!fs.existsSync(locks)) return [];
    const found: string[] = [];
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            if (e.isDirectory()) walk(path.join(d, e.name));
            else found.push(path.relative(locks, path.join(d, e.name)));
        }
    };
    walk(locks);
    return found;
}

/** `pending_operations` of a stack's exported state (empty when it has none). */
async function pendingOperations(ws: E2eWorkspace, org: string, i: StackInstance): Promise<{ ok: boolean; pending: string[] }> {
    const r = await exec(
        ws,
        `export-after-interrupt-${i.layer}-${i.stack}`,
        path.join(ws.bin, "pulumi"),
        ["stack", "export", "--stack", `${org}/${i.project}/${i.stack}`, "--non-interactive"],
        { cwd: path.join(ws.repo, "stacks", i.layer) },
    );
    if (r.code !== 0) return { ok: /no stack named/.test(r.out), pending: [] };
    const d = JSON.parse(r.out) as { deployment?: { pending_operations?: { type: string; resource: { urn: string } }[] } };
    return { ok: true, pending: (d.deployment?.pending_operations ?? []).map((p) => `${p.type} ${p.resource.urn}`) };
}

/**
 * Ctrl-C during the first `up`: the deploy script forwards the interrupt, the
 * CLI finishes the creates in flight, and the run ends with exit 130, a summary
 * of what finished and what did not, no pending operation and no lock. The
 * full `up` that follows in the run is the rerun that completes.
 */
export async function interruptedUp(
    ws: E2eWorkspace,
    org: string,
    instances: readonly StackInstance[],
    /** The policy pack folder the up runs with (the packed one in the engine-level run). */
    policyPack?: string,
): Promise<DayTwoCheck[]> {
    let interruptedAt = "";
    const packArgs = policyPack === undefined ? [] : ["--policy-pack", policyPack];
    const up = ["up", "--yes", "--layers", "global-iam,security", "--secrets-provider", ws.secretsProvider, ...packArgs];
    const r = await deploy(ws, "deploy-up-interrupted", up, {
        env: { BASELINE_STANDIN_CREATE_DELAY_MS: "300" },
        whileRunning: (child, out) => {
            const timer = setInterval(() => {
                // Once the engine is creating AWS resources of the first stack (the stand-in takes
                // 300 ms for each), press Ctrl-C once.
                const m = /\[(global-iam\/production)\] +\+ +aws:\S+ \S+ creating/.exec(out());
                if (m) {
                    clearInterval(timer);
                    interruptedAt = m[1];
                    child.kill("SIGINT");
                }
            }, 100);
            child.on("close", () => clearInterval(timer));
        },
    });
    const touched = instances.filter((i) => i.layer === "global-iam" || i.layer === "security");
    const states = await Promise.all(touched.map((i) => pendingOperations(ws, org, i)));
    const pending = states.flatMap((s) => s.pending);
    const locks = lockFiles(ws);
    const summaryOk =
        /The run was interrupted \(Ctrl-C\)/.test(r.out) &&
        /interrupted: global-iam\/production/.test(r.out) &&
        /not started: +security\//.test(r.out) &&
        /deploy up INTERRUPTED/.test(r.out);
    return [
        {
            name: "Ctrl-C during deploy up stops cleanly: exit 130, a summary of what finished and how to resume",
            ok: interruptedAt !== "" && r.code === 130 && summaryOk,
            seconds: r.seconds,
            detail: `interrupted at: ${interruptedAt || "(never saw a create)"}; exit ${r.code}\n${tail(r.out, 25)}`,
        },
        {
            name: "after the interrupt: no pending operation in any stack's state and no lock left",
            ok: states.every((s) => s.ok) && pending.length === 0 && locks.length === 0,
            seconds: 0,
            detail: [...pending.map((p) => `pending: ${p}`), ...locks.map((l) => `lock: ${l}`)].join("\n"),
        },
    ];
}

/**
 * `npm run deploy -- drift`: no drift right after `up`; an out-of-band change made
 * through the stand-in's "cloud" is reported by URN and property with exit 1;
 * neither run writes the state or a stack file.
 */
export async function driftChecks(
    ws: E2eWorkspace,
    instances: readonly StackInstance[],
    urn: string,
    property: string,
): Promise<DayTwoCheck[]> {
    const stackFiles = (rel: string) => /^stacks\/[^/]+\/Pulumi\.[^/]+\.yaml$/.test(rel);
    const before = { state: treeDigest(ws.backend), files: treeDigest(ws.repo, stackFiles) };
    const clean = await deploy(ws, "drift-clean", ["drift"]);
    const changes = path.join(ws.root, "cloud-changes.json");
    fs.writeFileSync(changes, JSON.stringify({ [urn]: { [property]: "changed by hand in the console" } }));
    // The changed resource's stack alone: the clean run above read every stack, and the change
    // is made in one; `--layers`/`--regions` select it as a user narrows a check.
    const stack = urn.split("::")[0].replace("urn:pulumi:", "");
    const project = urn.split("::")[1];
    const changed = instances.find((i) => i.project === project && i.stack === stack);
    if (!changed) throw new Error(`drift check: ${urn} is in no stack of the topology`);
    const drifted = await deploy(ws, "drift-changed", ["drift", "--layers", changed.layer, "--regions", changed.region], {
        env: { BASELINE_STANDIN_CLOUD_CHANGES: changes },
    });
    const after = { state: treeDigest(ws.backend), files: treeDigest(ws.repo, stackFiles) };
    return [
        {
            name: `drift right after up: none in all ${instances.length} stacks (npm run deploy -- drift)`,
            ok: clean.code === 0 && new RegExp(`no drift in ${instances.length} stack\\(s\\)`).test(clean.out),
            seconds: clean.seconds,
            detail: tail(clean.out),
        },
        {
            name: "an out-of-band change is reported by URN and property, exit 1 (npm run deploy -- drift of its stack)",
            ok:
                drifted.code === 1 &&
                drifted.out.includes(urn) &&
                drifted.out.includes(property) &&
                /deploy drift DRIFT: 1 drifted/.test(drifted.out),
            seconds: drifted.seconds,
            detail: `expected ${urn} (${property}) in ${stack}\n${tail(drifted.out, 25)}`,
        },
        {
            name: "drift checks wrote nothing: state files and stack files unchanged",
            ok: before.state === after.state && before.files === after.files,
            seconds: 0,
            detail: `state ${before.state === after.state ? "unchanged" : "CHANGED"}, stack files ${before.files === after.files ? "unchanged" : "CHANGED"}`,
        },
    ];
}

/**
 * With automatic plugin acquisition disabled and an empty plugin cache, the
 * engine cannot find the aws plugin; `npm run plugins` installs the pinned one
 * (here from a local file, the stand-in, as an air-gapped runner would from a
 * mirror), after which `--check` passes and a preview of a layer from its folder
 * works. The released language host reports no required plugin for these
 * hoisted workspaces, so the cache is what decides: this is what it proves.
 */
export async function pluginChecks(
    ws: E2eWorkspace,
    org: string,
    global: StackInstance,
    standIn: string,
): Promise<DayTwoCheck[]> {
    const home = path.join(ws.root, "pulumi-home-fresh");
    fs.mkdirSync(home, { recursive: true });
    const env = { ...ws.env, PULUMI_HOME: home, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" };
    const npmRun = (label: string, args: string[]) =>
        exec(ws, label, "npm", ["run", "--silent", "plugins", "--", ...args], { env });
    const preview = (label: string) =>
        exec(
            ws,
            label,
            path.join(ws.bin, "pulumi"),
            ["preview", "--stack", `${org}/${global.project}/${global.stack}`, "--non-interactive", "--expect-no-changes"],
            { cwd: path.join(ws.repo, "stacks", global.layer), env },
        );
    const missing = await npmRun("plugins-check-empty", ["--check"]);
    const without = await preview("preview-without-plugins");
    const install = await npmRun("plugins-install", ["--file", `aws=${standIn}`]);
    const present = await npmRun("plugins-check-installed", ["--check"]);
    const withPlugins = await preview("preview-with-plugins");
    return [
        {
            name: "plugin cache empty, acquisition disabled: npm run plugins --check names aws, and a preview cannot load it",
            ok:
                missing.code === 1 &&
                /MISSING resource aws/.test(missing.out) &&
                without.code !== 0 &&
                /plugin/i.test(without.out),
            seconds: missing.seconds + without.seconds,
            detail: `${tail(missing.out, 5)}\n---\n${tail(without.out, 8)}`,
        },
        {
            name: "after npm run plugins: --check passes and pulumi preview from the layer folder works with acquisition disabled",
            ok: install.code === 0 && present.code === 0 && withPlugins.code === 0,
            seconds: install.seconds + present.seconds + withPlugins.seconds,
            detail: `${tail(install.out, 5)}\n---\n${tail(present.out, 5)}\n---\n${tail(withPlugins.out, 10)}`,
        },
    ];
}
