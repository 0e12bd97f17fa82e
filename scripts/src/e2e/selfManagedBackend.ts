/**
 * The self-managed backend of docs/deploying.md ("State backend", the S3 option) through the CLI
 * built here: the state in an S3 bucket (`s3://<bucket>?region=…&awssdk=v2`) and the stacks'
 * secrets encrypted by a KMS key (`--secrets-provider 'awskms://alias/<key>?region=…'`), with
 * moto standing in for both services. A program with one secret config value is initialised, set,
 * deployed and read back; the state object must be in the bucket and must not hold the secret.
 *
 * The URLs are the page's, with what only an emulator needs added: `endpoint` (gocloud.dev's
 * aws.V2ConfigFromURLParams, for both) and `use_path_style` (gocloud.dev's s3blob; moto serves
 * buckets by path). moto_server comes from .ci/run; a run without it is reported as skipped,
 * except in CI, where it fails.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { exec } from "./exec";
import { FixtureCheck } from "./fixtures";
import { motoInstalled, startMoto } from "./motoServer";
import { E2eWorkspace } from "./workspace";

const REGION = "us-east-1";
const BUCKET = "baseline-state";
const KEY_ALIAS = "alias/baseline-pulumi-secrets";
const PROJECT = "e2e-self-managed-backend";

/** The page's backend and secrets provider URLs, pointed at an emulator at `endpoint`. */
export function selfManagedUrls(
    endpoint: string,
    bucket = BUCKET,
    alias = KEY_ALIAS,
): { backend: string; secretsProvider: string } {
    const at = `endpoint=${encodeURIComponent(endpoint)}`;
    return {
        backend: `s3://${bucket}?region=${REGION}&awssdk=v2&${at}&use_path_style=true`,
        secretsProvider: `awskms://${alias}?region=${REGION}&${at}`,
    };
}

/**
 * One call of KMS's JSON protocol (the target prefix is the service's, TrentService). The
 * Authorization header carries a SigV4 credential scope and no real signature: moto in server mode
 * routes a request by the scope's service and region and does not check signatures.
 */
async function kms(endpoint: string, operation: string, body: object): Promise<Record<string, unknown>> {
    const res = await fetch(endpoint, {
        method: "POST",
        headers: {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": `TrentService.${operation}`,
            Authorization: `AWS4-HMAC-SHA256 Credential=stand-in/20260101/${REGION}/kms/aws4_request, SignedHeaders=host;x-amz-target, Signature=0`,
        },
        body: JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`KMS ${operation}: HTTP ${res.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
}

export async function selfManagedBackendChecks(ws: E2eWorkspace, env: NodeJS.ProcessEnv = process.env): Promise<FixtureCheck[]> {
    const name =
        "a self-managed backend as docs/deploying.md sets it up (S3 state, awskms secrets; moto): init, secret config, up, output; the state in the bucket holds no plaintext";
    if (!motoInstalled()) {
        if (env.CI === "true")
            return [
                {
                    name,
                    ok: false,
                    seconds: 0,
                    detail: "moto_server is not on PATH: CI must install moto[server] (.ci/run does)",
                },
            ];
        process.stdout.write(`skipped: ${name}: moto_server is not on PATH (python3 -m pip install 'moto[server]==5.2.6')\n`);
        return [];
    }
    const started = Date.now();
    const moto = await startMoto();
    try {
        // The SDK's notice that its 2027 releases need Node 22 (as jest.setup.js explains): the
        // client here only sets up the emulator, in a run package-lock.json pins. An explicit value wins.
        process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
        const s3 = new S3Client({
            region: REGION,
            endpoint: moto.url,
            forcePathStyle: true,
            credentials: { accessKeyId: "stand-in", secretAccessKey: "stand-in" },
        });
        await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
        const key = (await kms(moto.url, "CreateKey", { Description: "Pulumi secrets (e2e)" })).KeyMetadata as { KeyId: string };
        await kms(moto.url, "CreateAlias", { AliasName: KEY_ALIAS, TargetKeyId: key.KeyId });

        const urls = selfManagedUrls(moto.url);
        const dir = path.join(ws.repo, "scripts", "e2e-fixtures", "self-managed-backend");
        const runEnv = { ...ws.env, PULUMI_BACKEND_URL: urls.backend };
        const pulumi = path.join(ws.bin, "pulumi");
        const token = crypto.randomBytes(12).toString("hex");
        const outs: string[] = [];
        const step = async (label: string, args: string[]) => {
            const r = await exec(ws, `self-managed-${label}`, "nice", ["-n", "19", pulumi, ...args], { cwd: dir, env: runEnv });
            outs.push(`$ pulumi ${args.join(" ")}\n${r.out}`);
            return r;
        };
        const ran = [
            await step("init", ["stack", "init", "dev", "--secrets-provider", urls.secretsProvider, "--non-interactive"]),
            await step("config", ["config", "set", "--secret", "token", token, "--stack", "dev", "--non-interactive"]),
            await step("up", ["up", "--yes", "--skip-preview", "--stack", "dev", "--non-interactive"]),
        ];
        const output = await step("output", [
            "stack",
            "output",
            "token",
            "--show-secrets",
            "--stack",
            "dev",
            "--non-interactive",
        ]);
        const stackFile = fs.existsSync(path.join(dir, "Pulumi.dev.yaml"))
            ? fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8")
            : "";
        const listed = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
        const stateKey = `.pulumi/stacks/${PROJECT}/dev.json`;
        const state = (listed.Contents ?? []).some((o) => o.Key === stateKey)
            ? await (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: stateKey }))).Body!.transformToString()
            : "";
        const problems = [
            ...ran.filter((r) => r.code !== 0).map((r) => `a command exited ${r.code}`),
            ...(output.stdout.trim() === token ? [] : [`stack output token gave ${JSON.stringify(output.stdout.trim())}`]),
            ...(stackFile.includes(`secretsprovider: ${urls.secretsProvider}`) && /^encryptedkey: \S+/m.test(stackFile)
                ? []
                : ["Pulumi.dev.yaml does not name the awskms provider with its encrypted data key"]),
            ...(state === "" ? [`no ${stateKey} in s3://${BUCKET}`] : []),
            ...(state.includes(token) ? [`${stateKey} holds the secret in plaintext`] : []),
        ];
        return [
            {
                name,
                ok: problems.length === 0,
                seconds: (Date.now() - started) / 1000,
                detail: [...problems, ...outs].join("\n").split("\n").slice(-30).join("\n"),
            },
        ];
    } finally {
        await moto.stop();
    }
}
