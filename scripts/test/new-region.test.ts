/**
 * "Adding a region" as the README describes it works in the offline plan for a commercial region
 * the baseline does not use yet: with the region added to REGIONS, given a partner in
 * PARTNER_REGIONS (step 1) and its VPC CIDR added to vpcCidrs (step 2), every layer plans for it,
 * the partner region's recovery stack included, wired through the real outputs of the layers before it.
 */
import * as path from "path";

const NEW_REGION = "ap-southeast-2";
/**
 * Its partner: Melbourne, in the same country as Sydney. No baseline or recovery-only region is in
 * its jurisdiction, so the partner is a new recovery-only region, with its own recovery stack.
 */
const PARTNER = "ap-southeast-4";
/** JURISDICTION has no Asia Pacific entry: step 1 for an ap-* region gives both regions one. */
const NEW_JURISDICTION = "au";
const ENVIRONMENT = path.resolve(__dirname, "../../lib/src/environment");

type Environment = typeof import("../../lib/src/environment");

/**
 * lib/src/environment.ts after step 1 of the README, as a module mock. Module-internal references
 * do not see a mock's overrides, so every export that reads REGIONS, RECOVERY_ONLY_REGIONS,
 * JURISDICTION or PARTNER_REGIONS is redefined on the mocked values. The partner map is checked by
 * the real partnerMapProblems of a private copy of the module whose JURISDICTION has the new entries.
 */
function environmentAfterStepOne(): Environment {
    const actual = jest.requireActual<Environment>(ENVIRONMENT);
    let own: Environment | undefined;
    jest.isolateModules(() => {
        own = jest.requireActual<Environment>(ENVIRONMENT);
    });
    const copy = own as Environment;
    Object.assign(copy.JURISDICTION as Record<string, string>, { [NEW_REGION]: NEW_JURISDICTION, [PARTNER]: NEW_JURISDICTION });
    const JURISDICTION = copy.JURISDICTION;
    const REGIONS = [...actual.REGIONS, NEW_REGION] as unknown as Environment["REGIONS"];
    const RECOVERY_ONLY_REGIONS = [...actual.RECOVERY_ONLY_REGIONS, PARTNER] as unknown as Environment["RECOVERY_ONLY_REGIONS"];
    const DEPLOY_REGIONS: Environment["DEPLOY_REGIONS"] = [...REGIONS, ...RECOVERY_ONLY_REGIONS];
    const isRegion = ((v: unknown) =>
        typeof v === "string" && (REGIONS as readonly string[]).includes(v)) as Environment["isRegion"];
    const isDeployRegion = ((v: unknown) =>
        typeof v === "string" && (DEPLOY_REGIONS as readonly string[]).includes(v)) as Environment["isDeployRegion"];
    const partnerMapProblems: Environment["partnerMapProblems"] = (
        map,
        regions = REGIONS,
        recoveryOnly = RECOVERY_ONLY_REGIONS,
    ) => copy.partnerMapProblems(map, regions, recoveryOnly);
    const definePartners = (<M extends Readonly<Record<string, string>>>(map: M): M => {
        const problems = partnerMapProblems(map);
        if (problems.length > 0) throw new Error(`invalid partner region map:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        return map;
    }) as Environment["definePartners"];
    const PARTNER_REGIONS = definePartners({
        ...actual.PARTNER_REGIONS,
        [NEW_REGION]: PARTNER,
    } as Environment["PARTNER_REGIONS"]);
    const partnerOf: Environment["partnerOf"] = (region) => PARTNER_REGIONS[region];
    const sourcesOf: Environment["sourcesOf"] = (region, regions = REGIONS) =>
        regions.filter((r) => PARTNER_REGIONS[r] === region);
    return {
        ...actual,
        REGIONS,
        isRegion,
        RECOVERY_ONLY_REGIONS,
        DEPLOY_REGIONS,
        isDeployRegion,
        JURISDICTION,
        partnerMapProblems,
        definePartners,
        PARTNER_REGIONS,
        partnerOf,
        sourcesOf,
    };
}

test(`every layer plans for a fourth region (${NEW_REGION}) once it is in REGIONS, PARTNER_REGIONS and vpcCidrs`, async () => {
    jest.resetModules();
    jest.doMock(ENVIRONMENT, environmentAfterStepOne);
    const { runStack, DEFAULT_ORGANIZATION } = await import("@baseline/lib/src/testing");
    const lib = await import("@baseline/lib");
    const { LAYERS, layerOrder, REGIONS, partnerOf, partnerMapProblems, instancesOf, upstreamInstance } = lib;
    const region = NEW_REGION as (typeof REGIONS)[number];
    expect(REGIONS).toContain(NEW_REGION);
    expect(partnerOf(region)).toBe(PARTNER);
    // The mocked map is checked for real: a partner outside the region's jurisdiction, or itself, is refused.
    expect(partnerMapProblems({ ...lib.PARTNER_REGIONS, [NEW_REGION]: "us-west-2" })).toEqual([
        `${NEW_REGION} -> us-west-2: data would leave its jurisdiction (${NEW_JURISDICTION} -> us)`,
        `${PARTNER} is a recovery-only region but no region's partner`,
    ]);
    expect(partnerMapProblems({ ...lib.PARTNER_REGIONS, [NEW_REGION]: NEW_REGION })).toContain(
        `${NEW_REGION} is its own partner: a copy in the same region dies with it`,
    );
    // The graph deploys a recovery stack in the new partner region, and the new region's data layer reads it.
    expect(instancesOf("recovery").map((i) => i.region)).toContain(PARTNER);
    expect(upstreamInstance("recovery", region, "data")).toEqual({
        layer: "recovery",
        project: "baseline-recovery",
        stack: `production-${PARTNER}`,
        region: PARTNER,
    });
    const vpcCidrs = JSON.stringify([
        "us-east-1=10.10.0.0/16",
        "us-west-2=10.20.0.0/16",
        "eu-central-1=10.30.0.0/16",
        `${NEW_REGION}=10.40.0.0/16`,
    ]);
    const outputs: Record<string, Record<string, unknown>> = {};
    const counts: Record<string, number> = {};
    for (const layer of layerOrder()) {
        const scope = LAYERS[layer].scope;
        // global-iam in the home region, recovery in the partner region, the rest in the new region.
        const where = scope === "global" ? "us-east-1" : scope === "partner" ? PARTNER : NEW_REGION;
        const stack = scope === "global" ? "production" : `production-${where}`;
        const project = LAYERS[layer].project;
        const program = (await import(path.resolve(__dirname, `../../stacks/${layer}/index`))) as unknown as () => Promise<
            Record<string, unknown>
        >;
        const run = await runStack({
            project,
            stack,
            config: {
                "aws:region": where,
                ...(layer === "network" ? { [`${project}:vpcCidrs`]: vpcCidrs } : {}),
            },
            stackOutputs: outputs,
            program: (program as unknown as { default?: typeof program }).default ?? program,
        });
        // Keyed by the StackReference name its consumers use (the data layer reads recovery under this one).
        outputs[`${DEFAULT_ORGANIZATION}/${project}/${stack}`] = run.outputs;
        counts[layer] = run.resources.length;
        if (scope !== "global") expect([layer, run.outputs.region]).toEqual([layer, where]);
    }
    expect(Object.keys(counts)).toEqual(["global-iam", "security", "network", "recovery", "data", "api"]);
    const network = outputs[`${DEFAULT_ORGANIZATION}/baseline-network/production-${NEW_REGION}`];
    expect(network.availabilityZones).toHaveLength(3);
    for (const az of network.availabilityZones as string[]) expect(az).toMatch(new RegExp(`^${NEW_REGION}[a-z]$`));
    expect(network.vpcCidr).toBe("10.40.0.0/16");
    const recovery = outputs[`${DEFAULT_ORGANIZATION}/baseline-recovery/production-${PARTNER}`];
    expect(recovery.sourceRegions).toEqual([NEW_REGION]);
    expect(Object.keys(recovery.replicaBucketNames as Record<string, string>)).toEqual([NEW_REGION]);
    const data = outputs[`${DEFAULT_ORGANIZATION}/baseline-data/production-${NEW_REGION}`];
    expect(data.recoveryRegion).toBe(PARTNER);
    expect(data.replicaBucketName).toBe((recovery.replicaBucketNames as Record<string, string>)[NEW_REGION]);
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
