import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { REGIONS } from "@baseline/lib";
import { PROJECT, readConfig } from "../src/config";

type Decl = { type: string; description?: string; default?: unknown; items?: unknown };
const dir = path.join(__dirname, "..");
const project = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config: Record<string, Decl>;
};

/** What `pulumi up` hands the program: project defaults, then the stack file. */
function stackConfig(region: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, d] of Object.entries(project.config)) {
        if (d.default !== undefined)
            out[`${PROJECT}:${k}`] = typeof d.default === "object" ? JSON.stringify(d.default) : String(d.default);
    }
    const stack = yaml.load(fs.readFileSync(path.join(dir, `Pulumi.production-${region}.yaml`), "utf8")) as {
        config: Record<string, unknown>;
    };
    for (const [k, v] of Object.entries(stack.config)) out[k.includes(":") ? k : `${PROJECT}:${k}`] = String(v);
    return out;
}

describe("Pulumi.yaml", () => {
    it("names the project of the layer graph", () => {
        expect(project.name).toBe(PROJECT);
    });

    it("describes every key config.ts reads, and only those", () => {
        const read = new Set<string>();
        readConfig({ get: (k) => (read.add(k), k === "aws:region" ? "us-east-1" : undefined) }, "t");
        const projectKeys = [...read].filter((k) => k.startsWith(`${PROJECT}:`)).map((k) => k.slice(PROJECT.length + 1));
        expect(Object.keys(project.config).sort()).toEqual(projectKeys.sort());
        for (const [k, d] of Object.entries(project.config)) {
            expect([k, typeof d.description === "string" && d.description.length > 20]).toEqual([k, true]);
            expect(["string", "integer", "boolean", "array"]).toContain(d.type);
        }
    });

    it.each(REGIONS)("its defaults and the %s stack file give the same config as the code defaults", (region) => {
        const config = stackConfig(region);
        expect(config["aws:region"]).toBe(region);
        const fromFiles = readConfig({ get: (k) => config[k] }, "t");
        const fromCode = readConfig({ get: (k) => (k === "aws:region" ? region : undefined) }, "t");
        expect(fromFiles).toEqual(fromCode);
    });
});
