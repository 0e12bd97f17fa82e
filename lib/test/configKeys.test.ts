/**
 * Config keys a stack sets but its project does not declare: found in the
 * config bag the program gets (the engine's PULUMI_CONFIG, or the mock
 * runtime's), named with the nearest known key.
 */
import { ConfigReader, ConfigValidationError, configKeyProblems, editDistance, nearest, readProjectSpec } from "../src";
import { StackRunError, runStack } from "../src/testing";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const NETWORK = readProjectSpec(path.resolve(__dirname, "../../stacks/network/Pulumi.yaml"));

describe("configKeyProblems", () => {
    test("Pulumi.yaml's keys are read from the file", () => {
        expect(NETWORK.project).toBe("baseline-network");
        expect(NETWORK.keys).toEqual(expect.arrayContaining(["owner", "natGateways", "azCount", "vpcCidrs"]));
    });

    test.each([
        ["baseline-network:natGateways", undefined],
        ["baseline-network:owner", undefined],
        ["aws:region", undefined],
        ["aws:profile", undefined],
        ["pulumi:tags", undefined],
        ["baseline-network:natGateway", "not a config key of baseline-network: did you mean natGateways?"],
        ["baseline-network:AZCount", "did you mean azCount?"],
        ["baseline-network:vpcCidr", "did you mean vpcCidrs?"],
        ["baseline-network:colour", "not a config key of baseline-network (its Pulumi.yaml declares allowShortFlowLogRetention,"],
        ["aws:regon", "not a config key of the aws provider: did you mean aws:region?"],
        ["baseline-security:owner", "belongs to project baseline-security (stacks/security), not to baseline-network"],
        ["baseline-security:owner", "to set it for this stack write owner"],
        ["baseline-netwrk:owner", "unknown namespace baseline-netwrk"],
        ["baseline-netwrk:owner", "did you mean baseline-network:owner?"],
        ["natGateway", "baseline-network:natGateway"],
    ])("%s", (key, expected) => {
        const problems = configKeyProblems(NETWORK, [key]);
        if (expected === undefined) expect(problems).toEqual([]);
        else expect(problems.map((p) => `${p.key}: ${p.allowed}`)).toEqual([expect.stringContaining(expected)]);
    });

    test('a Pulumi.yaml default of "" marks a key whose empty value means not set', () => {
        const data = readProjectSpec(path.resolve(__dirname, "../../stacks/data/Pulumi.yaml"));
        expect(data.emptyDefaults).toContain("upstreamOrg");
        expect(data.emptyDefaults).not.toContain("owner");
        const values: Record<string, string> = { "aws:region": "us-east-1", "baseline-test:k": "" };
        const lenient = new ConfigReader(
            "baseline-test",
            { get: (k) => values[k], emptyMeansUnset: (k) => k === "baseline-test:k" },
            "t",
        );
        expect(lenient.bool("k", true)).toBe(true);
        expect(lenient.finish("ok")).toBe("ok");
        const strict = new ConfigReader("baseline-test", { get: (k) => values[k] }, "t");
        strict.bool("k", true);
        expect(() => strict.finish("ok")).toThrow('baseline-test:k = "": a value, not an empty string');
    });

    test("a suggestion only when the key is close", () => {
        expect(editDistance("natGateway", "natGateways")).toBe(1);
        expect(editDistance("azcount", "azCount")).toBe(1);
        expect(nearest("natGateway", NETWORK.keys)).toBe("natGateways");
        expect(nearest("colour", NETWORK.keys)).toBeUndefined();
    });
});

describe("ConfigReader.finish checks the runtime's whole config bag against Pulumi.yaml", () => {
    const program = async () => {
        const r = new ConfigReader("baseline-network");
        r.region();
        r.oneOf("natGateways", ["per-az", "single"], "per-az");
        return r.finish({});
    };
    const run = (config: Record<string, string>) =>
        runStack({
            project: "baseline-network",
            stack: "production-us-east-1",
            config: { "aws:region": "us-east-1", ...config },
            program,
        });

    test("declared keys pass", async () => {
        await expect(run({ "baseline-network:natGateways": "single", "baseline-network:owner": "me" })).resolves.toBeDefined();
    });

    test.each([
        [
            { "baseline-network:natGateway": "single" },
            'baseline-network:natGateway = "single": not a config key of baseline-network: did you mean natGateways?',
        ],
        [{ "baseline-data:dbName": "x" }, 'baseline-data:dbName = "x": belongs to project baseline-data (stacks/data)'],
        [{ "aws:regoin": "us-east-1" }, "did you mean aws:region?"],
    ])("%j", async (config, message) => {
        const err = (await run(config).catch((e: unknown) => e)) as StackRunError;
        expect(err).toBeInstanceOf(StackRunError);
        expect(err.cause).toBeInstanceOf(ConfigValidationError);
        expect(err.message).toContain(message);
        expect(err.resources.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
    });
});

describe("under the engine: PULUMI_CONFIG and the project's root directory", () => {
    test("a fresh process with the engine's environment refuses a key its Pulumi.yaml does not declare", () => {
        // The engine starts the program with the config bag in PULUMI_CONFIG and the
        // folder of Pulumi.yaml in PULUMI_NODEJS_ROOT_DIRECTORY; this Pulumi.yaml declares
        // only `owner` and `natGateways`, so the check must have read this file, not the repo's.
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engine-config-"));
        try {
            fs.writeFileSync(
                path.join(dir, "Pulumi.yaml"),
                "name: baseline-network\nruntime: nodejs\nconfig:\n  owner:\n    type: string\n    default: x\n  natGateways:\n    type: string\n    default: per-az\n",
            );
            const script = [
                `const { ConfigReader } = require(${JSON.stringify(path.resolve(__dirname, "../src"))});`,
                'const r = new ConfigReader("baseline-network");',
                "r.region();",
                "try { r.finish(0); console.log('ok'); } catch (e) { console.log(e.message); }",
            ].join("\n");
            const run = (config: Record<string, string>) =>
                execFileSync(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "-e", script], {
                    cwd: dir,
                    env: {
                        ...process.env,
                        PULUMI_CONFIG: JSON.stringify({ "aws:region": "us-east-1", ...config }),
                        PULUMI_NODEJS_ROOT_DIRECTORY: dir,
                        TS_NODE_PROJECT: path.resolve(__dirname, "../../tsconfig.jest.json"),
                        PULUMI_NODEJS_PROJECT: "baseline-network",
                        PULUMI_NODEJS_STACK: "production-us-east-1",
                    },
                    encoding: "utf8",
                });
            expect(run({ "baseline-network:natGateways": "single" }).trim()).toBe("ok");
            const out = run({ "baseline-network:natGateway": "single", "baseline-network:azCount": "2" });
            expect(out).toContain("invalid configuration for stack baseline-network/production-us-east-1 (2 problems)");
            expect(out).toContain(
                'baseline-network:natGateway = "single": not a config key of baseline-network: did you mean natGateways?',
            );
            expect(out).toContain(
                'baseline-network:azCount = "2": not a config key of baseline-network (its Pulumi.yaml declares natGateways, owner)',
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 60000);
});
