/** Pulumi.yaml against the config reader, and the reader's refusals, in the sample organization. */
import "@baseline/lib/src/testing/sampleOrganization";
import * as path from "path";
import { checkProjectConfig } from "@baseline/lib/src/testing/projectConfig";
import { readConfig } from "../src/config";

it("reads exactly the keys Pulumi.yaml declares, whose defaults are the code's", () => {
    const check = checkProjectConfig(path.resolve(__dirname, ".."), readConfig, "baseline-log-archive/log-archive", "us-east-1");
    expect(check.read).toEqual(check.declared);
    expect(check.fromDefaults).toEqual(check.fromCode);
});

it("lives in the home region only", () => {
    expect(() =>
        readConfig({ get: (k) => (k === "aws:region" ? "us-west-2" : undefined) }, "baseline-log-archive/log-archive"),
    ).toThrow(/aws:region = "us-west-2": us-east-1/);
});
