/**
 * Loads modules with the sample organization's topology: the topology is read once per process,
 * when @baseline/lib loads, so each load happens in an isolated module registry with
 * BASELINE_TOPOLOGY pointing at the sample (as lib/test/organizationMode.test.ts does).
 */
import * as path from "path";

export const REPO = path.resolve(__dirname, "../../..");
export const SAMPLE_ORG = path.join(REPO, "examples/organization/topology.yaml");

/** Requires `modules` (paths relative to scripts/test) together, in one registry, under `topologyFile`. */
export function loadWithTopology<T extends unknown[]>(topologyFile: string, ...modules: string[]): T {
    const before = process.env.BASELINE_TOPOLOGY;
    process.env.BASELINE_TOPOLOGY = topologyFile;
    try {
        const loaded: unknown[] = [];
        jest.isolateModules(() => {
            for (const m of modules) loaded.push(jest.requireActual(path.resolve(__dirname, "..", m)));
        });
        return loaded as T;
    } finally {
        if (before === undefined) delete process.env.BASELINE_TOPOLOGY;
        else process.env.BASELINE_TOPOLOGY = before;
    }
}
