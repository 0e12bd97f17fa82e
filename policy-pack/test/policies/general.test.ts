import { allowedRegions } from "../../src/policies/general/allowedRegions";
import { detectionLayerComplete } from "../../src/policies/general/detectionLayerComplete";
import { evaluatePlans } from "../../src/offline";
import { POLICIES } from "../../src/pack";
import { compliantResources, evaluate, found, patched, planOf, Res, without } from "../fixtures";

describe("aws-allowed-regions", () => {
    it("passes resources of the stack's region", () => {
        expect(found(evaluate(allowedRegions, compliantResources()))).toEqual([]);
    });
    it("reports a resource whose own region argument is outside the allowed regions", () => {
        expect(found(evaluate(allowedRegions, patched("alarms", { region: "ap-south-1" })))).toEqual([
            ["alarms", "Region 'ap-south-1' is not allowed; allowed regions: us-east-1, us-west-2, eu-central-1, eu-west-1."],
        ]);
    });
    it("reports the provider and every resource using it when config allows only another region", () => {
        const report = evaluate(allowedRegions, compliantResources(), { allowedRegions: ["eu-central-1"] });
        expect(report.violations.length).toBe(compliantResources().length);
        expect(found(report)[0]).toEqual(["default_7_48_0", "Region 'us-east-1' is not allowed; allowed regions: eu-central-1."]);
    });
});

describe("detection-layer-complete", () => {
    const security = (resources: Res[], stack = "production-us-east-1", region = "us-east-1") =>
        evaluatePlans([planOf(resources, { project: "baseline-security", stack, region })], undefined, {
            policies: [detectionLayerComplete],
        });
    it("passes the detection layer with everything in place, and is quiet for other projects", () => {
        expect(found(security(compliantResources()))).toEqual([]);
        expect(found(evaluate(detectionLayerComplete, without("trail", without("recorder"))))).toEqual([]);
    });
    it("reports a detection resource deleted from the layer, and the trail only in the home region", () => {
        const gone = without("analyzer", without("trail"));
        expect(found(security(gone))).toEqual([
            [
                "(stack)",
                "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:accessanalyzer/analyzer:Analyzer: the detection layer must keep it.",
            ],
            [
                "(stack)",
                "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:cloudtrail/trail:Trail: the detection layer must keep it.",
            ],
        ]);
        const west = gone.map((r) => (r.type === "pulumi:providers:aws" ? { ...r, inputs: { region: "us-west-2" } } : r));
        expect(found(security(west, "production-us-west-2", "us-west-2"))).toEqual([
            [
                "(stack)",
                "Stack baseline-security/production-us-west-2 (us-west-2) has no aws:accessanalyzer/analyzer:Analyzer: the detection layer must keep it.",
            ],
        ]);
    });
    it("reports a recorder whose status is off and an unused-access analyzer as not detecting", () => {
        const off = patched("analyzer", { type: "ACCOUNT_UNUSED_ACCESS" }, patched("recorder-status", { isEnabled: false }));
        expect(found(security(off)).map(([, m]) => m)).toEqual([
            "Stack baseline-security/production-us-east-1 has aws:cfg/recorderStatus:RecorderStatus but none that is enabled (or of a detecting kind).",
            "Stack baseline-security/production-us-east-1 has aws:accessanalyzer/analyzer:Analyzer but none that is enabled (or of a detecting kind).",
        ]);
    });
    it("requires the Security Hub and GuardDuty resources once config lists them", () => {
        const cfg = {
            requiredDetectionTypes: ["aws:securityhub/account:Account", "aws:guardduty/detector:Detector"],
        };
        const report = evaluatePlans([planOf(without("guardduty"), { project: "baseline-security" })], cfg, {
            policies: [detectionLayerComplete],
        });
        expect(found(report)).toEqual([
            [
                "(stack)",
                "Stack baseline-security/production-us-east-1 (us-east-1) has no aws:guardduty/detector:Detector: the detection layer must keep it.",
            ],
        ]);
    });
});

describe("pack-unjudged-resource-types (advisory)", () => {
    const policy = POLICIES.find((p) => p.name === "pack-unjudged-resource-types")!;
    it("reports each type no policy judges once per stack, with its count, never failing", () => {
        const added: Res[] = [
            {
                type: "aws:ec2/keyPair:KeyPair",
                name: "key-1",
                inputs: { publicKey: "ssh-ed25519 A", tags: { Environment: "Production" } },
            },
            {
                type: "aws:ec2/keyPair:KeyPair",
                name: "key-2",
                inputs: { publicKey: "ssh-ed25519 B", tags: { Environment: "Production" } },
            },
        ];
        const report = evaluate(policy, [...compliantResources(), ...added]);
        expect(found(report)).toEqual([
            [
                "key-1",
                "No policy of the pack judges aws:ec2/keyPair:KeyPair (2 in this stack, e.g. 'key-1'): review it by hand or add a policy.",
            ],
        ]);
        expect(report.violations.every((v) => v.enforcementLevel === "advisory")).toBe(true);
        expect(report.passed).toBe(true);
        // The engine hands resources over in step order, which varies: the notice does not.
        expect(found(evaluate(policy, [...compliantResources(), ...added].reverse()))).toEqual(found(report));
    });
});
