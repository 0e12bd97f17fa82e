/**
 * The secrets provider of the engine-level run: a stand-in for HashiCorp Vault's transit secrets
 * engine on a loopback port, which every stack of the run gets (`hashivault://<key>`).
 *
 * Why not a passphrase: the passphrase provider derives its key with PBKDF2-SHA256 at 1,000,000
 * iterations (pkg/secrets/passphrase), which took each CLI run that loads a stack (up, preview,
 * refresh, stack export, stack init; some 125 a run) about 0.17 s of CPU more than the same
 * command on a stack with a key service: 0.29-0.33 s against 0.14-0.17 s for `pulumi config get`
 * of a secret. A key service provider (pkg/secrets/cloud) instead asks the service once per run to
 * decrypt the stack's data key, which `stack init` had it encrypt, and encrypts the stack's
 * secrets with that key itself, as it does with AWS KMS on a team's S3 backend.
 *
 * The CLI reaches Vault through gocloud.dev/secrets/hashivault: `VAULT_SERVER_URL` and
 * `VAULT_SERVER_TOKEN`, and `POST /v1/transit/encrypt/<key>` with `{"plaintext": <base64>}`
 * answered by `{"data": {"ciphertext": "vault:v1:..."}}`, and `decrypt` the other way. This
 * stand-in answers those two with AES-256-GCM under a key made for the run and held only in
 * memory, and refuses every other request, a wrong token and an unknown key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";

export interface StandInVault {
    /** `VAULT_SERVER_URL` and `VAULT_SERVER_TOKEN` for the CLI. */
    readonly env: { readonly VAULT_SERVER_URL: string; readonly VAULT_SERVER_TOKEN: string };
    /** What `pulumi stack init --secrets-provider` takes for it. */
    readonly secretsProvider: string;
    close(): Promise<void>;
}

const KEY_NAME = "baseline-e2e";
const PREFIX = "vault:v1:";

function seal(key: Buffer, plaintext: Buffer): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return PREFIX + sealed.toString("base64");
}

function open(key: Buffer, ciphertext: string): Buffer {
    if (!ciphertext.startsWith(PREFIX)) throw new Error(`ciphertext does not start with ${PREFIX}`);
    const raw = Buffer.from(ciphertext.slice(PREFIX.length), "base64");
    if (raw.length < 28) throw new Error("ciphertext too short");
    const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]);
}

/** Vault's error shape: `{"errors": [...]}`. */
function reply(res: http.ServerResponse, status: number, body: object): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
}

export async function startStandInVault(): Promise<StandInVault> {
    const key = randomBytes(32);
    const token = randomBytes(16).toString("hex");
    const server = http.createServer((req, res) => {
        let text = "";
        req.setEncoding("utf8");
        req.on("data", (chunk: string) => (text += chunk));
        req.on("end", () => {
            const route = /^\/v1\/transit\/(encrypt|decrypt)\/([^/?]+)$/.exec(req.url ?? "");
            if (req.method !== "POST" && req.method !== "PUT") return reply(res, 405, { errors: ["method not allowed"] });
            if (!route) return reply(res, 404, { errors: [`no handler for route "${req.url}"`] });
            if (req.headers["x-vault-token"] !== token) return reply(res, 403, { errors: ["permission denied"] });
            if (route[2] !== KEY_NAME) return reply(res, 400, { errors: [`encryption key not found: ${route[2]}`] });
            try {
                const body = JSON.parse(text) as { plaintext?: unknown; ciphertext?: unknown };
                if (route[1] === "encrypt") {
                    if (typeof body.plaintext !== "string") throw new Error("missing plaintext to encrypt");
                    return reply(res, 200, { data: { ciphertext: seal(key, Buffer.from(body.plaintext, "base64")) } });
                }
                if (typeof body.ciphertext !== "string") throw new Error("missing ciphertext to decrypt");
                return reply(res, 200, { data: { plaintext: open(key, body.ciphertext).toString("base64") } });
            } catch (e) {
                return reply(res, 400, { errors: [e instanceof Error ? e.message : String(e)] });
            }
        });
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(0, "127.0.0.1", resolve);
    });
    // The CLI's processes outlive no run, but a keep-alive socket must not hold this process open.
    server.unref();
    const { port } = server.address() as AddressInfo;
    return {
        env: { VAULT_SERVER_URL: `http://127.0.0.1:${port}`, VAULT_SERVER_TOKEN: token },
        secretsProvider: `hashivault://${KEY_NAME}`,
        close: () =>
            new Promise((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            }),
    };
}
