/**
 * The Deployments program for the sample organization, under the mock runtime: every stack gets
 * DeploymentSettings from this repository's git in its layer's folder with OIDC credentials for its
 * own account, and the webhooks chain the stacks exactly along the layer graph. The topology is read
 * once per process, at load, so the program is loaded in isolation with BASELINE_TOPOLOGY pointing at
 * the sample organization.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { configProblems } from "@baseline/lib/src/testing";
import { readConfig, requireOrganizationMode } from "../src/config";

const ROOT = path.resolve(__dirname, "../..");
const SAMPLE = path.join(ROOT, "examples/organization/topology.yaml");
const PROJECT = "baseline-deployments";
const CONFIG = { [`${PROJECT}:repoUrl`]: "https://github.com/example/aws-secure-baseline.git" };

type Lib = typeof import("@baseline/lib");
type Testing = typeof import("@baseline/lib/src/testing");
type Program = () => Promise<Record<string, unknown>>;

/** The lib, the mock runtime and the program, loaded together against the sample organization. */
function loadOrganization(): { lib: Lib; testing: Testing; program: Program } {
    const before = process.env.BASELINE_TOPOLOGY;
    process.env.BASELINE_TOPOLOGY = SAMPLE;
    try {
        let loaded: { lib: Lib; testing: Testing; program: Program } | undefined;
        jest.isolateModules(() => {
            loaded = {
                lib: jest.requireActual("@baseline/lib") as Lib,
                testing: jest.requireActual("@baseline/lib/src/testing") as Testing,
                program: jest.requireActual("../index") as Program,
            };
        });
        return loaded!;
    } finally {
        if (before === undefined) delete process.env.BASELINE_TOPOLOGY;
        else process.env.BASELINE_TOPOLOGY = before;
    }
}

interface Settings {
    organization: string;
    project: string;
    stack: string;
    sourceContext: { git: { repoUrl: string; branch: string; repoDir: string } };
    operationContext: {
        oidc: { aws: { roleARN: string; sessionName: string; duration: string } };
        preRunCommands: string[];
        options: { skipInstallDependencies: boolean; skipIntermediateDeployments: boolean };
    };
}
interface Hook {
    organizationName: string;
    projectName: string;
    stackName: string;
    format: string;
    payloadUrl: string;
    filters: string[];
    active: boolean;
}

describe("the Deployments program for the sample organization", () => {
    const { lib, testing, program } = loadOrganization();
    let run: Awaited<ReturnType<Testing["runStack"]>>;
    beforeAll(async () => {
        run = await testing.runStack({ project: PROJECT, stack: "production", organization: "acme", config: CONFIG, program });
    }, 60000);

    const settings = () => testing.ofType(run.resources, "pulumiservice:index:DeploymentSettings");
    const hooks = () => testing.ofType(run.resources, "pulumiservice:index:Webhook");
    const key = (i: { project: string; stack: string }) => `${i.project}/${i.stack}`;

    it("configures every stack of the organization once, from this repository's git, in its layer's folder", () => {
        const instances = lib.allInstances();
        expect(instances.length).toBe(49);
        const recorded = settings().map((r) => r.inputs as unknown as Settings);
        expect(recorded.map(key).sort()).toEqual(instances.map(key).sort());
        for (const s of recorded) {
            const instance = instances.find((i) => key(i) === key(s))!;
            expect(s.organization).toBe("acme");
            expect(s.sourceContext.git).toEqual({
                repoUrl: CONFIG[`${PROJECT}:repoUrl`],
                branch: "main",
                repoDir: `stacks/${instance.layer}`,
            });
        }
        // Where the layer's folder exists, its Pulumi.yaml is the project the settings name.
        const existing = lib.LAYER_NAMES.filter((l) => fs.existsSync(path.join(ROOT, "stacks", l, "Pulumi.yaml")));
        expect(existing).toEqual(expect.arrayContaining([...lib.BASELINE_LAYER_NAMES]));
        for (const layer of existing) {
            const project = (
                yaml.load(fs.readFileSync(path.join(ROOT, "stacks", layer, "Pulumi.yaml"), "utf8")) as { name: string }
            ).name;
            for (const s of recorded.filter((r) => r.sourceContext.git.repoDir === `stacks/${layer}`))
                expect(s.project).toBe(project);
        }
    });

    it("gives each stack OIDC credentials for its own account only, and installs the workspace from the lock file", () => {
        for (const r of settings()) {
            const s = r.inputs as unknown as Settings;
            const instance = lib.allInstances().find((i) => key(i) === key(s))!;
            const account = lib.accountByName(instance.account!)!;
            expect([key(s), s.operationContext.oidc.aws.roleARN]).toEqual([
                key(s),
                `arn:aws:iam::${account.id}:role/baseline-deployments`,
            ]);
            expect(s.operationContext.oidc.aws.duration).toBe("1h0m0s");
            expect(s.operationContext.preRunCommands[0]).toMatch(/&& npm ci\b/);
            expect(s.operationContext.options).toEqual({ skipInstallDependencies: true, skipIntermediateDeployments: true });
        }
        const ledger = settings().find((r) => (r.inputs as unknown as Settings).stack === "ledger-us-west-2")!;
        expect((ledger.inputs as unknown as Settings).operationContext.oidc.aws.roleARN).toBe(
            "arn:aws:iam::555555555555:role/baseline-deployments",
        );
    });

    it("has a deployment webhook on the upstream stack for every edge of the layer graph", () => {
        const recorded = new Set(
            hooks().map(
                (h) =>
                    `${(h.inputs as unknown as Hook).projectName}/${(h.inputs as unknown as Hook).stackName} -> ${(h.inputs as unknown as Hook).payloadUrl}`,
            ),
        );
        const expected: string[] = [];
        for (const instance of lib.allInstances())
            for (const layer of lib.upstreamLayersOf(instance.layer)) {
                const up = lib.upstreamInstance(layer, instance.region, instance.layer, instance.account);
                expected.push(`${key(up)} -> ${key(instance)}`);
            }
        expect([...recorded].sort()).toEqual([...new Set(expected)].sort());
        // The edges that cross accounts and regions are among them.
        expect(recorded).toContain("baseline-log-archive/log-archive -> baseline-security/ledger-us-west-2");
        expect(recorded).toContain(
            "baseline-security-tooling/security-tooling-eu-west-1 -> baseline-security/payments-eu-west-1",
        );
        expect(recorded).toContain("baseline-recovery/payments-eu-west-1 -> baseline-data/payments-eu-central-1");
        expect(recorded).toContain("baseline-organization/management -> baseline-log-archive/log-archive");
    });

    it("never triggers a stack that does not read the upstream, and fires only on a succeeded update", () => {
        const instances = lib.allInstances();
        for (const h of hooks()) {
            const hook = h.inputs as unknown as Hook;
            const dependent = instances.find((i) => key(i) === hook.payloadUrl);
            expect([hook.payloadUrl, dependent !== undefined]).toEqual([hook.payloadUrl, true]);
            const upstreams = lib.withUpstreams(dependent!).map(key);
            expect([hook.payloadUrl, upstreams]).toEqual([
                hook.payloadUrl,
                expect.arrayContaining([`${hook.projectName}/${hook.stackName}`]),
            ]);
            expect(hook).toMatchObject({
                organizationName: "acme",
                format: "pulumi_deployments",
                filters: ["update_succeeded"],
                active: true,
            });
            // No account's workload stack triggers another account's.
            const source = instances.find((i) => key(i) === `${hook.projectName}/${hook.stackName}`)!;
            if (lib.LAYERS[source.layer].account === "workload") expect(source.account).toBe(dependent!.account);
        }
    });

    it("creates each webhook after both stacks' deployment settings", () => {
        const byKey = new Map(settings().map((s) => [key(s.inputs as unknown as Settings), s.urn]));
        for (const h of hooks()) {
            const hook = h.inputs as unknown as Hook;
            expect(h.dependencies).toEqual(
                expect.arrayContaining([byKey.get(`${hook.projectName}/${hook.stackName}`), byKey.get(hook.payloadUrl)]),
            );
        }
    });

    it("exports the stacks a run starts from: those no webhook triggers", () => {
        const targets = new Set(hooks().map((h) => (h.inputs as unknown as Hook).payloadUrl));
        const roots = run.outputs.rootStacks as string[];
        expect(roots.sort()).toEqual([
            "baseline-global-iam/ledger",
            "baseline-global-iam/log-archive",
            "baseline-global-iam/management",
            "baseline-global-iam/payments",
            "baseline-global-iam/security-tooling",
            "baseline-organization/management",
        ]);
        for (const r of roots) expect(targets.has(r)).toBe(false);
        expect(run.outputs.webhooks).toBe(hooks().length);
    });

    it("can run again in the same process and registers the same resources", async () => {
        const again = await testing.runStack({
            project: PROJECT,
            stack: "production",
            organization: "acme",
            config: CONFIG,
            program,
        });
        expect(again.resources.map((r) => r.urn)).toEqual(run.resources.map((r) => r.urn));
    });

    it("refuses a key its Pulumi.yaml does not declare, before registering anything", async () => {
        const failed = await testing
            .runStack({ project: PROJECT, stack: "production", config: { ...CONFIG, [`${PROJECT}:repoURL`]: "x" }, program })
            .then(
                () => undefined,
                (e: unknown) => e as InstanceType<Testing["StackRunError"]>,
            );
        expect(failed?.message).toMatch(
            /baseline-deployments:repoURL = "x": not a config key of baseline-deployments: did you mean repoUrl\?/,
        );
        expect(failed?.resources.filter((r) => r.custom)).toEqual([]);
    });
});

describe("the Deployments program's config", () => {
    const source = (values: Record<string, string>) => ({ get: (k: string) => values[k] });

    it("lists every bad value at once, naming the key and what is allowed", () => {
        expect(
            configProblems(() =>
                readConfig(
                    source({
                        [`${PROJECT}:oidcRoleName`]: "deploy role",
                        [`${PROJECT}:oidcSessionDuration`]: "13h",
                        [`${PROJECT}:branch`]: "-x",
                    }),
                    "t",
                ),
            ).map((p) => `${p.key} = ${String(p.value)}: ${p.allowed}`),
        ).toEqual([
            `${PROJECT}:repoUrl = undefined: required: the git URL Pulumi Deployments clones this repository from: https://host/owner/repo.git or git@host:owner/repo.git`,
            `${PROJECT}:branch = -x: a git branch name`,
            `${PROJECT}:oidcRoleName = deploy role: an IAM role name (1-64 of letters, digits and +=,.@_-)`,
            `${PROJECT}:oidcSessionDuration = 13h: a duration XhYmZs from 0h15m0s to 12h0m0s (AssumeRoleWithWebIdentity's range; at most the role's MaxSessionDuration)`,
        ]);
    });

    it("accepts the defaults with a repository URL", () => {
        expect(readConfig(source(CONFIG), "t")).toEqual({
            repoUrl: CONFIG[`${PROJECT}:repoUrl`],
            branch: "main",
            oidcRoleName: "baseline-deployments",
            oidcSessionDuration: "1h0m0s",
        });
    });

    it("refuses to run for a single account, naming the topology file", () => {
        expect(() => requireOrganizationMode()).toThrow(
            /topology\.yaml declares no accounts: the Deployments program configures an organization's stacks/,
        );
    });

    it("the project's keys are the ones the reader reads, each with a default", () => {
        const project = yaml.load(fs.readFileSync(path.join(ROOT, "deployments/Pulumi.yaml"), "utf8")) as {
            name: string;
            config: Record<string, { default?: unknown }>;
        };
        expect(project.name).toBe(PROJECT);
        expect(Object.keys(project.config).sort()).toEqual(Object.keys(readConfig(source(CONFIG), "t")).sort());
        for (const [k, spec] of Object.entries(project.config)) expect([k, spec.default !== undefined]).toEqual([k, true]);
    });
});
