/**
 * Secrets written into plain inputs, where they end up in the program, the
 * state file and the preview: AWS access key ids (AKIA/ASIA + 16), AWS secret
 * access keys (40 base64 characters), and values under names that say they are
 * secret (password, secret, token, private or API key), and credentials written into
 * a connection string (`postgres://app:hunter2@db:5432/orders`) under any name. A value
 * that only points at a secret (an ARN, an SSM or Secrets Manager reference) is not one,
 * and neither is a name, id or path of names (`prod/orders/db-credentials`) under a name
 * that says it holds one (`DB_SECRET_ID`, `TOKEN_TABLE`, `SIGNING_KEY_ALIAS`, `DB_PASSWORD_JSON_KEY`), nor a name or a URL without
 * credentials under a name that says it describes or locates something (`TOKEN_ISSUER`,
 * `TOKEN_ENDPOINT`, `API_KEY_HEADER`, `PASSWORD_RESET_URL`: OAuth and JWT configuration
 * is public), unless the value is spelled like a credential. Under any other name a value
 * with slashes is judged as a value: a password may contain one.
 */

/** "Access key IDs beginning with AKIA are long-term access keys ... ASIA are temporary" (IAM User Guide, access keys). */
const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;
const SECRET_ACCESS_KEY = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g;
const SECRET_NAME = /(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential)/i;

/** True for a 40-character value that looks like an AWS secret access key (mixed case and digits, not hex). */
function looksLikeSecretKey(v: string): boolean {
    for (const m of v.matchAll(SECRET_ACCESS_KEY)) {
        const s = m[0];
        if (/^[0-9a-f]+$/i.test(s)) continue;
        if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return true;
    }
    return false;
}

/**
 * A value that refers to a secret instead of holding it: an ARN, a dynamic reference, a parameter path, and
 * three spellings AWS gives the things that select a secret, under any name:
 * - a KMS alias, `alias/<name>`: "It can contain only alphanumeric characters, forward slashes (/), underscores
 *   (_), and dashes (-)" (KMS Developer Guide, Create aliases), so a spaced or punctuated value is not one;
 * - a Secrets Manager staging label of rotation, AWSCURRENT, AWSPREVIOUS or AWSPENDING ("The three staging labels
 *   for rotation are: AWSCURRENT ... AWSPENDING ... AWSPREVIOUS", Secrets Manager API Reference, DescribeSecret);
 * - the name RDS gives the secret it manages for a master user password (`manageMasterUserPassword`):
 *   `rds!` then the kind of database and a UUID (`rds!db-<uuid>`, `rds!cluster-<uuid>`), a spelling no
 *   password generator is held to.
 */
function isReference(v: string): boolean {
    return (
        /^arn:/.test(v) ||
        /^\{\{resolve:/.test(v) ||
        /^(ssm|secretsmanager):/.test(v) ||
        /^\/[\w/.-]+$/.test(v) ||
        /^alias\/[A-Za-z0-9/_-]+$/.test(v) ||
        /^AWS(CURRENT|PREVIOUS|PENDING)$/.test(v) ||
        /^rds![a-z]+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v)
    );
}

/**
 * The last word of a name that says its value names something rather than holds it
 * (`DB_SECRET_ID`, `TOKEN_TABLE`, `/orders/db-secret-name`, `apiKeyParameter`, `SIGNING_KEY_ALIAS`,
 * `SECRET_VERSION_STAGE`, `SECRET_LABEL`, `TOKEN_CACHE_BUCKET`, `TOKEN_QUEUE`, `PASSWORD_RESET_TOPIC`,
 * `SECRET_STORE`), or the last two words, `JSON_KEY`: the key a secret's JSON holds the password under
 * (`DB_PASSWORD_JSON_KEY: password`). `KEY` alone is not one: `API_KEY`, `SECRET_KEY` hold the key.
 */
const IDENTIFIER_NAME =
    /(^|[^a-z0-9])(ids?|names?|arns?|tables?|parameters?|alias(es)?|stages?|labels?|buckets?|queues?|topics?|stores?|json_keys?)$/i;

/**
 * The last word of a name that says its value describes or locates something next to a secret
 * (`TOKEN_ISSUER`, `TOKEN_AUDIENCE`, `TOKEN_ENDPOINT`, `API_KEY_HEADER`, `PASSWORD_RESET_URL`,
 * `PASSWORD_MIN_LENGTH`, `SECRETS_BACKEND`): where a token comes from and how it is checked, not the token.
 */
const DESCRIPTOR_NAME =
    /(^|[^a-z0-9])(urls?|uris?|endpoints?|hosts?|hostnames?|domains?|ports?|issuers?|audiences?|headers?|scopes?|claims?|types?|modes?|algorithms?|regions?|lengths?|ttl|expiry|expiration|lifetime|days|hours|minutes|seconds|enabled|required|users?|usernames?|fields?|formats?|versions?|providers?|backends?)$/i;

/**
 * Credentials in a URL's authority (`scheme://user:password@host`), the way database, cache and
 * queue clients take them. A password that is a placeholder (`${DB_PASSWORD}`, `{{...}}`, `%s`,
 * `<password>`) is filled in at run time, not written here.
 */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*:([^\s@/'"]+)@/i;

function urlCredentials(v: string): boolean {
    const m = URL_CREDENTIALS.exec(v);
    return m !== null && !/^(\$|\{\{|%|<|\*+$)/.test(m[1]);
}

/** The words of a name (`DB_SECRET_ID`, `dbSecretId`, `/app/db-secret-id` all give db, secret, id) joined by `_`. */
function words(name: string): string {
    return name
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "")
        .join("_");
}

/**
 * True for a value spelled like an AWS name or id: segments joined by `/`, `-`, `_` or `.`,
 * each a lowercase or an uppercase word with digits (`orders`, `9f8e7d6`, `PROD`) or
 * capitalised words with a trailing number (`OrdersTable2`), none a long run mixing letters
 * and digits. A password mixes cases and digits inside a word (`Sup3rS3cret`) or carries
 * other characters (`!`, `@`, `+`, `=`, a space); a token is a long random run
 * (`ghp_16C7e42F...`, base64); neither is spelled like a name.
 */
function isIdentifier(v: string): boolean {
    if (!/^[A-Za-z0-9/_.-]+$/.test(v)) return false;
    return v
        .split(/[/_.-]+/)
        .filter((seg) => seg !== "")
        .every((seg) => {
            // A run of 20 or more that mixes letters and digits is random, whatever its case.
            if (seg.length >= 20 && /[A-Za-z]/.test(seg) && /[0-9]/.test(seg)) return false;
            if (/^[a-z0-9]+$/.test(seg) || /^[A-Z0-9]+$/.test(seg)) return true;
            // Capitalised words (an acronym counts as one), then an optional number; words of one or
            // two letters throughout (`AbCdEfGh`) are case flipped at random, not words.
            const m = /^((?:[A-Z]?[a-z]+|[A-Z]+(?![a-z]))+)[0-9]*$/.exec(seg);
            if (!m) return false;
            const parts = m[1].match(/[A-Z]?[a-z]+|[A-Z]+(?![a-z])/g) ?? [];
            return m[1].length / parts.length >= 3;
        });
}

/**
 * True for a URL or URI with no credentials, query or fragment (`https://cognito-idp.us-east-1.amazonaws.com/
 * us-east-1_AbCdEf123`, `https://auth.example.com/oauth2/token`, an application ID URI as a token audience,
 * `api://orders`) whose path carries no long random run: a webhook URL whose path is its secret
 * (`https://hooks.slack.com/services/T0/B0/<24 random characters>`) is not one.
 */
function isPlainUrl(v: string): boolean {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9/_.~-]*)?$/i.exec(v);
    if (!m) return false;
    return (m[2] ?? "")
        .split(/[/_.~-]+/)
        .every((seg) => seg.length < 32 && !(seg.length >= 20 && /[A-Za-z]/.test(seg) && /[0-9]/.test(seg)));
}

/**
 * Whether a value under a secret-sounding name only names or describes something: the name's last word says so
 * (`DB_SECRET_ID`, `TOKEN_ISSUER`) and the value is spelled like a name or is a URL without credentials.
 */
function namesOrDescribes(name: string, value: string): boolean {
    const w = words(name);
    return (IDENTIFIER_NAME.test(w) || DESCRIPTOR_NAME.test(w)) && (isIdentifier(value) || isPlainUrl(value));
}

/** Why `value` (under `name`) looks like a secret, or undefined. */
export function secretProblem(name: string, value: unknown): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    if (ACCESS_KEY_ID.test(value)) return "holds an AWS access key id";
    if (looksLikeSecretKey(value)) return "holds what looks like an AWS secret access key";
    if (urlCredentials(value)) return "holds a password in a connection string (user:password@)";
    if (SECRET_NAME.test(name) && !isReference(value) && value.length >= 6) {
        // `DB_SECRET_ID: prod-orders-db`, `TOKEN_ISSUER: https://...`: the name says the value names or describes something.
        if (namesOrDescribes(name, value)) return undefined;
        return "holds a literal secret";
    }
    return undefined;
}

/** Secret-looking values in a block of text (user data, a script): keys only, names are not known. */
export function textSecretProblem(text: unknown): string | undefined {
    if (typeof text !== "string") return undefined;
    if (ACCESS_KEY_ID.test(text)) return "holds an AWS access key id";
    if (urlCredentials(text)) return "holds a password in a connection string (user:password@)";
    // Every assignment of a line: `-e TOKEN_ENDPOINT=https://... -e DB_PASSWORD=...` sets two.
    for (const m of text.matchAll(/([A-Za-z_]*(PASSWORD|SECRET|TOKEN)[A-Za-z_]*)\s*[=:]\s*["']?([^"'\s$]{6,})/gi))
        if (!isReference(m[3]) && !namesOrDescribes(m[1], m[3])) return `sets ${m[1]} to a literal`;
    return looksLikeSecretKey(text) ? "holds what looks like an AWS secret access key" : undefined;
}
