/** Pulumi.yaml against the config reader, and the reader's refusals, in the sample organization. */
import "@baseline/lib/src/testing/sampleOrganization";
import * as path from "path";
import { checkProjectConfig } from "@baseline/lib/src/testing/projectConfig";
import { readConfig } from "../src/config";

it.each(["us-east-1", "eu-west-1"])(
    "reads exactly the keys Pulumi.yaml declares in %s, whose defaults are the code's",
    (region) => {
        const check = checkProjectConfig(
            path.resolve(__dirname, ".."),
            readConfig,
            `baseline-security-tooling/security-tooling-${region}`,
            region,
        );
        expect(check.read).toEqual(check.declared);
        expect(check.fromDefaults).toEqual(check.fromCode);
    },
);

it("refuses a finding frequency GuardDuty does not have, and a region the baseline does not deploy to", () => {
    const values: Record<string, string> = {
        "aws:region": "ap-south-1",
        "baseline-security-tooling:guardDutyFindingFrequency": "HOURLY",
    };
    expect(() => readConfig({ get: (k) => values[k] }, "baseline-security-tooling/security-tooling-us-east-1")).toThrow(
        /aws:region = "ap-south-1": one of us-east-1, us-west-2, eu-central-1, eu-west-1[\s\S]*guardDutyFindingFrequency = "HOURLY": one of FIFTEEN_MINUTES, ONE_HOUR, SIX_HOURS/,
    );
});
