/**
 * The real `WorkspaceFactory`: a Pulumi Automation API local workspace over
 * each `stacks/<layer>` folder. Only the options the plan chose are passed on,
 * so nothing here can unprotect a resource, target a subset, drop the policy
 * pack or write a stack file.
 */
import {
    EngineEvent,
    LocalWorkspace,
    OpMap,
    PulumiCommand,
    Stack,
    StackNotFoundError,
    SummaryEvent,
} from "@pulumi/pulumi/automation";
import { DeployStack, DriftedResource, OperationOptions, OperationResult, WorkspaceFactory } from "./orchestrator";

/**
 * One factory serves one deploy run. Its workspaces share one `PulumiCommand`: the CLI on PATH,
 * whose version the Automation API checks once (`pulumi version`) instead of once for every
 * stack it opens, as each `LocalWorkspace` does when given none.
 */
export function automationWorkspaces(findCli: () => Promise<PulumiCommand> = () => PulumiCommand.get()): WorkspaceFactory {
    let cli: Promise<PulumiCommand> | undefined;
    return {
        async createOrSelectStack({ stackName, workDir, secretsProvider }) {
            cli ??= findCli();
            const stack = await LocalWorkspace.createOrSelectStack(
                { stackName, workDir },
                { pulumiCommand: await cli, ...(secretsProvider ? { secretsProvider } : {}) },
            );
            return new AutomationStack(stack);
        },
        async selectStack({ stackName, workDir }) {
            cli ??= findCli();
            try {
                return new AutomationStack(
                    await LocalWorkspace.selectStack({ stackName, workDir }, { pulumiCommand: await cli }),
                );
            } catch (e) {
                // The Automation API's error for `pulumi stack select` answering "no stack named ... found".
                if (e instanceof StackNotFoundError) return undefined;
                throw e;
            }
        },
    };
}

class AutomationStack implements DeployStack {
    constructor(private readonly stack: Stack) {}

    async preview(o: OperationOptions): Promise<OperationResult> {
        const r = await this.stack.preview(withPolicyPack(o));
        return { changes: r.changeSummary };
    }

    up(o: OperationOptions): Promise<OperationResult> {
        return this.countedByTheEngine((stack, onEvent) => stack.up({ ...withPolicyPack(o), onEvent }));
    }

    refresh(o: OperationOptions): Promise<OperationResult> {
        return this.countedByTheEngine((stack, onEvent) => stack.refresh({ ...streams(o), onEvent }));
    }

    destroy(o: OperationOptions): Promise<OperationResult> {
        // Never `remove`: the stack and its history stay, so a partial destroy can be inspected and resumed.
        return this.countedByTheEngine((stack, onEvent) =>
            stack.destroy({ ...streams(o), ...(o.excludeProtected ? { excludeProtected: true } : {}), onEvent }),
        );
    }

    /**
     * Runs `up`, `refresh` or `destroy` and takes the change counts from the engine's summary event.
     *
     * Once the engine is done, the Automation API's `up` runs the CLI three more times, `stack output`
     * twice (masked, then with secrets) and `stack history` for a summary; `refresh` and `destroy` run
     * `stack history` (Stack.up, refresh and destroy in @pulumi/pulumi/automation/stack.js). Each run
     * loads the stack from the backend again, and a passphrase provider derives its key again. The
     * deploy reads no outputs and nothing of the summary but the change counts, which the engine's own
     * summary event carries. So the operation runs on a view of the stack whose `outputs` and `info`
     * read nothing, and the counts come from the event.
     */
    private async countedByTheEngine(
        operation: (stack: Stack, onEvent: (e: EngineEvent) => void) => Promise<unknown>,
    ): Promise<OperationResult> {
        const view = Object.create(this.stack, {
            outputs: { value: async () => ({}) },
            info: { value: async () => undefined },
        }) as Stack;
        let summary: SummaryEvent | undefined;
        await operation(view, (e) => (summary = e.summaryEvent ?? summary));
        return changesOf(summary?.resourceChanges);
    }

    /**
     * `pulumi refresh --preview-only --expect-no-changes`: reads every resource
     * from the cloud and compares it with the state, writing nothing (the CLI
     * takes no lock for it on a file backend since 3.229). The CLI fails when
     * anything differs; the events collected on the way name what.
     */
    async drift(o: OperationOptions): Promise<OperationResult> {
        const events: EngineEvent[] = [];
        try {
            const r = await this.stack.previewRefresh({ ...streams(o), expectNoChanges: true, onEvent: (e) => events.push(e) });
            return { changes: r.changeSummary, drift: driftedResources(events) };
        } catch (e) {
            const drift = driftedResources(events);
            if (drift.length > 0 && !o.signal?.aborted) return { drift };
            throw e;
        }
    }
}

/**
 * The resources a refresh preview found changed. A refresh step whose cloud
 * state matches stays `refresh` with no diff; one that drifted becomes an
 * `update` (with the differing properties) or a `delete` (the resource is gone).
 */
export function driftedResources(events: readonly EngineEvent[]): DriftedResource[] {
    const found = new Map<string, DriftedResource>();
    for (const e of events) {
        const m = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
        if (!m || m.urn === undefined || m.type === "pulumi:pulumi:Stack") continue;
        const keys = [...new Set([...(m.diffs ?? []), ...Object.keys(m.detailedDiff ?? {})])].sort();
        const changed = m.op !== "same" && m.op !== "read" && (m.op !== "refresh" || keys.length > 0);
        if (changed) found.set(m.urn, { urn: m.urn, op: m.op === "refresh" ? "update" : m.op, keys });
    }
    return [...found.values()].sort((a, b) => a.urn.localeCompare(b.urn));
}

function changesOf(m: OpMap | undefined): OperationResult {
    return m ? { changes: m } : {};
}

/** Output streaming and the interrupt signal, which every operation carries. */
function streams(o: OperationOptions) {
    return { onOutput: o.onOutput, onError: o.onError, ...(o.signal ? { signal: o.signal } : {}) };
}

/** Output streaming plus the policy pack (and its config) that every preview and up carries. */
function withPolicyPack(o: OperationOptions) {
    return {
        ...streams(o),
        ...(o.policyPacks ? { policyPacks: [...o.policyPacks] } : {}),
        ...(o.policyPackConfigs ? { policyPackConfigs: [...o.policyPackConfigs] } : {}),
    };
}
