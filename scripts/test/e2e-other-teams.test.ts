/**
 * The engine-level run previews stacks the baseline does not own while its own steps run
 * (scripts/src/e2e/otherTeams.ts): every command must keep its state out of the baseline's
 * backend and run at the lowest CPU priority, and each preview's outcome must still decide its
 * check. The commands are recorded here instead of run; each answer is the engine's output for
 * the fixture the command previews.
 */
jest.mock("../src/e2e/exec", () => ({ exec: jest.fn() }));

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { VERDICTS } from "@baseline/policy-pack/fixtures/verdicts";
import { exec, ExecOptions, Ran } from "../src/e2e/exec";
import { otherTeamsBackend, otherTeamsChecks } from "../src/e2e/otherTeams";
import type { E2eWorkspace } from "../src/e2e/workspace";

const ROOT = path.resolve(__dirname, "../..");

interface Call {
    readonly label: string;
    readonly cmd: string;
    readonly args: readonly string[];
    readonly cwd?: string;
    readonly env?: NodeJS.ProcessEnv;
}

let root: string;
let ws: E2eWorkspace;
let calls: Call[];

/** What the engine prints for a preview that the pack stops with `policies`, and its exit status. */
function stoppedBy(policies: readonly string[]): Omit<Ran, "seconds" | "stdout" | "signal"> {
    return {
        code: policies.length > 0 ? 255 : 0,
        out: policies.map((p) => `    - [mandatory] [severity: high]  ${p}  (aws:x/y:Z: r)\n`).join(""),
    };
}

beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-other-teams-"));
    const repo = path.join(root, "repo");
    fs.mkdirSync(repo);
    // runFixtures copies each fixture from the repository copy's policy-pack/fixtures.
    fs.symlinkSync(path.join(ROOT, "policy-pack"), path.join(repo, "policy-pack"));
    ws = {
        root,
        repo,
        home: path.join(root, "pulumi-home"),
        backend: path.join(root, "state"),
        bin: path.join(root, "bin"),
        env: { PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`, VAULT_SERVER_URL: "http://127.0.0.1:1" },
        secretsProvider: "hashivault://run-key",
    };
    calls = [];
    (exec as jest.Mock).mockImplementation(
        async (_ws: unknown, label: string, cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<Ran> => {
            calls.push({ label, cmd, args, cwd: opts.cwd, env: opts.env });
            const answer = (() => {
                if (label.endsWith("-init")) return { code: 0, out: "Created stack\n" };
                if (label === "fixture-preview") return stoppedBy(["sns-topic-cmk"]);
                const verdict = VERDICTS.find((v) => label === `fixture-${v.name}-preview`);
                if (!verdict) throw new Error(`unexpected command ${label}`);
                return stoppedBy(verdict.mandatory);
            })();
            return { ...answer, signal: null, stdout: answer.out, seconds: 0.1 };
        },
    );
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

it("runs every command under nice -n 19, with the stacks in a backend of their own", async () => {
    const checks = await otherTeamsChecks(ws, { org: "organization", pack: "/pack", parallel: 3 });
    expect(checks.map((c) => [c.name, c.ok, c.detail ?? ""]).filter(([, ok]) => !ok)).toEqual([]);
    expect(checks).toHaveLength(1 + VERDICTS.length);
    expect(calls).toHaveLength(2 * (1 + VERDICTS.length));
    for (const c of calls) {
        expect([c.label, c.cmd, c.args.slice(0, 3)]).toEqual([c.label, "nice", ["-n", "19", path.join(ws.bin, "pulumi")]]);
        expect([c.label, c.env?.PULUMI_BACKEND_URL]).toEqual([c.label, `file://${otherTeamsBackend(ws)}`]);
        expect(c.env?.VAULT_SERVER_URL).toBe("http://127.0.0.1:1");
        // Every stack is created with the run's secrets provider.
        if (c.label.endsWith("-init"))
            expect(c.args.slice(3, 8)).toEqual([
                "stack",
                "init",
                expect.any(String),
                "--secrets-provider",
                "hashivault://run-key",
            ]);
    }
    expect(otherTeamsBackend(ws)).not.toBe(ws.backend);
    expect(fs.existsSync(otherTeamsBackend(ws))).toBe(true);
    // The non-compliant program under the baseline's configuration, the fixtures under the organization's.
    const configOf = (label: string) => {
        const args = calls.find((c) => c.label === label)!.args;
        return args[args.indexOf("--policy-pack-config") + 1];
    };
    expect(configOf("fixture-preview")).toBe(path.join("/pack", "config", "baseline.json"));
    expect(configOf(`fixture-${VERDICTS[0].name}-preview`)).toBe(path.join("/pack", "config", "organization.json"));
});

it("fails the check of a preview whose outcome is not its verdict", async () => {
    const bad = VERDICTS.find((v) => v.mandatory.length > 0)!;
    const inner = (exec as jest.Mock).getMockImplementation()!;
    (exec as jest.Mock).mockImplementation(async (...a: Parameters<typeof inner>) => {
        const r = await inner(...a);
        return a[1] === `fixture-${bad.name}-preview` || a[1] === "fixture-preview" ? { ...r, code: 0, out: "" } : r;
    });
    const checks = await otherTeamsChecks(ws, { org: "organization", pack: "/pack", parallel: 3 });
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
        "a program with an SNS topic without a CMK is stopped by the pack (sns-topic-cmk, mandatory)",
        expect.stringContaining(`fixture ${bad.name} `),
    ]);
});
