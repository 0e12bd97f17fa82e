/**
 * The offline planner's checks of a layer's project files, before the program
 * runs: YAML that does not parse, a stack file value that is empty (`owner:`),
 * an encrypted value the planner cannot decrypt, and keys the project does not
 * declare. Each is one error naming the file and the key.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { configKeyProblems } from "@baseline/lib";

/** Parses a YAML file; a syntax error names the file (js-yaml adds the line and column). */
export function readYamlFile(file: string, shownAs: string = file): unknown {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new Error(`${shownAs}: cannot read: ${(e as Error).message}`);
    }
    try {
        return yaml.load(text, { filename: shownAs });
    } catch (e) {
        throw new Error(`${shownAs} is not valid YAML: ${(e as Error).message}`);
    }
}

export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly problems: readonly string[],
    ) {
        super(
            `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in its config:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "StackFileError";
    }
}

/**
 * The problems of a stack file's `config:` map for `project`, whose Pulumi.yaml
 * declares `declared` (the caller names the file in the error).
 */
export function stackConfigProblems(
    project: string,
    declared: readonly string[],
    config: unknown,
    /** The real engine decrypts secure values; only the offline plan cannot. */
    opts: { secretsProvider?: boolean } = {},
): string[] {
    if (config === undefined || config === null) return [];
    if (typeof config !== "object" || Array.isArray(config)) return ["config must be a map of key: value"];
    const problems: string[] = [];
    const qualify = (k: string) => (k.includes(":") ? k : `${project}:${k}`);
    for (const [k, v] of Object.entries(config)) {
        if (v === null) {
            problems.push(`${qualify(k)} has no value (an empty "${k}:" line): set one, or remove the key to use the default`);
        } else if (!opts.secretsProvider && typeof v === "object" && !Array.isArray(v) && "secure" in v) {
            problems.push(
                `${qualify(k)} is an encrypted (secure) value: the offline plan has no secrets provider to decrypt it. ` +
                    `Plan with a plain value in a copy of the stack file, or preview it for real (npm run deploy -- preview)`,
            );
        }
    }
    for (const p of configKeyProblems({ project, keys: declared }, Object.keys(config).map(qualify))) {
        problems.push(`${p.key}: ${p.allowed}`);
    }
    return problems;
}

export function relativeTo(root: string, file: string): string {
    const rel = path.relative(root, file);
    return rel.startsWith("..") ? file : rel;
}
