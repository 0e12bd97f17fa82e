/**
 * The deploy across the sample organization's accounts, against the recording fake workspace:
 * stacks scheduled by the dependency graph (never more than --parallel at once, every edge
 * respected, one account never waiting for another's unrelated stacks), a failure skipping exactly
 * the stacks that depend on it, --accounts, the dry run's schedule and the preflight of assumeRoles.
 */
import * as fs from "fs";
import * as path from "path";
import { SAMPLE_ORG, loadWithTopology } from "./support/orgMode";

type Lib = typeof import("@baseline/lib");
type Plan = typeof import("../src/deploy/plan");
type Orchestrator = typeof import("../src/deploy/orchestrator");
type Fake = typeof import("../src/deploy/fake");
type Cli = typeof import("../src/deploy/cli");
type StackFiles = typeof import("../src/deploy/stackFiles");
const [lib, planMod, orchestrator, fakeMod, cli, stackFiles] = loadWithTopology<[Lib, Plan, Orchestrator, Fake, Cli, StackFiles]>(
    SAMPLE_ORG,
    "../../lib/src",
    "../src/deploy/plan",
    "../src/deploy/orchestrator",
    "../src/deploy/fake",
    "../src/deploy/cli",
    "../src/deploy/stackFiles",
);

const ROOT = "/repo";
const REPO = path.resolve(__dirname, "../..");

function options(extra: Partial<import("../src/deploy/plan").DeployOptions> = {}): import("../src/deploy/plan").DeployOptions {
    return {
        op: "up",
        layers: lib.activeLayers(),
        regions: [...lib.REGIONS],
        parallel: 4,
        dryRun: false,
        yes: true,
        allowDataDestruction: false,
        excludeProtected: false,
        ...extra,
    };
}

async function run(extra: Partial<import("../src/deploy/plan").DeployOptions> = {}, fakeOpts = {}) {
    const plan = planMod.buildPlan(options(extra), ROOT);
    const fake = new fakeMod.FakeWorkspaces(fakeOpts);
    const results = await orchestrator.runPlan(plan, fake);
    return { plan, fake, results, status: Object.fromEntries(results.map((r) => [r.step.id, r.status])) };
}

/** Every stack that reads `id`, directly or through others (from the layer graph alone). */
function dependentsOf(id: string, all: readonly import("@baseline/lib").StackInstance[]): string[] {
    return all
        .filter((i) => `${i.layer}/${i.stack}` !== id && lib.withUpstreams(i).some((u) => `${u.layer}/${u.stack}` === id))
        .map((i) => `${i.layer}/${i.stack}`);
}

describe("the deploy across accounts", () => {
    it("never runs more than --parallel stacks at once, and starts each only after every stack it reads ended", async () => {
        for (const parallel of [1, 3, 6]) {
            const { plan, fake, results } = await run({ parallel }, { delayMs: 3 });
            expect(results).toHaveLength(lib.allInstances().length);
            expect(results.every((r) => r.status === "succeeded")).toBe(true);
            expect(fake.maxActive).toBe(parallel);
            const at = (kind: "start" | "end", id: string) => fake.calls.findIndex((c) => c.kind === kind && c.id === id);
            let edges = 0;
            for (const step of plan.waves.flat()) {
                for (const up of lib.withUpstreams(step.instance)) {
                    const upId = `${up.layer}/${up.stack}`;
                    if (upId === step.id) continue;
                    edges++;
                    if (!(at("end", upId) < at("start", step.id))) throw new Error(`${step.id} started before ${upId} ended`);
                }
            }
            // Across accounts too: a member's security stack reads the organization's stacks.
            expect(edges).toBeGreaterThan(100);
        }
    });

    it("does not hold one account's stacks back for another account's unrelated ones", async () => {
        const slow = Object.fromEntries(
            lib
                .allInstances()
                .filter((i) => i.account === "payments" && i.layer === "security")
                .map((i) => [`security/${i.stack}`, 200]),
        );
        const { fake } = await run({ parallel: 8 }, { delayMs: 2, delayMsOf: slow });
        const at = (kind: "start" | "end", id: string) => fake.calls.findIndex((c) => c.kind === kind && c.id === id);
        // ledger's network waits for ledger's security only, not for payments' slow security stacks.
        expect(at("end", "network/ledger-us-east-1")).toBeLessThan(at("end", "security/payments-us-east-1"));
        expect(at("end", "api/ledger-us-west-2")).toBeLessThan(at("end", "security/payments-us-east-1"));
    });

    it("a failed stack skips exactly the stacks that read it, in its account, and nothing else", async () => {
        const failing = "network/payments-us-east-1";
        const { status, results } = await run({}, { fail: { [failing]: "boom" } });
        const skipped = Object.keys(status).filter((id) => status[id] === "skipped");
        expect(skipped.sort()).toEqual(["api/payments-us-east-1", "data/payments-us-east-1"]);
        expect(skipped.sort()).toEqual(dependentsOf(failing, lib.allInstances()).sort());
        expect(Object.keys(status).filter((id) => status[id] === "failed")).toEqual([failing]);
        expect(results.find((r) => r.step.id === "api/payments-us-east-1")?.reason).toBe(`upstream ${failing} failed`);

        // The log-archive stack feeds every member's security stack: its failure stops those, in every account.
        const org = await run({}, { fail: { "log-archive/log-archive": "bucket name taken" } });
        const orgSkipped = Object.keys(org.status).filter((id) => org.status[id] === "skipped");
        expect(orgSkipped.sort()).toEqual(dependentsOf("log-archive/log-archive", lib.allInstances()).sort());
        expect(org.status["global-iam/ledger"]).toBe("succeeded");
        expect(org.status["recovery/payments-eu-west-1"]).toBe("succeeded");
        expect(org.status["security/ledger-us-west-2"]).toBe("skipped");
    });

    it("--accounts limits the run to those accounts' stacks; other accounts' upstreams count as deployed", async () => {
        const { fake } = await run({ accounts: ["ledger"] });
        const expected = lib.allInstances().filter((i) => i.account === "ledger");
        expect(fake.started.sort()).toEqual(expected.map((i) => `${i.layer}/${i.stack}`).sort());
        expect(cli.parseArgs(["up", "--accounts", "ledger,payments"])).toMatchObject({
            options: { accounts: ["payments", "ledger"] },
        });
        expect(() => cli.parseArgs(["up", "--accounts", "ledgr"])).toThrow(
            'unknown account "ledgr" (known: management, log-archive, security-tooling, payments, ledger)',
        );
    });

    it("--dry-run prints each stack's account and what it waits for", () => {
        const text = planMod.formatPlan(
            planMod.buildPlan(options({ accounts: ["ledger"], layers: ["global-iam", "network"] }), ROOT),
        );
        expect(text).toMatch(/^deploy up: 3 stacks in 2 layers across 1 account \(ledger\), at most 4 at a time/);
        expect(text).toContain("layer 2/2: network (ledger us-east-1, ledger us-west-2)");
        expect(text).toContain("  network/ledger-us-west-2 [baseline-network, us-west-2, account ledger 555555555555]\n");
        // security/ledger-us-west-2 is not in this run: it counts as deployed and is not waited for.
        expect(text).toContain(
            "  network/ledger-us-west-2 [baseline-network, us-west-2, account ledger 555555555555]\n    after: global-iam/ledger\n",
        );
    });

    it("--help lists the organization's data layers too, as the refusal does", () => {
        expect(cli.USAGE).toContain(
            "--allow-data-destruction  destroy: allow layers that hold data or keys (log-archive, security, recovery, data)\n",
        );
        expect(planMod.destroyGuard(options({ op: "destroy" }))).toMatch(
            /^refusing to destroy log-archive, security, recovery, data: /,
        );
    });

    it("a destroy limited by --regions and --accounts keeps what the other accounts and regions use, naming them", () => {
        const plan = planMod.buildPlan(
            options({ op: "destroy", accounts: ["ledger"], regions: ["us-east-1"], allowDataDestruction: true }),
            ROOT,
        );
        expect(plan.waves.flat().map((s) => s.id)).toEqual([
            "api/ledger-us-east-1",
            "data/ledger-us-east-1",
            "recovery/ledger-us-west-2",
            "network/ledger-us-east-1",
        ]);
        expect(planMod.formatKept(plan)).toEqual([
            "Keeping 3 stacks that the regions and accounts this run leaves out still use (a destroy limited by --regions or --accounts destroys only what nothing outside it uses):",
            "  global-iam/ledger (used by ledger us-west-2)",
            "  security/ledger-us-east-1 (used by ledger us-west-2)",
            "  security/ledger-us-west-2 (used by ledger us-west-2)",
        ]);
        // The organization's own stacks are another account's: --accounts ledger never selected them.
        const management = options({ op: "destroy", accounts: ["management"], layers: ["organization"] });
        expect(planMod.destroyGuard(management)).toMatch(
            /^nothing to destroy: .*: organization\/management \(used by log-archive us-east-1, us-west-2, eu-central-1; security-tooling us-east-1, us-west-2, eu-central-1; payments /,
        );
    });

    it("a destroy limited by --accounts and --layers is refused while that account's own stacks that stay read what it would destroy", () => {
        const opts = options({
            op: "destroy",
            accounts: ["ledger"],
            regions: ["us-west-2"],
            layers: ["network"],
            allowDataDestruction: true,
        });
        expect(planMod.destroyGuard(opts)).toBe(
            "refusing to destroy network: stacks this run leaves in place still read it: " +
                "network/ledger-us-west-2 (read by data/ledger-us-west-2, api/ledger-us-west-2). " +
                "Destroy those first, or in the same run: --layers network,data,api.",
        );
        expect(planMod.destroyGuard({ ...opts, layers: ["network", "data", "api"] })).toBeUndefined();
    });

    it("preflight refuses a stack file that does not assume its account's deploy role", () => {
        const plan = planMod.buildPlan(options({ accounts: ["payments", "ledger"], layers: ["global-iam"] }), REPO);
        const project = fs.readFileSync(path.join(REPO, "stacks/global-iam/Pulumi.yaml"), "utf8");
        const files: Record<string, string> = {
            [path.join(REPO, "stacks/global-iam/Pulumi.yaml")]: project,
            [path.join(REPO, "stacks/global-iam/Pulumi.payments.yaml")]:
                "config:\n  aws:region: us-east-1\n  aws:assumeRoles:\n    - roleArn: arn:aws:iam::444444444444:role/baseline-deploy\n      sessionName: baseline-deploy\n",
            [path.join(REPO, "stacks/global-iam/Pulumi.ledger.yaml")]:
                "config:\n  aws:region: us-east-1\n  aws:assumeRoles:\n    - roleArn: arn:aws:iam::444444444444:role/baseline-deploy\n",
        };
        const problems = stackFiles.checkStackFiles(plan, { readFile: (p) => files[p] });
        expect(problems).toEqual([
            {
                what:
                    "stacks/global-iam/Pulumi.ledger.yaml: aws:assumeRoles ends with roleArn " +
                    '"arn:aws:iam::444444444444:role/baseline-deploy", but stack ledger runs in account ledger through ' +
                    "arn:aws:iam::555555555555:role/baseline-deploy",
                fix: expect.stringContaining("correct aws:assumeRoles in the stack file by hand"),
            },
        ]);
    });
});

describe("a single account", () => {
    it("has no --accounts", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- the repository's own topology, loaded normally
        const single = require("../src/deploy/cli") as Cli;
        expect(() => single.parseArgs(["up", "--accounts", "payments"])).toThrow(/--accounts needs organization mode/);
    });
});
