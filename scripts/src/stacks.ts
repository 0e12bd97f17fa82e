/**
 * `npm run stacks [-- --check] [-- --prune]`: brings stack files and generated files in step with
 * topology.yaml (scripts/src/topologySync.ts says what it does).
 *
 * The topology is read when @baseline/lib loads, so the work is required inside the try: a bad
 * topology.yaml ends here as its one error listing every problem, not as a stack trace.
 */
export {};

let result: { code: number; lines: string[] };
try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late so a bad topology is reported, not thrown
    const { main } = require("./topologySync") as typeof import("./topologySync");
    result = main(process.argv.slice(2));
} catch (e) {
    result = { code: 1, lines: [(e as Error).message] };
}
for (const l of result.lines) (result.code === 0 ? console.log : console.error)(l);
process.exit(result.code);
