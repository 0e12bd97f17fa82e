/**
 * Every layer's Pulumi project files against its config reader: each stack
 * file's config is valid, Pulumi.yaml describes exactly the keys the reader
 * reads (no undocumented key, no stale description), and the defaults written
 * in Pulumi.yaml are the code's defaults.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ConfigSource, LAYER_NAMES, LAYERS, instancesOf } from "@baseline/lib";
import { STACKS_DIR, loadStackConfig } from "../src/planner";

type ReadConfig = (source: ConfigSource, stack?: string) => unknown;

describe.each(LAYER_NAMES.map((l) => [l]))("%s", (layer) => {
    const dir = path.join(STACKS_DIR, layer);
    const project = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
        name: string;
        runtime: { name: string } | string;
        config?: Record<string, { type?: string; description?: string; default?: unknown }>;
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- stack sources are outside this project's rootDir
    const { readConfig } = require(path.join(dir, "src", "config.ts")) as { readConfig: ReadConfig };

    test("is a nodejs Pulumi project named after the layer graph, every key typed and described", () => {
        expect(project.name).toBe(LAYERS[layer].project);
        expect(typeof project.runtime === "string" ? project.runtime : project.runtime.name).toBe("nodejs");
        for (const [key, spec] of Object.entries(project.config ?? {})) {
            expect([key, typeof spec.description === "string" && spec.description.length > 10]).toEqual([key, true]);
            expect([key, spec.type]).toEqual([key, expect.stringMatching(/^(string|integer|boolean|array)$/)]);
        }
    });

    test("every key has a default, so the CLI accepts a stack file that does not set it", () => {
        // sdk/go/common/workspace/config.go mergeConfig: a project key without a value or
        // default that the stack file does not set is "Stack 'X' is missing configuration value".
        const withoutDefault = Object.entries(project.config ?? {})
            .filter(([, spec]) => spec.default === undefined)
            .map(([k]) => k);
        expect(withoutDefault).toEqual([]);
    });

    test("loads transpile-only (swc) under the engine, and tsc -b still type-checks the same sources", () => {
        // The Node runtime reads noCheck from the tsconfig named by the `tsconfig` runtime option
        // (cmd/run/run.js) and runs ts-node transpile-only; it does not follow `extends` for it.
        const options =
            typeof project.runtime === "string" ? {} : ((project.runtime as { options?: Record<string, unknown> }).options ?? {});
        expect(options).toEqual({ typescript: true, tsconfig: "tsconfig.pulumi.json" });
        const runtimeTsconfig = JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.pulumi.json"), "utf8")) as {
            extends?: string;
            compilerOptions?: Record<string, unknown>;
        };
        expect(runtimeTsconfig.extends).toBe("./tsconfig.json");
        expect(runtimeTsconfig.compilerOptions?.noCheck).toBe(true);
        // run.js lays this file's own compilerOptions over its defaults (ES2020, nodenext), so the
        // runtime tsconfig repeats what tsc -b, the plan and the tests compile with.
        const base = JSON.parse(fs.readFileSync(path.join(STACKS_DIR, "..", "tsconfig.base.json"), "utf8")) as {
            compilerOptions: Record<string, unknown>;
            "ts-node"?: Record<string, unknown>;
        };
        for (const k of ["target", "module", "moduleResolution"]) {
            expect([k, runtimeTsconfig.compilerOptions?.[k]]).toEqual([k, base.compilerOptions[k]]);
        }
        // ts-node reads its own section through `extends`: the programs transpile with swc, as the plan does.
        const layerTsconfig = JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")) as { extends?: string };
        expect(layerTsconfig.extends).toBe("../../tsconfig.base.json");
        expect(base["ts-node"]).toEqual({ swc: true });
        const root = JSON.parse(fs.readFileSync(path.join(STACKS_DIR, "..", "tsconfig.json"), "utf8")) as {
            extends?: string;
            references: { path: string }[];
        };
        expect(root.references.map((r) => r.path)).toContain(`stacks/${layer}`);
        // `node -r ts-node/register` from the repository's root finds the root tsconfig: swc there too.
        expect(root.extends).toBe("./tsconfig.base.json");
    });

    // The organization's layers have no stacks for a single account: their stack files are checked under the
    // sample organization by stacks/<layer>/test/config.test.ts.
    const stacksOf = instancesOf(layer).map((i) => [i.stack, i] as const);
    if (stacksOf.length > 0) {
        test.each(stacksOf)("%s: its config is valid and Pulumi.yaml describes exactly the keys read", (_stack, instance) => {
            const values = loadStackConfig(instance);
            const read = new Set<string>();
            readConfig({ get: (k) => (read.add(k), values[k]) }, `${instance.project}/${instance.stack}`);
            const ns = `${project.name}:`;
            const readKeys = [...read].filter((k) => k.startsWith(ns)).map((k) => k.slice(ns.length));
            expect(readKeys.sort()).toEqual(Object.keys(project.config ?? {}).sort());
            expect(read.has("aws:region")).toBe(true);
        });

        test.each(stacksOf)(
            "%s: the defaults written in Pulumi.yaml are the code's defaults (no drift between them)",
            (_stack, instance) => {
                // Pulumi.yaml's values only: drop what the stack file itself sets, except its region.
                const stackFile = yaml.load(fs.readFileSync(path.join(dir, `Pulumi.${instance.stack}.yaml`), "utf8")) as {
                    config?: Record<string, unknown>;
                };
                const defaults = { ...loadStackConfig(instance) };
                for (const k of Object.keys(stackFile.config ?? {})) {
                    if (k !== "aws:region") delete defaults[k.includes(":") ? k : `${project.name}:${k}`];
                }
                const fromFiles = readConfig({ get: (k) => defaults[k] }, "t");
                const fromCode = readConfig({ get: (k) => (k === "aws:region" ? instance.region : undefined) }, "t");
                expect(fromFiles).toEqual(fromCode);
            },
        );
    }
});
