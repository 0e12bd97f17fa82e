/**
 * The one argument parser of the scripts (`npm run plan`, `analyze`, `deploy`, the `gen:*`
 * generators, ...): Node's own `util.parseArgs` (no dependency), so every command takes
 * `--flag value` and `--flag=value`, prints its usage on `-h`/`--help`, and refuses an unknown
 * flag, a missing value or a repeated flag with the same kind of message.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export interface FlagSpec {
    readonly type: "string" | "boolean";
    /** May be given more than once (values are collected in order). */
    readonly multiple?: boolean;
}

export type Parsed<F extends Record<string, FlagSpec>> = {
    readonly help: boolean;
    readonly values: {
        [K in keyof F]?: F[K]["type"] extends "string" ? (F[K]["multiple"] extends true ? string[] : string) : boolean;
    };
    readonly positionals: string[];
};

/**
 * Parses `argv` against `flags` (names without the leading `--`). Throws a
 * UsageError naming the flag and what is allowed.
 */
export function parseCommandLine<F extends Record<string, FlagSpec>>(
    argv: readonly string[],
    flags: F,
    opts: { positionals?: boolean } = {},
): Parsed<F> {
    const known = Object.keys(flags).map((f) => `--${f}`);
    const options = { ...flags, help: { type: "boolean" as const, short: "h" } };
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: opts.positionals ?? false, tokens: true });
    } catch (e) {
        throw new UsageError(describe(e as Error & { code?: string }, known, opts.positionals ?? false));
    }
    for (const name of Object.keys(flags)) {
        const given = parsed.tokens.filter((t) => t.kind === "option" && t.name === name);
        if (!flags[name].multiple && given.length > 1) throw new UsageError(`--${name} given twice`);
        if (flags[name].type === "string" && given.some((t) => t.kind === "option" && t.value === "")) {
            throw new UsageError(`--${name} needs a value`);
        }
    }
    const { help, ...values } = parsed.values as Record<string, unknown>;
    return { help: help === true, values: values as Parsed<F>["values"], positionals: parsed.positionals };
}

function describe(e: Error & { code?: string }, known: readonly string[], positionals: boolean): string {
    const knownList = `known: ${[...known, "--help"].join(", ")}`;
    const flag = /'(-{1,2}[^' ]+)/.exec(e.message)?.[1];
    switch (e.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
            return `unknown option ${flag ?? e.message} (${knownList})`;
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            if (/does not take an argument/.test(e.message)) return `${flag} takes no value`;
            return `${flag} needs a value${/ambiguous/.test(e.message) ? ` (to pass one that starts with a dash, write ${flag}=-...)` : ""}`;
        case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
            return positionals
                ? e.message
                : `unexpected argument ${/'([^']*)'/.exec(e.message)?.[1] ?? ""}: this command takes only options (${knownList})`;
        default:
            return e.message;
    }
}

/**
 * A flag's whole number from 1 to `max`, or `fallback` when the flag is not given. Digits only:
 * Number() would also take "0x10", "1e1" or " 3". Throws a UsageError naming the flag, the range and
 * the value.
 */
export function wholeNumberFlag(flag: string, text: string | undefined, fallback: number, max: number): number {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max)
        throw new UsageError(`${flag} must be a whole number from 1 to ${max}, got "${text}"`);
    return Number(text);
}

/**
 * Checks an output file's path (`--out`, `--summary`, `--summary-json`, ...) before anything runs, so a
 * path that cannot be written fails at once, not after the work: its folder must exist and be a folder,
 * and the path must not be a folder. Throws a UsageError naming the flag and the path; returns the
 * absolute path.
 */
export function checkOutputFile(flag: string, file: string): string {
    const abs = path.resolve(file);
    const fail = (why: string): never => {
        throw new UsageError(`${flag} ${file}: ${why} (give the path of a file, in a folder that exists)`);
    };
    const stat = (p: string): fs.Stats | undefined => {
        try {
            return fs.statSync(p, { throwIfNoEntry: false });
        } catch (e) {
            const code = (e as NodeJS.ErrnoException).code;
            // A file on the way (a/b.md where a is a file): the walk below names it.
            return code === "ENOTDIR" ? undefined : fail(`cannot read ${p} (${code ?? (e as Error).message})`);
        }
    };
    if (stat(abs)?.isDirectory()) fail("is a folder");
    const dir = path.dirname(abs);
    // The nearest part of the path that exists: the folder itself, or where the path stops being one.
    let existing = dir;
    while (!stat(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    if (!stat(existing)?.isDirectory()) fail(`${existing} is a file, not a folder`);
    if (existing !== dir) fail(`the folder ${dir} does not exist`);
    return abs;
}

/** What a script's main returns: its exit code and the lines to print. */
export interface CommandResult {
    readonly code: number;
    readonly lines: readonly string[];
}

/** Prints a result's lines (standard output when it succeeded, standard error otherwise) and sets the exit code. */
export function printResult(result: CommandResult): void {
    for (const l of result.lines) (result.code === 0 ? console.log : console.error)(l);
    process.exitCode = result.code;
}

/** What a generator says of one file it compares or writes (`rewritten` or `unchanged` follows `written`). */
export interface GeneratedFileWords {
    readonly stale: (state: "missing" | "stale") => string;
    readonly current: string;
    readonly written: string;
}

/**
 * One generated file against the text it should hold: with `check`, a line saying whether it is
 * current (exit 1 when it is missing or stale) and nothing written; otherwise the text written when
 * it differs, and a line saying whether it was.
 */
export function checkOrWrite(file: string, text: string, check: boolean, words: GeneratedFileWords): CommandResult {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
    if (check) {
        if (current === text) return { code: 0, lines: [words.current] };
        return { code: 1, lines: [words.stale(current === undefined ? "missing" : "stale")] };
    }
    if (current !== text) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    }
    return { code: 0, lines: [`${words.written} ${current === text ? "unchanged" : "rewritten"}`] };
}

/** An option of a generator besides --check and --help, for its usage text. */
export interface GeneratorOption {
    /** As the usage shows it, e.g. `--out FILE`. */
    readonly flag: string;
    readonly help: string;
}

const CHECK_OPTION: GeneratorOption = { flag: "--check", help: "write nothing; exit 1 when a generated file is stale" };
const HELP_OPTION: GeneratorOption = { flag: "-h, --help", help: "print this text and write nothing" };

/**
 * The usage of a `gen:*` script: every generator takes --check and --help and says what it
 * writes; `extra` are its other options.
 */
export function generatorUsage(name: string, writes: string, extra: readonly GeneratorOption[] = []): string {
    const options = [CHECK_OPTION, ...extra, HELP_OPTION];
    const width = Math.max(...options.map((o) => o.flag.length)) + 2;
    return [
        `usage: npm run ${name} [-- --check]${extra.map((o) => ` [-- ${o.flag}]`).join("")}`,
        "",
        writes,
        "",
        ...options.map((o) => `  ${o.flag.padEnd(width)}${o.help}`),
    ].join("\n");
}

/**
 * The command line of a `gen:*` script: `--check`, `--help` and the generator's own `flags`, nothing
 * else. Returns the values, or the result to end with at once: the usage for --help (exit 0, nothing
 * written), one error naming the bad argument and then the usage (exit 2).
 */
export function generatorArgs<F extends Record<string, FlagSpec>>(
    argv: readonly string[],
    name: string,
    usage: string,
    flags: F = {} as F,
): { readonly check: boolean; readonly values: Parsed<F>["values"] } | CommandResult {
    let parsed;
    try {
        parsed = parseCommandLine(argv, { check: { type: "boolean" }, ...flags });
    } catch (e) {
        if (e instanceof UsageError) return { code: 2, lines: [`${name}: ${e.message}`, "", usage] };
        throw e;
    }
    if (parsed.help) return { code: 0, lines: [usage] };
    const { check, ...values } = parsed.values as Record<string, unknown>;
    return { check: check === true, values: values as Parsed<F>["values"] };
}

/** A path as the user would write it: relative inside the working directory, as given outside it. */
export function shownPath(p: string): string {
    const rel = path.relative(process.cwd(), p);
    return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? p : rel;
}
