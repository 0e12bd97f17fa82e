/**
 * How a run of `npm run plan` ended, as its summary.json records it: the one wording of why a run
 * failed, for the run's last line and for `npm run analyze`, which refuses a folder whose run failed.
 * Loads nothing, so analyze reads a summary without the planner.
 */

/** What the run came to, for summary.json, summary.md and the last line of output. */
export interface PlanVerdict {
    readonly status: "passed" | "failed";
    readonly failed: readonly string[];
    readonly skipped: readonly string[];
    readonly mandatory: number;
}

/** Why a run failed, one phrase per cause (empty when it passed). */
export function failureReasons(v: PlanVerdict): string[] {
    if (v.status === "passed") return [];
    return [
        ...(v.failed.length ? [`${v.failed.length} stack(s) failed (${v.failed.join(", ")})`] : []),
        ...(v.skipped.length ? [`${v.skipped.length} skipped (${v.skipped.join(", ")})`] : []),
        ...(v.mandatory > 0 ? [`${v.mandatory} mandatory policy violation(s)`] : []),
        // Failed with every stack planned and no mandatory violation: the pack did not pass (the verdict's rule).
        ...(v.failed.length === 0 && v.skipped.length === 0 && v.mandatory === 0 ? ["the policy pack failed"] : []),
    ];
}
