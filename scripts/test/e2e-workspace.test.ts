/**
 * The engine-level run's secrets provider, a stand-in for Vault's transit engine, answered over
 * HTTP as the CLI's gocloud.dev/secrets/hashivault keeper asks it; and the workspace's
 * environment, which points the CLI at it and sets no passphrase.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startStandInVault, StandInVault } from "../src/e2e/standInVault";
import { createWorkspace } from "../src/e2e/workspace";

describe("startStandInVault", () => {
    let vault: StandInVault;
    beforeAll(async () => {
        vault = await startStandInVault();
    });
    afterAll(() => vault.close());

    /** A Vault Logical().Write: POST with the token header. */
    async function write(route: string, body: object, token = vault.env.VAULT_SERVER_TOKEN) {
        const r = await fetch(`${vault.env.VAULT_SERVER_URL}/v1/${route}`, {
            method: "POST",
            headers: { "X-Vault-Token": token, "content-type": "application/json" },
            body: JSON.stringify(body),
        });
        return { status: r.status, body: (await r.json()) as { data?: Record<string, string>; errors?: string[] } };
    }
    const key = () => vault.secretsProvider.replace("hashivault://", "");

    it("is a hashivault:// provider on a loopback URL with a token of its own", () => {
        expect(vault.secretsProvider).toMatch(/^hashivault:\/\/[a-z0-9-]+$/);
        expect(vault.env.VAULT_SERVER_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(vault.env.VAULT_SERVER_TOKEN).toMatch(/^[0-9a-f]{32}$/);
    });

    it("encrypts and decrypts a data key, and the ciphertext neither holds it nor repeats", async () => {
        const dataKey = Buffer.from("0123456789abcdef0123456789abcdef");
        const plaintext = dataKey.toString("base64");
        const sealed = await write(`transit/encrypt/${key()}`, { plaintext });
        expect(sealed.status).toBe(200);
        const ciphertext = sealed.body.data!.ciphertext;
        expect(ciphertext).toMatch(/^vault:v1:/);
        expect(Buffer.from(ciphertext.slice(9), "base64").includes(dataKey)).toBe(false);
        expect((await write(`transit/encrypt/${key()}`, { plaintext })).body.data!.ciphertext).not.toBe(ciphertext);
        expect(await write(`transit/decrypt/${key()}`, { ciphertext })).toEqual({ status: 200, body: { data: { plaintext } } });
    });

    it("refuses a wrong token, an unknown key, a changed ciphertext and other routes", async () => {
        const { ciphertext } = (await write(`transit/encrypt/${key()}`, { plaintext: "aGVsbG8=" })).body.data!;
        expect((await write(`transit/decrypt/${key()}`, { ciphertext }, "not-the-token")).status).toBe(403);
        expect((await write("transit/decrypt/another-key", { ciphertext })).status).toBe(400);
        const raw = Buffer.from(ciphertext.slice(9), "base64");
        raw[raw.length - 1] ^= 1;
        const changed = await write(`transit/decrypt/${key()}`, { ciphertext: `vault:v1:${raw.toString("base64")}` });
        expect([changed.status, changed.body.errors]).toEqual([400, [expect.stringMatching(/authenticate/i)]]);
        expect((await write(`transit/encrypt/${key()}`, {})).body.errors).toEqual(["missing plaintext to encrypt"]);
        expect((await write("sys/health", {})).status).toBe(404);
    });
});

describe("createWorkspace", () => {
    let dir: string;
    const before = process.env.PULUMI_CONFIG_PASSPHRASE;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-workspace-"));
        process.env.PULUMI_CONFIG_PASSPHRASE = "from the caller's shell";
    });
    afterEach(() => {
        if (before === undefined) delete process.env.PULUMI_CONFIG_PASSPHRASE;
        else process.env.PULUMI_CONFIG_PASSPHRASE = before;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("points the CLI at the run's secrets provider and sets no passphrase", () => {
        // A repository as small as createWorkspace needs: a stack file and one workspace package link.
        const repo = path.join(dir, "repo");
        fs.mkdirSync(path.join(repo, "stacks", "network"), { recursive: true });
        fs.writeFileSync(path.join(repo, "stacks", "network", "Pulumi.production-us-east-1.yaml"), "config: {}\n");
        fs.mkdirSync(path.join(repo, "node_modules", "@baseline"), { recursive: true });
        fs.symlinkSync("../../lib", path.join(repo, "node_modules", "@baseline", "lib"));
        const vault = {
            env: { VAULT_SERVER_URL: "http://127.0.0.1:9", VAULT_SERVER_TOKEN: "t" },
            secretsProvider: "hashivault://k",
        };
        const ws = createWorkspace(path.join(dir, "bin"), vault, repo, dir);
        expect(ws.secretsProvider).toBe("hashivault://k");
        expect([ws.env.VAULT_SERVER_URL, ws.env.VAULT_SERVER_TOKEN]).toEqual(["http://127.0.0.1:9", "t"]);
        expect("PULUMI_CONFIG_PASSPHRASE" in ws.env).toBe(false);
        // The copy's stack files are as committed: `pulumi stack init` adds the provider and key.
        expect(fs.readFileSync(path.join(ws.repo, "stacks", "network", "Pulumi.production-us-east-1.yaml"), "utf8")).toBe(
            "config: {}\n",
        );
    });
});
