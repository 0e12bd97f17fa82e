/**
 * Starts moto (an independent AWS emulator, PyPI `moto[server]`, installed by .ci/run) in
 * server mode on a free loopback port, and stops it. Tests talk to it through the real AWS SDK, the
 * engine-level run through the Pulumi CLI (e2e/selfManagedBackend.ts).
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as net from "net";

/** The moto version .ci/run installs; the test says so when another one answers. */
export const MOTO_VERSION = "5.2.6";

export function motoInstalled(): boolean {
    return spawnSync("moto_server", ["--help"], { stdio: "ignore" }).status === 0;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.once("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address() as net.AddressInfo;
            srv.close(() => resolve(port));
        });
    });
}

export interface MotoServer {
    readonly url: string;
    /** Forgets every resource (moto's own reset endpoint). */
    reset(): Promise<void>;
    stop(): Promise<void>;
}

export async function startMoto(timeoutMs = 60000): Promise<MotoServer> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child: ChildProcess = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "ignore", "pipe"],
        // moto builds every region's EC2 backend with its catalogue of default AMIs unless told not
        // to (moto/settings.py, ec2_load_default_amis); nothing here reads an AMI, and the test file
        // took 7.3-7.5 s without them against 10.0-10.1 s with them (two interleaved rounds).
        env: { ...process.env, MOTO_EC2_LOAD_DEFAULT_AMIS: "false" },
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const started = Date.now();
    for (;;) {
        if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
        try {
            const res = await fetch(`${url}/moto-api/`);
            if (res.ok) break;
        } catch {
            // not listening yet
        }
        if (Date.now() - started > timeoutMs) {
            child.kill();
            throw new Error(`moto_server did not answer on ${url} within ${timeoutMs} ms: ${stderr}`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
    return {
        url,
        reset: async () => {
            const res = await fetch(`${url}/moto-api/reset`, { method: "POST" });
            if (!res.ok) throw new Error(`moto reset: HTTP ${res.status}`);
        },
        stop: () =>
            new Promise<void>((resolve) => {
                if (child.exitCode !== null) return resolve();
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
            }),
    };
}
