/** The instance class must be offered in every zone of the database subnets: checked before any resource exists. */
import { ConfigValidationError, stackName } from "@baseline/lib";
import {
    DEFAULT_ACCOUNT_ID,
    ENDPOINT_SERVICE_GAPS,
    StackRunError,
    availabilityZonesOf,
    contractFixture,
    runStack,
    upstreamOutputsFor,
    zoneIdsOf,
} from "@baseline/lib/src/testing";
import program from "../index";

/** us-east-1's zone (in this account's names) where the mock offers no 7th-generation class. */
const constrained =
    availabilityZonesOf("us-east-1")[zoneIdsOf("us-east-1", DEFAULT_ACCOUNT_ID).indexOf(ENDPOINT_SERVICE_GAPS[0])];

const run = (zones: string[], instanceClass?: string) => {
    const network = contractFixture("network", "us-east-1");
    return runStack({
        project: "baseline-data",
        stack: stackName("data", "us-east-1"),
        config: { "aws:region": "us-east-1", ...(instanceClass ? { "baseline-data:dbInstanceClass": instanceClass } : {}) },
        stackOutputs: upstreamOutputsFor("data", "us-east-1", {
            network: { availabilityZones: zones, isolatedSubnetIds: network.isolatedSubnetIds.slice(0, zones.length) },
        }),
        program,
    });
};

describe("database instance class and zones", () => {
    it("plans when the class is offered in every subnet zone", async () => {
        const zones = availabilityZonesOf("us-east-1")
            .filter((z) => z !== constrained)
            .slice(0, 3);
        await expect(run(zones)).resolves.toBeDefined();
    });

    it("fails before any resource, naming dbInstanceClass and the zone that lacks it", async () => {
        const zones = [
            constrained,
            ...availabilityZonesOf("us-east-1")
                .filter((z) => z !== constrained)
                .slice(0, 2),
        ];
        const err = (await run(zones).catch((e: unknown) => e)) as StackRunError;
        expect(err).toBeInstanceOf(StackRunError);
        expect(err.cause).toBeInstanceOf(ConfigValidationError);
        expect(err.message).toContain("baseline-data:dbInstanceClass");
        expect(err.message).toContain(`db.m7g.large is not offered in ${constrained} of us-east-1`);
        expect(err.resources.filter((r) => r.custom && !r.read)).toEqual([]);
        // A class that is offered there plans in the same zones.
        await expect(run(zones, "db.m6g.large")).resolves.toBeDefined();
    });
});
