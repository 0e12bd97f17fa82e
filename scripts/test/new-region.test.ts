/**
 * "Adding a region" as the README describes it works in the offline plan for a commercial region
 * the baseline does not use yet: with the region added to REGIONS and its VPC CIDR to vpcCidrs,
 * every layer plans for it, wired through the real outputs of the layers before it.
 */
import * as path from "path";

const NEW_REGION = "ap-southeast-2";
const ENVIRONMENT = path.resolve(__dirname, "../../lib/src/environment");

test(`every layer plans for a fourth region (${NEW_REGION}) once it is in REGIONS and vpcCidrs`, async () => {
    const environment = ENVIRONMENT;
    jest.resetModules();
    jest.doMock(environment, () => {
        const actual = jest.requireActual(environment);
        const REGIONS = [...actual.REGIONS, NEW_REGION];
        return { ...actual, REGIONS, isRegion: (v: unknown) => typeof v === "string" && REGIONS.includes(v) };
    });
    const { runStack, DEFAULT_ORGANIZATION } = await import("@baseline/lib/src/testing");
    const { LAYERS, layerOrder, REGIONS } = await import("@baseline/lib");
    expect(REGIONS).toContain(NEW_REGION);
    const vpcCidrs = JSON.stringify([
        "us-east-1=10.10.0.0/16",
        "us-west-2=10.20.0.0/16",
        "eu-central-1=10.30.0.0/16",
        `${NEW_REGION}=10.40.0.0/16`,
    ]);
    const outputs: Record<string, Record<string, unknown>> = {};
    const counts: Record<string, number> = {};
    for (const layer of layerOrder()) {
        const global = layer === "global-iam";
        const stack = global ? "production" : `production-${NEW_REGION}`;
        const project = LAYERS[layer].project;
        const program = (await import(path.resolve(__dirname, `../../stacks/${layer}/index`))) as unknown as () => Promise<
            Record<string, unknown>
        >;
        const run = await runStack({
            project,
            stack,
            config: {
                "aws:region": global ? "us-east-1" : NEW_REGION,
                ...(layer === "network" ? { [`${project}:vpcCidrs`]: vpcCidrs } : {}),
            },
            stackOutputs: outputs,
            program: (program as unknown as { default?: typeof program }).default ?? program,
        });
        outputs[`${DEFAULT_ORGANIZATION}/${project}/${stack}`] = run.outputs;
        counts[layer] = run.resources.length;
        if (!global) expect([layer, run.outputs.region]).toEqual([layer, NEW_REGION]);
    }
    expect(Object.keys(counts)).toEqual(["global-iam", "security", "network", "data", "api"]);
    const network = outputs[`${DEFAULT_ORGANIZATION}/baseline-network/production-${NEW_REGION}`];
    expect(network.availabilityZones).toHaveLength(3);
    for (const az of network.availabilityZones as string[]) expect(az).toMatch(new RegExp(`^${NEW_REGION}[a-z]$`));
    expect(network.vpcCidr).toBe("10.40.0.0/16");
}, 120000);

test("every file that holds the list of regions is named in README's steps for adding one", async () => {
    const fs = await import("fs");
    const { execFileSync } = await import("child_process");
    // The real list (the test above mocks the module with a fourth region).
    const { REGIONS } = jest.requireActual<{ REGIONS: readonly string[] }>(ENVIRONMENT);
    const root = path.resolve(__dirname, "../..");
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("### Adding a fourth region"), readme.indexOf("### Cost-relevant choices"));
    expect(section.length).toBeGreaterThan(100);
    const files = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
        .split("\n")
        .filter((f) => f && !/(^|\/)test\//.test(f) && !f.endsWith(".md") && f !== "package-lock.json")
        .filter((f) => fs.existsSync(path.join(root, f)));
    const listing = files.filter((f) => {
        const text = fs.readFileSync(path.join(root, f), "utf8");
        return REGIONS.every((r) => text.includes(r));
    });
    expect(listing.length).toBeGreaterThan(0);
    // The mock's zone table names irregular regions it knows, not the baseline's list: it answers any commercial region.
    const notALocation = ["lib/src/testing/fakeAws.ts"];
    const unnamed = listing.filter((f) => !notALocation.includes(f) && !section.includes(`\`${f}\``));
    expect(unnamed).toEqual([]);
    // And every regional layer has a stack file per region, as step 3 says.
    for (const layer of ["security", "network", "data", "api"]) {
        for (const r of REGIONS) expect(fs.existsSync(path.join(root, `stacks/${layer}/Pulumi.production-${r}.yaml`))).toBe(true);
    }
});
