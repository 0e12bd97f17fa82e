/**
 * The timing lines an engine-level run ends with: how long the offline plan of
 * every stack took, how long the engine's preview of each stack took, and the
 * ratio of the two, so the cost of running the programs under the engine can be
 * compared with the mock runtime's from one run on one machine.
 */

export interface StackTiming {
    /** `layer/stack`. */
    readonly stack: string;
    readonly seconds: number;
}

export interface TimingInput {
    /** Wall time of `npm run plan` over every stack. */
    readonly planSeconds: number;
    /** Wall time of the engine's preview of every stack (previews run `parallel` at a time). */
    readonly previewWallSeconds: number;
    readonly parallel: number;
    readonly previews: readonly StackTiming[];
}

export function timingReport(t: TimingInput): string[] {
    if (!(t.planSeconds > 0)) throw new Error(`timing: the offline plan's time must be above 0 s, got ${t.planSeconds}`);
    const summed = t.previews.reduce((n, p) => n + p.seconds, 0);
    const width = Math.max(5, ...t.previews.map((p) => p.stack.length));
    const sorted = [...t.previews].sort((a, b) => a.seconds - b.seconds);
    const median = sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)].seconds;
    return [
        `timing: offline plan of every stack ${t.planSeconds.toFixed(1)} s; engine preview of every stack ` +
            `${t.previewWallSeconds.toFixed(1)} s wall (${t.parallel} at a time), ${summed.toFixed(1)} s summed over ` +
            `${t.previews.length} stacks, median ${median.toFixed(1)} s`,
        `timing: engine preview / offline plan = ${(t.previewWallSeconds / t.planSeconds).toFixed(1)} (wall), ` +
            `${(summed / t.planSeconds).toFixed(1)} (summed)`,
        ...t.previews.map((p) => `timing:   ${p.stack.padEnd(width)} ${p.seconds.toFixed(1).padStart(6)} s`),
    ];
}
