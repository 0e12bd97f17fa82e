/**
 * The offline plan of the sample organization: stack files derived in memory from its topology
 * (none exist on disk), a file on disk still winning, each account's resources carrying its own
 * account id, and the summary grouped by account.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanFile } from "@baseline/lib";
import { REPO, SAMPLE_ORG, loadWithTopology } from "./support/orgMode";
import { physicalNameClashes } from "./support/physicalNames";

type Planner = typeof import("../src/planner");
type Lib = typeof import("@baseline/lib");
type Report = typeof import("../src/report/build");
const [planner, lib, report] = loadWithTopology<[Planner, Lib, Report]>(
    SAMPLE_ORG,
    "../src/planner",
    "../../lib/src",
    "../src/report/build",
);

describe("stack config of another topology", () => {
    let stacks: string;
    const ledgerIam = () => lib.allInstances().find((i) => i.layer === "global-iam" && i.account === "ledger")!;
    const file = () => path.join(stacks, "global-iam", "Pulumi.ledger.yaml");

    beforeEach(() => {
        stacks = fs.mkdtempSync(path.join(os.tmpdir(), "plan-org-"));
        fs.mkdirSync(path.join(stacks, "global-iam"));
        fs.copyFileSync(path.join(REPO, "stacks/global-iam/Pulumi.yaml"), path.join(stacks, "global-iam/Pulumi.yaml"));
    });
    afterEach(() => fs.rmSync(stacks, { recursive: true, force: true }));

    it("is derived from the topology when the stack has no file: region and the account's deploy role", () => {
        expect(planner.derivedStackFilesFrom()).toBe(SAMPLE_ORG);
        const config = planner.loadStackConfig(ledgerIam(), stacks);
        expect(config["aws:region"]).toBe("us-east-1");
        expect(JSON.parse(config["aws:assumeRoles"])).toEqual([
            { roleArn: "arn:aws:iam::555555555555:role/baseline-deploy", sessionName: "baseline-deploy" },
        ]);
        expect(planner.accountIdOf(ledgerIam())).toBe("555555555555");
    });

    it("comes from the stack file where one exists, and a file that assumes another account's role is refused", () => {
        const role = "arn:aws:iam::555555555555:role/baseline-deploy";
        fs.writeFileSync(
            file(),
            `config:\n  aws:region: us-east-1\n  aws:assumeRoles:\n    - roleArn: ${role}\n      sessionName: ci\n  baseline-global-iam:owner: ledger-team\n`,
        );
        const config = planner.loadStackConfig(ledgerIam(), stacks);
        expect(config["baseline-global-iam:owner"]).toBe("ledger-team");
        expect(JSON.parse(config["aws:assumeRoles"])).toEqual([{ roleArn: role, sessionName: "ci" }]);

        fs.writeFileSync(file(), "config:\n  aws:region: us-east-1\n");
        expect(() => planner.loadStackConfig(ledgerIam(), stacks)).toThrow(
            `${file()}: 1 problem in the stack file:\n  - aws:assumeRoles is not set, but stack ledger runs in account ledger through ${role}`,
        );
    });

    it("is never derived for the repository's own topology", () => {
        expect(planner.derivedStackFilesFrom(path.join(REPO, "topology.yaml"))).toBeUndefined();
    });
});

describe("the report of an organization", () => {
    it("lists the stacks by account, in topology order, then by layer and region", () => {
        const plan = (i: import("@baseline/lib").StackInstance): import("@baseline/lib").PlanFile => ({
            project: i.project,
            stack: i.stack,
            layer: i.layer,
            region: i.region,
            steps: [],
            outputs: {},
        });
        // Layer order first, as the planner produces them: accounts interleaved.
        const plans = lib
            .allInstances()
            .filter((i) => ["global-iam", "network", "organization"].includes(i.layer))
            .map(plan);
        expect(plans.map((p) => p.stack).slice(0, 3)).toEqual(["management", "management", "log-archive"]);
        const input = report.reportInput(plans, {} as never);
        expect(input.plans.map((p) => `${p.layer}/${p.stack}`)).toEqual([
            "organization/management",
            "global-iam/management",
            "global-iam/log-archive",
            "global-iam/security-tooling",
            "global-iam/payments",
            "network/payments-us-east-1",
            "network/payments-us-west-2",
            "network/payments-eu-central-1",
            "global-iam/ledger",
            "network/ledger-us-east-1",
            "network/ledger-us-west-2",
        ]);
    });
});

describe("npm run plan of the sample organization", () => {
    it("plans a workload account's stacks with that account's id, grouped by account, saying the stack files were derived", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-org-out-"));
        try {
            const r = spawnSync(
                process.execPath,
                [
                    path.join(REPO, "node_modules/ts-node/dist/bin.js"),
                    "--transpile-only",
                    "scripts/src/plan.ts",
                    "--stack",
                    "recovery/ledger-us-east-1",
                    "--out",
                    out,
                ],
                { cwd: REPO, encoding: "utf8", env: { ...process.env, BASELINE_TOPOLOGY: SAMPLE_ORG }, timeout: 300_000 },
            );
            expect(r.stderr).not.toMatch(/FAILED/);
            expect(r.status).toBe(0);
            expect(r.stdout).toContain("account ledger (555555555555, workload)");
            expect(r.stdout).toContain("stack files derived from examples/organization/topology.yaml");
            const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
            expect(summary.stackFilesDerivedFrom).toBe("examples/organization/topology.yaml");
            expect(summary.stacks.map((s: { stack: string; account: string }) => [s.stack, s.account])).toEqual([
                ["ledger", "ledger"],
                ["ledger-us-east-1", "ledger"],
            ]);
            const recovery = fs.readFileSync(path.join(out, "baseline-recovery.ledger-us-east-1.json"), "utf8");
            // The replica bucket is named after the account (lib/src/naming.ts): ledger's, not the mocks' default.
            expect(recovery).toContain(lib.names.replicaBucket("555555555555", "us-west-2"));
            expect(recovery).not.toContain("123456789012");
            expect(fs.readFileSync(path.join(out, "summary.md"), "utf8")).toContain(
                "### Account ledger (555555555555, workload): 2 stack(s)",
            );
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });

    it("plans every stack of the sample organization and passes the pack under the organization's baseline configuration", () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), "plan-org-all-"));
        try {
            const r = spawnSync(
                process.execPath,
                [path.join(REPO, "node_modules/ts-node/dist/bin.js"), "--transpile-only", "scripts/src/plan.ts", "--out", out],
                { cwd: REPO, encoding: "utf8", env: { ...process.env, BASELINE_TOPOLOGY: SAMPLE_ORG }, timeout: 300_000 },
            );
            expect(r.status).toBe(0);
            expect(r.stdout).toMatch(/plan PASSED: 49 stack\(s\) planned, \d+ resource\(s\), 0 mandatory policy violations/);
            const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8"));
            const layers = new Set(summary.stacks.map((s: { layer: string }) => s.layer));
            for (const layer of ["organization", "log-archive", "security-tooling", "global-iam", "security", "data", "api"])
                expect(layers).toContain(layer);
            expect(summary.stacks.every((s: { status: string }) => s.status === "planned")).toBe(true);
            // Every account records AWS Config in every region it has stacks in, the organization's own included
            // (Security Hub's controls need it there), with one recorder per account and region.
            const plans: PlanFile[] = fs
                .readdirSync(out)
                .filter((f) => /^baseline-.*\.json$/.test(f))
                .map((f) => JSON.parse(fs.readFileSync(path.join(out, f), "utf8")) as PlanFile);
            const recorders = plans
                .filter((p) => p.steps.some((s) => s.newState.type === "aws:cfg/recorder:Recorder"))
                .map((p) => `${lib.accountOfStack(p.stack)!.name} ${p.region}`)
                .sort();
            const everywhere = lib.ACCOUNTS.flatMap((a) =>
                lib.everyRegionOf(a.regions as never).map((region) => `${a.name} ${region}`),
            ).sort();
            expect(recorders).toEqual(everywhere);
            expect(recorders).toContain("management eu-west-1");
            // ...and no two of its stacks create the same name in one place (the log archive's access-log
            // bucket, the delegated administrator's findings routing), which AWS would refuse.
            expect(physicalNameClashes(plans, (p) => lib.accountOfStack(p.stack)!.name)).toEqual([]);
        } finally {
            fs.rmSync(out, { recursive: true, force: true });
        }
    });
});
