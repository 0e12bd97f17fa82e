/**
 * The organization program under the recording mock runtime, with the sample organization's topology
 * (examples/organization/topology.yaml): the topology is read once, when lib loads, so this file sets
 * BASELINE_TOPOLOGY and only then loads lib and the program.
 */
import * as fs from "fs";
import * as path from "path";
import type * as Testing from "@baseline/lib/src/testing";
import type * as Lib from "@baseline/lib";
import type * as Accounts from "../src/accounts";
import type * as Config from "../src/config";
import { POLICY_TYPES, TRUSTED_SERVICES } from "../src/organization";

const SAMPLE = path.resolve(__dirname, "../../../examples/organization/topology.yaml");
const MANAGEMENT = "111111111111";

let testing: typeof Testing;
let lib: typeof Lib;
let accountsModule: typeof Accounts;
let configModule: typeof Config;
const before = process.env.BASELINE_TOPOLOGY;

beforeAll(async () => {
    process.env.BASELINE_TOPOLOGY = SAMPLE;
    testing = await import("@baseline/lib/src/testing");
    lib = await import("@baseline/lib");
    accountsModule = await import("../src/accounts");
    configModule = await import("../src/config");
});
afterAll(() => {
    if (before === undefined) delete process.env.BASELINE_TOPOLOGY;
    else process.env.BASELINE_TOPOLOGY = before;
});

const run = (
    opts: {
        stack?: string;
        accountId?: string;
        config?: Record<string, string>;
        existingOrganization?: Testing.StackRunOptions["existingOrganization"];
    } = {},
) =>
    testing.runStack({
        project: "baseline-organization",
        stack: opts.stack ?? "management",
        accountId: opts.accountId ?? MANAGEMENT,
        config: { "aws:region": "us-east-1", ...opts.config },
        existingOrganization: opts.existingOrganization,
        program: async () => (await import("../index")).default(),
    });

describe("organization program (sample organization)", () => {
    let resources: Testing.RecordedResource[];
    let outputs: Record<string, unknown>;
    beforeAll(async () => {
        ({ resources, outputs } = await run());
    });
    const of = (type: string) => testing.ofType(resources, type);

    test("the organization: all features, SCPs and RCPs enabled, trusted access for the security services, protected", () => {
        const org = testing.findResource(resources, "aws:organizations/organization:Organization");
        expect(org.protect).toBe(true);
        expect(org.inputs).toMatchObject({
            featureSet: "ALL",
            enabledPolicyTypes: ["SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY"],
        });
        expect([...(org.inputs.awsServiceAccessPrincipals as string[])].sort()).toEqual([
            "access-analyzer.amazonaws.com",
            "cloudtrail.amazonaws.com",
            "config-multiaccountsetup.amazonaws.com",
            "config.amazonaws.com",
            "guardduty.amazonaws.com",
            "iam.amazonaws.com",
            "malware-protection.guardduty.amazonaws.com",
            "securityhub.amazonaws.com",
        ]);
    });

    test("an adopted organization keeps the trusted services and policy types it has: the provider turns off what the list leaves out", async () => {
        const adopted = await run({
            existingOrganization: {
                id: "o-abcdef1234",
                awsServiceAccessPrincipals: ["sso.amazonaws.com", "guardduty.amazonaws.com", "backup.amazonaws.com"],
                enabledPolicyTypes: ["TAG_POLICY", "SERVICE_CONTROL_POLICY", "BACKUP_POLICY"],
            },
        });
        const org = testing.findResource(adopted.resources, "aws:organizations/organization:Organization");
        // The baseline's first, then the organization's own, sorted.
        expect(org.inputs.enabledPolicyTypes).toEqual([...POLICY_TYPES, "BACKUP_POLICY", "TAG_POLICY"]);
        expect(org.inputs.awsServiceAccessPrincipals).toEqual([...TRUSTED_SERVICES, "backup.amazonaws.com", "sso.amazonaws.com"]);
    });

    test("centralized root access: member accounts' root credentials managed, root-only tasks in privileged sessions", () => {
        const features = testing.findResource(resources, "aws:iam/organizationsFeatures:OrganizationsFeatures");
        expect([...(features.inputs.enabledFeatures as string[])].sort()).toEqual(["RootCredentialsManagement", "RootSessions"]);
        // After the organization, whose service access principals give IAM its trusted access.
        const org = testing.findResource(resources, "aws:organizations/organization:Organization");
        expect(features.dependencies).toContain(org.urn);
    });

    test("two OUs under the root, protected", () => {
        const ous = of("aws:organizations/organizationalUnit:OrganizationalUnit");
        expect(ous.map((o) => o.inputs.name).sort()).toEqual(["Security", "Workloads"]);
        for (const ou of ous) {
            expect(ou.protect).toBe(true);
            expect(ou.inputs.parentId).toBe(outputs.rootId);
        }
    });

    test("every member account of the topology, in its OU, never closed, billing denied, the deploy role as access role", () => {
        const ouIds = outputs.ouIds as { security: string; workloads: string };
        const accounts = of("aws:organizations/account:Account");
        const byName = Object.fromEntries(accounts.map((a) => [a.inputs.name, a]));
        expect(Object.keys(byName).sort()).toEqual(["ledger", "log-archive", "payments", "security-tooling"]);
        expect(byName["log-archive"]!.inputs).toMatchObject({ email: "aws+log-archive@example.com", parentId: ouIds.security });
        expect(byName["security-tooling"]!.inputs.parentId).toBe(ouIds.security);
        expect(byName["payments"]!.inputs.parentId).toBe(ouIds.workloads);
        expect(byName["ledger"]!.inputs.parentId).toBe(ouIds.workloads);
        for (const a of accounts) {
            expect(a.protect).toBe(true);
            expect(a.inputs).toMatchObject({
                roleName: "baseline-deploy",
                closeOnDeletion: false,
                iamUserAccessToBilling: "DENY",
            });
            expect([...a.ignoreChanges].sort()).toEqual(["iamUserAccessToBilling", "roleName"]);
        }
    });

    test("the guardrails as policies: three SCPs and the data perimeter RCP, each on both OUs", () => {
        const policies = of("aws:organizations/policy:Policy");
        expect(policies.map((p) => [p.inputs.name, p.inputs.type])).toEqual([
            ["baseline-region-deny", "SERVICE_CONTROL_POLICY"],
            ["baseline-protect-security-services", "SERVICE_CONTROL_POLICY"],
            ["baseline-protect-accounts", "SERVICE_CONTROL_POLICY"],
            ["baseline-data-perimeter", "RESOURCE_CONTROL_POLICY"],
        ]);
        // The content is lib's document for the organization's own id: the perimeter names it.
        const org = testing.findResource(resources, "aws:organizations/organization:Organization");
        const rcp = policies.find((p) => p.inputs.type === "RESOURCE_CONTROL_POLICY")!;
        expect(JSON.parse(String(rcp.inputs.content))).toEqual(
            lib.resourceControlPolicies({ ...guardrailFacts(), organizationId: String(org.id) })[0]!.document,
        );
        const regionDeny = JSON.parse(String(policies[0]!.inputs.content));
        expect(regionDeny.Statement[0].Condition.StringNotEquals["aws:RequestedRegion"]).toEqual([
            "us-east-1",
            "us-west-2",
            "eu-central-1",
            "eu-west-1",
        ]);
        for (const p of policies) expect(String(p.inputs.content).length).toBeLessThanOrEqual(lib.MAX_POLICY_CHARACTERS);

        const attachments = of("aws:organizations/policyAttachment:PolicyAttachment");
        const ouIds = outputs.ouIds as { security: string; workloads: string };
        const idOf = Object.fromEntries(policies.map((p) => [p.id, p.inputs.name]));
        const pairs = attachments.map((a) => `${idOf[String(a.inputs.policyId)]} -> ${a.inputs.targetId}`).sort();
        expect(pairs).toEqual(
            policies.flatMap((p) => [`${p.inputs.name} -> ${ouIds.security}`, `${p.inputs.name} -> ${ouIds.workloads}`]).sort(),
        );
        expect(outputs.guardrailPolicyIds).toEqual(Object.fromEntries(policies.map((p) => [p.inputs.name, p.id])));
    });

    test("the security-tooling account administers GuardDuty (every region), Security Hub, CloudTrail, Config and Access Analyzer", () => {
        const admin = "333333333333";
        const guardduty = of("aws:guardduty/organizationAdminAccount:OrganizationAdminAccount");
        expect(guardduty.map((g) => g.inputs.region)).toEqual(["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]);
        for (const g of guardduty) expect(g.inputs.adminAccountId).toBe(admin);
        expect(
            testing.findResource(resources, "aws:securityhub/organizationAdminAccount:OrganizationAdminAccount").inputs,
        ).toMatchObject({
            adminAccountId: admin,
            region: "us-east-1",
        });
        expect(
            testing.findResource(resources, "aws:cloudtrail/organizationDelegatedAdminAccount:OrganizationDelegatedAdminAccount")
                .inputs.accountId,
        ).toBe(admin);
        const delegated = of("aws:organizations/delegatedAdministrator:DelegatedAdministrator");
        expect(delegated.map((d) => [d.inputs.servicePrincipal, d.inputs.accountId]).sort()).toEqual([
            ["access-analyzer.amazonaws.com", admin],
            ["config-multiaccountsetup.amazonaws.com", admin],
            ["config.amazonaws.com", admin],
        ]);
    });

    test("exports exactly the organization contract, in the shapes downstream layers check", () => {
        expect(Object.keys(outputs).sort()).toEqual([...lib.CONTRACT_KEYS.organization].sort());
        expect(outputs.accountIds).toEqual({
            management: "111111111111",
            "log-archive": "222222222222",
            "security-tooling": "333333333333",
            payments: "444444444444",
            ledger: "555555555555",
        });
        for (const [key, check] of Object.entries(lib.CONTRACT_SHAPES.organization)) {
            expect({ key, problem: check(outputs[key], { region: "us-east-1" } as never) }).toEqual({ key, problem: undefined });
        }
    });

    test("the import file of docs/organization-guardrails.md names the program's own resources and parents", () => {
        const doc = fs.readFileSync(path.resolve(__dirname, "../../../docs/organization-guardrails.md"), "utf8");
        const json = /```json\n(\{\n {2}"resources"[\s\S]*?)\n```/.exec(doc)![1]!;
        const entries = (JSON.parse(json) as { resources: { type: string; name: string; parent?: string }[] }).resources;
        const nameOf = Object.fromEntries(resources.map((r) => [r.urn, r.name]));
        for (const e of entries) {
            const found = resources.find((r) => r.type === e.type && r.name === e.name);
            expect({ entry: e.name, found: found !== undefined }).toEqual({ entry: e.name, found: true });
            if (e.parent) expect({ entry: e.name, parent: nameOf[found!.parent!] }).toEqual({ entry: e.name, parent: e.parent });
        }
        // Every organization, OU and account of the sample topology is in the file.
        expect(entries.filter((e) => !("component" in e)).length).toBe(1 + 2 + 4);
    });

    test("tags every taggable resource with the baseline tags", () => {
        const taggable = resources.filter((x) => x.custom && lib.isTaggable(x.type));
        // The accounts, the OUs and the policies.
        expect(taggable.length).toBe(4 + 2 + 4);
        for (const r of taggable) {
            expect({ urn: r.urn, tags: r.inputs.tags }).toMatchObject({
                urn: r.urn,
                tags: { Environment: "Production", Layer: "organization", Project: "aws-secure-baseline" },
            });
        }
    });
});

describe("organization program refusals", () => {
    test("refuses credentials of any account but the management account, before any resource", async () => {
        await expect(run({ accountId: "444444444444" })).rejects.toThrow(
            /credentials reach account 444444444444, but .* declares the management account management as 111111111111/,
        );
    });

    test("refuses a stack that is not the management account's", async () => {
        await expect(run({ stack: "payments" })).rejects.toThrow(/the management account's stack, management/);
    });

    test("an account whose id in AWS differs from the topology is named with the fix", () => {
        const payments = lib.ACCOUNTS.find((a) => a.name === "payments")!;
        expect(accountsModule.accountIdMismatch(payments, "444444444444")).toBeUndefined();
        expect(accountsModule.accountIdMismatch(payments, undefined)).toBeUndefined();
        expect(accountsModule.accountIdMismatch(payments, "999999999999")).toBe(
            "account payments (aws+payments@example.com) is 999999999999 in AWS Organizations, but topology.yaml declares 444444444444: write 999999999999 into its id, then deploy again",
        );
    });

    test("the config reads the facts of topology.yaml", async () => {
        let cfg: Config.OrganizationConfig | undefined;
        await testing.runStack({
            project: "baseline-organization",
            stack: "management",
            accountId: MANAGEMENT,
            config: { "aws:region": "us-east-1" },
            program: () => {
                cfg = configModule.readConfig();
            },
        });
        expect(cfg!.guardrails).toEqual(guardrailFacts());
        expect([cfg!.management.id, cfg!.logArchive.name, cfg!.securityTooling.name, cfg!.workloads.map((w) => w.name)]).toEqual([
            MANAGEMENT,
            "log-archive",
            "security-tooling",
            ["payments", "ledger"],
        ]);
    });

    test("refuses a region other than the home region", async () => {
        await expect(run({ config: { "aws:region": "us-west-2" } })).rejects.toThrow(/aws:region = "us-west-2"/);
    });
});

function guardrailFacts() {
    return {
        regions: ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"],
        homeRegion: "us-east-1",
        deployRoleName: "baseline-deploy",
        namePrefix: "baseline",
        baselineTag: { key: "Project", value: "aws-secure-baseline" },
    };
}
