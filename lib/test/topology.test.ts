import * as aws from "@pulumi/aws";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
    COMMERCIAL_REGIONS,
    DEPLOY_REGIONS,
    HOME_REGION,
    JURISDICTION,
    PARTNER_REGIONS,
    TOPOLOGY_RECOVERY_KEYS,
    RECOVERY_ONLY_REGIONS,
    REGIONS,
    TOPOLOGY_REGION_KEYS,
    TOPOLOGY_SECTIONS,
    TOPOLOGY_ENV,
    TopologyError,
    VPC_CIDRS,
    findTopologyFile,
    loadTopology,
    parseTopology,
    topologyProblems,
} from "../src";

const ROOT = path.resolve(__dirname, "../..");

/** The error `fn` throws. */
function errorOf(fn: () => unknown): Error {
    try {
        fn();
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected an error");
}

/** The default topology as a document, for cases that change one thing. */
function base() {
    return {
        homeRegion: "us-east-1",
        regions: [
            { region: "us-east-1", partner: "us-west-2", jurisdiction: "us", vpcCidr: "10.10.0.0/16" },
            { region: "us-west-2", partner: "us-east-1", jurisdiction: "us", vpcCidr: "10.20.0.0/16" },
            { region: "eu-central-1", partner: "eu-west-1", jurisdiction: "eu", vpcCidr: "10.30.0.0/16" },
        ] as Record<string, unknown>[],
        recoveryOnlyRegions: [{ region: "eu-west-1", jurisdiction: "eu" }] as Record<string, unknown>[],
    } as Record<string, unknown> & { regions: Record<string, unknown>[]; recoveryOnlyRegions: Record<string, unknown>[] };
}

describe("the topology file at the repository root", () => {
    it("declares the three baseline regions, their partners, jurisdictions and ranges, and eu-west-1 for recovery only", () => {
        expect(findTopologyFile()).toBe(path.join(ROOT, "topology.yaml"));
        expect(REGIONS).toEqual(["us-east-1", "us-west-2", "eu-central-1"]);
        expect(HOME_REGION).toBe("us-east-1");
        expect(RECOVERY_ONLY_REGIONS).toEqual(["eu-west-1"]);
        expect(DEPLOY_REGIONS).toEqual(["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]);
        expect(PARTNER_REGIONS).toEqual({ "us-east-1": "us-west-2", "us-west-2": "us-east-1", "eu-central-1": "eu-west-1" });
        expect(JURISDICTION).toEqual({ "us-east-1": "us", "us-west-2": "us", "eu-central-1": "eu", "eu-west-1": "eu" });
        expect(VPC_CIDRS).toEqual({ "us-east-1": "10.10.0.0/16", "us-west-2": "10.20.0.0/16", "eu-central-1": "10.30.0.0/16" });
    });

    it("has a schema whose sections and entry keys are the validator's", () => {
        const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "topology.schema.json"), "utf8"));
        expect(Object.keys(schema.properties).sort()).toEqual([...TOPOLOGY_SECTIONS].sort());
        expect(Object.keys(schema.properties.regions.items.properties).sort()).toEqual([...TOPOLOGY_REGION_KEYS].sort());
        expect(Object.keys(schema.properties.recoveryOnlyRegions.items.properties).sort()).toEqual(
            [...TOPOLOGY_RECOVERY_KEYS].sort(),
        );
        expect(schema.additionalProperties).toBe(false);
        // The format leaves room for an optional accounts section (organization mode).
        expect(schema.description).toMatch(/optional `accounts` section/);
        const yamlText = fs.readFileSync(path.join(ROOT, "topology.yaml"), "utf8");
        expect(yamlText).toMatch(/^# yaml-language-server: \$schema=\.\/topology\.schema\.json$/m);
    });
});

describe("the commercial region list", () => {
    it("is @pulumi/aws's region enum without the regions of other partitions", () => {
        const other = /^(cn-|us-gov-|eusc-)|-iso[a-z]?-/;
        const fromEnum = Object.values(aws.Region as Record<string, string>).filter((r) => !other.test(r));
        expect([...COMMERCIAL_REGIONS].sort()).toEqual(fromEnum.sort());
    });
});

describe("topologyProblems", () => {
    it("finds nothing wrong with the default topology", () => {
        expect(topologyProblems(base())).toEqual([]);
    });

    it("names a missing jurisdiction on its own entry rather than blaming the partner", () => {
        const doc = base();
        doc.regions.push({ region: "eu-north-1", partner: "eu-west-1", vpcCidr: "10.40.0.0/16" });
        const problems = topologyProblems(doc);
        expect(problems).toEqual([expect.stringMatching(/^regions\[3\] \(eu-north-1\): jurisdiction is missing; /)]);
        expect(problems.join("\n")).not.toMatch(/leave|eu-west-1/);
    });

    it("names the missing entry of a new partner", () => {
        const doc = base();
        doc.regions.push({ region: "ap-southeast-2", partner: "ap-southeast-4", jurisdiction: "au", vpcCidr: "10.40.0.0/16" });
        expect(topologyProblems(doc)).toEqual([
            "regions[3] (ap-southeast-2): partner ap-southeast-4 has no entry: add it to regions (a full baseline region) or to " +
                "recoveryOnlyRegions as { region: ap-southeast-4, jurisdiction: au }",
        ]);
    });

    it("refuses a partner in another jurisdiction, naming both and the regions that would do", () => {
        const doc = base();
        doc.regions[2].partner = "us-east-1";
        doc.recoveryOnlyRegions = [];
        expect(topologyProblems(doc)).toEqual([
            "regions[2] (eu-central-1): partner us-east-1 is in jurisdiction us (regions[0] (us-east-1)), eu-central-1 in eu: " +
                "replicas and backup copies would leave eu; choose a partner in eu (none listed yet)",
        ]);
    });

    it("refuses a region that is its own partner", () => {
        const doc = base();
        doc.regions[0].partner = "us-east-1";
        expect(topologyProblems(doc)).toContain(
            "regions[0] (us-east-1): us-east-1 is its own partner; a copy in the same region dies with it: name another region",
        );
    });

    it("refuses overlapping ranges and ranges AWS does not allow", () => {
        const doc = base();
        doc.regions[1].vpcCidr = "10.10.128.0/17";
        doc.regions[2].vpcCidr = "8.8.0.0/16";
        expect(topologyProblems(doc)).toEqual([
            "regions[2] (eu-central-1): vpcCidr 8.8.0.0/16: a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
            "regions[1] (us-west-2): vpcCidr 10.10.128.0/17 overlaps us-east-1's 10.10.0.0/16 (regions[0] (us-east-1)); " +
                "every region needs its own range so the VPCs can be peered (us-west-2 and us-east-1 must not overlap)",
        ]);
    });

    it("refuses unknown and non-commercial regions, saying which partition they belong to", () => {
        const doc = base();
        doc.regions[1].region = "us-west-9";
        doc.regions.push({ region: "cn-north-1", partner: "us-east-1", jurisdiction: "us", vpcCidr: "10.50.0.0/16" });
        doc.regions.push({ region: "us-gov-west-1", partner: "us-east-1", jurisdiction: "us", vpcCidr: "10.60.0.0/16" });
        const problems = topologyProblems(doc);
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^regions\[1\] \(us-west-9\): us-west-9 is not a commercial AWS region/),
                "regions[3] (cn-north-1): cn-north-1 is a region of aws-cn (China), not of the commercial partition the baseline is built for",
                "regions[4] (us-gov-west-1): us-gov-west-1 is a region of aws-us-gov (GovCloud), not of the commercial partition the baseline is built for",
                // us-east-1's partner us-west-2 now has no valid entry.
                expect.stringMatching(/^regions\[0\] \(us-east-1\): partner us-west-2 has no entry/),
            ]),
        );
    });

    it("refuses a recovery-only region nobody uses, a duplicate entry and a region listed in both lists", () => {
        const doc = base();
        doc.recoveryOnlyRegions.push({ region: "eu-north-1", jurisdiction: "eu" });
        doc.recoveryOnlyRegions.push({ region: "us-east-1", jurisdiction: "us" });
        doc.regions.push({ region: "us-west-2", partner: "us-east-1", jurisdiction: "us", vpcCidr: "10.70.0.0/16" });
        expect(topologyProblems(doc)).toEqual([
            "regions[0] (us-east-1): us-east-1 is also in recoveryOnlyRegions (recoveryOnlyRegions[2] (us-east-1)); a region is either a baseline region or recovery-only",
            "regions[3] (us-west-2): us-west-2 is listed twice (also regions[1] (us-west-2)); one entry per region",
            "recoveryOnlyRegions[1] (eu-north-1): no region of regions names eu-north-1 as its partner; a recovery-only region nobody uses would be deployed for nothing: remove it or make it a partner",
        ]);
    });

    it("reports every problem at once: unknown keys, missing fields, a home region outside the baseline", () => {
        const doc = base();
        doc.homeRegion = "eu-west-1";
        doc.regionz = [];
        doc.regions[0] = { region: "us-east-1", partner: "us-west-2", jurisdiction: "US", vpcCidr: "10.10.0.0/16", cidr: "x" };
        delete doc.regions[1].vpcCidr;
        expect(topologyProblems(doc)).toEqual([
            "regionz: unknown section; the sections are homeRegion, regions, recoveryOnlyRegions, accounts",
            "regions[0] (us-east-1): unknown key cidr; an entry has region, partner, jurisdiction, vpcCidr",
            'regions[0] (us-east-1): jurisdiction "US"; a lowercase name of letters, digits and dashes such as us, eu or au',
            "regions[1] (us-west-2): vpcCidr is missing; a private IPv4 range /16 to /28 of its own, e.g. 10.40.0.0/16",
            "homeRegion eu-west-1 is not an entry of regions; the home region holds the account-wide resources, so it is one of us-east-1, us-west-2, eu-central-1",
        ]);
        expect(topologyProblems("regions: x")).toEqual([
            'the file must be a map with homeRegion, regions, recoveryOnlyRegions, accounts (got "regions: x")',
        ]);
    });
});

describe("parseTopology and findTopologyFile", () => {
    it("throw one error naming the file and listing every problem", () => {
        const text = "homeRegion: us-east-1\nregions:\n  - region: us-east-1\n    partner: us-east-1\n    jurisdiction: us\n";
        const err = (() => {
            try {
                parseTopology(text, "/x/topology.yaml");
            } catch (e) {
                return e as TopologyError;
            }
            throw new Error("accepted");
        })();
        expect(err).toBeInstanceOf(TopologyError);
        expect(err.message).toMatch(/^\/x\/topology\.yaml: 2 problems in the topology/);
        expect(err.problems).toHaveLength(2);
        expect(() => parseTopology("regions: [", "t.yaml")).toThrow(/^t\.yaml: 1 problem in the topology[^]*not valid YAML/);
    });

    it("walks up from a folder to the file, honours BASELINE_TOPOLOGY and says where it looked when there is none", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "topology-"));
        try {
            const deep = path.join(dir, "stacks", "network");
            fs.mkdirSync(deep, { recursive: true });
            const saved = process.env[TOPOLOGY_ENV];
            delete process.env[TOPOLOGY_ENV];
            try {
                expect(() => findTopologyFile([deep])).toThrow(`no topology.yaml found in ${deep} or any folder above`);
                fs.writeFileSync(path.join(dir, "topology.yaml"), "");
                expect(findTopologyFile([deep])).toBe(path.join(dir, "topology.yaml"));
                process.env[TOPOLOGY_ENV] = path.join(dir, "missing.yaml");
                expect(() => findTopologyFile([deep])).toThrow(`${TOPOLOGY_ENV}=${path.join(dir, "missing.yaml")}: no such file`);
                // A path that names no file or a folder is a TopologyError like any other bad topology (the
                // commands print its message alone, no stack trace), in one line saying what is allowed.
                for (const [value, what] of [
                    [path.join(dir, "missing.yaml"), "no such file"],
                    [dir, "a folder, not a file"],
                ]) {
                    process.env[TOPOLOGY_ENV] = value;
                    const err = errorOf(() => findTopologyFile([deep]));
                    expect(err).toBeInstanceOf(TopologyError);
                    expect(err.message).toBe(
                        `${TOPOLOGY_ENV}=${value}: ${what} (it names the topology file to use, e.g. ` +
                            `${TOPOLOGY_ENV}=examples/organization/topology.yaml; unset it to use the repository's topology.yaml)`,
                    );
                    expect(err.stack).toBe(`TopologyError: ${err.message}`);
                }
                delete process.env[TOPOLOGY_ENV];
                fs.rmSync(path.join(dir, "topology.yaml"));
                expect(errorOf(() => findTopologyFile([deep]))).toBeInstanceOf(TopologyError);
                fs.mkdirSync(path.join(dir, "unreadable.yaml"));
                const unreadable = errorOf(() => loadTopology(path.join(dir, "unreadable.yaml")));
                expect(unreadable).toBeInstanceOf(TopologyError);
                expect(unreadable.message).toMatch(/unreadable\.yaml: cannot read the topology: EISDIR/);
            } finally {
                if (saved === undefined) delete process.env[TOPOLOGY_ENV];
                else process.env[TOPOLOGY_ENV] = saved;
            }
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
