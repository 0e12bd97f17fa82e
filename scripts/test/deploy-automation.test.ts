/**
 * The Automation API adapter passes on exactly what the plan chose: the policy
 * pack for preview and up, nothing that removes a stack or unprotects, and the
 * change counts back.
 */
/** An operation whose engine reports `changes` in its summary event, as the CLI streams it to `onEvent`. */
function engineSummary(changes: Record<string, number>) {
    return async (o: { onEvent?: (e: unknown) => void }) => {
        o.onEvent?.({ summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: changes, policyPacks: {} } });
        return { summary: undefined, outputs: {} };
    };
}
const stack = {
    setConfig: jest.fn(async () => undefined),
    preview: jest.fn(async () => ({ stdout: "", stderr: "", changeSummary: { create: 2 } })),
    up: jest.fn(engineSummary({ create: 2, same: 1 })),
    refresh: jest.fn(engineSummary({ same: 3 })),
    previewRefresh: jest.fn(),
    destroy: jest.fn(engineSummary({ delete: 3 })),
};
const createOrSelectStack = jest.fn(async () => stack);
/** The CLI the Automation API finds on PATH; `get` checks its version. */
const cliOnPath = { command: "pulumi", version: null };
const getCommand = jest.fn(async () => cliOnPath);
// Read when the adapter calls it, not when the factory runs: the transform (swc) hoists the
// import below above these statements, as ES modules do, so the factory runs first.
jest.mock("@pulumi/pulumi/automation", () => ({
    LocalWorkspace: {
        get createOrSelectStack() {
            return createOrSelectStack;
        },
    },
    PulumiCommand: {
        get get() {
            return getCommand;
        },
    },
}));

import { automationWorkspaces } from "../src/deploy/automation";

const out = { onOutput: (): void => undefined, onError: (): void => undefined };

describe("automationWorkspaces", () => {
    it("creates or selects a local-program stack over the layer folder and never sets config", async () => {
        const s = await automationWorkspaces().createOrSelectStack({
            stackName: "acme/production-us-east-1",
            workDir: "/repo/stacks/data",
        });
        await s.preview({ ...out });
        expect(createOrSelectStack).toHaveBeenCalledWith(
            { stackName: "acme/production-us-east-1", workDir: "/repo/stacks/data" },
            { pulumiCommand: cliOnPath },
        );
        expect(stack.setConfig).not.toHaveBeenCalled();
        expect("setConfig" in s).toBe(false);
    });

    it("checks the CLI's version once per deploy run, not once per stack", async () => {
        getCommand.mockClear();
        createOrSelectStack.mockClear();
        const run = automationWorkspaces();
        await Promise.all(
            ["us-east-1", "us-west-2", "eu-central-1"].map((r) =>
                run.createOrSelectStack({ stackName: `production-${r}`, workDir: "/repo/stacks/network" }),
            ),
        );
        expect(getCommand).toHaveBeenCalledTimes(1);
        expect(getCommand).toHaveBeenCalledWith();
        expect(createOrSelectStack.mock.calls.map((c) => (c as unknown[])[1])).toEqual([
            { pulumiCommand: cliOnPath },
            { pulumiCommand: cliOnPath },
            { pulumiCommand: cliOnPath },
        ]);
        // Another run checks again: the CLI on PATH may have changed in between.
        await automationWorkspaces().createOrSelectStack({ stackName: "production", workDir: "/repo/stacks/api" });
        expect(getCommand).toHaveBeenCalledTimes(2);
    });

    it("forwards the interrupt signal to every operation", async () => {
        const s = await automationWorkspaces().createOrSelectStack({ stackName: "production", workDir: "/repo/stacks/api" });
        const signal = new AbortController().signal;
        await s.up({ ...out, signal, policyPacks: ["/p"] });
        expect(stack.up).toHaveBeenLastCalledWith(expect.objectContaining({ signal, policyPacks: ["/p"] }));
        await s.destroy({ ...out, signal });
        expect(stack.destroy).toHaveBeenLastCalledWith(expect.objectContaining({ signal }));
        await s.refresh({ ...out, signal });
        expect(stack.refresh).toHaveBeenLastCalledWith(expect.objectContaining({ signal }));
    });

    it("checks drift with a read-only refresh preview that expects no changes, and names what differs", async () => {
        const s = await automationWorkspaces().createOrSelectStack({ stackName: "production", workDir: "/repo/stacks/api" });
        const meta = (op: string, urn: string, extra: object = {}) => ({
            resOutputsEvent: { metadata: { op, urn, type: "aws:x", ...extra } },
        });
        stack.previewRefresh.mockImplementationOnce(async (o: { onEvent: (e: unknown) => void }) => {
            o.onEvent(meta("refresh", "urn:a"));
            o.onEvent(meta("update", "urn:b", { diffs: ["tags"], detailedDiff: { "tags.Owner": { kind: "update" } } }));
            o.onEvent(meta("delete", "urn:c"));
            o.onEvent(meta("refresh", "urn:d", { diffs: ["description"] }));
            throw new Error("error: no changes were expected but changes occurred");
        });
        expect(await s.drift(out)).toEqual({
            drift: [
                { urn: "urn:b", op: "update", keys: ["tags", "tags.Owner"] },
                { urn: "urn:c", op: "delete", keys: [] },
                { urn: "urn:d", op: "update", keys: ["description"] },
            ],
        });
        expect(stack.previewRefresh).toHaveBeenLastCalledWith(expect.objectContaining({ expectNoChanges: true }));

        stack.previewRefresh.mockImplementationOnce(async (o: { onEvent: (e: unknown) => void }) => {
            o.onEvent(meta("refresh", "urn:a"));
            return { changeSummary: { same: 1 } };
        });
        expect(await s.drift(out)).toEqual({ changes: { same: 1 }, drift: [] });

        // A failure that is not drift (no credentials, a lock) stays a failure.
        stack.previewRefresh.mockImplementationOnce(async () => {
            throw new Error("error: the stack is currently locked by 1 lock(s)");
        });
        await expect(s.drift(out)).rejects.toThrow("locked");
    });

    it("passes the policy pack to preview and up and returns the change counts", async () => {
        const s = await automationWorkspaces().createOrSelectStack({
            stackName: "production",
            workDir: "/repo/stacks/global-iam",
        });
        const opts = { ...out, policyPacks: ["/repo/policy-pack"], policyPackConfigs: ["/repo/cfg.json"] };
        expect(await s.preview(opts)).toEqual({ changes: { create: 2 } });
        expect(await s.up(opts)).toEqual({ changes: { create: 2, same: 1 } });
        const passed = {
            onOutput: out.onOutput,
            onError: out.onError,
            policyPacks: ["/repo/policy-pack"],
            policyPackConfigs: ["/repo/cfg.json"],
        };
        expect(stack.preview).toHaveBeenLastCalledWith(passed);
        // up's counts come from the engine's summary event (deploy-automation-cli.test.ts shows why).
        expect(stack.up).toHaveBeenLastCalledWith({ ...passed, onEvent: expect.any(Function) });
    });

    it("destroys without removing the stack and only excludes protected resources when asked", async () => {
        const s = await automationWorkspaces().createOrSelectStack({ stackName: "production", workDir: "/repo/stacks/api" });
        const passed = { onOutput: out.onOutput, onError: out.onError, onEvent: expect.any(Function) };
        expect(await s.destroy(out)).toEqual({ changes: { delete: 3 } });
        expect(stack.destroy).toHaveBeenLastCalledWith(passed);
        await s.destroy({ ...out, excludeProtected: true });
        expect(stack.destroy).toHaveBeenLastCalledWith({ ...passed, excludeProtected: true });
        expect(await s.refresh(out)).toEqual({ changes: { same: 3 } });
        expect(stack.refresh).toHaveBeenLastCalledWith(passed);
    });
});
