/**
 * The deploy orchestrator against a recording fake workspace: order, the
 * parallelism bound, failure propagation, the destroy guard and the policy pack.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as os from "os";
import * as path from "path";
import {
    DEPLOYMENT_MODE_LAYERS,
    LAYER_NAMES,
    LayerName,
    REGIONS,
    activeLayers,
    allInstances,
    readProjectSpec,
    withUpstreams,
} from "@baseline/lib";
import { FakeWorkspaces } from "../src/deploy/fake";
import { StepResult, runPlan } from "../src/deploy/orchestrator";
import { DeployOptions, Operation, buildPlan, destroyGuard, formatPlan } from "../src/deploy/plan";
import { exitCode, formatSummary, lockOf, resultsJson } from "../src/deploy/summary";
import { onInterrupt } from "../src/deploy";
import { checkStackFiles } from "../src/deploy/stackFiles";
import { readStackFile } from "../src/stackFiles";
import { REPO, loadWithTopology } from "./support/orgMode";

const ROOT = "/repo";

function options(op: Operation, extra: Partial<DeployOptions> = {}): DeployOptions {
    return {
        op,
        layers: activeLayers(),
        regions: [...REGIONS],
        parallel: 3,
        dryRun: false,
        yes: true,
        allowDataDestruction: false,
        excludeProtected: false,
        ...extra,
    };
}

async function run(op: Operation, extra: Partial<DeployOptions> = {}, fake = new FakeWorkspaces(), signal?: AbortSignal) {
    const lines: string[] = [];
    const plan = buildPlan(options(op, extra), ROOT);
    const results = await runPlan(plan, fake, { log: (l) => lines.push(l), ...(signal ? { signal } : {}) });
    return { fake, results, lines, plan };
}

const status = (results: StepResult[]): Record<string, string> => Object.fromEntries(results.map((r) => [r.step.id, r.status]));

describe("plan", () => {
    it("covers the 17 stacks in 6 waves, global-iam first, then each layer's regions, recovery in the partner regions", () => {
        const plan = buildPlan(options("up"), ROOT);
        expect(plan.waves.map((w) => w.map((s) => s.id))).toEqual([
            ["global-iam/production"],
            [
                "security/production-us-east-1",
                "security/production-us-west-2",
                "security/production-eu-central-1",
                // Detection in the recovery-only region.
                "security/production-eu-west-1",
            ],
            ["network/production-us-east-1", "network/production-us-west-2", "network/production-eu-central-1"],
            ["recovery/production-us-east-1", "recovery/production-us-west-2", "recovery/production-eu-west-1"],
            ["data/production-us-east-1", "data/production-us-west-2", "data/production-eu-central-1"],
            ["api/production-us-east-1", "api/production-us-west-2", "api/production-eu-central-1"],
        ]);
        expect(plan.waves.flat().map((s) => s.workDir)).toContain(path.join(ROOT, "stacks", "network"));
    });

    it("runs destroy in reverse layer order", () => {
        const plan = buildPlan(options("destroy", { allowDataDestruction: true }), ROOT);
        expect(plan.waves.map((w) => w[0].instance.layer)).toEqual([
            "api",
            "data",
            "recovery",
            "network",
            "security",
            "global-iam",
        ]);
    });

    it("keeps global-iam in its home region and brings the partner's recovery stack when --regions names one region", () => {
        const plan = buildPlan(options("up", { regions: ["eu-central-1"] }), ROOT);
        expect(plan.waves.flat().map((s) => s.id)).toEqual([
            "global-iam/production",
            "security/production-eu-central-1",
            // The partner's detection comes with its recovery stack.
            "security/production-eu-west-1",
            "network/production-eu-central-1",
            "recovery/production-eu-west-1",
            "data/production-eu-central-1",
            "api/production-eu-central-1",
        ]);
    });
});

describe("runPlan", () => {
    it("starts each stack only after every stack it reads has finished, not after whole layers", async () => {
        const { fake, results, plan } = await run("up", { parallel: 8 });
        expect(results.every((r) => r.status === "succeeded")).toBe(true);
        expect(fake.started[0]).toBe("global-iam/production");
        expect(fake.started).toHaveLength(17);
        const at = (kind: "start" | "end", id: string) => fake.calls.findIndex((c) => c.kind === kind && c.id === id);
        for (const step of plan.waves.flat()) {
            for (const up of withUpstreams(step.instance).filter((u) => `${u.layer}/${u.stack}` !== step.id)) {
                expect([step.id, up.layer, at("end", `${up.layer}/${up.stack}`) < at("start", step.id)]).toEqual([
                    step.id,
                    up.layer,
                    true,
                ]);
            }
        }
        // Recovery reads only global-iam: it does not wait for the security layer to finish.
        expect(at("start", "recovery/production-eu-west-1")).toBeLessThan(at("end", "security/production-us-east-1"));
    });

    it("runs a layer's regions in parallel, never more than --parallel at once", async () => {
        expect((await run("up", { parallel: 3 })).fake.maxActive).toBe(3);
        expect((await run("up", { parallel: 2 })).fake.maxActive).toBe(2);
        expect((await run("preview", { parallel: 1 })).fake.maxActive).toBe(1);
    });

    it("selects or creates each stack and runs the operation, writing no config", async () => {
        const { fake } = await run("up", { layers: ["network"], regions: ["us-west-2"] });
        expect(fake.calls.map((c) => c.kind)).toEqual(["select", "start", "end"]);
        expect(fake.calls[0]).toMatchObject({ stackName: "production-us-west-2", workDir: path.join(ROOT, "stacks/network") });
    });

    it("qualifies stack names with --org and leaves upstream resolution to the stack's own organization", async () => {
        const { fake, plan } = await run("preview", { org: "acme", layers: ["global-iam", "data"], regions: ["us-east-1"] });
        const selects = fake.calls.filter((c) => c.kind === "select");
        expect(selects.map((c) => c.kind === "select" && c.stackName)).toEqual(["acme/production", "acme/production-us-east-1"]);
        expect(formatPlan(plan)).not.toMatch(/setConfig|upstreamOrg/);
    });

    it("--rehearsal confirms the stack files' deploymentMode and never writes it; each mode refuses the other's files", () => {
        const REPO = path.resolve(__dirname, "../..");
        const real = (p: string) => {
            try {
                return fs.readFileSync(p, "utf8");
            } catch {
                return undefined;
            }
        };
        const rehearsalFiles = (p: string) => {
            const text = real(p);
            const layer = path.basename(path.dirname(p));
            if (
                !text ||
                !p.endsWith(".yaml") ||
                path.basename(p) === "Pulumi.yaml" ||
                !DEPLOYMENT_MODE_LAYERS.includes(layer as never)
            )
                return text;
            return `${text.trimEnd()}\n  baseline-${layer}:deploymentMode: rehearsal\n`;
        };
        const production = buildPlan(options("up", { regions: ["eu-central-1"] }), REPO);
        const rehearsal = buildPlan(options("up", { regions: ["eu-central-1"], rehearsal: true }), REPO);
        // The committed files are production: a production run passes, a rehearsal run is refused per file.
        expect(checkStackFiles(production, { readFile: real })).toEqual([]);
        const refused = checkStackFiles(rehearsal, { readFile: real });
        expect(refused.map((p) => p.what.split(":")[0]).sort()).toEqual([
            "stacks/data/Pulumi.production-eu-central-1.yaml",
            "stacks/recovery/Pulumi.production-eu-west-1.yaml",
            "stacks/security/Pulumi.production-eu-central-1.yaml",
            "stacks/security/Pulumi.production-eu-west-1.yaml",
        ]);
        expect(refused[0].fix).toMatch(
            /^in the sandbox account's checkout: pulumi config set deploymentMode rehearsal --cwd stacks\/\S+ --stack \S+$/,
        );
        // Files in rehearsal mode: the rehearsal run passes, a production run is refused.
        expect(checkStackFiles(rehearsal, { readFile: rehearsalFiles })).toEqual([]);
        expect(checkStackFiles(production, { readFile: rehearsalFiles }).map((p) => p.what)).toContain(
            'stacks/security/Pulumi.production-eu-central-1.yaml: baseline-security:deploymentMode is "rehearsal": a rehearsal\'s relaxed locks, in a run without --rehearsal',
        );
    });

    it("reads deploymentMode written without its project's prefix as the engine does: the project's key", () => {
        const REPO = path.resolve(__dirname, "../..");
        const file = path.join(REPO, "stacks/security/Pulumi.production-us-east-1.yaml");
        const short = (p: string) =>
            p === file ? "config:\n  aws:region: us-east-1\n  deploymentMode: rehearsal\n" : fs.readFileSync(p, "utf8");
        const production = buildPlan(options("up", { layers: ["global-iam", "security"], regions: ["us-east-1"] }), REPO);
        const rehearsal = buildPlan(
            options("up", { layers: ["global-iam", "security"], regions: ["us-east-1"], rehearsal: true }),
            REPO,
        );
        // Without --rehearsal the file's relaxed locks are refused, as with the prefixed key.
        expect(checkStackFiles(production, { readFile: short }).map((p) => p.what)).toEqual([
            'stacks/security/Pulumi.production-us-east-1.yaml: baseline-security:deploymentMode is "rehearsal": a rehearsal\'s relaxed locks, in a run without --rehearsal',
        ]);
        // With it, the file is in rehearsal mode (not reported as production); the region's other
        // security stack (its partner's recovery-only copy) still is, its file being the committed one.
        expect(checkStackFiles(rehearsal, { readFile: short }).map((p) => p.what.split(":")[0])).toEqual([
            "stacks/security/Pulumi.production-us-west-2.yaml",
        ]);
        // The offline plan reads the same file the same way (one reader: scripts/src/stackFiles.ts readStackFile).
        expect(readStackFile("baseline-security", ["deploymentMode"], yaml.load(short(file))).config).toEqual({
            "aws:region": "us-east-1",
            "baseline-security:deploymentMode": "rehearsal",
        });
    });

    it("writes no config for a rehearsal either", async () => {
        const { fake } = await run("up", { rehearsal: true, regions: ["eu-central-1"] });
        expect(fake.calls.map((c) => c.kind).filter((k) => k !== "select" && k !== "start" && k !== "end")).toEqual([]);
    });

    it("declares deploymentMode in exactly the projects of the layers the deploy sets it on", () => {
        // Every layer with a program, organization layers included: their stacks exist only in organization mode.
        const declaring = LAYER_NAMES.filter((l) =>
            readProjectSpec(path.resolve(__dirname, "../../stacks", l, "Pulumi.yaml")).keys.includes("deploymentMode"),
        );
        expect(declaring.sort()).toEqual([...DEPLOYMENT_MODE_LAYERS].sort());
    });

    it.each<Operation>(["preview", "up"])("attaches the policy pack to every %s", async (op) => {
        const { fake } = await run(op, { policyPackConfig: "/tmp/policy-config.json" });
        const starts = fake.calls.filter((c) => c.kind === "start");
        expect(starts).toHaveLength(17);
        for (const c of starts) {
            expect(c.kind === "start" && c.options).toEqual({
                policyPacks: [path.join(ROOT, "policy-pack")],
                policyPackConfigs: ["/tmp/policy-config.json"],
            });
        }
    });

    it("passes no options to refresh, and only excludeProtected (when asked) to destroy", async () => {
        const refresh = await run("refresh");
        expect(refresh.fake.calls.filter((c) => c.kind === "start").map((c) => c.kind === "start" && c.options)).toEqual(
            Array(17).fill({}),
        );
        const destroy = await run("destroy", { allowDataDestruction: true, excludeProtected: true });
        for (const c of destroy.fake.calls) if (c.kind === "start") expect(c.options).toEqual({ excludeProtected: true });
        const plain = await run("destroy", { layers: ["api"] });
        for (const c of plain.fake.calls) if (c.kind === "start") expect(c.options).toEqual({});
    });

    it("skips the failed region's downstream stacks and finishes the other regions", async () => {
        const fake = new FakeWorkspaces({ fail: { "network/production-us-west-2": "VPC limit exceeded" } });
        const { results, lines } = await run("up", {}, fake);
        const s = status(results);
        expect(s["network/production-us-west-2"]).toBe("failed");
        expect(s["data/production-us-west-2"]).toBe("skipped");
        expect(s["api/production-us-west-2"]).toBe("skipped");
        for (const region of ["us-east-1", "eu-central-1"]) {
            for (const layer of ["security", "network", "data", "api"])
                expect(s[`${layer}/production-${region}`]).toBe("succeeded");
        }
        expect(s["security/production-us-west-2"]).toBe("succeeded");
        expect(s["recovery/production-us-west-2"]).toBe("succeeded");
        // The skipped stacks were never touched.
        expect(fake.calls.some((c) => c.id === "data/production-us-west-2")).toBe(false);
        expect(results.find((r) => r.step.id === "api/production-us-west-2")?.reason).toBe(
            "upstream network/production-us-west-2 failed",
        );
        expect(lines).toContain("[network/production-us-west-2] error: VPC limit exceeded");
        expect(exitCode(results)).toBe(1);
    });

    it("skips everything when global-iam fails", async () => {
        const fake = new FakeWorkspaces({ fail: { "global-iam/production": "AccessDenied" } });
        const { results } = await run("up", {}, fake);
        expect(status(results)["global-iam/production"]).toBe("failed");
        expect(results.filter((r) => r.status === "skipped")).toHaveLength(16);
        expect(fake.started).toEqual(["global-iam/production"]);
    });

    it("a failed recovery stack skips the data stack of the region it protects, in the other region", async () => {
        const fake = new FakeWorkspaces({ fail: { "recovery/production-eu-west-1": "KMS quota" } });
        const s = status((await run("up", {}, fake)).results);
        expect(s["data/production-eu-central-1"]).toBe("skipped");
        expect(s["api/production-eu-central-1"]).toBe("skipped");
        expect(s["data/production-us-east-1"]).toBe("succeeded");
    });

    it("on destroy, a recovery stack waits for the data stack that replicates into it", async () => {
        const fake = new FakeWorkspaces({ fail: { "data/production-us-east-1": "DependencyViolation" } });
        const s = status((await run("destroy", { allowDataDestruction: true, layers: ["recovery", "data"] }, fake)).results);
        expect(s["recovery/production-us-west-2"]).toBe("skipped");
        expect(s["recovery/production-us-east-1"]).toBe("succeeded");
    });

    it("on destroy, a failed stack keeps its upstream stacks in that region", async () => {
        const fake = new FakeWorkspaces({ fail: { "api/production-us-west-2": "DependencyViolation" } });
        const { results } = await run("destroy", { layers: ["network", "api"] }, fake);
        const s = status(results);
        expect(s["network/production-us-west-2"]).toBe("skipped");
        expect(s["network/production-us-east-1"]).toBe("succeeded");
        expect(s["network/production-eu-central-1"]).toBe("succeeded");
        expect(fake.started.slice(0, 3).every((id) => id.startsWith("api/"))).toBe(true);
    });

    it("prefixes each stack's streamed output lines", async () => {
        const fake = new FakeWorkspaces({ output: ["Updating (production-us-east-1)\n  + aws:kms:Ke", "y created\npartial"] });
        const { lines } = await run("up", { layers: ["security"], regions: ["us-east-1"] }, fake);
        expect(lines).toEqual(
            expect.arrayContaining([
                "[security/production-us-east-1] Updating (production-us-east-1)",
                "[security/production-us-east-1]   + aws:kms:Key created",
                "[security/production-us-east-1] partial",
            ]),
        );
    });
});

describe("stacks that were never deployed", () => {
    const api = "api/production-us-east-1";

    it("destroy selects without creating: a missing stack is nothing to destroy, and says so", async () => {
        const fake = new FakeWorkspaces({ missing: [api] });
        const { results } = await run("destroy", { layers: ["api"], allowDataDestruction: true }, fake);
        expect(fake.selectedOnly.sort()).toEqual(["api/production-eu-central-1", api, "api/production-us-west-2"]);
        expect(fake.started.sort()).toEqual(["api/production-eu-central-1", "api/production-us-west-2"]);
        expect(status(results)[api]).toBe("succeeded");
        expect(formatSummary(results)).toMatch(new RegExp(`^${api}\\s+destroy\\s+nothing to destroy: no such stack\\s+-`, "m"));
        expect(exitCode(results)).toBe(0);
        expect(resultsJson(results).stacks.find((x) => x.id === api)).toEqual(
            expect.objectContaining({ status: "succeeded", absent: true }),
        );
    });

    it.each(["refresh", "drift"] as const)(
        "%s of a missing stack fails, saying it was never deployed, and creates nothing",
        async (op) => {
            const fake = new FakeWorkspaces({ missing: [api] });
            const { results } = await run(op, { layers: ["api"] }, fake);
            const failed = results.find((r) => r.step.id === api)!;
            expect([failed.status, failed.error]).toEqual([
                "failed",
                expect.stringMatching(
                    /^no stack named production-us-east-1 in \S+stacks\/api: it has never been deployed, so there is nothing to /,
                ),
            ]);
            expect(fake.started).not.toContain(api);
            expect(exitCode(results)).toBe(1);
        },
    );

    it("preview and up create the stacks they need; refresh, destroy and drift only select", async () => {
        for (const op of ["preview", "up"] as const) {
            const fake = new FakeWorkspaces();
            await run(op, { layers: ["api"] }, fake);
            expect([op, fake.selectedOnly]).toEqual([op, []]);
        }
        for (const op of ["refresh", "destroy", "drift"] as const) {
            const fake = new FakeWorkspaces();
            await run(op, { layers: ["api"], allowDataDestruction: true }, fake);
            expect([op, fake.selectedOnly.length]).toEqual([op, 3]);
        }
    });
});

describe("destroy guard", () => {
    it("refuses layers that hold data or keys unless --allow-data-destruction", () => {
        expect(destroyGuard(options("destroy"))).toMatch(
            /refusing to destroy security, recovery, data: .*--allow-data-destruction/,
        );
        expect(destroyGuard(options("destroy", { layers: ["api", "data"] }))).toMatch(
            /^refusing to destroy data: this layer holds/,
        );
        expect(destroyGuard(options("destroy", { layers: ["api"] }))).toBeUndefined();
        expect(
            destroyGuard(options("destroy", { layers: ["network", "data", "api"], allowDataDestruction: true })),
        ).toBeUndefined();
        expect(destroyGuard(options("destroy", { allowDataDestruction: true }))).toBeUndefined();
        expect(destroyGuard(options("up"))).toBeUndefined();
    });

    it("suggests only layers whose stacks nothing left in place reads: never global-iam, nor network under the data", () => {
        // network stays out: the database runs in its subnets; global-iam: every stack that stays reads it.
        expect(destroyGuard(options("destroy"))).toMatch(/, or limit the run to --layers api \(/);
        const regional = destroyGuard(options("destroy", { regions: ["us-east-1"] }));
        expect(regional).toMatch(/^refusing to destroy recovery, data: .*, or limit the run to --layers api \(/);
        // network goes with the database's layer here, so it is no hint either.
        expect(destroyGuard(options("destroy", { layers: ["network", "data", "api"] }))).toMatch(
            /^refusing to destroy data: .*, or limit the run to --layers api \(/,
        );
    });

    it.each([[["us-east-1"]], [["us-west-2"]], [["eu-central-1"]], [["us-east-1", "us-west-2"]], [[...REGIONS]]] as const)(
        "following the hint for --regions %j destroys no stack that a stack left in place reads",
        (regions) => {
            const refusal = destroyGuard(options("destroy", { regions }));
            const hinted = /--layers ([a-z,-]+) \(/.exec(refusal ?? "")?.[1];
            expect(hinted).toBeDefined();
            const layers = hinted!.split(",") as LayerName[];
            expect(destroyGuard(options("destroy", { regions, layers }))).toBeUndefined();
            const destroyed = new Set(
                buildPlan(options("destroy", { regions, layers }), ROOT)
                    .waves.flat()
                    .map((s) => s.id),
            );
            expect(destroyed.size).toBeGreaterThan(0);
            for (const left of allInstances().filter((i) => !destroyed.has(`${i.layer}/${i.stack}`))) {
                for (const up of withUpstreams(left)) expect(destroyed.has(`${up.layer}/${up.stack}`)).toBe(false);
            }
        },
    );
});

describe("destroy limited by --layers", () => {
    const id = (i: { layer: string; stack: string }) => `${i.layer}/${i.stack}`;
    /** The stacks a run leaves in place that read one it destroys: what the guard must never let through. */
    const stranded = (opts: DeployOptions) => {
        const destroyed = new Set(
            buildPlan(opts, ROOT)
                .waves.flat()
                .map((s) => s.id),
        );
        return allInstances()
            .filter((i) => !destroyed.has(id(i)))
            .flatMap((left) =>
                withUpstreams(left)
                    .map(id)
                    .filter((up) => destroyed.has(up))
                    .map((up) => `${id(left)} reads ${up}`),
            );
    };

    it("refuses network alone, naming each network stack with the stacks that stay and read it, and the run that would not", () => {
        expect(destroyGuard(options("destroy", { layers: ["network"], regions: ["us-east-1"] }))).toBe(
            "refusing to destroy network: stacks this run leaves in place still read it: " +
                "network/production-us-east-1 (read by data/production-us-east-1, api/production-us-east-1). " +
                "Destroy those first, or in the same run: --layers network,data,api --allow-data-destruction (data holds data or keys).",
        );
        // With the flag given, the hint does not ask for it again; the data layer's readers come too.
        expect(destroyGuard(options("destroy", { layers: ["data"], allowDataDestruction: true }))).toMatch(
            /^refusing to destroy data: stacks this run leaves in place still read them: data\/production-us-east-1 \(read by api\/production-us-east-1\), .*Destroy those first, or in the same run: --layers data,api\.$/,
        );
        // A partner's recovery stack holds the copies of the region whose data stack stays.
        expect(
            destroyGuard(options("destroy", { layers: ["recovery"], regions: ["us-east-1"], allowDataDestruction: true })),
        ).toMatch(
            /^refusing to destroy recovery: .*recovery\/production-us-west-2 \(read by data\/production-us-east-1, api\/production-us-east-1\)\. .*--layers recovery,data,api\.$/,
        );
    });

    it("for every set of layers and every region a run can name, either refuses or strands no stack; the hint it gives is accepted and strands none", () => {
        const sets = Array.from({ length: 1 << activeLayers().length }, (_, bits) =>
            activeLayers().filter((_, n) => bits & (1 << n)),
        ).filter((s) => s.length > 0);
        const regionSets = [[...REGIONS], ...REGIONS.map((r) => [r])];
        let refusedForReaders = 0;
        for (const regions of regionSets) {
            for (const layers of sets) {
                const opts = options("destroy", { layers, regions, allowDataDestruction: true });
                const refusal = destroyGuard(opts);
                if (refusal === undefined) {
                    expect({ layers, regions, stranded: stranded(opts) }).toEqual({ layers, regions, stranded: [] });
                    continue;
                }
                if (refusal.startsWith("nothing to destroy")) continue;
                refusedForReaders++;
                expect(stranded(opts).length).toBeGreaterThan(0);
                const hinted = /--layers ([a-z,-]+)\.$/.exec(refusal)?.[1];
                expect({ layers, regions, hinted }).toEqual({ layers, regions, hinted: expect.any(String) });
                const followed = { ...opts, layers: hinted!.split(",") as LayerName[] };
                expect(followed.layers).toEqual(expect.arrayContaining(layers));
                expect({ layers, regions, refusal: destroyGuard(followed) }).toEqual({ layers, regions, refusal: undefined });
                expect(stranded(followed)).toEqual([]);
            }
        }
        expect(refusedForReaders).toBeGreaterThan(0);
    });
});

describe("destroy limited by --regions", () => {
    const ids = (plan: ReturnType<typeof buildPlan>) => plan.waves.flat().map((s) => s.id);

    it("keeps global-iam, the home region's account-wide security stack and the partner region's own security stack, naming who uses them", () => {
        const plan = buildPlan(options("destroy", { regions: ["us-east-1"], allowDataDestruction: true }), ROOT);
        // us-east-1's own stacks, and the recovery stack in us-west-2 that holds only us-east-1's copies.
        expect(ids(plan)).toEqual([
            "api/production-us-east-1",
            "data/production-us-east-1",
            "recovery/production-us-west-2",
            "network/production-us-east-1",
        ]);
        expect(plan.kept).toEqual([
            { id: "global-iam/production", usedBy: [{ region: "us-west-2" }, { region: "eu-central-1" }] },
            // The account's multi-region trail and Config aggregator, and us-west-2's partner detection.
            { id: "security/production-us-east-1", usedBy: [{ region: "us-west-2" }, { region: "eu-central-1" }] },
            // us-west-2 is a baseline region: this is its own detection, not only us-east-1's partner's.
            { id: "security/production-us-west-2", usedBy: [{ region: "us-west-2" }] },
        ]);
        expect(formatPlan(plan)).toContain(
            "Keeping 3 stacks that the regions this run leaves out still use (a destroy limited by --regions destroys only what nothing outside it uses):\n" +
                "  global-iam/production (used by us-west-2, eu-central-1)\n" +
                "  security/production-us-east-1 (used by us-west-2, eu-central-1)\n" +
                "  security/production-us-west-2 (used by us-west-2)\n",
        );
    });

    it("destroys a recovery-only partner's stacks with the one region that uses it", () => {
        const plan = buildPlan(options("destroy", { regions: ["eu-central-1"], allowDataDestruction: true }), ROOT);
        expect(ids(plan).sort()).toEqual(
            [
                "api/production-eu-central-1",
                "data/production-eu-central-1",
                "network/production-eu-central-1",
                "recovery/production-eu-west-1",
                "security/production-eu-central-1",
                "security/production-eu-west-1",
            ].sort(),
        );
        expect(plan.kept.map((k) => k.id)).toEqual(["global-iam/production"]);
    });

    it.each(REGIONS.map((r) => [r]))("destroys nothing that the other regions' stacks read, for --regions %s", (region) => {
        const plan = buildPlan(options("destroy", { regions: [region], allowDataDestruction: true }), ROOT);
        const others = allInstances(REGIONS.filter((r) => r !== region));
        const used = new Set(others.flatMap(withUpstreams).map((i) => `${i.layer}/${i.stack}`));
        expect(ids(plan).filter((id) => used.has(id))).toEqual([]);
        // ... nor anything another region's run would select (a partner's detection reads nothing, but covers its copies).
        expect(ids(plan).filter((id) => others.some((i) => `${i.layer}/${i.stack}` === id))).toEqual([]);
    });

    it("refuses, naming the stack and who uses it, when every stack the run selects is kept", () => {
        const opts = options("destroy", { regions: ["us-east-1"], layers: ["global-iam"], allowDataDestruction: true });
        expect(buildPlan(opts, ROOT).waves).toEqual([]);
        expect(destroyGuard(opts)).toBe(
            "nothing to destroy: every stack this run selects is still used by the regions this run leaves out: " +
                "global-iam/production (used by us-west-2, eu-central-1). A destroy limited by --regions destroys only what nothing outside it uses.",
        );
    });

    it("keeps nothing when the run covers every region, and leaves up and preview as they were", () => {
        const all = buildPlan(options("destroy", { allowDataDestruction: true }), ROOT);
        expect(all.kept).toEqual([]);
        expect(all.waves.flat()).toHaveLength(17);
        const up = buildPlan(options("up", { regions: ["us-east-1"] }), ROOT);
        expect(up.kept).toEqual([]);
        expect(ids(up)).toEqual(expect.arrayContaining(["global-iam/production", "security/production-us-west-2"]));
    });
});

describe("destroy limited by --regions, with a partner two regions share", () => {
    // topology.yaml with eu-north-1 added as docs/regions.md adds it: eu-west-1 then holds the copies of two regions.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-shared-partner-"));
    const file = path.join(dir, "topology.yaml");
    const doc = yaml.load(fs.readFileSync(path.join(REPO, "topology.yaml"), "utf8")) as { regions: object[] };
    doc.regions.push({ region: "eu-north-1", partner: "eu-west-1", jurisdiction: "eu", vpcCidr: "10.40.0.0/16" });
    fs.writeFileSync(file, yaml.dump(doc));
    const [planMod] = loadWithTopology<[typeof import("../src/deploy/plan")]>(file, "../src/deploy/plan");
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const shared = (extra: Partial<DeployOptions>) =>
        planMod.buildPlan(options("destroy", { regions: ["eu-north-1"], allowDataDestruction: true, ...extra }), ROOT);

    it("keeps the partner's security and recovery stacks eu-central-1 still uses", () => {
        const plan = shared({ layers: ["security", "data"] });
        expect(plan.waves.flat().map((s) => s.id)).toEqual(["data/production-eu-north-1", "security/production-eu-north-1"]);
        expect(plan.kept).toEqual([{ id: "security/production-eu-west-1", usedBy: [{ region: "eu-central-1" }] }]);
        const all = shared({});
        expect(all.kept.map((k) => k.id)).toEqual([
            "global-iam/production",
            "security/production-eu-west-1",
            "recovery/production-eu-west-1",
        ]);
        expect(all.waves.flat().map((s) => s.id)).not.toContain("recovery/production-eu-west-1");
    });

    it("destroys them with the last region that uses them", () => {
        const plan = shared({ regions: ["eu-central-1", "eu-north-1"] });
        expect(plan.waves.flat().map((s) => s.id)).toEqual(
            expect.arrayContaining(["security/production-eu-west-1", "recovery/production-eu-west-1"]),
        );
        expect(plan.kept.map((k) => k.id)).toEqual(["global-iam/production"]);
    });
});

describe("summary", () => {
    it("has a row per stack with operation, result, changes and duration", async () => {
        const fake = new FakeWorkspaces({
            fail: { "network/production-us-west-2": "VPC limit exceeded" },
            changes: { same: 4, create: 3, update: 1 },
        });
        const { results } = await run("up", {}, fake);
        const text = formatSummary(results);
        const lines = text.split("\n");
        expect(lines[0]).toMatch(/^stack\s+operation\s+result\s+changes\s+duration$/);
        expect(lines.find((l) => l.startsWith("global-iam/production "))).toMatch(
            /up\s+succeeded\s+3 create, 1 update, 4 same\s+\d+ms/,
        );
        expect(lines.find((l) => l.startsWith("network/production-us-west-2 "))).toMatch(/FAILED: VPC limit exceeded/);
        expect(lines.find((l) => l.startsWith("api/production-us-west-2 "))).toMatch(
            /skipped \(upstream network\/production-us-west-2 failed\)/,
        );
        // recovery/production-us-west-2 still runs: it depends on global-iam only, and data in us-east-1 needs it.
        expect(text).toContain("14 succeeded, 1 failed, 2 skipped");
        // It ends on the verdict, never on a success or an error tail.
        expect(text.trimEnd().split("\n").pop()).toBe(
            "deploy up FAILED: 1 failed (network/production-us-west-2); 2 skipped (data/production-us-west-2, api/production-us-west-2)",
        );
    });
});

describe("interrupt (Ctrl-C)", () => {
    it("cancels the running stacks cleanly, starts nothing new, and says how to resume", async () => {
        const controller = new AbortController();
        // Interrupted when the first network stack starts: global-iam and the first security stacks finished, what
        // runs then is cut short, the rest never starts.
        const fake = new FakeWorkspaces({ delayMs: 5, onStart: (id) => id.startsWith("network/") && controller.abort() });
        const { results } = await run("up", {}, fake, controller.signal);
        const by = status(results);
        expect(by["global-iam/production"]).toBe("succeeded");
        expect(by["security/production-us-east-1"]).toBe("succeeded");
        expect(by["network/production-us-east-1"]).toBe("interrupted");
        expect(by["data/production-us-east-1"]).toBe("skipped");
        expect(results.find((r) => r.step.id === "data/production-us-east-1")?.reason).toBe(
            "not started: the run was interrupted",
        );
        // Nothing after the interrupt was started.
        expect(fake.started.filter((id) => /^(recovery|data|api)\//.test(id))).toEqual([]);
        const summary = formatSummary(results);
        expect(summary).toContain("The run was interrupted (Ctrl-C)");
        expect(summary).toMatch(/finished: +global-iam\/production, security\/production-us-east-1/);
        expect(summary).toMatch(/interrupted: .*network\/production-us-east-1/);
        expect(summary).toContain("To resume, run the same command again (npm run deploy -- up ...)");
        expect(summary.trimEnd().split("\n").pop()).toMatch(/^deploy up INTERRUPTED: /);
        expect(exitCode(results)).toBe(130);
    });

    it("without an interrupt nothing is cancelled", async () => {
        const controller = new AbortController();
        const { results } = await run("up", {}, new FakeWorkspaces(), controller.signal);
        expect(new Set(results.map((r) => r.status))).toEqual(new Set(["succeeded"]));
        expect(exitCode(results)).toBe(0);
    });
});

describe("a locked stack", () => {
    const DIY =
        "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.\n" +
        "  s3://state/.pulumi/locks/organization/baseline-network/production-us-east-1/1b2c.json: created by ci@runner-7 (pid 4242) at 2026-12-05T10:00:00Z";

    it("names who holds the lock, and how to wait or release a stale one", async () => {
        const fake = new FakeWorkspaces({ fail: { "network/production-us-east-1": DIY } });
        const { results } = await run("up", { layers: ["network"], regions: ["us-east-1"] }, fake);
        const summary = formatSummary(results);
        expect(summary).toContain("FAILED: stack is locked");
        expect(summary).toContain(
            "network/production-us-east-1 is locked: held by ci@runner-7 (pid 4242) since 2026-12-05T10:00:00Z, lock file s3://state/.pulumi/locks/organization/baseline-network/production-us-east-1/1b2c.json.",
        );
        expect(summary).toContain("wait for it to end and run this command again");
        expect(summary).toContain("cd stacks/network && pulumi cancel --stack production-us-east-1 --yes");
        expect(exitCode(results)).toBe(1);
    });

    it("recognises Pulumi Cloud's conflict and nothing else", () => {
        expect(lockOf("[409] Conflict: Another update is currently in progress.")).toEqual({ cloud: true, holders: [] });
        expect(lockOf(DIY)?.holders).toHaveLength(1);
        expect(lockOf("error: update failed: AccessDenied")).toBeUndefined();
    });
});

describe("drift", () => {
    it("checks every stack read-only, even downstream of a drifted one, and exits 1 naming what differs", async () => {
        const urn = "urn:pulumi:production-us-east-1::baseline-network::aws:ec2/securityGroup:SecurityGroup::db";
        const fake = new FakeWorkspaces({
            drift: { "network/production-us-east-1": [{ urn, op: "update", keys: ["ingress"] }] },
        });
        const { results, plan } = await run("drift", {}, fake);
        expect(results).toHaveLength(17);
        expect(fake.started).toHaveLength(17);
        expect(status(results)["network/production-us-east-1"]).toBe("drifted");
        expect(status(results)["data/production-us-east-1"]).toBe("succeeded");
        for (const c of fake.calls) if (c.kind === "start") expect(c.op).toBe("drift");
        const summary = formatSummary(results);
        expect(summary).toContain(
            `network/production-us-east-1 differs from its state (changed outside Pulumi):\n  update ${urn}: ingress`,
        );
        expect(summary.trimEnd().split("\n").pop()).toBe("deploy drift DRIFT: 1 drifted (network/production-us-east-1)");
        expect(exitCode(results)).toBe(1);
        expect(formatPlan(plan)).toContain("stack.previewRefresh({ expectNoChanges: true, onOutput, onError, onEvent, signal })");
    });

    it("passes with no drift", async () => {
        const { results } = await run("drift");
        expect(formatSummary(results).trimEnd().split("\n").pop()).toBe("deploy drift: no drift in 17 stack(s)");
        expect(exitCode(results)).toBe(0);
    });
});

describe("onInterrupt", () => {
    it("aborts on the first SIGINT and exits 130 on the second", () => {
        const { EventEmitter } = jest.requireActual<typeof import("events")>("events");
        const proc = Object.assign(new EventEmitter(), { exit: jest.fn() });
        const said: string[] = [];
        const signal = onInterrupt(proc, (t) => said.push(t));
        expect(signal.aborted).toBe(false);
        proc.emit("SIGINT");
        expect(signal.aborted).toBe(true);
        expect(proc.exit).not.toHaveBeenCalled();
        expect(said.join("")).toContain("stopping cleanly");
        proc.emit("SIGINT");
        expect(proc.exit).toHaveBeenCalledWith(130);
        expect(said.join("")).toContain("second interrupt: stopping now");
    });
});
