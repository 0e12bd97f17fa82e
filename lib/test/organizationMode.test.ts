/**
 * Organization mode: topology.yaml's optional `accounts` section, its validation, and the layer
 * graph it turns on (stacks per account and region, upstreams across accounts). The topology is read
 * once per process, at load, so the organization's modules are loaded in isolation with
 * BASELINE_TOPOLOGY pointing at the sample organization.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { ACCOUNT_ENTRY_KEYS, ACCOUNTS_SECTION_KEYS, ORGANIZATION_MODE, allInstances, topologyProblems } from "../src";

const ROOT = path.resolve(__dirname, "../..");
const SAMPLE = path.join(ROOT, "examples/organization/topology.yaml");

type Lib = typeof import("../src");
function loadWith(file: string): Lib {
    const before = process.env.BASELINE_TOPOLOGY;
    process.env.BASELINE_TOPOLOGY = file;
    try {
        let lib: Lib | undefined;
        jest.isolateModules(() => {
            lib = jest.requireActual("../src") as Lib;
        });
        return lib!;
    } finally {
        if (before === undefined) delete process.env.BASELINE_TOPOLOGY;
        else process.env.BASELINE_TOPOLOGY = before;
    }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed YAML document, edited freely to break it
const sampleDoc = () => yaml.load(fs.readFileSync(SAMPLE, "utf8")) as Record<string, any>;

describe("the accounts section", () => {
    it("is absent from the repository's topology: a single account, no organization stacks", () => {
        expect(ORGANIZATION_MODE).toBe(false);
        expect(allInstances().every((i) => i.account === undefined && !i.stack.includes("management"))).toBe(true);
        expect(allInstances().map((i) => i.layer)).not.toContain("organization");
    });

    it("is valid in the sample organization, and the schema lists the validator's keys", () => {
        expect(topologyProblems(sampleDoc())).toEqual([]);
        const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "topology.schema.json"), "utf8"));
        expect(Object.keys(schema.properties.accounts.properties).sort()).toEqual([...ACCOUNTS_SECTION_KEYS].sort());
        expect(Object.keys(schema.properties.accounts.properties.workloads.items.properties).sort()).toEqual(
            [...ACCOUNT_ENTRY_KEYS].sort(),
        );
    });

    it("reports every problem at once, naming the entry and what is allowed", () => {
        const doc = sampleDoc();
        doc.accounts.management.id = 111111111111; // unquoted: YAML reads a number
        doc.accounts.logArchive.name = "payments"; // taken by a workload
        delete doc.accounts.securityTooling.email;
        doc.accounts.workloads[0].regions = ["us-west-2", "ap-south-1"];
        doc.accounts.workloads[1].id = "444444444444"; // payments' id
        doc.accounts.deployRoleName = "deploy role";
        doc.accounts.auditors = {};
        expect(topologyProblems(doc)).toEqual([
            "accounts.auditors: unknown key; the section has deployRoleName, management, logArchive, securityTooling, workloads",
            'accounts.deployRoleName "deploy role": an IAM role name (1-64 of letters, digits and +=,.@_-)',
            'accounts.management: id 111111111111; the 12-digit account id as a quoted string ("111111111111": YAML reads an unquoted number and drops leading zeros)',
            "accounts.securityTooling: email (not set); the member account's root email address (AWS Organizations needs it to create or import the account)",
            "accounts.workloads[0] (payments): name payments is also accounts.logArchive; one name per account",
            'accounts.workloads[0] (payments): regions[1] "ap-south-1" is not a baseline region; one of us-east-1, us-west-2, eu-central-1',
            "accounts.workloads[0] (payments): regions must include the home region us-east-1: the account's IAM and account-wide settings live there",
            "accounts.workloads[1] (ledger): id 444444444444 is also accounts.workloads[0] (payments); one entry per account",
        ]);
    });

    it("needs all three organization accounts and at least one workload", () => {
        const doc = sampleDoc();
        delete doc.accounts.logArchive;
        doc.accounts.workloads = [];
        expect(topologyProblems(doc)).toEqual([
            "accounts.logArchive: missing; the log-archive account { name, id, email }",
            "accounts.workloads: a non-empty list of workload accounts { name, id, email, regions? } (got [])",
        ]);
    });
});

describe("the layer graph in organization mode (the sample organization)", () => {
    const lib = loadWith(SAMPLE);

    it("reads the accounts with their kinds, regions and the deploy role", () => {
        expect(lib.ORGANIZATION_MODE).toBe(true);
        expect(lib.ACCOUNTS.map((a) => `${a.kind}:${a.name}:${a.regions.join("+")}`)).toEqual([
            "management:management:us-east-1+us-west-2+eu-central-1",
            "log-archive:log-archive:us-east-1+us-west-2+eu-central-1",
            "security-tooling:security-tooling:us-east-1+us-west-2+eu-central-1",
            "workload:payments:us-east-1+us-west-2+eu-central-1",
            "workload:ledger:us-east-1+us-west-2",
        ]);
        expect(lib.deployRoleArn(lib.accountByKind("log-archive"))).toBe("arn:aws:iam::222222222222:role/baseline-deploy");
    });

    it("names stacks by account and region, and runs each layer in its accounts only", () => {
        const stacks = (layer: string) =>
            lib
                .allInstances()
                .filter((i) => i.layer === layer)
                .map((i) => i.stack);
        expect(stacks("organization")).toEqual(["management"]);
        expect(stacks("log-archive")).toEqual(["log-archive"]);
        expect(stacks("security-tooling")).toEqual([
            "security-tooling-us-east-1",
            "security-tooling-us-west-2",
            "security-tooling-eu-central-1",
            "security-tooling-eu-west-1",
        ]);
        // global-iam and security run in every account, the organization's own included (Config for Security Hub).
        expect(stacks("global-iam")).toEqual(["management", "log-archive", "security-tooling", "payments", "ledger"]);
        expect(stacks("security").filter((s) => s.startsWith("management-"))).toEqual([
            "management-us-east-1",
            "management-us-west-2",
            "management-eu-central-1",
            "management-eu-west-1",
        ]);
        // ledger runs in two US regions: no eu-central-1 stacks, and its recovery and detection stay in the US.
        expect(stacks("data")).toEqual([
            "payments-us-east-1",
            "payments-us-west-2",
            "payments-eu-central-1",
            "ledger-us-east-1",
            "ledger-us-west-2",
        ]);
        expect(stacks("recovery")).toEqual([
            "payments-us-east-1",
            "payments-us-west-2",
            "payments-eu-west-1",
            "ledger-us-east-1",
            "ledger-us-west-2",
        ]);
        expect(stacks("security")).toContain("payments-eu-west-1");
        expect(stacks("security")).not.toContain("ledger-eu-west-1");
        // organization, log-archive, security-tooling; global-iam and security in five accounts (4 regions each,
        // ledger 2); network, recovery, data and api in the workloads.
        expect(lib.allInstances()).toHaveLength(1 + 1 + 4 + 5 * 1 + (4 * 4 + 2) + (3 + 2) + (3 + 2) + (3 + 2) + (3 + 2));
        // ...and only there: no network, data or api in the organization's own accounts.
        for (const layer of ["network", "recovery", "data", "api"])
            expect(
                lib.allInstances().filter((i) => i.layer === layer && lib.accountByName(i.account!)!.kind !== "workload"),
            ).toEqual([]);
        for (const i of lib.allInstances()) expect(lib.accountOfStack(i.stack)?.name).toBe(i.account);
    });

    it("reads upstreams in the consumer's account, and the organization's layers in their own", () => {
        const data = lib.allInstances().find((i) => i.layer === "data" && i.stack === "ledger-us-west-2")!;
        expect(lib.withUpstreams(data).map((i) => `${i.layer}/${i.stack}`)).toEqual([
            "organization/management",
            "log-archive/log-archive",
            "security-tooling/security-tooling-us-west-2",
            "global-iam/ledger",
            "security/ledger-us-west-2",
            "network/ledger-us-west-2",
            "recovery/ledger-us-east-1",
            "data/ledger-us-west-2",
        ]);
        expect(() => lib.upstreamInstance("network", "us-east-1")).toThrow(/which workload account/);
        expect(lib.upstreamInstance("organization", "eu-central-1", "security", "payments").stack).toBe("management");
    });

    it("tells a stack named after an account from one that is not", () => {
        expect(lib.accountOfStack("security-tooling-us-east-1")?.kind).toBe("security-tooling");
        expect(lib.accountOfStack("payments")?.kind).toBe("workload");
        expect(lib.accountOfStack("production-us-east-1")).toBeUndefined();
        expect(lib.accountOfStack("payments-nowhere")).toBeUndefined();
    });
});
