/**
 * The engine-level run's cross-check of the deploy's change counts against the summary the CLI
 * prints for each stack, on output as the deploy passes it on (each line prefixed with its stack).
 */
import { asPrinted, countMismatches, printedCounts } from "../src/e2e/changeCounts";
import { ResultsJson } from "../src/deploy/summary";

/** A stack's output as the CLI ends it (renderSummaryEvent), under the deploy's prefix. */
function stackOutput(id: string, summary: string[]): string {
    return [
        "Updating (production):",
        "     Type                 Name                     Status",
        " +   pulumi:pulumi:Stack  baseline-global-iam-production  created (3s)",
        "",
        "Resources:",
        ...summary,
        "",
        "Duration: 3s",
        "",
    ]
        .map((l) => `[${id}] ${l}`)
        .join("\n");
}

function results(stacks: { id: string; changes?: Record<string, number> }[]): ResultsJson {
    return {
        op: "up",
        verdict: "",
        exitCode: 0,
        stacks: stacks.map((s) => ({ ...s, layer: "x", stack: "s", region: "us-east-1", status: "succeeded", durationMs: 1 })),
    } as unknown as ResultsJson;
}

describe("printedCounts", () => {
    it("reads the change lines and the unchanged count, with or without a total", () => {
        expect(printedCounts(stackOutput("a/s", ["    + 18 created"]), "a/s")).toEqual({ created: 18 });
        expect(printedCounts(stackOutput("a/s", ["    15 unchanged"]), "a/s")).toEqual({ unchanged: 15 });
        expect(
            printedCounts(
                stackOutput("a/s", ["    + 2 created", "    ~ 1 updated", "    +-1 replaced", "    4 changes. 15 unchanged"]),
                "a/s",
            ),
        ).toEqual({ created: 2, updated: 1, replaced: 1, unchanged: 15 });
        expect(printedCounts(stackOutput("a/s", ["    - 3 deleted"]), "a/s")).toEqual({ deleted: 3 });
    });

    it("reads only the stack's own lines, and its last summary", () => {
        const out = [
            stackOutput("a/s", ["    + 18 created"]),
            stackOutput("b/s", ["    + 1 created"]),
            stackOutput("a/s", ["    18 unchanged"]),
        ].join("\n");
        expect(printedCounts(out, "a/s")).toEqual({ unchanged: 18 });
        expect(printedCounts(out, "b/s")).toEqual({ created: 1 });
        expect(printedCounts(out, "c/s")).toBeUndefined();
    });
});

describe("countMismatches", () => {
    it("accepts counts equal to the printed ones, reads left out, and names each stack that differs", () => {
        const out = [
            stackOutput("a/s", ["    + 18 created"]),
            stackOutput("b/s", ["    + 2 created", "    2 changes. 5 unchanged"]),
        ].join("\n");
        expect(
            countMismatches(
                out,
                results([
                    { id: "a/s", changes: { create: 18, read: 2 } },
                    { id: "b/s", changes: { create: 2, same: 5 } },
                ]),
            ),
        ).toEqual([]);
        expect(
            countMismatches(
                out,
                results([{ id: "a/s", changes: { create: 17 } }, { id: "b/s", changes: { create: 2 } }, { id: "c/s" }]),
            ),
        ).toEqual([
            'a/s: the deploy counted {"created":17}, the CLI printed {"created":18}',
            'b/s: the deploy counted {"created":2}, the CLI printed {"created":2,"unchanged":5}',
            'c/s: the CLI printed no "Resources:" summary',
        ]);
    });

    it("refuses an operation it does not know instead of dropping it", () => {
        expect(() => asPrinted({ create: 1, teleport: 2 })).toThrow('unknown operation "teleport"');
        expect(asPrinted({ "delete-replaced": 1, delete: 2, same: 0 })).toEqual({ deleted: 3 });
    });
});
