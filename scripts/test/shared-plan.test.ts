/**
 * The shared plan of the test files is keyed on every input of the plan: any edit to the
 * repository's files, the plan options or the topology the environment names makes a new
 * key, so a plan of other sources is never read. What is stored reads back as planned.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { REPO_ROOT } from "../src/planner";
import { decodePlan, encodePlan, planInputsKey, sharedPlanStacks } from "./support/sharedPlan";

let root: string;
const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
};

beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "shared-plan-"));
    write("topology.yaml", "regions: []\n");
    write("stacks/api/index.ts", "export = async () => ({});\n");
    write("stacks/api/Pulumi.production-us-east-1.yaml", "config:\n  aws:region: us-east-1\n");
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

test("an edit, a new file or a renamed file anywhere in the tree makes a new key; the same tree the same key", () => {
    const keys = new Set<string>();
    const key = () => planInputsKey(root, {}, {});
    const first = key();
    expect(key()).toBe(first);
    keys.add(first);
    write("stacks/api/index.ts", "export = async () => ({ changed: true });\n");
    keys.add(key());
    write("stacks/api/src/new.ts", "export const x = 1;\n");
    keys.add(key());
    fs.renameSync(path.join(root, "stacks/api/src/new.ts"), path.join(root, "stacks/api/src/renamed.ts"));
    keys.add(key());
    write("package-lock.json", "{}\n");
    keys.add(key());
    expect(keys.size).toBe(5);
});

test("what is not an input (dependencies, build output, plan output) leaves the key alone", () => {
    const before = planInputsKey(root, {}, {});
    write("lib/.tsbuild/index.d.ts", "export {};\n");
    write("plan-out/summary.json", "{}\n");
    write("node_modules/left-pad/index.js", "module.exports = 1;\n");
    expect(planInputsKey(root, {}, {})).toBe(before);
});

test("the options, the environment's topology file and its content are part of the key", () => {
    const plain = planInputsKey(root, {}, {});
    expect(planInputsKey(root, { deploymentMode: "rehearsal" }, {})).not.toBe(plain);
    const topology = path.join(root, "..", `${path.basename(root)}-topology.yaml`);
    try {
        fs.writeFileSync(topology, "regions: [a]\n");
        const withTopology = planInputsKey(root, {}, { BASELINE_TOPOLOGY: topology });
        expect(withTopology).not.toBe(plain);
        fs.writeFileSync(topology, "regions: [b]\n");
        expect(planInputsKey(root, {}, { BASELINE_TOPOLOGY: topology })).not.toBe(withTopology);
    } finally {
        fs.rmSync(topology, { force: true });
    }
    expect(planInputsKey(root, {}, { PULUMI_CONFIG_PASSPHRASE: "x" })).not.toBe(plain);
    expect(planInputsKey(root, {}, { UNRELATED: "x" })).toBe(plain);
});

test("a stored plan reads back with its undefined keys and its assets as the SDK's classes", async () => {
    const plan = {
        inputs: { kept: undefined, list: [1, undefined, "x"], nested: { a: null } },
        outputs: { code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.h = 1;") }) },
    };
    const back = decodePlan<typeof plan>(await encodePlan(plan));
    expect("kept" in back.inputs).toBe(true);
    expect(back.inputs).toStrictEqual(plan.inputs);
    expect(back.outputs.code).toBeInstanceOf(pulumi.asset.AssetArchive);
    const assets = (await back.outputs.code.assets) as Record<string, pulumi.asset.StringAsset>;
    expect(assets["index.js"]).toBeInstanceOf(pulumi.asset.StringAsset);
    expect(await assets["index.js"].text).toBe("exports.h = 1;");
});

test("a plan stored under the key of the repository's inputs is read instead of planning again", async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-plan-cache-"));
    try {
        const stored = { results: [], plans: [], notBuilt: [], ok: true, marker: "stored" };
        fs.writeFileSync(path.join(cacheDir, `${planInputsKey(REPO_ROOT, {})}.json`), await encodePlan(stored));
        expect(await sharedPlanStacks({}, cacheDir)).toEqual(stored);
    } finally {
        fs.rmSync(cacheDir, { recursive: true, force: true });
    }
});
