/**
 * Secrets written into plain inputs, where they end up in the program, the
 * state file and the preview: AWS access key ids (AKIA/ASIA + 16), AWS secret
 * access keys (40 base64 characters), and values under names that say they are
 * secret (password, secret, token, private or API key). A value that only points
 * at a secret (an ARN, an SSM or Secrets Manager reference) is not one.
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

/** A value that refers to a secret instead of holding it. */
function isReference(v: string): boolean {
    return /^arn:/.test(v) || /^\{\{resolve:/.test(v) || /^(ssm|secretsmanager):/.test(v) || /^\/[\w/.-]+$/.test(v);
}

/** Why `value` (under `name`) looks like a secret, or undefined. */
export function secretProblem(name: string, value: unknown): string | undefined {
    if (typeof value !== "string" || value === "") return undefined;
    if (ACCESS_KEY_ID.test(value)) return "holds an AWS access key id";
    if (looksLikeSecretKey(value)) return "holds what looks like an AWS secret access key";
    if (SECRET_NAME.test(name) && !isReference(value) && value.length >= 6) return "holds a literal secret";
    return undefined;
}

/** Secret-looking values in a block of text (user data, a script): keys only, names are not known. */
export function textSecretProblem(text: unknown): string | undefined {
    if (typeof text !== "string") return undefined;
    if (ACCESS_KEY_ID.test(text)) return "holds an AWS access key id";
    for (const line of text.split("\n")) {
        const m = /([A-Za-z_]*(PASSWORD|SECRET|TOKEN)[A-Za-z_]*)\s*[=:]\s*["']?([^"'\s$]{6,})/i.exec(line);
        if (m && !isReference(m[3])) return `sets ${m[1]} to a literal`;
    }
    return looksLikeSecretKey(text) ? "holds what looks like an AWS secret access key" : undefined;
}
