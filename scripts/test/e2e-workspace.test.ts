/**
 * The engine-level run's one encryption salt for every stack file of its copy: the state is
 * what the CLI checks a passphrase against (decrypted here independently of how it was made),
 * and it is added to the stack files only, once.
 */
import { createDecipheriv, pbkdf2Sync } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { passphraseSaltState, shareEncryptionSalt } from "../src/e2e/workspace";

/** What the CLI does with a state (symmetricCrypterFromPhraseAndState): derive the key, open the check value. */
function openCheckValue(state: string, passphrase: string): string {
    const [v1, salt, v1b, nonce, sealed] = state.split(":");
    expect([v1, v1b]).toEqual(["v1", "v1"]);
    const key = pbkdf2Sync(passphrase, Buffer.from(salt, "base64"), 1_000_000, 32, "sha256");
    const bytes = Buffer.from(sealed, "base64");
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(nonce, "base64"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString("utf8");
}

describe("passphraseSaltState", () => {
    const state = passphraseSaltState("the run's passphrase");

    it('is v1:<8-byte salt>:v1:<12-byte nonce>:<sealed check value>, opened by the passphrase to "pulumi"', () => {
        const parts = state.split(":");
        expect(parts).toHaveLength(5);
        expect(Buffer.from(parts[1], "base64")).toHaveLength(8);
        expect(Buffer.from(parts[3], "base64")).toHaveLength(12);
        expect(openCheckValue(state, "the run's passphrase")).toBe("pulumi");
    });

    it("is refused with another passphrase, and a second state has another salt", () => {
        expect(() => openCheckValue(state, "another passphrase")).toThrow(/unable to authenticate/i);
        expect(passphraseSaltState("the run's passphrase").split(":")[1]).not.toBe(state.split(":")[1]);
    });
});

describe("shareEncryptionSalt", () => {
    let repo: string;
    beforeEach(() => {
        repo = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-salt-"));
        const write = (rel: string, text: string) => {
            fs.mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
            fs.writeFileSync(path.join(repo, rel), text);
        };
        write("stacks/network/Pulumi.yaml", "name: baseline-network\nruntime: nodejs\n");
        write("stacks/network/Pulumi.production-us-east-1.yaml", "config:\n  aws:region: us-east-1\n");
        write("stacks/global-iam/Pulumi.production.yaml", "config:\n  aws:region: us-east-1"); // no final newline
        write("stacks/README.md", "not a layer\n");
    });
    afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

    it("appends the one state to every stack file and leaves project files alone", () => {
        const written = shareEncryptionSalt(repo, "v1:c2FsdA==:v1:check");
        expect(written.sort()).toEqual(
            ["stacks/global-iam/Pulumi.production.yaml", "stacks/network/Pulumi.production-us-east-1.yaml"].map((p) =>
                path.join(...p.split("/")),
            ),
        );
        const read = (rel: string) => fs.readFileSync(path.join(repo, rel), "utf8");
        expect(read("stacks/network/Pulumi.production-us-east-1.yaml")).toBe(
            "config:\n  aws:region: us-east-1\nencryptionsalt: v1:c2FsdA==:v1:check\n",
        );
        expect(read("stacks/global-iam/Pulumi.production.yaml")).toBe(
            "config:\n  aws:region: us-east-1\nencryptionsalt: v1:c2FsdA==:v1:check\n",
        );
        expect(read("stacks/network/Pulumi.yaml")).toBe("name: baseline-network\nruntime: nodejs\n");
    });

    it("refuses a stack file that already has a salt, naming it", () => {
        fs.appendFileSync(path.join(repo, "stacks/network/Pulumi.production-us-east-1.yaml"), "encryptionsalt: v1:x:y\n");
        expect(() => shareEncryptionSalt(repo, "v1:c2FsdA==:v1:check")).toThrow(
            `${path.join(repo, "stacks", "network", "Pulumi.production-us-east-1.yaml")} already has an encryptionsalt`,
        );
    });
});
