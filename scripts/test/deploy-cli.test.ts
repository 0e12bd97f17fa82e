import * as fs from "fs";
import { BASELINE_CONFIG_FILE } from "@baseline/policy-pack/src/profiles";
/**
 * `npm run deploy` from the command line in: argument errors, --dry-run,
 * the preflight stop, the --yes rule and the destroy refusal, with the real
 * Automation API never loaded.
 */
import * as path from "path";
import { main, MainDeps } from "../src/deploy";
import { UsageError, parseArgs } from "../src/deploy/cli";
import { FakeWorkspaces } from "../src/deploy/fake";
import { REPO_ROOT, buildPlan, destroyGuard } from "../src/deploy/plan";
import { LAYERS, REGIONS, activeLayers, allInstances, withUpstreams } from "@baseline/lib/src/facts";
import { preflight } from "../src/deploy/preflight";
import { PreflightHost, realHost } from "../src/pulumiCli";
import { checkStackFiles } from "../src/deploy/stackFiles";

function parseOk(argv: string[]) {
    const p = parseArgs(argv);
    if (p.help) throw new Error("unexpected help");
    return p.options;
}

const ROOT = "/repo";

const BASELINE_CONFIG_SUFFIX = path.join("policy-pack", "config", "baseline.json");

function host(env: NodeJS.ProcessEnv, files: string[] = []): PreflightHost {
    const all = new Set(files);
    return {
        env,
        homeDir: "/home/dev",
        platform: "linux",
        exists: (p) => all.has(p),
        isExecutable: (p) => all.has(p),
        readFile: (p) =>
            p === "/home/dev/.pulumi/credentials.json" && all.has(p)
                ? '{"current":"https://api.pulumi.com"}'
                : // The policy pack configuration deploy uses unless told otherwise, as it is in the repository.
                  p.endsWith(BASELINE_CONFIG_SUFFIX)
                  ? fs.readFileSync(BASELINE_CONFIG_FILE, "utf8")
                  : p === PACK_MANIFEST && all.has(p)
                    ? '{"main":"dist/index.js"}'
                    : undefined,
    };
}

const PROJECT_FILES = ["global-iam", "security", "network", "recovery", "data", "api"].map((l) =>
    path.join(ROOT, "stacks", l, "Pulumi.yaml"),
);
const PACK_MANIFEST = path.join(ROOT, "policy-pack", "package.json");
const PACK_POLICY_FILE = path.join(ROOT, "policy-pack", "PulumiPolicy.yaml");
const PACK_MAIN = path.join(ROOT, "policy-pack", "dist", "index.js");
const READY_FILES = ["/usr/local/bin/pulumi", PACK_POLICY_FILE, PACK_MANIFEST, PACK_MAIN, ...PROJECT_FILES];
const READY_ENV = { PATH: "/usr/bin:/usr/local/bin", PULUMI_ACCESS_TOKEN: "pul-x", AWS_PROFILE: "baseline" };

function harness(env: NodeJS.ProcessEnv, files: string[], confirm?: MainDeps["confirm"]) {
    const out: string[] = [];
    const err: string[] = [];
    const fake = new FakeWorkspaces();
    let loaded = 0;
    const deps: MainDeps = {
        env,
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        host: host(env, files),
        workspaces: async () => {
            loaded++;
            return fake;
        },
        ...(confirm ? { confirm } : {}),
        root: ROOT,
    };
    return { deps, out, err, fake, loaded: () => loaded, text: () => out.join(""), errText: () => err.join("") };
}

describe("parseArgs", () => {
    it("parses the operation and every option", () => {
        const p = parseArgs([
            "up",
            "--layers",
            "api,network",
            "--regions=eu-central-1",
            "--parallel",
            "2",
            "--dry-run",
            "--yes",
            "--org",
            "acme",
        ]);
        expect(p).toEqual({
            help: false,
            options: {
                op: "up",
                layers: ["network", "api"],
                regions: ["eu-central-1"],
                parallel: 2,
                dryRun: true,
                yes: true,
                org: "acme",
                allowDataDestruction: false,
                excludeProtected: false,
            },
        });
    });

    it("defaults to every layer and region, 3 at a time, the org from PULUMI_ORG", () => {
        const p = parseArgs(["preview"], { PULUMI_ORG: "acme" });
        expect(p.help === false && p.options).toMatchObject({
            layers: ["global-iam", "security", "network", "recovery", "data", "api"],
            parallel: 3,
            org: "acme",
        });
    });

    it.each([
        [[], /missing operation: one of preview, up, refresh, destroy/],
        [["deploy"], /unknown operation "deploy": one of preview, up, refresh, destroy/],
        [["up", "down"], /one operation at a time/],
        [
            ["up", "--layers", "netwrk,api"],
            /unknown layer "netwrk" \(known: global-iam, security, network, recovery, data, api\)/,
        ],
        [
            ["up", "--regions", "us-west-1,eu-west-1"],
            /unknown regions "us-west-1", "eu-west-1" \(known: us-east-1, us-west-2, eu-central-1\)/,
        ],
        [["up", "--parallel", "0"], /--parallel must be a whole number from 1 to 64, got "0"/],
        [["up", "--parallel", "two"], /--parallel must be a whole number/],
        // Number() would read these as 16, 10 and 3.
        [["preview", "--parallel", "0x10", "--dry-run"], /--parallel must be a whole number from 1 to 64, got "0x10"/],
        [["preview", "--parallel", "1e1"], /--parallel must be a whole number from 1 to 64, got "1e1"/],
        [["preview", "--parallel", " 3"], /--parallel must be a whole number from 1 to 64, got " 3"/],
        [["preview", "--parallel", "3.0"], /--parallel must be a whole number from 1 to 64, got "3.0"/],
        [["preview", "--parallel", "65"], /--parallel must be a whole number from 1 to 64, got "65"/],
        // Refused before any stack runs, not when the results are written at the end.
        [
            ["preview", "--summary-json", "/nonexist/x.json"],
            /^--summary-json \/nonexist\/x.json: the folder \/nonexist does not exist \(give the path of a file, in a folder that exists\)$/,
        ],
        [["preview", "--summary-json", "/tmp"], /^--summary-json \/tmp: is a folder/],
        [
            ["preview", "--summary-json", `${__filename}/x.json`],
            /^--summary-json .*: .*deploy-cli\.test\.ts is a file, not a folder/,
        ],
        [["up", "--layers"], /--layers needs a value/],
        [["up", "--force"], /unknown option --force/],
        [["up", "--allow-data-destruction"], /--allow-data-destruction only applies to destroy/],
        [["destroy", "--policy-pack-config", "x.json"], /only applies to preview and up/],
        [["up", "--org", "bad org"], /--org "bad org" is not a Pulumi organization name/],
        [["destroy", "--rehearsal", "--allow-data-destruction"], /--rehearsal only applies to preview and up/],
        [["refresh", "--secrets-provider", "passphrase"], /--secrets-provider only applies to preview and up/],
        [
            ["up", "--secrets-provider", "vault://key"],
            /--secrets-provider "vault:\/\/key" is not one the Pulumi CLI takes: default, passphrase, or a key URL awskms:\/\/\.\.\., azurekeyvault:\/\/\.\.\., gcpkms:\/\/\.\.\., hashivault:\/\/\.\.\./,
        ],
        [["preview", "--secrets-provider", "awskms://"], /--secrets-provider "awskms:\/\/" is not one/],
    ])("rejects %j", (argv, message) => {
        expect(() => parseArgs(argv)).toThrow(UsageError);
        expect(() => parseArgs(argv)).toThrow(message);
    });
});

describe("main", () => {
    it("--dry-run prints 17 stacks in 6 layers, what each waits for, and touches nothing, even without the CLI or credentials", async () => {
        // The pack folder is there, not built: a dry run comes before npm run build (CI's does).
        const h = harness({}, [PACK_POLICY_FILE]);
        expect(await main(["up", "--dry-run"], h.deps)).toBe(0);
        const text = h.text();
        expect(text).toMatch(/^deploy up: 17 stacks in 6 layers, at most 3 at a time, policy pack policy-pack/);
        expect(text.match(/^layer \d\/6: /gm)).toHaveLength(6);
        expect(text).toContain("layer 4/6: recovery (us-east-1, us-west-2, eu-west-1)");
        // The data stack waits for exactly the stacks it reads, its partner's recovery stack included.
        expect(text).toContain(
            "  data/production-eu-central-1 [baseline-data, eu-central-1]\n    after: global-iam/production, " +
                "security/production-eu-central-1, network/production-eu-central-1, recovery/production-eu-west-1\n",
        );
        expect(text).toContain(
            'LocalWorkspace.createOrSelectStack({ stackName: "production-eu-west-1", workDir: "stacks/recovery" }, { pulumiCommand })',
        );
        expect(text.match(/LocalWorkspace\.createOrSelectStack/g)).toHaveLength(17);
        // One CLI for the run: its version is checked once, not once a stack.
        expect(text.match(/PulumiCommand\.get\(\)/g)).toHaveLength(1);
        expect(text.match(/stack\.up\(\{ policyPacks: \["policy-pack"\]/g)).toHaveLength(17);
        expect(text).toContain(
            'LocalWorkspace.createOrSelectStack({ stackName: "production-us-west-2", workDir: "stacks/network" }, { pulumiCommand })',
        );
        expect(h.loaded()).toBe(0);
    });

    it("stops before doing anything, with one message, when the CLI and credentials are missing", async () => {
        const h = harness({ PATH: "/usr/bin" }, []);
        expect(await main(["preview"], h.deps)).toBe(1);
        const msg = h.errText();
        expect(msg).toMatch(/cannot deploy: \d+ things to fix first \(nothing was run\)/);
        expect(msg).toMatch(/pulumi CLI is not on PATH[\s\S]*get\.pulumi\.com/);
        expect(msg).toMatch(/no Pulumi backend[\s\S]*PULUMI_ACCESS_TOKEN[\s\S]*PULUMI_BACKEND_URL[\s\S]*pulumi login/);
        expect(msg).toMatch(/no AWS credentials[\s\S]*AWS_PROFILE/);
        // Instance-profile credentials are invisible to the check: the message must say so, not claim there are none.
        // (Long lines are wrapped for the terminal: compare with the line breaks folded.)
        expect(msg.replace(/\s+/g, " ")).toMatch(
            /no AWS credentials found in the environment or ~\/\.aws \(this check cannot see an EC2 instance profile/,
        );
        expect(msg).toMatch(/credential_source = Ec2InstanceMetadata/);
        expect(h.loaded()).toBe(0);
    });

    it("a --summary-json that cannot be written is a usage error before any stack runs", async () => {
        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["preview", "--summary-json", "/nonexist/x.json"], h.deps)).toBe(2);
        expect(h.errText().split("\n")[0]).toBe(
            "deploy: --summary-json /nonexist/x.json: the folder /nonexist does not exist (give the path of a file, in a folder that exists)",
        );
        expect([h.loaded(), h.fake.calls]).toEqual([0, []]);
    });

    it("a --summary-json write that fails after the run says so, naming the flag, instead of a stack trace", async () => {
        const h = harness(READY_ENV, READY_FILES);
        const deps: MainDeps = {
            ...h.deps,
            writeFile: () => {
                throw Object.assign(new Error("EACCES: permission denied, open '/tmp/x.json'"), { code: "EACCES" });
            },
        };
        expect(await main(["preview", "--layers", "global-iam", "--summary-json", "/tmp/x.json"], deps)).toBe(1);
        expect(h.text()).toContain("1 succeeded, 0 failed, 0 skipped");
        expect(h.errText()).toBe("deploy: --summary-json /tmp/x.json: the results could not be written (EACCES)\n");
    });

    it("refuses up without --yes when there is no terminal to ask", async () => {
        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["up"], h.deps)).toBe(2);
        expect(h.errText()).toMatch(/pass --yes/);
        expect(h.loaded()).toBe(0);
    });

    it("asks on a terminal, and runs nothing on anything but yes", async () => {
        const asked: string[] = [];
        const h = harness(READY_ENV, READY_FILES, async (q) => (asked.push(q), false));
        expect(await main(["destroy", "--layers", "api"], h.deps)).toBe(2);
        expect(asked[0]).toMatch(/^destroy 3 stacks \(api\/production-us-east-1, .*\)\? Type "yes"/);
        expect(h.fake.calls).toEqual([]);
    });

    it("refuses to destroy data layers without --allow-data-destruction, even as a dry run", async () => {
        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["destroy", "--yes", "--dry-run"], h.deps)).toBe(2);
        expect(h.errText()).toMatch(/refusing to destroy security, recovery, data/);
        expect(h.loaded()).toBe(0);
    });

    it("--secrets-provider goes to every stack the run opens, and the dry run shows it", async () => {
        const kms = "awskms://alias/pulumi-state?region=us-east-1";
        expect(parseOk(["up", "--secrets-provider", kms]).secretsProvider).toBe(kms);
        expect(parseOk(["preview", "--secrets-provider", "passphrase"]).secretsProvider).toBe("passphrase");
        expect("secretsProvider" in parseOk(["up"])).toBe(false);

        const dry = harness({}, [PACK_POLICY_FILE]);
        expect(await main(["up", "--dry-run", "--layers", "global-iam", "--secrets-provider", kms], dry.deps)).toBe(0);
        expect(dry.text()).toContain(
            `LocalWorkspace.createOrSelectStack({ stackName: "production", workDir: "stacks/global-iam" }, { pulumiCommand, secretsProvider: "${kms}" })`,
        );

        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["preview", "--layers", "global-iam,security", "--secrets-provider", kms], h.deps)).toBe(0);
        const opened = h.fake.calls.filter((c) => c.kind === "select");
        expect(opened).toHaveLength(5);
        for (const c of opened) expect([c.id, c.kind === "select" && c.secretsProvider]).toEqual([c.id, kms]);
    });

    it("runs the plan and prints the summary table, exiting 0 when every stack succeeded", async () => {
        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["preview", "--layers", "global-iam,security"], h.deps)).toBe(0);
        expect(h.fake.started).toEqual([
            "global-iam/production",
            "security/production-us-east-1",
            "security/production-us-west-2",
            "security/production-eu-central-1",
            "security/production-eu-west-1",
        ]);
        expect(h.text()).toMatch(/stack\s+operation\s+result\s+changes\s+duration/);
        expect(h.text()).toContain("5 succeeded, 0 failed, 0 skipped");
    });

    it("--help names the layers --allow-data-destruction allows from the data the refusal uses, and so does the docs' table", async () => {
        const h = harness({}, []);
        expect(await main(["--help"], h.deps)).toBe(0);
        const data = activeLayers().filter((l) => LAYERS[l].holdsData);
        expect(data).toEqual(["security", "recovery", "data"]);
        expect(h.text()).toContain(
            `  --allow-data-destruction  destroy: allow layers that hold data or keys (${data.join(", ")})\n`,
        );
        expect(await main(["destroy", "--yes", "--dry-run"], h.deps)).toBe(2);
        expect(h.errText()).toMatch(new RegExp(`^deploy: refusing to destroy ${data.join(", ")}: `));
        const row = fs
            .readFileSync(path.join(REPO_ROOT, "docs", "deploying.md"), "utf8")
            .split("\n")
            .find((l) => l.startsWith("| `--allow-data-destruction` |"));
        const allowed = row?.slice(row.indexOf("allow ")).match(/`[a-z-]+`/g);
        expect(allowed?.map((m) => m.slice(1, -1))).toEqual(data);
    });

    it("destroy --layers network is refused before anything runs, and the run its refusal names is accepted", async () => {
        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["destroy", "--regions", "us-east-1", "--layers", "network", "--yes"], h.deps)).toBe(2);
        expect(h.errText()).toBe(
            "deploy: refusing to destroy network: stacks this run leaves in place still read it: " +
                "network/production-us-east-1 (read by data/production-us-east-1, api/production-us-east-1). " +
                "Destroy those first, or in the same run: --layers network,data,api --allow-data-destruction (data holds data or keys).\n",
        );
        expect([h.loaded(), h.fake.calls]).toEqual([0, []]);
        const argv = /in the same run: (--layers \S+ --allow-data-destruction)/.exec(h.errText())![1].split(" ");
        const followed = harness(READY_ENV, READY_FILES);
        expect(await main(["destroy", "--regions", "us-east-1", ...argv, "--yes", "--dry-run"], followed.deps)).toBe(0);
        expect(followed.text().match(/^ {2}\S+ \[/gm)).toEqual([
            "  api/production-us-east-1 [",
            "  data/production-us-east-1 [",
            "  network/production-us-east-1 [",
        ]);
        // A destroy opens each stack without creating one that was never deployed.
        expect(followed.text()).toContain(
            'LocalWorkspace.selectStack({ stackName: "production-us-east-1", workDir: "stacks/network" }, { pulumiCommand })',
        );
        expect(followed.text()).not.toContain("createOrSelectStack");
    });

    it("a refused regional destroy hints at the region's own layers that nothing left in place reads, and the hint runs", async () => {
        const h = harness(READY_ENV, READY_FILES);
        expect(await main(["destroy", "--regions", "us-east-1", "--yes", "--dry-run"], h.deps)).toBe(2);
        const refusal = h.errText();
        expect(refusal).toMatch(/^deploy: refusing to destroy recovery, data: .*, or limit the run to --layers api \(/);
        expect(refusal).not.toMatch(/global-iam|network/);
        const followed = harness(READY_ENV, READY_FILES);
        expect(await main(["destroy", "--regions", "us-east-1", "--layers", "api", "--yes", "--dry-run"], followed.deps)).toBe(0);
        expect(followed.text().match(/^ {2}\S+ \[/gm)).toEqual(["  api/production-us-east-1 ["]);
    });

    it("a destroy limited by --regions says which shared stacks it keeps before it asks, and runs only the region's own", async () => {
        const asked: string[] = [];
        const h = harness(READY_ENV, READY_FILES, async (q) => (asked.push(q), true));
        expect(await main(["destroy", "--regions", "us-east-1", "--allow-data-destruction"], h.deps)).toBe(0);
        const text = h.text();
        expect(text.indexOf("Keeping 3 stacks that the regions this run leaves out still use")).toBe(0);
        expect(text).toContain("  global-iam/production (used by us-west-2, eu-central-1)\n");
        expect(text).toContain("  security/production-us-west-2 (used by us-west-2)\n");
        expect(asked).toEqual([
            'destroy 4 stacks (api/production-us-east-1, data/production-us-east-1, recovery/production-us-west-2, network/production-us-east-1)? Type "yes" to continue: ',
        ]);
        expect(h.fake.started.sort()).toEqual(
            [
                "api/production-us-east-1",
                "data/production-us-east-1",
                "network/production-us-east-1",
                "recovery/production-us-west-2",
            ].sort(),
        );
    });

    it.each([
        [[], "--policy-pack /nonexistent/pack does not exist"],
        [["/elsewhere/pack"], "--policy-pack /elsewhere/pack is not a policy pack: it has no PulumiPolicy.yaml"],
        [
            ["/elsewhere/pack", "/elsewhere/pack/PulumiPolicy.yaml"],
            "--policy-pack /elsewhere/pack has no config/baseline.json, the configuration preview and up pass without --policy-pack-config",
        ],
    ])("--policy-pack to a folder that is not a pack is named as the flag the user gave (files %j)", async (files, what) => {
        const dir = files[0] ?? "/nonexistent/pack";
        const h = harness({}, files);
        expect(await main(["up", "--policy-pack", dir, "--dry-run"], h.deps)).toBe(1);
        const err = h.errText().replace(/\s+/g, " ");
        expect(err).toContain(`1 problem in the files the run would use (nothing was run): - ${what}`);
        // No flag the user did not give is named as the culprit.
        expect(err).not.toMatch(/--policy-pack-config \//);
        // The preflight of a real run says the same (and that a pack folder without a package.json is not built),
        // every problem naming --policy-pack.
        const plan = buildPlan(parseOk(["up", "--policy-pack", dir, "--layers", "network"]), ROOT);
        const problems = preflight(plan, host(READY_ENV, [...READY_FILES, ...files])).map((p) => p.what);
        expect(problems).toContain(what);
        expect(problems.every((p) => p.startsWith(`--policy-pack ${dir} `))).toBe(true);
    });

    it("prints usage with the error for a bad argument", async () => {
        const h = harness({}, []);
        expect(await main(["up", "--layers", "vpc"], h.deps)).toBe(2);
        expect(h.errText()).toMatch(/^deploy: unknown layer "vpc"[\s\S]*usage: npm run deploy/);
    });
});

describe("preflight", () => {
    const plan = buildPlan(
        {
            op: "up",
            layers: ["network"],
            regions: ["us-east-1"],
            parallel: 3,
            dryRun: false,
            yes: true,
            allowDataDestruction: false,
            excludeProtected: false,
        },
        ROOT,
    );

    it("passes with the CLI on PATH, a backend, AWS credentials and the project folders", () => {
        expect(preflight(plan, host(READY_ENV, READY_FILES))).toEqual([]);
    });

    it("accepts a pulumi login state, a backend URL, access keys and the default AWS profile files", () => {
        const base = { PATH: "/usr/local/bin" };
        expect(
            preflight(plan, host({ ...base, AWS_PROFILE: "x" }, [...READY_FILES, "/home/dev/.pulumi/credentials.json"])),
        ).toEqual([]);
        expect(
            preflight(
                plan,
                host(
                    { ...base, PULUMI_BACKEND_URL: "s3://state", AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" },
                    READY_FILES,
                ),
            ),
        ).toEqual([]);
        expect(preflight(plan, host({ ...base, PULUMI_ACCESS_TOKEN: "t" }, [...READY_FILES, "/home/dev/.aws/config"]))).toEqual(
            [],
        );
    });

    it("names each missing piece: CLI, backend, AWS, half-set keys, project folder, policy pack", () => {
        const problems = preflight(plan, host({ PATH: "/usr/bin", AWS_ACCESS_KEY_ID: "a" }, []));
        expect(problems.map((p) => p.what)).toEqual([
            "the pulumi CLI is not on PATH (the Automation API drives it)",
            "no Pulumi backend is configured",
            "AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY",
            "stacks/network/Pulumi.yaml does not exist",
            "the policy pack policy-pack does not exist",
        ]);
    });

    it("a pack that is not built (its main missing) is named with how to build it", () => {
        const problems = preflight(
            plan,
            host(
                READY_ENV,
                READY_FILES.filter((f) => f !== PACK_MAIN),
            ),
        );
        expect(problems).toEqual([
            {
                what: "the policy pack policy-pack is not built: policy-pack/dist/index.js does not exist (the pack's main: the engine loads the compiled pack)",
                fix: "build it with npm run build -w policy-pack, or pass --policy-pack with an installed pack tarball",
            },
        ]);
    });

    it("--policy-pack points preview and up at another pack folder, and only them", () => {
        const p = parseArgs(["preview", "--policy-pack", "/tmp/installed-pack"]);
        if (p.help) throw new Error("unexpected help");
        expect(p.options.policyPack).toBe("/tmp/installed-pack");
        const other = buildPlan(p.options, ROOT);
        expect(other.policyPackDir).toBe("/tmp/installed-pack");
        expect(other.waves.flat().every((s) => s.options.policyPacks?.[0] === "/tmp/installed-pack")).toBe(true);
        expect(() => parseArgs(["destroy", "--policy-pack", "/tmp/x"])).toThrow(
            "--policy-pack only applies to preview and up (the policy pack runs on those)",
        );
    });
});

describe("stack files: read, never written", () => {
    const plan = buildPlan(parseOk(["up"]), REPO_ROOT);
    const real = realHost();

    it("every stack of the plan has its committed stack file with its aws:region", () => {
        expect(checkStackFiles(plan, real)).toEqual([]);
    });

    it("a missing stack file or a region that is not the stack's is a problem before anything runs", () => {
        const missing = path.join(REPO_ROOT, "stacks", "api", "Pulumi.production-us-west-2.yaml");
        const moved = path.join(REPO_ROOT, "stacks", "data", "Pulumi.production-eu-central-1.yaml");
        const problems = checkStackFiles(plan, {
            readFile: (p) => (p === missing ? undefined : p === moved ? "config:\n  aws:region: eu-west-1\n" : real.readFile(p)),
        });
        expect(problems.map((p) => p.what)).toEqual([
            'stacks/data/Pulumi.production-eu-central-1.yaml: aws:region is "eu-west-1", but stack production-eu-central-1 runs in eu-central-1',
            "stacks/api/Pulumi.production-us-west-2.yaml is missing: it declares the stack's aws:region (us-west-2)",
        ]);
    });
});

describe('docs/regions.md "Removing a region", followed literally', () => {
    const doc = fs.readFileSync(path.join(REPO_ROOT, "docs", "regions.md"), "utf8");
    const section = doc.slice(doc.indexOf("\n## Removing a region\n"));
    // Each destroy command of the section, in order: step 1, then one of step 2's two runs.
    const commands = [...section.matchAll(/`npm run deploy -- (destroy [^`]*)`/g)].map((m) => m[1]);
    const id = (i: { layer: string; stack: string }) => `${i.layer}/${i.stack}`;

    it("has step 1 and step 2's two alternatives", () => {
        expect(commands).toEqual([
            "destroy --regions <region> --layers api",
            "destroy --regions <region> --allow-data-destruction --exclude-protected",
            "destroy --regions <region> --allow-data-destruction",
        ]);
    });

    it.each(REGIONS.flatMap((region) => [1, 2].map((alt) => [region, alt] as const)))(
        "for %s (step 2's run %i): each run is accepted, no stack left in place reads one destroyed, and the region's own stacks are gone at the end",
        (region, alt) => {
            const destroyed = new Set<string>();
            for (const command of [commands[0], commands[alt]]) {
                const argv = command.replace(/<region>/g, region).split(" ");
                const opts = parseOk([...argv, "--yes"]);
                const plan = buildPlan(opts, ROOT);
                expect(destroyGuard(opts, plan)).toBeUndefined();
                for (const s of plan.waves.flat()) destroyed.add(s.id);
                for (const left of allInstances().filter((i) => !destroyed.has(id(i)))) {
                    const reads = withUpstreams(left).map(id);
                    expect({ left: id(left), destroyedUpstreams: reads.filter((r) => destroyed.has(r)) }).toEqual({
                        left: id(left),
                        destroyedUpstreams: [],
                    });
                }
            }
            // What the region alone has (what --regions selects for no other region) is destroyed.
            const others = new Set(
                allInstances(REGIONS.filter((r) => r !== region))
                    .flatMap(withUpstreams)
                    .map(id),
            );
            const own = allInstances([region])
                .map(id)
                .filter((i) => !others.has(i));
            expect(own.filter((i) => !destroyed.has(i))).toEqual([]);
            expect(own).toContain(`data/production-${region}`);
        },
    );
});
