/**
 * Where the baseline runs, declared once: `topology.yaml` at the repository root (schema:
 * `topology.schema.json`). This module finds, reads and validates it; `environment.ts` derives
 * every region constant from it, and the layer graph, the network defaults, the pack's allowed
 * regions, the docs, the deploy script and the stack files follow from those.
 *
 * One validator reports every problem of the file at once, each naming the file, the entry and
 * what is allowed, before anything is planned or deployed.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { commercialRegionProblem } from "./awsRegions";
import { Cidr, formatCidr, isPrivate, overlaps, parseCidr } from "./cidr";

export const TOPOLOGY_FILE_NAME = "topology.yaml";
/** Points at another topology file (a scratch copy, a second deployment of the same code). */
export const TOPOLOGY_ENV = "BASELINE_TOPOLOGY";

/** A baseline region: every layer is deployed there. */
export interface BaselineRegionEntry {
    readonly region: string;
    /** Where this region's replicas and backup copies live: another baseline region or a recovery-only one. */
    readonly partner: string;
    /** The legal area its data must stay in; the partner must share it. */
    readonly jurisdiction: string;
    /** The region's VPC range: private, /16 to /28, overlapping no other region's. */
    readonly vpcCidr: string;
}

/** A region that holds only recovery targets of a baseline region whose partner it is. */
export interface RecoveryOnlyRegionEntry {
    readonly region: string;
    readonly jurisdiction: string;
}

/**
 * Organization mode: which account plays which part. Everything else about an account (its stacks,
 * its deploy role, its guardrails) follows from its kind.
 */
export const ACCOUNT_KINDS = ["management", "log-archive", "security-tooling", "workload"] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export interface AccountEntry {
    /** Lowercase kebab name; the stacks of the account are named after it (`<name>-<region>`). */
    readonly name: string;
    readonly kind: AccountKind;
    /** The 12-digit account id. */
    readonly id: string;
    /** The member account's root email (AWS Organizations `CreateAccount`); the management account has none here. */
    readonly email?: string;
    /**
     * The baseline regions the account's regional stacks run in: a workload's `regions` (default all
     * baseline regions); every baseline region for the management, log-archive and security-tooling
     * accounts, whose `security` stacks record AWS Config for Security Hub in each of them (and the
     * delegated administrator is regional).
     */
    readonly regions: readonly string[];
}

export interface AccountsSection {
    /** The role the deploy pipeline assumes in every account (provider `assumeRoles`); the guardrails exempt it. */
    readonly deployRoleName: string;
    /** Management, log-archive, security-tooling, then the workloads in file order. */
    readonly accounts: readonly AccountEntry[];
}

export interface Topology {
    /** The file it was read from, for messages. */
    readonly file: string;
    /** Holds the account-wide resources (IAM, the multi-region trail, Config's global types). */
    readonly homeRegion: string;
    readonly regions: readonly BaselineRegionEntry[];
    readonly recoveryOnlyRegions: readonly RecoveryOnlyRegionEntry[];
    /** Organization mode's accounts; undefined: the single-account baseline. */
    readonly accounts?: AccountsSection;
}

/** Top-level keys. `accounts` is optional: without it the baseline covers one account. */
export const TOPOLOGY_SECTIONS = ["homeRegion", "regions", "recoveryOnlyRegions", "accounts"] as const;
/** The keys of the `accounts` section, and which kind of account each single entry is. */
export const ACCOUNT_ROLE_KEYS = {
    management: "management",
    logArchive: "log-archive",
    securityTooling: "security-tooling",
} as const;
export const ACCOUNTS_SECTION_KEYS = ["deployRoleName", ...Object.keys(ACCOUNT_ROLE_KEYS), "workloads"] as const;
export const ACCOUNT_ENTRY_KEYS = ["name", "id", "email", "regions"] as const;
export const DEFAULT_DEPLOY_ROLE_NAME = "baseline-deploy";
const ACCOUNT_NAME_PATTERN = /^[a-z][a-z0-9-]{1,30}$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
// An IAM role name: 1-64 of [\w+=,.@-] (IAM CreateRole, RoleName pattern).
const ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;
// Deliberately loose: AWS validates the address; this catches a missing or malformed value before a deploy.
const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
export const TOPOLOGY_REGION_KEYS = ["region", "partner", "jurisdiction", "vpcCidr"] as const;
export const TOPOLOGY_RECOVERY_KEYS = ["region", "jurisdiction"] as const;
const JURISDICTION_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;
const VPC_PREFIX = { min: 16, max: 28 } as const;

export class TopologyError extends Error {
    declare readonly file: string;
    declare readonly problems: readonly string[];
    /**
     * `problems` of the topology in `file`; `message`, for a topology that cannot be read at all
     * (a path naming no file, a folder), is the one line to print instead of the list.
     */
    constructor(file: string, problems: readonly string[], message?: string) {
        super(
            message ??
                `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the topology ` +
                    `(where the baseline runs; schema topology.schema.json):\n` +
                    problems.map((p) => `  - ${p}`).join("\n"),
        );
        this.name = "TopologyError";
        // Not enumerable, and no stack frames: a bad topology is an input error, and a command it ends
        // (it is read when lib loads) prints the message once, not a trace and a dump of the fields.
        Object.defineProperty(this, "file", { value: file, enumerable: false });
        Object.defineProperty(this, "problems", { value: problems, enumerable: false });
        this.stack = `${this.name}: ${this.message}`;
    }
}

type Raw = Record<string, unknown>;

function isMap(v: unknown): v is Raw {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
    return typeof v === "string" ? JSON.stringify(v) : v === undefined ? "(not set)" : JSON.stringify(v);
}

/**
 * Every problem of a parsed topology document, one line each naming the entry
 * (`regions[2] (eu-central-1)`) and what is allowed. Empty when it is valid.
 */
export function topologyProblems(doc: unknown): string[] {
    const problems: string[] = [];
    if (!isMap(doc)) return [`the file must be a map with ${TOPOLOGY_SECTIONS.join(", ")} (got ${show(doc)})`];
    for (const k of Object.keys(doc))
        if (!(TOPOLOGY_SECTIONS as readonly string[]).includes(k))
            problems.push(`${k}: unknown section; the sections are ${TOPOLOGY_SECTIONS.join(", ")}`);

    const regionName = (v: unknown, where: string): string | undefined => {
        if (typeof v !== "string" || v === "") {
            problems.push(
                `${where}: region is ${v === undefined ? "missing" : `${show(v)}, not a region name`}; a commercial AWS region such as eu-north-1`,
            );
            return undefined;
        }
        const why = commercialRegionProblem(v);
        if (why) {
            problems.push(`${where}: ${why}`);
            return undefined;
        }
        return v;
    };
    const entryKeys = (e: Raw, where: string, allowed: readonly string[]): void => {
        for (const k of Object.keys(e))
            if (!allowed.includes(k)) problems.push(`${where}: unknown key ${k}; an entry has ${allowed.join(", ")}`);
    };

    // Recovery-only regions first: a baseline region's partner is checked against them.
    const recovery = new Map<string, { jurisdiction?: string; where: string }>();
    const rawRecovery = doc.recoveryOnlyRegions ?? [];
    if (!Array.isArray(rawRecovery))
        problems.push(`recoveryOnlyRegions: a list of { region, jurisdiction } entries (got ${show(rawRecovery)})`);
    const recoveryList: unknown[] = Array.isArray(rawRecovery) ? rawRecovery : [];
    recoveryList.forEach((e, i) => {
        let where = `recoveryOnlyRegions[${i}]`;
        if (!isMap(e)) {
            problems.push(`${where}: an entry { region, jurisdiction } (got ${show(e)})`);
            return;
        }
        if (typeof e.region === "string") where += ` (${e.region})`;
        entryKeys(e, where, TOPOLOGY_RECOVERY_KEYS);
        const region = regionName(e.region, where);
        const jurisdiction = jurisdictionOf(e, where, problems);
        if (region === undefined) return;
        if (recovery.has(region)) {
            problems.push(`${where}: ${region} is listed twice (also ${recovery.get(region)!.where}); one entry per region`);
            return;
        }
        recovery.set(region, { jurisdiction, where });
    });

    const baseline = new Map<string, { entry: Raw; where: string; jurisdiction?: string; cidr?: Cidr }>();
    const rawRegions = doc.regions;
    if (!Array.isArray(rawRegions) || rawRegions.length === 0)
        problems.push(
            `regions: a non-empty list of { region, partner, jurisdiction, vpcCidr } entries (got ${show(rawRegions)})`,
        );
    const regionList: unknown[] = Array.isArray(rawRegions) ? rawRegions : [];
    regionList.forEach((e, i) => {
        let where = `regions[${i}]`;
        if (!isMap(e)) {
            problems.push(`${where}: an entry { region, partner, jurisdiction, vpcCidr } (got ${show(e)})`);
            return;
        }
        if (typeof e.region === "string") where += ` (${e.region})`;
        entryKeys(e, where, TOPOLOGY_REGION_KEYS);
        const region = regionName(e.region, where);
        const jurisdiction = jurisdictionOf(e, where, problems);
        const cidr = vpcCidrOf(e.vpcCidr, where, problems);
        if (region === undefined) return;
        if (baseline.has(region)) {
            problems.push(`${where}: ${region} is listed twice (also ${baseline.get(region)!.where}); one entry per region`);
            return;
        }
        if (recovery.has(region)) {
            problems.push(
                `${where}: ${region} is also in recoveryOnlyRegions (${recovery.get(region)!.where}); a region is either a baseline region or recovery-only`,
            );
        }
        baseline.set(region, { entry: e, where, jurisdiction, cidr });
    });

    for (const [region, { entry, where, jurisdiction }] of baseline) {
        const partner = entry.partner;
        if (partner === undefined || partner === null || partner === "") {
            problems.push(
                `${where}: partner is missing; the region that holds ${region}'s replicas and backup copies: another entry of regions or of recoveryOnlyRegions, in the same jurisdiction`,
            );
            continue;
        }
        if (typeof partner !== "string") {
            problems.push(`${where}: partner is ${show(partner)}, not a region name`);
            continue;
        }
        if (partner === region) {
            problems.push(`${where}: ${region} is its own partner; a copy in the same region dies with it: name another region`);
            continue;
        }
        const target = baseline.get(partner) ?? recovery.get(partner);
        if (!target) {
            const why = commercialRegionProblem(partner);
            problems.push(
                why
                    ? `${where}: partner ${why}`
                    : `${where}: partner ${partner} has no entry: add it to regions (a full baseline region) or to recoveryOnlyRegions as ` +
                          `{ region: ${partner}, jurisdiction: ${jurisdiction ?? "<its jurisdiction>"} }`,
            );
            continue;
        }
        // A missing jurisdiction is reported on its own entry; comparing with it would blame the partner.
        if (jurisdiction === undefined || target.jurisdiction === undefined) continue;
        if (jurisdiction !== target.jurisdiction)
            problems.push(
                `${where}: partner ${partner} is in jurisdiction ${target.jurisdiction} (${target.where}), ${region} in ${jurisdiction}: ` +
                    `replicas and backup copies would leave ${jurisdiction}; choose a partner in ${jurisdiction}` +
                    ` (${[...baseline.keys(), ...recovery.keys()].filter((r) => r !== region && (baseline.get(r) ?? recovery.get(r))!.jurisdiction === jurisdiction).join(", ") || "none listed yet"})`,
            );
    }
    const partners = new Set([...baseline.values()].map((b) => b.entry.partner));
    for (const [region, { where }] of recovery)
        if (!partners.has(region))
            problems.push(
                `${where}: no region of regions names ${region} as its partner; a recovery-only region nobody uses would be deployed for nothing: remove it or make it a partner`,
            );

    const cidrs = [...baseline.entries()].filter(([, b]) => b.cidr !== undefined);
    for (let i = 0; i < cidrs.length; i++)
        for (let j = i + 1; j < cidrs.length; j++) {
            const [a, ea] = cidrs[i];
            const [b, eb] = cidrs[j];
            if (overlaps(ea.cidr!, eb.cidr!))
                problems.push(
                    `${eb.where}: vpcCidr ${formatCidr(eb.cidr!)} overlaps ${a}'s ${formatCidr(ea.cidr!)} (${ea.where}); ` +
                        `every region needs its own range so the VPCs can be peered (${b} and ${a} must not overlap)`,
                );
        }

    const home = doc.homeRegion;
    if (typeof home !== "string" || home === "") {
        problems.push(
            `homeRegion is ${show(home)}; one of the baseline regions (${[...baseline.keys()].join(", ") || "regions"})`,
        );
    } else if (!baseline.has(home)) {
        problems.push(
            `homeRegion ${home} is not an entry of regions; the home region holds the account-wide resources, so it is one of ${[...baseline.keys()].join(", ")}`,
        );
    }
    if (doc.accounts !== undefined)
        problems.push(...accountsProblems(doc.accounts, [...baseline.keys()], typeof home === "string" ? home : undefined));
    return problems;
}

/** Every problem of the optional `accounts` section (organization mode). */
function accountsProblems(raw: unknown, baselineRegions: readonly string[], homeRegion: string | undefined): string[] {
    const problems: string[] = [];
    const shape = `{ deployRoleName?, management, logArchive, securityTooling, workloads: [...] }`;
    if (!isMap(raw)) return [`accounts: a map ${shape} (got ${show(raw)}); leave it out for a single account`];
    for (const k of Object.keys(raw))
        if (!(ACCOUNTS_SECTION_KEYS as readonly string[]).includes(k))
            problems.push(`accounts.${k}: unknown key; the section has ${ACCOUNTS_SECTION_KEYS.join(", ")}`);
    if (
        raw.deployRoleName !== undefined &&
        (typeof raw.deployRoleName !== "string" || !ROLE_NAME_PATTERN.test(raw.deployRoleName))
    )
        problems.push(
            `accounts.deployRoleName ${show(raw.deployRoleName)}: an IAM role name (1-64 of letters, digits and +=,.@_-)`,
        );

    const names = new Map<string, string>();
    const ids = new Map<string, string>();
    const entry = (e: unknown, where: string, kind: AccountKind): void => {
        if (!isMap(e)) {
            problems.push(
                `${where}: an entry { name, id${kind === "management" ? "" : ", email"}${kind === "workload" ? ", regions?" : ""} } (got ${show(e)})`,
            );
            return;
        }
        const allowed = kind === "workload" ? ACCOUNT_ENTRY_KEYS : ACCOUNT_ENTRY_KEYS.filter((k) => k !== "regions");
        for (const k of Object.keys(e))
            if (!(allowed as readonly string[]).includes(k))
                problems.push(
                    `${where}: unknown key ${k}; an entry has ${allowed.join(", ")}` +
                        (k === "regions" ? ` (a ${kind} account's regions follow from its kind)` : ""),
                );
        if (typeof e.name !== "string" || !ACCOUNT_NAME_PATTERN.test(e.name))
            problems.push(
                `${where}: name ${show(e.name)}; a lowercase name of 2-31 letters, digits and dashes, starting with a letter (stacks are named <name>-<region>)`,
            );
        else if (names.has(e.name)) problems.push(`${where}: name ${e.name} is also ${names.get(e.name)}; one name per account`);
        else names.set(e.name, where);
        const id = typeof e.id === "number" ? String(e.id) : e.id;
        if (typeof e.id !== "string" || !ACCOUNT_ID_PATTERN.test(e.id))
            problems.push(
                `${where}: id ${show(e.id)}; the 12-digit account id as a quoted string` +
                    (typeof e.id === "number" ? ` ("${id}": YAML reads an unquoted number and drops leading zeros)` : ""),
            );
        else if (ids.has(e.id)) problems.push(`${where}: id ${e.id} is also ${ids.get(e.id)}; one entry per account`);
        else ids.set(e.id, where);
        if (kind !== "management" && (typeof e.email !== "string" || !EMAIL_PATTERN.test(e.email)))
            problems.push(
                `${where}: email ${show(e.email)}; the member account's root email address (AWS Organizations needs it to create or import the account)`,
            );
        if (kind === "management" && e.email !== undefined && (typeof e.email !== "string" || !EMAIL_PATTERN.test(e.email)))
            problems.push(`${where}: email ${show(e.email)}; an email address, or leave it out`);
        if (kind === "workload" && e.regions !== undefined) {
            if (!Array.isArray(e.regions) || e.regions.length === 0)
                problems.push(
                    `${where}: regions ${show(e.regions)}; a non-empty list of baseline regions (${baselineRegions.join(", ")}), or leave it out for all of them`,
                );
            else {
                const list: unknown[] = e.regions;
                list.forEach((r, i) => {
                    if (typeof r !== "string" || !baselineRegions.includes(r))
                        problems.push(
                            `${where}: regions[${i}] ${show(r)} is not a baseline region; one of ${baselineRegions.join(", ")}`,
                        );
                    else if (list.indexOf(r) !== i) problems.push(`${where}: regions[${i}] ${r} is listed twice`);
                });
                if (homeRegion !== undefined && !list.includes(homeRegion))
                    problems.push(
                        `${where}: regions must include the home region ${homeRegion}: the account's IAM and account-wide settings live there`,
                    );
            }
        }
    };
    for (const [key, kind] of Object.entries(ACCOUNT_ROLE_KEYS)) {
        if (raw[key] === undefined)
            problems.push(`accounts.${key}: missing; the ${kind} account { name, id${kind === "management" ? "" : ", email"} }`);
        else entry(raw[key], `accounts.${key}`, kind);
    }
    if (!Array.isArray(raw.workloads) || raw.workloads.length === 0)
        problems.push(
            `accounts.workloads: a non-empty list of workload accounts { name, id, email, regions? } (got ${show(raw.workloads)})`,
        );
    else
        raw.workloads.forEach((e: unknown, i: number) =>
            entry(e, `accounts.workloads[${i}]${isMap(e) && typeof e.name === "string" ? ` (${e.name})` : ""}`, "workload"),
        );
    return problems;
}

function jurisdictionOf(e: Raw, where: string, problems: string[]): string | undefined {
    const v = e.jurisdiction;
    if (v === undefined || v === null || v === "") {
        problems.push(
            `${where}: jurisdiction is missing; the legal area its data must stay in (a lowercase name such as us, eu or au), ` +
                `the same as its partner's`,
        );
        return undefined;
    }
    if (typeof v !== "string" || !JURISDICTION_PATTERN.test(v)) {
        problems.push(`${where}: jurisdiction ${show(v)}; a lowercase name of letters, digits and dashes such as us, eu or au`);
        return undefined;
    }
    return v;
}

function vpcCidrOf(v: unknown, where: string, problems: string[]): Cidr | undefined {
    if (v === undefined || v === null || v === "") {
        problems.push(`${where}: vpcCidr is missing; a private IPv4 range /16 to /28 of its own, e.g. 10.40.0.0/16`);
        return undefined;
    }
    const cidr = typeof v === "string" ? parseCidr(v) : "not a string";
    if (typeof cidr === "string") {
        problems.push(`${where}: vpcCidr ${show(v)} is not an IPv4 CIDR block (${cidr}); e.g. 10.40.0.0/16`);
        return undefined;
    }
    if (cidr.prefix < VPC_PREFIX.min || cidr.prefix > VPC_PREFIX.max) {
        problems.push(`${where}: vpcCidr ${formatCidr(cidr)}: a prefix length from /16 to /28 (AWS VPC limits)`);
        return undefined;
    }
    if (!isPrivate(cidr)) {
        problems.push(
            `${where}: vpcCidr ${formatCidr(cidr)}: a private range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
        );
        return undefined;
    }
    return cidr;
}

/** Parses and validates the text of a topology file; throws one TopologyError listing every problem. */
export function parseTopology(text: string, file: string): Topology {
    let doc: unknown;
    try {
        doc = yaml.load(text, { filename: file });
    } catch (e) {
        throw new TopologyError(file, [`not valid YAML: ${(e as Error).message}`]);
    }
    const problems = topologyProblems(doc);
    if (problems.length > 0) throw new TopologyError(file, problems);
    const d = doc as Raw;
    const regions = (d.regions as Raw[]).map((e) => ({
        region: e.region as string,
        partner: e.partner as string,
        jurisdiction: e.jurisdiction as string,
        vpcCidr: formatCidr(parseCidr(e.vpcCidr as string) as Cidr),
    }));
    const recoveryOnlyRegions = ((d.recoveryOnlyRegions ?? []) as Raw[]).map((e) => ({
        region: e.region as string,
        jurisdiction: e.jurisdiction as string,
    }));
    const homeRegion = d.homeRegion as string;
    return {
        file,
        homeRegion,
        regions,
        recoveryOnlyRegions,
        ...(d.accounts === undefined
            ? {}
            : {
                  accounts: accountsOf(
                      d.accounts as Raw,
                      regions.map((r) => r.region),
                  ),
              }),
    };
}

function accountsOf(raw: Raw, baselineRegions: readonly string[]): AccountsSection {
    const one = (e: Raw, kind: AccountKind, regions: readonly string[]): AccountEntry => ({
        name: e.name as string,
        kind,
        id: e.id as string,
        ...(e.email === undefined ? {} : { email: e.email as string }),
        regions,
    });
    return {
        deployRoleName: (raw.deployRoleName as string | undefined) ?? DEFAULT_DEPLOY_ROLE_NAME,
        accounts: [
            one(raw.management as Raw, "management", baselineRegions),
            one(raw.logArchive as Raw, "log-archive", baselineRegions),
            one(raw.securityTooling as Raw, "security-tooling", baselineRegions),
            ...(raw.workloads as Raw[]).map((w) =>
                one(
                    w,
                    "workload",
                    w.regions === undefined
                        ? baselineRegions
                        : baselineRegions.filter((r) => (w.regions as string[]).includes(r)),
                ),
            ),
        ],
    };
}

/**
 * The topology file: `$BASELINE_TOPOLOGY` when set, else the first `topology.yaml` found walking
 * up from each start folder (this module's folder, which resolves to the repository's lib/ even
 * when a program is loaded from a layer folder, then the working directory).
 */
export function findTopologyFile(starts: readonly string[] = [__dirname, process.cwd()]): string {
    // A TopologyError like every other topology problem: the commands print its message alone.
    const unreadable = (file: string, line: string) => new TopologyError(file, [line], line);
    const fromEnv = process.env[TOPOLOGY_ENV];
    if (fromEnv) {
        const file = path.resolve(fromEnv);
        const what = `${TOPOLOGY_ENV}=${fromEnv}`;
        const uses = `it names the topology file to use, e.g. ${TOPOLOGY_ENV}=examples/organization/${TOPOLOGY_FILE_NAME}; unset it to use the repository's ${TOPOLOGY_FILE_NAME}`;
        if (!fs.existsSync(file)) throw unreadable(file, `${what}: no such file (${uses})`);
        if (fs.statSync(file).isDirectory()) throw unreadable(file, `${what}: a folder, not a file (${uses})`);
        return file;
    }
    for (const start of starts) {
        for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
            const file = path.join(dir, TOPOLOGY_FILE_NAME);
            if (fs.existsSync(file)) return file;
            if (path.dirname(dir) === dir) break;
        }
    }
    throw unreadable(
        TOPOLOGY_FILE_NAME,
        `no ${TOPOLOGY_FILE_NAME} found in ${starts.map((s) => path.resolve(s)).join(" or ")} or any folder above; ` +
            `it declares where the baseline runs and lives at the repository root (or set ${TOPOLOGY_ENV} to its path)`,
    );
}

/** Reads and validates the topology file (see findTopologyFile). */
export function loadTopology(file: string = findTopologyFile()): Topology {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const line = `${file}: cannot read the topology: ${(e as Error).message}`;
        throw new TopologyError(file, [line], line);
    }
    return parseTopology(text, file);
}
