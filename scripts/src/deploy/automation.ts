/**
 * The real `WorkspaceFactory`: a Pulumi Automation API local workspace over
 * each `stacks/<layer>` folder. Only the options the plan chose are passed on,
 * so nothing here can unprotect a resource, target a subset or drop the policy
 * pack.
 */
import { LocalWorkspace, OpMap, Stack } from "@pulumi/pulumi/automation";
import { DeployStack, OperationOptions, OperationResult, WorkspaceFactory } from "./orchestrator";

export function automationWorkspaces(): WorkspaceFactory {
    return {
        async createOrSelectStack({ stackName, workDir }) {
            const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir });
            return new AutomationStack(stack);
        },
    };
}

class AutomationStack implements DeployStack {
    constructor(private readonly stack: Stack) {}

    async setConfig(key: string, value: string): Promise<void> {
        await this.stack.setConfig(key, { value });
    }

    async preview(o: OperationOptions): Promise<OperationResult> {
        const r = await this.stack.preview(withPolicyPack(o));
        return { changes: r.changeSummary };
    }

    async up(o: OperationOptions): Promise<OperationResult> {
        const r = await this.stack.up(withPolicyPack(o));
        return changesOf(r.summary.resourceChanges);
    }

    async refresh(o: OperationOptions): Promise<OperationResult> {
        const r = await this.stack.refresh({ onOutput: o.onOutput, onError: o.onError });
        return changesOf(r.summary.resourceChanges);
    }

    async destroy(o: OperationOptions): Promise<OperationResult> {
        // Never `remove`: the stack and its history stay, so a partial destroy can be inspected and resumed.
        const r = await this.stack.destroy({
            onOutput: o.onOutput,
            onError: o.onError,
            ...(o.excludeProtected ? { excludeProtected: true } : {}),
        });
        return changesOf(r.summary.resourceChanges);
    }
}

function changesOf(m: OpMap | undefined): OperationResult {
    return m ? { changes: m } : {};
}

/** Output streaming plus the policy pack (and its config) that every preview and up carries. */
function withPolicyPack(o: OperationOptions) {
    return {
        onOutput: o.onOutput,
        onError: o.onError,
        ...(o.policyPacks ? { policyPacks: [...o.policyPacks] } : {}),
        ...(o.policyPackConfigs ? { policyPackConfigs: [...o.policyPackConfigs] } : {}),
    };
}
