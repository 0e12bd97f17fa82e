/**
 * `npm run gen:pack-config [-- --check]`: writes policy-pack/config/baseline.json, the baseline
 * conformance configuration that policy-pack/src/profiles.ts derives from the pack's roster and the
 * topology (policy-pack/test/profiles.test.ts fails when it is stale), laid out as Prettier lays it
 * out. The script formats the text with Prettier's API itself, so no argument of the command line can
 * reach Prettier (chained as `... && prettier --write FILE` in package.json, Prettier was handed
 * whatever npm appended, `--help` included, and left the file unformatted).
 *
 * `npm run stacks` runs it in a process of its own after it rewrote the pack's copy of the regions.
 */
import * as path from "path";
import { POLICIES } from "@baseline/policy-pack/src/pack";
import { BASELINE_CONFIG_FILE, baselinePolicyPackConfig } from "@baseline/policy-pack/src/profiles";
import { CommandResult, checkOrWrite, generatorArgs, generatorUsage, printResult } from "./cli";

export const USAGE = generatorUsage(
    "gen:pack-config",
    "Rewrites policy-pack/config/baseline.json, the baseline conformance configuration of the policy pack\n" +
        "(policy-pack/src/profiles.ts derives it from the pack's policies and the topology), formatted by Prettier.",
);

/** The file's text as it should be: the configuration, laid out as Prettier lays out the repository's file. */
export async function expectedPackConfig(): Promise<string> {
    const text = JSON.stringify(baselinePolicyPackConfig(POLICIES), null, 2) + "\n";
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- prettier 3's CommonJS entry (as gen:org-ci loads it), loaded only here
    const prettier = require("prettier") as typeof import("prettier");
    const options = (await prettier.resolveConfig(BASELINE_CONFIG_FILE)) ?? {};
    return prettier.format(text, { ...options, filepath: BASELINE_CONFIG_FILE });
}

export async function main(argv: readonly string[], file: string = BASELINE_CONFIG_FILE): Promise<CommandResult> {
    const args = generatorArgs(argv, "gen:pack-config", USAGE);
    if ("code" in args) return args;
    const rel = path.relative(process.cwd(), file);
    return checkOrWrite(file, await expectedPackConfig(), args.check, {
        stale: (state) => `${rel} is ${state}: run npm run gen:pack-config`,
        current: `${rel}: up to date`,
        written: `${rel}:`,
    });
}

if (require.main === module) void main(process.argv.slice(2)).then(printResult);
