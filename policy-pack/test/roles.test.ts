/** The URN and glob helpers every policy's wrapper calls for each resource (src/roles.ts). */
import { firstUrnParts, globMatches, urnParts } from "../src/roles";

describe("urnParts", () => {
    const urn = "urn:pulumi:production-us-east-1::baseline-data::baseline:data:Database$aws:rds/instance:Instance::pg::main";

    it("splits a URN into stack, project, the resource's own type and the name (which may hold `::`)", () => {
        expect(urnParts(urn)).toEqual({
            stack: "production-us-east-1",
            project: "baseline-data",
            type: "aws:rds/instance:Instance",
            name: "pg::main",
        });
    });

    it("gives the same parts when asked again, and they cannot be changed by a caller", () => {
        const first = urnParts(urn)!;
        expect(urnParts(urn)).toEqual(first);
        expect(() => ((first as { project: string }).project = "other")).toThrow(TypeError);
        expect(urnParts(urn)!.project).toBe("baseline-data");
    });

    it("is undefined for what is not a resource URN, every time", () => {
        for (const s of ["baseline-data/production", "urn:pulumi:production::baseline-data", "urn:other:a::b::c::d"]) {
            expect(urnParts(s)).toBeUndefined();
            expect(urnParts(s)).toBeUndefined();
        }
    });
});

describe("firstUrnParts", () => {
    it("is the parts of the first resource that has a URN, whatever follows", () => {
        const resources = [
            { urn: "" },
            { urn: "urn:pulumi:a::project-a::aws:s3/bucketV2:BucketV2::x" },
            { urn: "urn:pulumi:b::project-b::aws:s3/bucketV2:BucketV2::y" },
            { urn: "not a urn" },
        ];
        expect(firstUrnParts(resources)).toMatchObject({ stack: "a", project: "project-a" });
        expect(firstUrnParts(resources.slice(2))).toMatchObject({ stack: "b", project: "project-b" });
        expect(firstUrnParts([{ urn: "" }])).toBeUndefined();
        expect(firstUrnParts([])).toBeUndefined();
    });
});

describe("globMatches", () => {
    it("matches `*` to any run, `?` to one character and the rest literally, for each pattern on its own", () => {
        const cases: [string, string, boolean][] = [
            ["baseline-*", "baseline-data", true],
            ["baseline-*", "other-data", false],
            ["baseline-?ata", "baseline-data", true],
            ["baseline-?ata", "baseline-dta", false],
            ["a.b", "a.b", true],
            ["a.b", "axb", false],
            ["(x)+", "(x)+", true],
            ["*", "", true],
        ];
        // Twice over, interleaved: a pattern's compiled expression must never answer for another pattern.
        for (let round = 0; round < 2; round++)
            for (const [pattern, value, expected] of cases)
                expect([pattern, value, globMatches(pattern, value)]).toEqual([pattern, value, expected]);
    });
});
