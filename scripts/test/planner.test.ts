import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { allInstances } from "@baseline/lib";
import { loadStackConfig, parseTarget, planStacks } from "../src/planner";

/** A throw-away stacks folder with tiny programs for two layers. */
function fixtureStacks(programs: Partial<Record<string, string>>, extraConfig: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const libPath = path.resolve(__dirname, "../../lib/src");
    // Programs outside the repository resolve @pulumi/* through a link to its node_modules.
    fs.symlinkSync(path.resolve(__dirname, "../../node_modules"), path.join(dir, "node_modules"), "dir");
    for (const inst of allInstances()) {
        const src = programs[inst.layer];
        if (src === undefined) continue;
        const d = path.join(dir, inst.layer);
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(
            path.join(d, "Pulumi.yaml"),
            `name: ${inst.project}\nruntime: nodejs\nconfig:\n  owner:\n    type: string\n    default: team-a\n  cidrs:\n    value:\n      us-east-1: 10.10.0.0/16\n`,
        );
        fs.writeFileSync(
            path.join(d, `Pulumi.${inst.stack}.yaml`),
            `config:\n  aws:region: ${extraConfig[`${inst.layer}/${inst.stack}`] ?? inst.region}\n`,
        );
        fs.writeFileSync(path.join(d, "index.ts"), src.replace(/LIB/g, JSON.stringify(libPath)));
    }
    return dir;
}

const iamProgram = `
import * as aws from "@pulumi/aws";
import { applyBaselineTags } from LIB;
export = async () => {
    applyBaselineTags("global-iam", "t");
    const role = new aws.iam.Role("flow-logs", { assumeRolePolicy: "{}" });
    return { flowLogsRoleArn: role.arn, accountId: "123456789012" };
};`;

const securityProgram = `
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
export = async () => {
    const region = new pulumi.Config("aws").require("region");
    const ref = new pulumi.StackReference("iam", { name: "organization/baseline-global-iam/production" });
    const role = await ref.getOutputDetails("flowLogsRoleArn");
    const key = new aws.kms.Key("data", { description: String(role.value) });
    if (region === "us-west-2") throw new Error("boom in us-west-2");
    return { region, dataKeyArn: key.arn };
};`;

describe("planner", () => {
    test("feeds real upstream outputs downstream, records preview-shaped steps, skips dependents of a failure", async () => {
        const dir = fixtureStacks({ "global-iam": iamProgram, security: securityProgram });
        const run = await planStacks({ stacksDir: dir });
        const status = Object.fromEntries(run.results.map((r) => [`${r.instance.layer}/${r.instance.stack}`, r.status]));
        expect(run.results[0].error).toBeUndefined();
        expect(status["global-iam/production"]).toBe("planned");
        expect(status["security/production-us-east-1"]).toBe("planned");
        expect(status["security/production-us-west-2"]).toBe("failed");
        expect(status["network/production-us-east-1"]).toBe("skipped");
        expect(run.notBuilt).toEqual(["network", "recovery", "data", "api"]);
        expect(run.ok).toBe(false);
        expect(run.results.find((r) => r.status === "failed")!.error).toContain("boom in us-west-2");

        const iam = run.plans.find((p) => p.project === "baseline-global-iam")!;
        const roleArn = iam.outputs.flowLogsRoleArn as string;
        expect(roleArn).toMatch(/^arn:aws:iam::123456789012:role\/flow-logs-[0-9a-f]{7}$/);
        const sec = run.plans.find((p) => p.stack === "production-eu-central-1")!;
        const key = sec.steps.find((s) => s.newState.type === "aws:kms/key:Key")!;
        expect(key.op).toBe("create");
        expect(key.newState.inputs.description).toBe(roleArn);
        expect(key.newState.parent).toBe(
            "urn:pulumi:production-eu-central-1::baseline-security::pulumi:pulumi:Stack::baseline-security-production-eu-central-1",
        );
        expect(sec.outputs.dataKeyArn).toMatch(/^arn:aws:kms:eu-central-1:123456789012:key\//);
        const read = sec.steps.find((s) => s.newState.type === "pulumi:pulumi:StackReference")!;
        expect(read.op).toBe("read");
    });

    test("plans one target with its upstreams only", async () => {
        const dir = fixtureStacks({ "global-iam": iamProgram, security: securityProgram });
        const run = await planStacks({ stacksDir: dir, targets: ["security/production-eu-central-1"] });
        expect(run.results.map((r) => `${r.instance.layer}/${r.instance.stack}`)).toEqual([
            "global-iam/production",
            "security/production-eu-central-1",
        ]);
        expect(run.ok).toBe(true);
    });

    test("config: Pulumi.yaml defaults and values, stack file overrides, region checked", () => {
        const dir = fixtureStacks({ "global-iam": iamProgram }, { "global-iam/production": "us-west-2" });
        const inst = parseTarget("global-iam/production");
        expect(() => loadStackConfig(inst, dir)).toThrow("sets aws:region=us-west-2, expected us-east-1");
        const ok = fixtureStacks({ "global-iam": iamProgram });
        expect(loadStackConfig(inst, ok)).toEqual({
            "aws:region": "us-east-1",
            "baseline-global-iam:owner": "team-a",
            "baseline-global-iam:cidrs": '{"us-east-1":"10.10.0.0/16"}',
        });
    });

    test("config: a typed key without a default that the stack file does not set is refused, as the CLI refuses it", () => {
        const dir = fixtureStacks({ "global-iam": iamProgram });
        const file = path.join(dir, "global-iam", "Pulumi.yaml");
        fs.appendFileSync(
            file,
            "  trustedPrincipals:\n    type: array\n    items:\n      type: string\n  note:\n    type: string\n",
        );
        const inst = parseTarget("global-iam/production");
        expect(() => loadStackConfig(inst, dir)).toThrow(
            "validating stack config: Stack 'production' is missing configuration values 'trustedPrincipals', 'note'",
        );
        // Set by the stack file, or given a default, it is accepted.
        fs.appendFileSync(path.join(dir, "global-iam", "Pulumi.production.yaml"), "  baseline-global-iam:note: x\n");
        fs.writeFileSync(
            file,
            fs
                .readFileSync(file, "utf8")
                .replace("items:\n      type: string\n", "items:\n      type: string\n    default: []\n"),
        );
        expect(loadStackConfig(inst, dir)).toMatchObject({
            "baseline-global-iam:trustedPrincipals": "[]",
            "baseline-global-iam:note": "x",
        });
    });

    test("refuses a program that only has a default export, which pulumi up would never call", async () => {
        const dir = fixtureStacks({ "global-iam": iamProgram.replace("export = async", "export default async") });
        const run = await planStacks({ stacksDir: dir, targets: ["global-iam/production"] });
        expect(run.results[0].status).toBe("failed");
        expect(run.results[0].error).toContain("uses `export default`: Pulumi runs TypeScript programs as CommonJS");
    });

    test("unknown targets name what exists", () => {
        expect(() => parseTarget("network/production-ap-south-1")).toThrow(
            /unknown stack "network\/production-ap-south-1": expected one of global-iam\/production, /,
        );
    });
});
