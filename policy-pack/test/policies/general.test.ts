import { allowedRegions } from "../../src/policies/general/allowedRegions";
import { compliantResources, evaluate, found, patched } from "../fixtures";

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
