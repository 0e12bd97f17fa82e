/**
 * The one argument parser of `npm run plan`, `analyze` and `deploy`: Node's own
 * `util.parseArgs` (no dependency), so every command takes `--flag value` and
 * `--flag=value`, prints its usage on `-h`/`--help`, and refuses an unknown
 * flag, a missing value or a repeated flag with the same kind of message.
 */
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
