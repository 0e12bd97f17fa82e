/**
 * A layer's Pulumi.yaml against its config reader, for a stack the repository has no stack file of
 * (the organization's layers in the sample organization): the reader reads exactly the keys
 * Pulumi.yaml declares, and Pulumi.yaml's defaults are the code's defaults.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ConfigSource } from "../config";

type ReadConfig = (source: ConfigSource, stack?: string) => unknown;

interface ProjectSpec {
    readonly name: string;
    readonly config?: Record<string, { default?: unknown }>;
}

/** Pulumi.yaml's defaults as the CLI hands them to a program: strings, arrays and objects as JSON. */
function projectDefaults(project: ProjectSpec): Record<string, string> {
    return Object.fromEntries(
        Object.entries(project.config ?? {}).map(([k, spec]) => [
            `${project.name}:${k}`,
            typeof spec.default === "string" ? spec.default : JSON.stringify(spec.default),
        ]),
    );
}

export interface ProjectConfigCheck {
    /** The keys of the project the reader read. */
    readonly read: string[];
    /** The keys Pulumi.yaml declares. */
    readonly declared: string[];
    /** readConfig with Pulumi.yaml's defaults, and with nothing set. */
    readonly fromDefaults: unknown;
    readonly fromCode: unknown;
}

export function checkProjectConfig(layerDir: string, readConfig: ReadConfig, stack: string, region: string): ProjectConfigCheck {
    const project = yaml.load(fs.readFileSync(path.join(layerDir, "Pulumi.yaml"), "utf8")) as ProjectSpec;
    const values: Record<string, string> = { ...projectDefaults(project), "aws:region": region };
    const read = new Set<string>();
    const fromDefaults = readConfig({ get: (k) => (read.add(k), values[k]) }, stack);
    const fromCode = readConfig({ get: (k) => (k === "aws:region" ? region : undefined) }, stack);
    const ns = `${project.name}:`;
    return {
        read: [...read]
            .filter((k) => k.startsWith(ns))
            .map((k) => k.slice(ns.length))
            .sort(),
        declared: Object.keys(project.config ?? {}).sort(),
        fromDefaults,
        fromCode,
    };
}
