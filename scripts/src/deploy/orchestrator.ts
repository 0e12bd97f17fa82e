/**
 * Runs a deploy plan by its dependency graph: a stack starts as soon as every
 * prerequisite in the plan (its upstream stacks; for destroy, its downstream
 * ones) succeeded, with at most `parallel` stack operations at once on this
 * machine. No stack waits for a layer as a whole, so one account's network does
 * not wait for another account's security stacks, and a recovery stack does not
 * wait for the security stacks it never reads. A stack whose prerequisite
 * failed or was skipped is skipped and reported, while stacks that do not
 * depend on the failure run to the end; so a failing network in us-west-2 skips
 * data and api in us-west-2 only, and a failing global-iam skips everything
 * after it (in its account).
 *
 * The orchestrator talks to Pulumi only through `WorkspaceFactory`: automation.ts
 * adapts the real Automation API, and the tests inject a fake that records calls.
 */
import { CREATES_STACK, DeployPlan, StackStep, StepOptions, prerequisites } from "./plan";

/** Resource change counts by operation (`create`, `update`, `same`, ...), as the Automation API reports them. */
export type ChangeCounts = Readonly<Record<string, number | undefined>>;

/** A resource whose cloud state differs from the stack's state (what `drift` reports). */
export interface DriftedResource {
    readonly urn: string;
    /** `update`: properties changed outside Pulumi; `delete`: the resource is gone. */
    readonly op: string;
    /** The properties that differ, where the engine names them. */
    readonly keys: readonly string[];
}

export interface OperationResult {
    readonly changes?: ChangeCounts;
    /** `drift` only: every resource that differs; empty when the stack matches the cloud. */
    readonly drift?: readonly DriftedResource[];
}

export interface OperationOptions extends StepOptions {
    /** Called with the engine's output as it arrives (chunks, not necessarily whole lines). */
    readonly onOutput: (out: string) => void;
    /** Called with the engine's stderr as it arrives. */
    readonly onError: (out: string) => void;
    /**
     * Aborted on the first Ctrl-C: the Automation API forwards it to the CLI as
     * SIGINT, which finishes the resource operations in flight, records them in
     * the state and releases the lock.
     */
    readonly signal?: AbortSignal;
}

/**
 * The part of an Automation API `Stack` the deploy uses. There is no way to set
 * config: the stack files are the project's, and a deploy never rewrites them.
 */
export interface DeployStack {
    preview(opts: OperationOptions): Promise<OperationResult>;
    up(opts: OperationOptions): Promise<OperationResult>;
    refresh(opts: OperationOptions): Promise<OperationResult>;
    destroy(opts: OperationOptions): Promise<OperationResult>;
    drift(opts: OperationOptions): Promise<OperationResult>;
}

/** The part of `LocalWorkspace` the deploy uses. */
export interface WorkspaceFactory {
    /** `secretsProvider`: what a stack created here gets (`pulumi stack init --secrets-provider`). */
    createOrSelectStack(args: {
        readonly stackName: string;
        readonly workDir: string;
        readonly secretsProvider?: string;
    }): Promise<DeployStack>;
    /** The stack if it exists, undefined if there is no stack of that name (it is never created here). */
    selectStack(args: { readonly stackName: string; readonly workDir: string }): Promise<DeployStack | undefined>;
}

/**
 * `interrupted`: the operation was running when the run was interrupted (Ctrl-C);
 * `drifted`: a `drift` check found resources that differ from the state.
 */
export type StepStatus = "succeeded" | "failed" | "skipped" | "interrupted" | "drifted";

export interface StepResult {
    readonly step: StackStep;
    readonly status: StepStatus;
    readonly durationMs: number;
    readonly changes?: ChangeCounts;
    /** The error message of a failed step. */
    readonly error?: string;
    /** Why a skipped step was skipped. */
    readonly reason?: string;
    /** The failed steps a skipped step waited for (through any chain of skips). */
    readonly causes?: readonly string[];
    /** `drift` only: the resources that differ from the state. */
    readonly drift?: readonly DriftedResource[];
    /** `destroy` only: there was no stack of that name, so nothing to destroy. */
    readonly absent?: true;
}

export interface RunHooks {
    /** One line of output of a stack (prefixed by the caller), or of the orchestrator itself. */
    readonly log?: (line: string) => void;
    readonly now?: () => number;
    /** Aborted on an interrupt: running operations are cancelled cleanly, nothing new starts. */
    readonly signal?: AbortSignal;
}

/** Why a step that never started did not: the run was interrupted first. */
export const NOT_STARTED = "not started: the run was interrupted";

export async function runPlan(plan: DeployPlan, workspaces: WorkspaceFactory, hooks: RunHooks = {}): Promise<StepResult[]> {
    const log = hooks.log ?? (() => undefined);
    const now = hooks.now ?? Date.now;
    const steps = plan.waves.flat();
    const results = new Map<string, StepResult>();
    const waitsFor = new Map(steps.map((s) => [s.id, prerequisites(plan, s)] as const));
    // In plan order (layer, then account, then region): among the stacks that may start, the earliest first.
    let pending = [...steps];
    const running = new Map<string, Promise<void>>();

    log(`--- ${steps.length} stack(s), at most ${plan.parallel} at a time, each as soon as its prerequisites succeeded`);
    for (;;) {
        // Settle what can no longer run: interrupted runs start nothing new; a finished prerequisite
        // that did not succeed skips the stack (and, on the next pass, whatever waits for that).
        let settled = true;
        while (settled) {
            settled = false;
            for (const step of pending) {
                if (hooks.signal?.aborted) {
                    results.set(step.id, { step, status: "skipped", durationMs: 0, reason: NOT_STARTED });
                    settled = true;
                    continue;
                }
                const blocked = waitsFor.get(step.id)!.filter((p) => {
                    const r = results.get(p.id);
                    return r !== undefined && r.status !== "succeeded";
                });
                if (blocked.length === 0) continue;
                // Name the failures at the root, not the chain of skips in between.
                const causes = [...new Set(blocked.flatMap((b) => results.get(b.id)?.causes ?? [b.id]))];
                const reason = `${plan.op === "destroy" ? "downstream" : "upstream"} ${causes.join(", ")} failed`;
                log(`[${step.id}] skipped: ${reason}`);
                results.set(step.id, { step, status: "skipped", durationMs: 0, reason, causes });
                settled = true;
            }
            pending = pending.filter((s) => !results.has(s.id));
        }
        for (const step of pending) {
            if (running.size >= plan.parallel) break;
            if (!waitsFor.get(step.id)!.every((p) => results.get(p.id)?.status === "succeeded")) continue;
            const started = runStep(step, workspaces, log, now, hooks.signal).then((r) => {
                results.set(step.id, r);
                running.delete(step.id);
            });
            running.set(step.id, started);
        }
        pending = pending.filter((s) => !running.has(s.id));
        if (running.size === 0) {
            // Nothing runs and nothing may start: every prerequisite is in the plan and acyclic, so
            // this is the end of the run (any stack left over would be a bug in the graph).
            if (pending.length > 0) throw new Error(`deploy: stacks never became ready: ${pending.map((s) => s.id).join(", ")}`);
            break;
        }
        await Promise.race(running.values());
    }
    return steps.map((s) => results.get(s.id)!);
}

async function runStep(
    step: StackStep,
    workspaces: WorkspaceFactory,
    log: (line: string) => void,
    now: () => number,
    signal: AbortSignal | undefined,
): Promise<StepResult> {
    const started = now();
    const out = new LinePrefixer(`[${step.id}] `, log);
    const err = new LinePrefixer(`[${step.id}] `, log);
    try {
        log(`[${step.id}] ${step.op} starting (${step.stackName})`);
        const stack = CREATES_STACK.has(step.op)
            ? await workspaces.createOrSelectStack({
                  stackName: step.stackName,
                  workDir: step.workDir,
                  ...(step.secretsProvider ? { secretsProvider: step.secretsProvider } : {}),
              })
            : await workspaces.selectStack({ stackName: step.stackName, workDir: step.workDir });
        if (!stack) {
            if (step.op !== "destroy")
                throw new Error(
                    `no stack named ${step.stackName} in ${step.workDir}: it has never been deployed, so there is nothing to ${step.op === "drift" ? "check for drift" : step.op} (run up first)`,
                );
            log(`[${step.id}] destroy: no stack named ${step.stackName}, nothing to destroy`);
            return { step, status: "succeeded", durationMs: now() - started, absent: true };
        }
        const opts: OperationOptions = {
            ...step.options,
            onOutput: (chunk) => out.write(chunk),
            onError: (chunk) => err.write(chunk),
            ...(signal ? { signal } : {}),
        };
        const result = await stack[step.op](opts);
        out.flush();
        err.flush();
        const drifted = (result.drift ?? []).length > 0;
        log(`[${step.id}] ${step.op} ${drifted ? `found drift in ${result.drift!.length} resource(s)` : "succeeded"}`);
        return {
            step,
            status: drifted ? "drifted" : "succeeded",
            durationMs: now() - started,
            ...(result.changes ? { changes: result.changes } : {}),
            ...(result.drift ? { drift: result.drift } : {}),
        };
    } catch (e) {
        out.flush();
        err.flush();
        const error = e instanceof Error ? e.message : String(e);
        if (signal?.aborted) {
            log(`[${step.id}] ${step.op} interrupted`);
            return { step, status: "interrupted", durationMs: now() - started, error, causes: [step.id] };
        }
        log(`[${step.id}] ${step.op} failed: ${firstLine(error)}`);
        return { step, status: "failed", durationMs: now() - started, error, causes: [step.id] };
    }
}

/** Turns output chunks into whole lines with a prefix, so parallel stacks' output stays readable. */
export class LinePrefixer {
    private buffer = "";

    constructor(
        private readonly prefix: string,
        private readonly emit: (line: string) => void,
    ) {}

    write(chunk: string): void {
        this.buffer += chunk;
        const lines = this.buffer.split(/\r?\n/);
        this.buffer = lines.pop() ?? "";
        for (const line of lines) this.emit(this.prefix + line);
    }

    flush(): void {
        if (this.buffer !== "") this.emit(this.prefix + this.buffer);
        this.buffer = "";
    }
}

export function firstLine(text: string): string {
    return text.split("\n").find((l) => l.trim() !== "") ?? text;
}
