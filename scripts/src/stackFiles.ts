/**
 * The offline planner's checks of a layer's project files, before the program
 * runs: YAML that does not parse, a stack file value that is empty (`owner:`),
 * an encrypted value the planner cannot decrypt, and keys the project does not
 * declare. Each is one error naming the file and the key.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { StackInstance, accountByName, configKeyProblems, deployRoleArn, nearest } from "@baseline/lib/src/facts";

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
            `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the stack file:\n` +
                problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "StackFileError";
    }
}

/**
 * The top-level keys of a stack file: the fields of the CLI's `ProjectStack`
 * (pulumi/pulumi sdk/go/common/workspace/project.go). The CLI reads the file into that struct and
 * drops any other key without a word, so a misspelt `confgi:` would lose every setting under it.
 */
export const STACK_FILE_KEYS = ["config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt"] as const;

/**
 * A stack file's config key as the CLI passes it to the program: a key without a namespace is in
 * the project's (pulumi/pulumi sdk/go/common/workspace/loaders.go, `stackConfigNamespacedWithProject`,
 * which `LoadProjectStackBytes` applies before anything reads the config).
 */
export function qualifyConfigKey(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** A stack file as the CLI reads it, with everything the baseline refuses in it. */
export interface StackFileContents {
    /** The `config:` map with every key qualified (`deploymentMode` reads as `<project>:deploymentMode`). */
    readonly config: Record<string, unknown>;
    /** One line per problem, each naming the key (the caller names the file). */
    readonly problems: string[];
}

/**
 * Reads a parsed stack file (`doc`, the YAML of `Pulumi.<stack>.yaml`) of `project`, whose
 * Pulumi.yaml declares `declared`: its top-level keys must be ones the CLI knows, its config keys
 * ones the project or a provider reads, and the config comes back keyed as the program sees it.
 * The offline plan and the deploy read every stack file through this, so the two never disagree
 * about what a file sets.
 */
export function readStackFile(
    project: string,
    declared: readonly string[],
    doc: unknown,
    opts: { secretsProvider?: boolean } = {},
): StackFileContents {
    const allowed = `allowed: ${STACK_FILE_KEYS.join(", ")}`;
    if (doc === undefined || doc === null) return { config: {}, problems: [] };
    if (typeof doc !== "object" || Array.isArray(doc)) {
        return {
            config: {},
            problems: [`a stack file must be a map of top-level keys (${allowed}), got ${JSON.stringify(doc)}`],
        };
    }
    const problems: string[] = [];
    for (const key of Object.keys(doc)) {
        if ((STACK_FILE_KEYS as readonly string[]).includes(key)) continue;
        const close = nearest(key, STACK_FILE_KEYS);
        problems.push(
            `${key}: not a top-level key of a stack file${close ? `: did you mean ${close}?` : ""} ` +
                `(${allowed}; the Pulumi CLI ignores any other key, so its settings would be lost)`,
        );
    }
    const raw = (doc as { config?: unknown }).config;
    problems.push(...stackConfigProblems(project, declared, raw, opts));
    const config: Record<string, unknown> = {};
    if (typeof raw === "object" && raw !== null && !Array.isArray(raw)) {
        const spelt = new Map<string, string>();
        for (const [k, v] of Object.entries(raw)) {
            const key = qualifyConfigKey(project, k);
            const before = spelt.get(key);
            if (before !== undefined) {
                // The CLI keeps one of the two, whichever its map iteration meets last.
                problems.push(`${key} is set twice (as ${before} and as ${k}): keep one`);
            }
            spelt.set(key, k);
            config[key] = v;
        }
    }
    return { config, problems };
}

/**
 * The problems of a stack file's `config:` map for `project`, whose Pulumi.yaml
 * declares `declared` (the caller names the file in the error).
 */
function stackConfigProblems(
    project: string,
    declared: readonly string[],
    config: unknown,
    /** The real engine decrypts secure values; only the offline plan cannot. */
    opts: { secretsProvider?: boolean } = {},
): string[] {
    if (config === undefined || config === null) return [];
    if (typeof config !== "object" || Array.isArray(config)) return ["config must be a map of key: value"];
    const problems: string[] = [];
    const qualify = (k: string) => qualifyConfigKey(project, k);
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

/**
 * The session name the deploy's assumed-role sessions carry (CloudTrail records it as the
 * role session, so an auditor can tell the pipeline's calls from a person's).
 */
export const DEPLOY_SESSION_NAME = "baseline-deploy";

/** One entry of the AWS provider's `aws:assumeRoles` config (pulumi-aws 7.x: a list of these). */
export interface AssumeRoleSetting {
    readonly roleArn: string;
    readonly sessionName: string;
}

/**
 * What a stack's provider must assume to reach its account: in organization mode the deploy role
 * of the stack's account (topology.yaml `accounts`); nothing for a single account, whose stacks
 * use the credentials the deploy runs with.
 */
export function expectedAssumeRoles(instance: StackInstance): AssumeRoleSetting[] | undefined {
    const account = instance.account === undefined ? undefined : accountByName(instance.account);
    if (instance.account !== undefined && !account) throw new Error(`stack ${instance.stack}: no account ${instance.account}`);
    return account ? [{ roleArn: deployRoleArn(account), sessionName: DEPLOY_SESSION_NAME }] : undefined;
}

/**
 * The config `npm run stacks` writes into a new stack file: `aws:region`, and in organization mode
 * the provider's `aws:assumeRoles` (pulumi-aws 7.x reads the key as a list of objects,
 * `@pulumi/aws/config/vars` `assumeRoles: AssumeRoles[]`).
 */
export function stackFileConfig(instance: StackInstance): Record<string, unknown> {
    const roles = expectedAssumeRoles(instance);
    return { "aws:region": instance.region, ...(roles ? { "aws:assumeRoles": roles } : {}) };
}

/** The text of a new stack file: for a single account exactly `config:\n  aws:region: <region>\n`. */
export function renderStackFile(instance: StackInstance): string {
    return yaml.dump({ config: stackFileConfig(instance) }, { indent: 2, lineWidth: -1 });
}

/**
 * Why a stack file's `aws:assumeRoles` does not reach the stack's account, or undefined when it
 * does (or when the stack needs none). The provider assumes the roles one after the other, in
 * list order, and runs as the last one (role chaining, hashicorp/terraform-provider-aws#39255,
 * which pulumi-aws 7.x bridges: "assume the roles in the order that they are listed"), so the last
 * entry must be the account's deploy role; earlier entries may be a hop the pipeline needs.
 */
export function assumeRolesProblem(instance: StackInstance, config: Readonly<Record<string, unknown>>): string | undefined {
    const expected = expectedAssumeRoles(instance);
    if (!expected) return undefined;
    const want = expected[expected.length - 1].roleArn;
    const has = config["aws:assumeRoles"];
    if (has === undefined)
        return `aws:assumeRoles is not set, but stack ${instance.stack} runs in account ${instance.account} through ${want}`;
    if (!Array.isArray(has) || has.length === 0)
        return `aws:assumeRoles must be a list of { roleArn, sessionName } ending with ${want}, got ${JSON.stringify(has)}`;
    const last = has[has.length - 1] as { roleArn?: unknown } | null;
    const arn = typeof last === "object" && last !== null ? last.roleArn : undefined;
    if (arn !== want)
        return `aws:assumeRoles ends with roleArn ${arn === undefined ? "(not set)" : JSON.stringify(arn)}, but stack ${instance.stack} runs in account ${instance.account} through ${want}`;
    return undefined;
}
