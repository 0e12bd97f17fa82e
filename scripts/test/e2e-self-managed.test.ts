/**
 * The engine-level run's self-managed backend check (e2e/selfManagedBackend.ts) uses the URLs
 * docs/deploying.md gives a user, with only what an emulator needs added; the deploy script takes
 * its secrets provider URL as a user passes it. (The check itself runs under `npm run e2e`, with
 * the built CLI against moto.)
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "../src/deploy/cli";
import { selfManagedUrls } from "../src/e2e/selfManagedBackend";

const PAGE = fs.readFileSync(path.resolve(__dirname, "../../docs/deploying.md"), "utf8");

it("the backend and secrets provider URLs are the page's, plus the emulator's endpoint (and path-style buckets for S3)", () => {
    const login = /pulumi login '(s3:\/\/[^']+)'/.exec(PAGE)?.[1];
    const provider = /--secrets-provider '(awskms:\/\/[^']+)'/.exec(PAGE)?.[1];
    expect([login, provider]).toEqual([
        "s3://<state-bucket>?region=us-east-1&awssdk=v2",
        "awskms://alias/<key>?region=us-east-1",
    ]);
    const endpoint = "http://127.0.0.1:5000";
    const urls = selfManagedUrls(endpoint, "<state-bucket>", "alias/<key>");
    expect(urls).toEqual({
        backend: `${login}&endpoint=${encodeURIComponent(endpoint)}&use_path_style=true`,
        secretsProvider: `${provider}&endpoint=${encodeURIComponent(endpoint)}`,
    });
    for (const url of Object.values(urls))
        expect(new URLSearchParams(url.slice(url.indexOf("?") + 1)).get("endpoint")).toBe(endpoint);
});

it("the deploy script takes the check's awskms URL as --secrets-provider", () => {
    const { secretsProvider } = selfManagedUrls("http://127.0.0.1:5000");
    const parsed = parseArgs(["preview", "--secrets-provider", secretsProvider]);
    expect(parsed.help ? undefined : parsed.options.secretsProvider).toBe(secretsProvider);
});
