/**
 * The deploy's change counts against what the CLI printed for the same stacks. The deploy takes its
 * counts from the engine's summary event (deploy/automation.ts); the CLI prints the same summary as
 * text at the end of each stack's output ("Resources:", then "+ 18 created", "2 unchanged", ...),
 * which the deploy passes on with the stack's prefix. Under the real engine both must agree.
 */
import { ResultsJson } from "../deploy/summary";

/**
 * How the CLI's summary names each operation (renderSummaryEvent in pkg/backend/display/diff.go,
 * deploy.PastTense); reads it leaves out, sames it prints as "N unchanged".
 */
const PRINTED_AS: Record<string, string | undefined> = {
    same: "unchanged",
    create: "created",
    update: "updated",
    replace: "replaced",
    "create-replacement": "create-replacementd",
    delete: "deleted",
    "delete-replaced": "deleted",
    refresh: "refreshed",
    import: "imported",
    "import-replacement": "imported",
    discard: "discarded",
    "discard-replaced": "discarded",
    read: undefined,
    "read-discard": undefined,
    "read-replacement": undefined,
};

/**
 * The counts a stack's output ends with, by the CLI's word for each operation: the lines after its
 * last "Resources:" ("    + 18 created", "    ~ 1 updated", then "    2 changes. 15 unchanged" or
 * "    15 unchanged"); undefined when it printed no "Resources:".
 */
export function printedCounts(out: string, id: string): Record<string, number> | undefined {
    const prefix = `[${id}] `;
    const lines = out
        .split("\n")
        .filter((l) => l.startsWith(prefix))
        .map((l) => l.slice(prefix.length));
    const start = lines.lastIndexOf("Resources:");
    if (start < 0) return undefined;
    const counts: Record<string, number> = {};
    for (const line of lines.slice(start + 1)) {
        const change = /^ {4}(?:\+-|[-+~]) ?(\d+) ([a-z-]+)$/.exec(line);
        if (change) {
            counts[change[2]] = (counts[change[2]] ?? 0) + Number(change[1]);
            continue;
        }
        const same = /^ {4}(?:\d+ changes?\. )?(\d+) unchanged$/.exec(line);
        if (same) counts.unchanged = Number(same[1]);
        if (same || /^ {4}\d+ changes?$/.test(line)) continue;
        break;
    }
    return counts;
}

/** The deploy's counts (the engine's operations) as the CLI's summary prints them. */
export function asPrinted(changes: Readonly<Record<string, number | undefined>>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [op, n] of Object.entries(changes)) {
        if (typeof n !== "number" || n <= 0) continue;
        if (!(op in PRINTED_AS)) throw new Error(`unknown operation "${op}" in the deploy's counts`);
        const word = PRINTED_AS[op];
        if (word !== undefined) out[word] = (out[word] ?? 0) + n;
    }
    return out;
}

/** One line for each stack whose counts in the deploy's results differ from the CLI's printed ones. */
export function countMismatches(out: string, results: ResultsJson): string[] {
    return results.stacks.flatMap((s) => {
        const printed = printedCounts(out, s.id);
        if (printed === undefined) return [`${s.id}: the CLI printed no "Resources:" summary`];
        const counted = asPrinted(s.changes ?? {});
        const same =
            Object.keys(printed).length === Object.keys(counted).length &&
            Object.entries(printed).every(([word, n]) => counted[word] === n);
        return same ? [] : [`${s.id}: the deploy counted ${JSON.stringify(counted)}, the CLI printed ${JSON.stringify(printed)}`];
    });
}
