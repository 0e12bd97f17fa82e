/**
 * The deploy's stacks through the real Automation API, with a recording `pulumi` in place of the
 * CLI: which commands each operation runs, and the change counts, which the engine's summary event
 * carries. The recording CLI streams its events to the Automation API's events server
 * (`--event-log tcp://...`), as the CLI does since 3.206.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { automationWorkspaces } from "../src/deploy/automation";

const CHANGES: Record<string, Record<string, number>> = {
    up: { create: 2, same: 1 },
    refresh: { same: 3 },
    destroy: { delete: 3 },
};

/**
 * A `pulumi` that appends its arguments to `log` and answers as the CLI would: its version, a
 * selected stack, outputs and history that hold nothing, and for up, refresh and destroy a
 * summary event with CHANGES[operation] when given an event log, or exit 255 when FAIL names
 * the operation.
 */
function recordingCli(root: string, log: string): void {
    const bin = path.join(root, "bin");
    fs.mkdirSync(bin, { recursive: true });
    const grpc = require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi"))] });
    const script = `#!${process.execPath}
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + "\\n");
if (args[0] === "version") { console.log("v3.248.0"); process.exit(0); }
if (args[0] === "stack" && args[1] === "select" && process.env.MISSING) { console.error("error: no stack named 'production' found"); process.exit(255); }
if (args[0] === "stack") { console.log(args[1] === "history" ? "[]" : args[1] === "output" ? "{}" : ""); process.exit(0); }
if (process.env.FAIL === args[0]) { console.error("error: the operation failed"); process.exit(255); }
if (!args.includes("--event-log")) { console.log("Resources: done"); process.exit(0); }
const grpc = require(${JSON.stringify(grpc)});
const rpc = require(${JSON.stringify(require.resolve("@pulumi/pulumi/proto/events_grpc_pb"))});
const pb = require(${JSON.stringify(require.resolve("@pulumi/pulumi/proto/events_pb"))});
const target = args[args.indexOf("--event-log") + 1].replace(/^tcp:\\/\\//, "");
const client = new rpc.EventsClient(target, grpc.credentials.createInsecure());
const call = client.streamEvents((err) => {
    if (err) { console.error(String(err)); process.exit(1); }
    console.log("Resources: done");
    client.close();
});
const changes = ${JSON.stringify(CHANGES)}[args[0]];
const summaryEvent = { maybeCorrupt: false, durationSeconds: 1, resourceChanges: changes, PolicyPacks: {} };
call.write(new pb.EventRequest().setEvent(JSON.stringify({ sequence: 0, timestamp: 0, summaryEvent })));
call.end();
`;
    fs.writeFileSync(path.join(bin, "pulumi"), script, { mode: 0o755 });
}

describe("automationWorkspaces with the Automation API's own Stack", () => {
    let dir: string;
    let log: string;
    let root: string;
    const calls = (): string[][] =>
        fs
            .readFileSync(log, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as string[]);
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "deploy-automation-"));
        log = path.join(dir, "calls.log");
        root = path.join(dir, "cli");
        recordingCli(root, log);
        fs.mkdirSync(path.join(dir, "stacks", "api"), { recursive: true });
    });
    afterEach(() => {
        delete process.env.FAIL;
        delete process.env.MISSING;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const open = () =>
        automationWorkspaces(() => PulumiCommand.get({ root })).createOrSelectStack({
            stackName: "production",
            workDir: path.join(dir, "stacks", "api"),
        });
    const out = { onOutput: (): void => undefined, onError: (): void => undefined };

    it("runs up, refresh and destroy once each and nothing after them; the counts are the engine's", async () => {
        const stack = await open();
        expect(await stack.up({ ...out, policyPacks: ["/p"], policyPackConfigs: ["/c.json"] })).toEqual({
            changes: CHANGES.up,
        });
        expect(await stack.refresh(out)).toEqual({ changes: CHANGES.refresh });
        expect(await stack.destroy({ ...out, excludeProtected: true })).toEqual({ changes: CHANGES.destroy });

        const ran = calls();
        // Nothing reads the outputs or the history: each would load the stack again.
        expect(ran.map((a) => a.filter((w) => !w.startsWith("tcp://")).join(" "))).toEqual([
            "version",
            "stack select --stack production --non-interactive",
            "up --yes --skip-preview --policy-pack /p --policy-pack-config /c.json --exec-kind auto.local --event-log --stack production --non-interactive",
            "refresh --skip-preview --yes --event-log --exec-kind auto.local --stack production --non-interactive",
            "destroy --yes --skip-preview --exclude-protected --event-log --exec-kind auto.local --stack production --non-interactive",
        ]);
    }, 30_000);

    it("selectStack answers undefined for a stack the backend does not have, and creates none", async () => {
        const workspaces = automationWorkspaces(() => PulumiCommand.get({ root }));
        const where = { stackName: "production", workDir: path.join(dir, "stacks", "api") };
        process.env.MISSING = "1";
        expect(await workspaces.selectStack(where)).toBeUndefined();
        expect(calls().map((c) => c.join(" "))).toEqual(["version", "stack select --stack production --non-interactive"]);
        delete process.env.MISSING;
        const stack = await workspaces.selectStack(where);
        expect(await stack!.destroy(out)).toEqual({ changes: CHANGES.destroy });
        expect(calls().filter((c) => c[0] === "stack" && c[1] !== "select")).toEqual([]);
    }, 30_000);

    it("a failed operation is a failure, with the CLI's message", async () => {
        const stack = await open();
        process.env.FAIL = "up";
        await expect(stack.up(out)).rejects.toThrow("error: the operation failed");
    }, 30_000);
});
