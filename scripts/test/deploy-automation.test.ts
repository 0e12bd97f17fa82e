/**
 * The Automation API adapter passes on exactly what the plan chose: the policy
 * pack for preview and up, nothing that removes a stack or unprotects, and the
 * change counts back.
 */
const stack = {
    setConfig: jest.fn(async () => undefined),
    preview: jest.fn(async () => ({ stdout: "", stderr: "", changeSummary: { create: 2 } })),
    up: jest.fn(async () => ({ summary: { resourceChanges: { create: 2, same: 1 } } })),
    refresh: jest.fn(async () => ({ summary: { resourceChanges: { same: 3 } } })),
    destroy: jest.fn(async () => ({ summary: { resourceChanges: { delete: 3 } } })),
};
const createOrSelectStack = jest.fn(async () => stack);
// Read when the adapter calls it, not when the factory runs: the transform (swc) hoists the
// import below above these statements, as ES modules do, so the factory runs first.
jest.mock("@pulumi/pulumi/automation", () => ({
    LocalWorkspace: {
        get createOrSelectStack() {
            return createOrSelectStack;
        },
    },
}));

import { automationWorkspaces } from "../src/deploy/automation";

const out = { onOutput: (): void => undefined, onError: (): void => undefined };

describe("automationWorkspaces", () => {
    it("creates or selects a local-program stack over the layer folder and sets plain config", async () => {
        const s = await automationWorkspaces().createOrSelectStack({
            stackName: "acme/production-us-east-1",
            workDir: "/repo/stacks/data",
        });
        await s.setConfig("aws:region", "us-east-1");
        expect(createOrSelectStack).toHaveBeenCalledWith({
            stackName: "acme/production-us-east-1",
            workDir: "/repo/stacks/data",
        });
        expect(stack.setConfig).toHaveBeenCalledWith("aws:region", { value: "us-east-1" });
    });

    it("passes the policy pack to preview and up and returns the change counts", async () => {
        const s = await automationWorkspaces().createOrSelectStack({
            stackName: "production",
            workDir: "/repo/stacks/global-iam",
        });
        const opts = { ...out, policyPacks: ["/repo/policy-pack"], policyPackConfigs: ["/repo/cfg.json"] };
        expect(await s.preview(opts)).toEqual({ changes: { create: 2 } });
        expect(await s.up(opts)).toEqual({ changes: { create: 2, same: 1 } });
        for (const fn of [stack.preview, stack.up]) {
            expect(fn).toHaveBeenLastCalledWith({
                onOutput: out.onOutput,
                onError: out.onError,
                policyPacks: ["/repo/policy-pack"],
                policyPackConfigs: ["/repo/cfg.json"],
            });
        }
    });

    it("destroys without removing the stack and only excludes protected resources when asked", async () => {
        const s = await automationWorkspaces().createOrSelectStack({ stackName: "production", workDir: "/repo/stacks/api" });
        expect(await s.destroy(out)).toEqual({ changes: { delete: 3 } });
        expect(stack.destroy).toHaveBeenLastCalledWith({ onOutput: out.onOutput, onError: out.onError });
        await s.destroy({ ...out, excludeProtected: true });
        expect(stack.destroy).toHaveBeenLastCalledWith({ onOutput: out.onOutput, onError: out.onError, excludeProtected: true });
        await s.refresh(out);
        expect(stack.refresh).toHaveBeenLastCalledWith({ onOutput: out.onOutput, onError: out.onError });
    });
});
