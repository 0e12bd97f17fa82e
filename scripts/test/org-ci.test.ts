/**
 * The organization's deploy workflow (npm run gen:org-ci): generated from the sample organization
 * into a scratch folder beside copies of the repository's workflows, it has one job per account in
 * the layer graph's account order, the workload accounts in a bounded, non-fail-fast matrix, every
 * layer of an account as a wave step through the deploy script, a concurrency group per account,
 * and OIDC, Node 22 and the pinned CLI as deploy.yml has them; actionlint accepts it. With the
 * repository's own single-account topology the generator writes nothing and --check passes.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "../..");
const SAMPLE = path.join(ROOT, "examples/organization/topology.yaml");
const WORKFLOWS = path.join(ROOT, ".github/workflows");
const TS_NODE = path.join(ROOT, "node_modules/.bin/ts-node");

type Lib = typeof import("@baseline/lib");
type OrgCi = typeof import("../src/orgCi");

/** The lib and the generator, loaded together against the sample organization. */
function loadOrganization(): { lib: Lib; orgCi: OrgCi } {
    const before = process.env.BASELINE_TOPOLOGY;
    process.env.BASELINE_TOPOLOGY = SAMPLE;
    try {
        let loaded: { lib: Lib; orgCi: OrgCi } | undefined;
        jest.isolateModules(() => {
            loaded = { lib: jest.requireActual("@baseline/lib") as Lib, orgCi: jest.requireActual("../src/orgCi") as OrgCi };
        });
        return loaded!;
    } finally {
        if (before === undefined) delete process.env.BASELINE_TOPOLOGY;
        else process.env.BASELINE_TOPOLOGY = before;
    }
}

/** `npm run gen:org-ci` as a child process (prettier formats the file, which jest's module sandbox cannot load). */
function genOrgCi(args: string[], topology?: string): { status: number; out: string } {
    const env = { ...process.env };
    if (topology) env.BASELINE_TOPOLOGY = topology;
    else delete env.BASELINE_TOPOLOGY;
    const r = spawnSync(TS_NODE, ["--transpile-only", path.join(ROOT, "scripts/src/gen-org-ci.ts"), ...args], {
        cwd: ROOT,
        env,
        encoding: "utf8",
    });
    return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** actionlint as .ci/run installs it (or $ACTIONLINT, or on PATH). */
function actionlintPath(): string | undefined {
    const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache");
    const candidates = [process.env.ACTIONLINT, path.join(cache, "aws-secure-baseline/tools/actionlint")].filter(
        (c): c is string => c !== undefined && fs.existsSync(c),
    );
    if (candidates.length > 0) return candidates[0];
    const which = spawnSync("bash", ["-c", "command -v actionlint"], { encoding: "utf8" });
    return which.status === 0 ? which.stdout.trim() : undefined;
}

interface Step {
    readonly id?: string;
    readonly name?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, unknown>;
    readonly env?: Record<string, string>;
}
interface Job {
    readonly name?: string;
    readonly needs?: string;
    readonly uses?: string;
    readonly environment?: string;
    readonly permissions?: Record<string, string>;
    readonly concurrency?: { group: string; "cancel-in-progress": boolean };
    readonly strategy?: { "fail-fast": boolean; "max-parallel": number; matrix: { account: string[] } };
    readonly steps?: Step[];
}
interface Workflow {
    readonly on: Record<string, unknown>;
    readonly concurrency: { group: string; "cancel-in-progress": boolean };
    readonly jobs: Record<string, Job>;
}

const scratch: string[] = [];
afterAll(() => {
    for (const d of scratch) fs.rmSync(d, { recursive: true, force: true });
});
/** A scratch repository layout: the repository's workflows (the generated one calls checks.yml) and the generated file's path. */
function scratchRepo(): { dir: string; file: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "org-ci-"));
    scratch.push(dir);
    fs.mkdirSync(path.join(dir, ".github/workflows"), { recursive: true });
    for (const f of fs.readdirSync(WORKFLOWS)) fs.copyFileSync(path.join(WORKFLOWS, f), path.join(dir, ".github/workflows", f));
    // actionlint finds the workflows (and resolves ./.github/workflows/checks.yml) from a repository's root.
    execFileSync("git", ["init", "-q", dir]);
    return { dir, file: path.join(dir, ".github/workflows/organization.yml") };
}

describe("the organization workflow of the sample organization", () => {
    const { lib, orgCi } = loadOrganization();
    const wf = orgCi.organizationWorkflow() as unknown as Workflow;
    const deployJobs = () => Object.entries(wf.jobs).filter(([id]) => id !== "checks");
    const waves = (job: Job) =>
        (job.steps ?? []).filter((s) => s.run?.startsWith("npm run deploy -- up ")).map((s) => /--layers (\S+)/.exec(s.run!)![1]);

    it("runs the accounts in the graph's order: management, log-archive, security-tooling, then every workload", () => {
        expect(Object.keys(wf.jobs)).toEqual([
            "checks",
            "management",
            "log-archive",
            "security-tooling",
            "organization-accounts",
            "workloads",
        ]);
        // The organization's own accounts' global-iam and security run beside the workloads, both after security-tooling.
        expect(Object.values(wf.jobs).map((j) => j.needs)).toEqual([
            undefined,
            "checks",
            "management",
            "log-archive",
            "security-tooling",
            "security-tooling",
        ]);
        expect(wf.jobs["organization-accounts"].strategy!.matrix.account).toEqual([
            "management",
            "log-archive",
            "security-tooling",
        ]);
        expect(waves(wf.jobs["organization-accounts"])).toEqual(["global-iam", "security"]);
        const matrix = wf.jobs.workloads.strategy!;
        expect(matrix.matrix.account).toEqual(lib.WORKLOAD_ACCOUNTS.map((a) => a.name));
        expect(matrix.matrix.account).toEqual(["payments", "ledger"]);
        expect(matrix["fail-fast"]).toBe(false);
        expect(matrix["max-parallel"]).toBe(Math.min(orgCi.MAX_PARALLEL_ACCOUNTS, 2));
    });

    it("deploys every stack of the organization: each account's layers as waves in dependency order", () => {
        const stepsFor = (account: string) => {
            const kind = lib.accountByName(account)!.kind;
            return kind === "workload"
                ? waves(wf.jobs.workloads)
                : [...waves(wf.jobs[kind]), ...waves(wf.jobs["organization-accounts"])];
        };
        for (const account of lib.ACCOUNTS) {
            const expected = lib
                .layerOrder()
                .filter((layer) => lib.allInstances().some((i) => i.layer === layer && i.account === account.name));
            expect([account.name, stepsFor(account.name)]).toEqual([account.name, expected]);
        }
        // Every upstream of a wave is deployed earlier: in an earlier step of the job or an earlier job.
        const jobOrder = Object.keys(wf.jobs);
        // A job runs after every job its `needs` chain reaches (the two last jobs are side by side).
        const after = (job: string, other: string): boolean => {
            for (let j = wf.jobs[job].needs; j; j = wf.jobs[j].needs) if (j === other) return true;
            return false;
        };
        const position = (i: { layer: string; account?: string }) => {
            // The workload accounts' job; an organization account's own job for its own layer, the matrix job for the others.
            const account = lib.accountByName(i.account!)!;
            const job =
                account.kind === "workload"
                    ? "workloads"
                    : ["global-iam", "security"].includes(i.layer)
                      ? "organization-accounts"
                      : account.kind;
            return [job, waves(wf.jobs[job]).indexOf(i.layer)] as const;
        };
        for (const instance of lib.allInstances()) {
            const [job, step] = position(instance);
            expect(jobOrder).toContain(job);
            expect(step).toBeGreaterThanOrEqual(0);
            for (const up of lib
                .withUpstreams(instance)
                .filter((u) => u !== instance && u.stack + u.layer !== instance.stack + instance.layer)) {
                const [upJob, upStep] = position(up);
                const earlier = after(job, upJob) || (upJob === job && upStep < step && up.account === instance.account);
                expect([`${up.layer}/${up.stack} before ${instance.layer}/${instance.stack}`, earlier]).toEqual([
                    `${up.layer}/${up.stack} before ${instance.layer}/${instance.stack}`,
                    true,
                ]);
            }
        }
    });

    it("runs each wave through the deploy script for its own account, never two runs of one account at once", () => {
        for (const [id, job] of deployJobs()) {
            const matrix = id === "workloads" || id === "organization-accounts";
            const account = matrix ? "${{ matrix.account }}" : lib.accountByKind(id as "management").name;
            for (const s of (job.steps ?? []).filter((x) => x.run?.startsWith("npm run deploy"))) {
                expect(s.run).toMatch(/^npm run deploy -- up --yes --accounts "\$ACCOUNT" --layers [a-z-]+ --parallel \d+$/);
                expect(s.env?.ACCOUNT).toBe(account);
                expect(s.env?.PULUMI_ORG).toBe("${{ vars.PULUMI_ORG }}");
            }
            expect(job.concurrency).toEqual({ group: orgCi.accountConcurrencyGroup(account), "cancel-in-progress": false });
        }
        // One group per account, whichever job deploys it (an organization account has two jobs, one after
        // the other): no group is shared by two accounts, and every account has one.
        const accountOfGroup = new Map<string, Set<string>>();
        for (const [id, j] of deployJobs()) {
            const accounts = j.strategy ? (j.strategy.matrix.account as string[]) : [lib.accountByKind(id as "management").name];
            for (const a of accounts) {
                const group = j.concurrency!.group.replace("${{ matrix.account }}", a);
                accountOfGroup.set(group, new Set([...(accountOfGroup.get(group) ?? []), a]));
            }
        }
        expect([...accountOfGroup.values()].map((s) => [...s])).toEqual(lib.ACCOUNTS.map((a) => [a.name]));
        expect(wf.jobs.workloads.concurrency!.group).toContain("${{ matrix.account }}");
        // Shared with deploy.yml: the two workflows never deploy the same stacks at once.
        const deployYml = yaml.load(fs.readFileSync(path.join(WORKFLOWS, "deploy.yml"), "utf8")) as Workflow;
        expect(wf.concurrency).toEqual(deployYml.concurrency);
    });

    it("sets up every job as deploy.yml does: Node 22, the CLI the lock file pins, Pulumi Cloud and AWS through OIDC", () => {
        const version = (
            JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as {
                version: string;
            }
        ).version;
        for (const [id, job] of deployJobs()) {
            const steps = job.steps ?? [];
            expect([id, steps.find((s) => s.uses?.startsWith("actions/setup-node@"))?.with?.["node-version"]]).toEqual([id, 22]);
            const versions = steps.find((s) => s.id === "versions")!;
            const printed = execFileSync("bash", ["-c", versions.run!.replace('>> "$GITHUB_OUTPUT"', "")], {
                cwd: ROOT,
                encoding: "utf8",
            }).trim();
            expect(printed).toBe(`pulumi=${version}`);
            const install = steps.find((s) => s.uses?.startsWith("pulumi/actions@"))!;
            expect(install.with?.["pulumi-version"]).toBe("${{ steps.versions.outputs.pulumi }}");
            expect(steps.indexOf(versions)).toBeLessThan(steps.indexOf(install));
            expect(steps.find((s) => s.uses?.startsWith("pulumi/auth-actions@"))?.with?.["requested-token-type"]).toBe(
                "urn:pulumi:token-type:access_token:organization",
            );
            const aws = steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))!;
            expect(aws.with?.["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
            expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
            expect(job.environment).toBe("production");
            // Credentials and the pack before the first wave.
            const firstWave = steps.findIndex((s) => s.run?.startsWith("npm run deploy"));
            expect(steps.indexOf(aws)).toBeLessThan(firstWave);
            expect(steps.findIndex((s) => s.run === "npm run build -w policy-pack")).toBeLessThan(firstWave);
            expect(steps.findIndex((s) => s.run === "npm run plugins")).toBeLessThan(firstWave);
        }
    });
});

describe("npm run gen:org-ci", () => {
    const actionlint = actionlintPath();
    if (!actionlint && process.env.CI !== "true")
        console.warn(
            "org-ci.test.ts: actionlint not found; the schema checks are skipped (.ci/run installs it; or set ACTIONLINT)",
        );
    const lint = actionlint || process.env.CI === "true" ? it : it.skip;

    let generated: { dir: string; file: string; text: string; out: string };
    beforeAll(() => {
        const repo = scratchRepo();
        const r = genOrgCi(["--out", repo.file], SAMPLE);
        expect(r).toEqual({ status: 0, out: expect.stringContaining("written") });
        generated = { ...repo, text: fs.readFileSync(repo.file, "utf8"), out: r.out };
    }, 120000);

    it("names the --out file as given when it is outside the repository (not as a path climbing out of it)", () => {
        expect(generated.out).toBe(`${generated.file}: written\n`);
        const { dir } = scratchRepo();
        expect(genOrgCi(["--check", "--out", path.join(dir, "none.yml")], SAMPLE)).toEqual({
            status: 1,
            out: `${path.join(dir, "none.yml")}: missing: run npm run gen:org-ci\n`,
        });
    }, 120000);

    it("writes the sample organization's workflow as the generator builds it, and --check then passes", () => {
        const { orgCi } = loadOrganization();
        expect(yaml.load(generated.text)).toEqual(orgCi.organizationWorkflow());
        expect(generated.text).toMatch(/^# Generated by `npm run gen:org-ci` from examples\/organization\/topology\.yaml/);
        expect(genOrgCi(["--check", "--out", generated.file], SAMPLE)).toEqual({
            status: 0,
            out: expect.stringContaining("up to date"),
        });
    }, 120000);

    it("--check fails on a hand-edited or missing file", () => {
        const { dir, file } = scratchRepo();
        fs.writeFileSync(file, generated.text.replace("max-parallel: 2", "max-parallel: 9"));
        expect(genOrgCi(["--check", "--out", file], SAMPLE)).toEqual({
            status: 1,
            out: expect.stringContaining("stale: run npm run gen:org-ci"),
        });
        expect(genOrgCi(["--check", "--out", path.join(dir, "none.yml")], SAMPLE)).toEqual({
            status: 1,
            out: expect.stringContaining("missing: run npm run gen:org-ci"),
        });
    }, 120000);

    it("writes nothing for the repository's single-account topology; --check passes unless a workflow is left behind", () => {
        const { file } = scratchRepo();
        expect(genOrgCi(["--out", file])).toEqual({ status: 0, out: expect.stringContaining("declares no accounts") });
        expect(fs.existsSync(file)).toBe(false);
        expect(genOrgCi(["--check", "--out", file]).status).toBe(0);
        // The repository's own check: no organization workflow committed for a single account.
        expect(genOrgCi(["--check"]).status).toBe(0);
        fs.writeFileSync(file, generated.text);
        expect(genOrgCi(["--check", "--out", file])).toEqual({ status: 1, out: expect.stringContaining("declares no accounts") });
    }, 120000);

    lint("is valid for actionlint, next to the repository's workflows", () => {
        if (!actionlint)
            throw new Error("actionlint not found (CI=true): .ci/run installs it into ~/.cache/aws-secure-baseline/tools");
        const r = spawnSync(actionlint, ["-no-color"], { cwd: generated.dir, encoding: "utf8" });
        expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: "" });
    });

    lint("actionlint catches a broken job graph in the same file (the check can fail)", () => {
        const { dir, file } = scratchRepo();
        fs.writeFileSync(file, generated.text.replace("needs: security-tooling", "needs: security-tools"));
        const r = spawnSync(actionlint!, ["-no-color"], { cwd: dir, encoding: "utf8" });
        expect(r.status).toBe(1);
        expect(r.stdout).toMatch(/organization\.yml:.*security-tools/);
    });
});
