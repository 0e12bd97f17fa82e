/**
 * Config validation shared by every stack's `config.ts`. A stack reads all its
 * keys through one `ConfigReader`, which collects every problem and throws once,
 * naming each key, its value and what is allowed, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { Cidr, formatCidr, isPrivate, overlaps, parseCidr } from "./cidr";
import { KeyProblem, ProjectConfigSpec, configKeyProblems, findProjectFile, readProjectSpec } from "./configKeys";
import { ACCOUNTS, DeployRegion, HOME_REGION, ORGANIZATION_MODE, REGIONS, Region, TOPOLOGY, isRegion } from "./environment";
import { LAYERS, LAYER_NAMES, LayerName, accountOfStack, instancesOf, upstreamLayersOf } from "./layers";
import { ReportedError } from "./reportedError";
import { AccountEntry } from "./topology";
import { UpstreamOptions } from "./upstream";

export interface ConfigProblem {
    readonly key: string;
    readonly value: unknown;
    readonly allowed: string;
}

/** Every problem of a stack's config, in one error (a ReportedError: the engine prints its message alone). */
export class ConfigValidationError extends ReportedError {
    constructor(
        /** The stack whose config it is (`project/stack`). */
        readonly stackName: string,
        readonly problems: readonly ConfigProblem[],
    ) {
        super(
            "ConfigValidationError",
            `invalid configuration for stack ${stackName} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
                problems.map((p) => `  - ${p.key} = ${show(p.value)}: ${p.allowed}`).join("\n"),
        );
    }
}

function show(v: unknown): string {
    return v === undefined ? "(not set)" : JSON.stringify(v);
}

/** Where raw config values come from: Pulumi config in programs, a plain map in tests. */
export interface ConfigSource {
    get(fullKey: string): string | undefined;
    /**
     * Keys the stack sets that `namespace`'s project does not declare (see
     * configKeys.ts). Optional: a plain map in a unit test has no project file.
     */
    unknownKeys?(namespace: string): readonly KeyProblem[];
    /** True when `""` is the project's own default for the key (Pulumi.yaml `default: ""`), i.e. "not set". */
    emptyMeansUnset?(fullKey: string): boolean;
}

/**
 * Reads from the Pulumi runtime config (`project:key`, `aws:region`, ...). The
 * whole bag (`pulumi.runtime.allConfig()`, what the engine passes in
 * PULUMI_CONFIG, or what the mock runtime was given) is checked against the
 * project's Pulumi.yaml.
 */
export function pulumiConfigSource(): ConfigSource {
    // Read once per source (one source per readConfig call, so nothing outlives a run).
    const specs = new Map<string, ProjectConfigSpec | undefined>();
    const spec = (namespace: string) => {
        if (!specs.has(namespace)) {
            const file = findProjectFile(namespace, [pulumi.runtime.getRootDirectory(), process.cwd()]);
            specs.set(namespace, file ? readProjectSpec(file) : undefined);
        }
        return specs.get(namespace);
    };
    return {
        get: (fullKey) => {
            const [ns, ...rest] = fullKey.split(":");
            return new pulumi.Config(ns).get(rest.join(":"));
        },
        unknownKeys: (namespace) => {
            const project = spec(namespace);
            if (!project) {
                return [{ key: `${namespace}:*`, allowed: `cannot check config keys: no Pulumi.yaml of ${namespace} found` }];
            }
            return configKeyProblems(project, Object.keys(pulumi.runtime.allConfig()));
        },
        emptyMeansUnset: (fullKey) => {
            const [ns, ...rest] = fullKey.split(":");
            return spec(ns)?.emptyDefaults.includes(rest.join(":")) ?? false;
        },
    };
}

export interface NumberRule {
    readonly default: number;
    readonly min: number;
    readonly max: number;
    readonly integer?: boolean;
    /** An explicit allowed set, e.g. CloudWatch Logs retention values. */
    readonly oneOf?: readonly number[];
}

export class ConfigReader {
    private readonly problems: ConfigProblem[] = [];

    constructor(
        /** The project namespace (`Pulumi.yaml` `name`), used for keys without one. */
        readonly namespace: string,
        private readonly source: ConfigSource = pulumiConfigSource(),
        /** For the error message. */
        readonly stack: string = safeStack(),
    ) {}

    private full(key: string): string {
        return key.includes(":") ? key : `${this.namespace}:${key}`;
    }

    /** The value set for `key`; an empty string reads as not set. */
    raw(key: string): string | undefined {
        const v = this.source.get(this.full(key));
        return v === undefined || v === "" ? undefined : v;
    }

    /**
     * The value of a key that must not be empty: `owner: ""` is a mistake, not a
     * request for the default, so it is reported (and the default used only to
     * keep collecting problems).
     */
    private value(key: string, fallback?: string): string | undefined {
        const full = this.full(key);
        // A key whose own default is "" says "not set" with an empty value: nothing to report.
        if (this.source.get(full) === "" && fallback !== "" && !this.source.emptyMeansUnset?.(full)) {
            this.problem(
                key,
                "",
                `a value, not an empty string (remove the key to use the default${fallback !== undefined ? ` ${JSON.stringify(fallback)}` : ""})`,
            );
        }
        return this.raw(key);
    }

    problem(key: string, value: unknown, allowed: string): void {
        this.problems.push({ key: this.full(key), value, allowed });
    }

    /** The stack's AWS region: set, one of the baseline's regions, and the home region when `homeOnly`. */
    region(opts: { homeOnly?: boolean } = {}): Region {
        const v = this.value("aws:region");
        if (!isRegion(v)) {
            this.problem("aws:region", v, `one of ${REGIONS.join(", ")}`);
            return HOME_REGION;
        }
        if (opts.homeOnly && v !== HOME_REGION) {
            this.problem("aws:region", v, `${HOME_REGION} (this layer is account-wide and lives in the home region)`);
        }
        return v;
    }

    string(key: string, opts: { default?: string; pattern?: RegExp; describe?: string } = {}): string {
        const v = this.value(key, opts.default) ?? opts.default;
        if (v === undefined) {
            this.problem(key, v, `required${opts.describe ? `: ${opts.describe}` : ""}`);
            return "";
        }
        if (opts.pattern && !opts.pattern.test(v)) {
            this.problem(key, v, opts.describe ?? `must match ${opts.pattern}`);
        }
        return v;
    }

    optionalString(key: string, opts: { pattern?: RegExp; describe?: string } = {}): string | undefined {
        const v = this.raw(key);
        if (v !== undefined && opts.pattern && !opts.pattern.test(v)) {
            this.problem(key, v, opts.describe ?? `must match ${opts.pattern}`);
        }
        return v;
    }

    oneOf<T extends string>(key: string, allowed: readonly T[], def: T): T {
        const v = this.value(key, def) ?? def;
        if (!(allowed as readonly string[]).includes(v)) {
            this.problem(key, v, `one of ${allowed.join(", ")}`);
            return def;
        }
        return v as T;
    }

    bool(key: string, def: boolean): boolean {
        const v = this.value(key, String(def));
        if (v === undefined) return def;
        if (v !== "true" && v !== "false") {
            this.problem(key, v, "true or false");
            return def;
        }
        return v === "true";
    }

    /**
     * A switch whose right value depends on the stack (`auto`, the default), or is
     * forced with `true` / `false`. Pulumi.yaml can only give one default for every
     * stack, and the CLI hands that default to the program, so a per-stack default
     * lives here and Pulumi.yaml says `default: auto`.
     */
    autoBool(key: string, auto: boolean): boolean {
        const v = this.raw(key) ?? "auto";
        if (v === "auto") return auto;
        if (v !== "true" && v !== "false") {
            this.problem(key, v, "auto, true or false");
            return auto;
        }
        return v === "true";
    }

    number(key: string, rule: NumberRule): number {
        const text = this.value(key, String(rule.default));
        if (text === undefined) return rule.default;
        const v = Number(text);
        const integer = rule.integer ?? true;
        if (!Number.isFinite(v) || (integer && !Number.isInteger(v))) {
            this.problem(key, text, `${integer ? "an integer" : "a number"} from ${rule.min} to ${rule.max}`);
            return rule.default;
        }
        if (rule.oneOf && !rule.oneOf.includes(v)) {
            this.problem(key, v, `one of ${rule.oneOf.join(", ")}`);
            return rule.default;
        }
        if (v < rule.min || v > rule.max) {
            this.problem(key, v, `from ${rule.min} to ${rule.max}`);
            return rule.default;
        }
        return v;
    }

    /** A JSON array of strings (Pulumi stores structured config as JSON). */
    stringList(
        key: string,
        opts: { default?: readonly string[]; nonEmpty?: boolean; item?: RegExp; describeItem?: string } = {},
    ): string[] {
        const text = this.value(key);
        let list: unknown = opts.default ? [...opts.default] : [];
        if (text !== undefined) {
            try {
                list = JSON.parse(text);
            } catch {
                this.problem(key, text, "a JSON list of strings");
                return [];
            }
        }
        if (!Array.isArray(list) || list.some((x) => typeof x !== "string")) {
            this.problem(key, list, "a list of strings");
            return [];
        }
        if (opts.nonEmpty && list.length === 0) {
            this.problem(key, list, `at least one entry${opts.describeItem ? ` (${opts.describeItem})` : ""}`);
        }
        if (opts.item) {
            const bad = (list as string[]).filter((x) => !opts.item!.test(x));
            if (bad.length > 0) this.problem(key, bad, opts.describeItem ?? `each entry must match ${opts.item}`);
        }
        return list as string[];
    }

    /** A private (RFC 1918) IPv4 CIDR with a prefix in [minPrefix, maxPrefix]. */
    cidr(key: string, opts: { default: string; minPrefix?: number; maxPrefix?: number }): Cidr {
        const text = this.value(key, opts.default) ?? opts.default;
        const parsed = parseCidr(text);
        const fallback = parseCidr(opts.default) as Cidr;
        if (typeof parsed === "string") {
            this.problem(key, text, `an IPv4 CIDR block: ${parsed}`);
            return fallback;
        }
        const min = opts.minPrefix ?? 16;
        const max = opts.maxPrefix ?? 28;
        if (parsed.prefix < min || parsed.prefix > max) {
            this.problem(key, text, `a prefix length from /${min} to /${max} (AWS VPC limits)`);
            return fallback;
        }
        if (!isPrivate(parsed)) {
            this.problem(key, text, "a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
        }
        return parsed;
    }

    /** Reports every pair of named CIDRs that overlap (e.g. the three regions' VPCs). */
    noOverlaps(key: string, named: Readonly<Record<string, Cidr>>): void {
        const entries = Object.entries(named);
        for (let i = 0; i < entries.length; i++) {
            for (let j = i + 1; j < entries.length; j++) {
                const [a, ca] = entries[i];
                const [b, cb] = entries[j];
                if (overlaps(ca, cb)) {
                    this.problem(
                        key,
                        { [a]: formatCidr(ca), [b]: formatCidr(cb) },
                        `CIDRs of ${a} and ${b} overlap; every region needs its own range so the VPCs can be peered`,
                    );
                }
            }
        }
    }

    /** A cross-key rule: records a problem when `ok` is false. */
    check(ok: boolean, key: string, value: unknown, allowed: string): void {
        if (!ok) this.problem(key, value, allowed);
    }

    /** Throws one error listing every problem, or returns `result`. */
    finish<T>(result: T): T {
        // Unknown keys first: a misspelled key is usually why a value seems ignored.
        const unknown = (this.source.unknownKeys?.(this.namespace) ?? []).map((p) => ({
            key: p.key,
            value: this.source.get(p.key),
            allowed: p.allowed,
        }));
        this.problems.unshift(...unknown);
        if (this.problems.length > 0) throw new ConfigValidationError(this.stack, this.problems);
        return result;
    }
}

const UNKNOWN_STACK = "(unknown stack)";

function safeStack(): string {
    try {
        return `${pulumi.getProject()}/${pulumi.getStack()}`;
    } catch {
        return UNKNOWN_STACK;
    }
}

/** Valid values of CloudWatch Logs `retentionInDays` (0, never expire, is not offered: logs must expire by design). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * `cloudTrailLogRetentionDays` of a trail's CloudWatch log group (the account trail, the organization
 * trail): a CloudWatch Logs retention value of at least a year, as CIS and the baseline keep the audit
 * trail searchable for a year.
 */
export function readTrailLogRetentionDays(reader: ConfigReader): number {
    return reader.number("cloudTrailLogRetentionDays", {
        default: 365,
        min: 365,
        max: 3653,
        oneOf: LOG_RETENTION_DAYS.filter((d) => d >= 365),
    });
}

/** An IAM principal ARN in this partition: account root, role or user. */
export const PRINCIPAL_ARN = /^arn:aws:iam::\d{12}:(root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+)$/;

/** Keys every stack reads. */
export interface CommonConfig {
    readonly region: Region;
    /** Value of the `Owner` tag. */
    readonly owner: string;
    /** Organization of the upstream stacks (default: this stack's organization). */
    readonly upstreamOrg?: string;
    /** How this stack finds its upstream stacks: pass to `resolveUpstream`. */
    readonly upstream: UpstreamOptions;
    /** Organization mode: the account this stack deploys to (from its name); undefined for a single account. */
    readonly account?: AccountEntry;
}

const STACK_NAME = "[A-Za-z0-9][A-Za-z0-9_.-]*";
const UPSTREAM_STACK = new RegExp(`^(${LAYER_NAMES.join("|")})=(${STACK_NAME}|${STACK_NAME}/${STACK_NAME}/${STACK_NAME})$`);

/**
 * `upstreamStacks`: optional overrides, one `layer=stack` or `layer=org/project/stack`
 * per entry, for an upstream stack that is not named by the baseline's convention
 * (a staging copy, another organization). When `layer` is given, only its
 * upstream layers may be named.
 */
function readUpstreamStacks(reader: ConfigReader, layer?: LayerName): Partial<Record<LayerName, string>> {
    const entries = reader.stringList("upstreamStacks", {
        item: UPSTREAM_STACK,
        describeItem: `entries like network=staging-us-east-1 or network=acme/baseline-network/production-us-east-1, layer one of ${LAYER_NAMES.join(", ")}`,
    });
    const out: Partial<Record<LayerName, string>> = {};
    for (const entry of entries.filter((e) => UPSTREAM_STACK.test(e))) {
        const [l, stack] = entry.split("=") as [LayerName, string];
        if (layer && !upstreamLayersOf(layer).includes(l)) {
            reader.problem(
                "upstreamStacks",
                entry,
                `only upstream layers of ${layer}: ${upstreamLayersOf(layer).join(", ") || "none"}`,
            );
        } else if (out[l] !== undefined) {
            reader.problem("upstreamStacks", entry, `one entry per layer (${l} is named twice)`);
        } else {
            out[l] = stack;
        }
    }
    return out;
}

export function readCommonConfig(reader: ConfigReader, opts: { homeOnly?: boolean; layer?: LayerName } = {}): CommonConfig {
    const region = reader.region(opts);
    const owner = reader.string("owner", {
        default: "platform-team",
        pattern: /^[\w.:/=+@ -]{1,256}$/,
        describe: "a tag value of 1 to 256 letters, digits, spaces or _.:/=+-@",
    });
    const upstreamOrg = reader.optionalString("upstreamOrg", {
        pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
        describe: "a Pulumi organization name",
    });
    // A layer with no upstream (global-iam) has nothing to override.
    const hasUpstreams = !opts.layer || upstreamLayersOf(opts.layer).length > 0;
    // Pulumi.yaml's default is [] (the CLI hands it to every stack): no overrides, as when unset.
    const read = hasUpstreams && reader.raw("upstreamStacks") !== undefined ? readUpstreamStacks(reader, opts.layer) : undefined;
    const stacks = read && Object.keys(read).length > 0 ? read : undefined;
    const account = stackAccount(reader, region);
    return {
        region,
        owner,
        upstreamOrg,
        ...(account ? { account } : {}),
        upstream: { region, org: upstreamOrg, ...(account ? { account: account.name } : {}), ...(stacks ? { stacks } : {}) },
    };
}

/**
 * Organization mode: the account a stack belongs to, from its name (`<account>-<region>`, or
 * `<account>` for a global layer), checked against topology.yaml's accounts and that account's regions.
 * A stack named after no account would read the wrong account's upstreams: refused.
 */
function stackAccount(reader: ConfigReader, region: string): AccountEntry | undefined {
    if (!ORGANIZATION_MODE) return undefined;
    // The reader's stack (`<project>/<stack>`: the running stack's, or the one a caller names, as the
    // planner and the tests do for stacks that are not running), not the SDK's current stack.
    if (reader.stack === UNKNOWN_STACK) return undefined;
    const stack = reader.stack.slice(reader.stack.lastIndexOf("/") + 1);
    const account = accountOfStack(stack);
    if (!account) {
        reader.problem(
            "(stack name)",
            stack,
            `in organization mode a stack is named <account>-<region> (or <account> for a global layer), account one of ${ACCOUNTS.map((a) => a.name).join(", ")} (${TOPOLOGY.file})`,
        );
        return undefined;
    }
    reader.check(
        account.regions.includes(region),
        "aws:region",
        region,
        `one of account ${account.name}'s regions: ${account.regions.join(", ")} (${TOPOLOGY.file})`,
    );
    return account;
}

/** The common keys of a `partner`-scoped layer (recovery), whose stacks may live in a recovery-only region. */
export interface PartnerCommonConfig extends Omit<CommonConfig, "region"> {
    readonly region: DeployRegion;
}

/**
 * `readCommonConfig` for a `partner`-scoped layer: `aws:region` must be one of the
 * partner regions (partners in topology.yaml), recovery-only regions included.
 */
export function readPartnerCommonConfig(reader: ConfigReader, layer: LayerName): PartnerCommonConfig {
    // The regions the layer's stacks live in: the partner regions, or every region for `everywhere`.
    const allowed = instancesOf(layer).map((i) => i.region);
    const raw = reader.raw("aws:region");
    const region = (allowed as readonly string[]).includes(raw ?? "") ? (raw as DeployRegion) : allowed[0];
    if (region !== raw) {
        const where = LAYERS[layer].scope === "partner" ? "the partner regions" : "every baseline and recovery-only region";
        reader.problem("aws:region", raw, `one of ${allowed.join(", ")} (${where}; ${layer} runs only there)`);
    }
    // The other common keys do not depend on the region: read them the same way as every layer.
    const inner = new ConfigReader(
        reader.namespace,
        { get: (k) => (k === "aws:region" ? HOME_REGION : reader.raw(k)) },
        reader.stack,
    );
    const common = readCommonConfig(inner, { layer });
    try {
        inner.finish(undefined);
    } catch (err) {
        if (!(err instanceof ConfigValidationError)) throw err;
        for (const p of err.problems) reader.problem(p.key, p.value, p.allowed);
    }
    return { ...common, region, upstream: { ...common.upstream, region } };
}
