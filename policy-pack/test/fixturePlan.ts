/**
 * A fixture program (policy-pack/fixtures/<name>/) as a plan file: the program runs under the
 * mock runtime with its stack's config, and every resource it registers becomes a step, as
 * `pulumi preview` would record it.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { runStack } from "@baseline/lib/src/testing";
import type { PlanFile } from "../src/planFormat";
import { FIXTURE_STACK } from "../fixtures/verdicts";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/** The stack's config as the engine hands it to programs and providers: strings, objects JSON-encoded. */
function stackConfig(name: string): Record<string, string> {
    const file = path.join(FIXTURES, name, `Pulumi.${FIXTURE_STACK}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    return Object.fromEntries(
        Object.entries(doc.config ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

export async function fixturePlan(name: string): Promise<PlanFile> {
    const config = stackConfig(name);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require(path.join(FIXTURES, name, "index.ts")) as () => Promise<Record<string, unknown>>;
    const run = await runStack({ project: name, stack: FIXTURE_STACK, config, program });
    return {
        project: name,
        stack: FIXTURE_STACK,
        layer: name,
        region: config["aws:region"],
        config,
        outputs: run.outputs,
        steps: run.resources.map((r) => ({
            op: r.read ? "read" : "create",
            urn: r.urn,
            ...(r.provider ? { provider: r.provider } : {}),
            newState: {
                urn: r.urn,
                type: r.type,
                custom: r.custom,
                ...(r.id ? { id: r.id } : {}),
                ...(r.parent ? { parent: r.parent } : {}),
                ...(r.provider ? { provider: r.provider } : {}),
                dependencies: [...r.dependencies],
                inputs: r.inputs,
                outputs: r.outputs,
            },
        })),
    };
}
