/**
 * `npm run gen:org-ci [-- --check] [-- --out FILE]`: the organization's deploy workflow from the
 * topology (scripts/src/orgCi.ts says what it generates).
 *
 * The topology is read when @baseline/lib loads, so the generator is required inside the try: a bad
 * topology.yaml ends here as its one error listing every problem, not as a stack trace.
 */
export {};

async function run(): Promise<{ code: number; lines: string[] }> {
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded late so a bad topology is reported, not thrown
        const { main } = require("./orgCi") as typeof import("./orgCi");
        return await main(process.argv.slice(2));
    } catch (e) {
        return { code: 1, lines: [`gen:org-ci: ${(e as Error).message}`] };
    }
}

void run().then((result) => {
    for (const l of result.lines) (result.code === 0 ? console.log : console.error)(l);
    process.exit(result.code);
});
