/**
 * A recording `WorkspaceFactory` for tests: it records every call in order,
 * tracks how many stack operations run at the same time, and fails the
 * operations it is told to fail. Each operation takes a few milliseconds so
 * that concurrency is observable.
 */
import * as path from "path";
import { DeployStack, DriftedResource, OperationOptions, OperationResult, WorkspaceFactory } from "./orchestrator";
import { Operation } from "./plan";

export type FakeCall =
    | {
          readonly kind: "select";
          readonly id: string;
          readonly stackName: string;
          readonly workDir: string;
          readonly secretsProvider?: string;
      }
    | {
          readonly kind: "start" | "end";
          readonly id: string;
          readonly op: Operation;
          readonly options: Omit<OperationOptions, "onOutput" | "onError" | "signal">;
      };

export interface FakeOptions {
    /** Stack ids (`<layer>/<stack name as selected>`) whose operation throws, with the message. */
    readonly fail?: Readonly<Record<string, string>>;
    /** How long each operation takes, in ms. */
    readonly delayMs?: number;
    /** How long the operation of these stack ids takes instead, in ms (a slow account, a slow layer). */
    readonly delayMsOf?: Readonly<Record<string, number>>;
    /** Output each operation writes through onOutput (in chunks as given). */
    readonly output?: readonly string[];
    readonly changes?: OperationResult["changes"];
    /** `drift`: the drifted resources each stack id reports (none for the others). */
    readonly drift?: Readonly<Record<string, readonly DriftedResource[]>>;
    /** Called when a stack's operation starts (after it is recorded), e.g. to interrupt the run there. */
    readonly onStart?: (id: string) => void;
    /** Stack ids that do not exist: selectStack answers undefined for them (createOrSelectStack creates them). */
    readonly missing?: readonly string[];
}

export class FakeWorkspaces implements WorkspaceFactory {
    readonly calls: FakeCall[] = [];
    private active = 0;
    maxActive = 0;

    constructor(private readonly opts: FakeOptions = {}) {}

    /** The ids of the stacks whose operation started, in start order. */
    get started(): string[] {
        return this.calls.filter((c) => c.kind === "start").map((c) => c.id);
    }

    /** The ids of the stacks opened with selectStack (which never creates one), in order. */
    readonly selectedOnly: string[] = [];

    async selectStack(args: { stackName: string; workDir: string }): Promise<DeployStack | undefined> {
        const id = `${path.basename(args.workDir)}/${args.stackName}`;
        this.selectedOnly.push(id);
        return this.opts.missing?.includes(id) ? undefined : this.createOrSelectStack(args);
    }

    async createOrSelectStack(args: { stackName: string; workDir: string; secretsProvider?: string }): Promise<DeployStack> {
        const id = `${path.basename(args.workDir)}/${args.stackName}`;
        this.calls.push({ kind: "select", id, ...args });
        const run = async (op: Operation, o: OperationOptions): Promise<OperationResult> => {
            const { onOutput, onError, signal, ...options } = o;
            this.calls.push({ kind: "start", id, op, options });
            this.active++;
            this.maxActive = Math.max(this.maxActive, this.active);
            try {
                this.opts.onStart?.(id);
                for (const chunk of this.opts.output ?? []) onOutput(chunk);
                await new Promise((r) => setTimeout(r, this.opts.delayMsOf?.[id] ?? this.opts.delayMs ?? 2));
                // As the CLI does on SIGINT: finish what is in flight, then fail the operation.
                if (signal?.aborted) {
                    onError("error: update canceled\n");
                    throw new Error("update canceled");
                }
                const failure = this.opts.fail?.[id];
                if (failure !== undefined) {
                    onError(`error: ${failure}\n`);
                    throw new Error(failure);
                }
                const drift = op === "drift" ? { drift: this.opts.drift?.[id] ?? [] } : {};
                return { ...(this.opts.changes ? { changes: this.opts.changes } : {}), ...drift };
            } finally {
                this.active--;
                this.calls.push({ kind: "end", id, op, options });
            }
        };
        return {
            preview: (o) => run("preview", o),
            up: (o) => run("up", o),
            refresh: (o) => run("refresh", o),
            destroy: (o) => run("destroy", o),
            drift: (o) => run("drift", o),
        };
    }
}
