/** The two configurations of the pack: valid against every policy's schema, and the baseline's not stale. */
import * as fs from "fs";
import { evaluatePlans, resolvePolicies } from "../src/offline";
import { POLICIES } from "../src/pack";
import { BASELINE_CONFIG_FILE, baselinePolicyPackConfig, ORGANIZATION_CONFIG_FILE, readPolicyPackConfig } from "../src/profiles";
import { compliantResources, planOf } from "./fixtures";

it.each([
    ["config/baseline.json", BASELINE_CONFIG_FILE],
    ["config/organization.json", ORGANIZATION_CONFIG_FILE],
])("%s is valid against the policies' config schemas, levels included", (_name, file) => {
    expect(() => resolvePolicies(POLICIES, {}, readPolicyPackConfig(file))).not.toThrow();
});

it("config/baseline.json is what src/profiles.ts derives from the roster (npm run gen:pack-config)", () => {
    expect(JSON.parse(fs.readFileSync(BASELINE_CONFIG_FILE, "utf8"))).toEqual(baselinePolicyPackConfig(POLICIES));
});

it("without configuration the pack is the organization guardrail: opinions advisory, conformance off", () => {
    const levels = evaluatePlans([planOf([])], undefined).levels;
    for (const p of POLICIES) {
        const expected = p.role === "guardrail" ? p.conformanceLevel : p.role === "opinion" ? "advisory" : "disabled";
        expect([p.name, levels[p.name]]).toEqual([p.name, expected]);
    }
});

it("the baseline configuration raises every opinion and conformance policy to the level the baseline holds itself to", () => {
    const levels = evaluatePlans([planOf(compliantResources())], undefined, {
        policyPackConfig: readPolicyPackConfig(BASELINE_CONFIG_FILE),
    }).levels;
    for (const p of POLICIES) expect([p.name, levels[p.name]]).toEqual([p.name, p.conformanceLevel]);
});

it("conformance policies judge only the projects conformanceProjects selects", () => {
    const detection = POLICIES.find((p) => p.name === "detection-layer-complete")!;
    const config = readPolicyPackConfig(BASELINE_CONFIG_FILE);
    // A stack of the detection project with nothing in it: the layer is incomplete.
    const empty = [{ type: "aws:sns/topic:Topic", name: "t", inputs: { tags: { Environment: "Production" } } }];
    const judged = evaluatePlans([planOf(empty, { project: "baseline-security" })], undefined, {
        policies: [detection],
        policyPackConfig: { [detection.name]: config[detection.name] },
    });
    expect(judged.passed).toBe(false);
    const notSelected = evaluatePlans([planOf(empty, { project: "baseline-security" })], undefined, {
        policies: [detection],
        policyPackConfig: {
            [detection.name]: { ...(config[detection.name] as object), conformanceProjects: ["platform-*"] },
        },
    });
    expect(notSelected.violations).toEqual([]);
});

it("in organization mode the baseline configuration counts the organization's accounts as its own and leaves delegated detection out", () => {
    const organization = { accountIds: ["111111111111", "222222222222"], deployRoleName: "platform-deploy" };
    const config = baselinePolicyPackConfig(POLICIES, organization) as Record<string, Record<string, unknown>>;
    expect(() => resolvePolicies(POLICIES, {}, config)).not.toThrow();
    expect(config["aws-no-foreign-principals"]?.["accountIds"]).toEqual(organization.accountIds);
    expect(config["org-scp-deploy-role-exempt"]?.["deployRoleName"]).toBe("platform-deploy");
    for (const name of ["detection-layer-complete", "guardduty-detector-enabled", "securityhub-standards-subscribed"])
        expect([name, config[name]?.["delegatedDetection"]]).toEqual([name, ["cloudtrail", "guardduty", "securityhub"]]);
    const exempted = (config["pack-exemptions"]?.["exemptions"] as { resource: string }[]).map((e) => e.resource);
    expect(exempted).toContain("baseline-log-archive/*/organization-trail-access-logs");
    // The single account's configuration (config/baseline.json) has none of it.
    const single = baselinePolicyPackConfig(POLICIES, undefined) as Record<string, Record<string, unknown>>;
    expect(single["detection-layer-complete"]?.["delegatedDetection"]).toBeUndefined();
    expect(single["aws-no-foreign-principals"]?.["accountIds"]).toBeUndefined();
});
