/**
 * Runs a stack program under the Pulumi SDK's mock runtime and records every
 * resource it registers: type, name, URN, parent, options that protect data,
 * and the resolved inputs. The offline plan and the tests share it.
 *
 * Several stacks can run one after another in one process: each run sets its
 * own config, project, stack and mocks before calling the program.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCOUNT_ID, FakeAwsContext, fakeInvoke, fakeResource } from "./fakeAws";
import { HOME_REGION } from "../environment";

export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** URN of the parent resource (the stack or a component). */
    readonly parent?: string;
    readonly custom: boolean;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly deleteBeforeReplace: boolean;
    readonly ignoreChanges: readonly string[];
    readonly provider?: string;
    /** URNs this resource depends on (explicit and through inputs). */
    readonly dependencies: readonly string[];
    /** Resolved inputs, as the engine receives them. */
    readonly inputs: Record<string, unknown>;
    readonly id?: string;
    /** Outputs the mocks returned. */
    readonly outputs: Record<string, unknown>;
    /** Whether the resource was read (`get`/StackReference) rather than managed. */
    readonly read: boolean;
}

export interface StackRunOptions {
    readonly project: string;
    readonly stack: string;
    /** Full config keys (`aws:region`, `<project>:key`) to their string values. */
    readonly config?: Readonly<Record<string, string>>;
    /** Outputs of upstream stacks by fully qualified name (`org/project/stack`). */
    readonly stackOutputs?: Readonly<Record<string, Record<string, unknown>>>;
    readonly accountId?: string;
    readonly organization?: string;
    /** Whether the region still has its default VPC (default true, as in a fresh account). */
    readonly defaultVpc?: boolean;
    /** An organization the account already manages (default none, as in a fresh account): FakeAwsContext. */
    readonly existingOrganization?: FakeAwsContext["existingOrganization"];
    /** The stack program: a stack's default export. */
    readonly program: () => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;
}

export interface StackRunResult {
    readonly project: string;
    readonly stack: string;
    readonly resources: RecordedResource[];
    readonly outputs: Record<string, unknown>;
}

export { DEFAULT_ACCOUNT_ID } from "./fakeAws";
export const DEFAULT_ORGANIZATION = "organization";

/** Thrown when a stack program fails; carries what was registered before the failure. */
export class StackRunError extends Error {
    constructor(
        readonly project: string,
        readonly stack: string,
        readonly cause: unknown,
        readonly resources: RecordedResource[],
    ) {
        super(`${project}/${stack}: ${describeFailure(cause)}`);
        this.name = "StackRunError";
    }
}

interface PendingRecord {
    type: string;
    name: string;
    parent?: string;
    custom: boolean;
    protect: boolean;
    retainOnDelete: boolean;
    deleteBeforeReplace: boolean;
    ignoreChanges: string[];
    provider?: string;
    dependencies: string[];
    read: boolean;
    inputs?: Record<string, unknown>;
    id?: string;
    outputs?: Record<string, unknown>;
}

/**
 * A failed stack program rejects promises that nobody awaits (outputs derived
 * from the failure). One process-wide handler hands them to the run in
 * progress, so the failure is reported once, as that run's error, instead of
 * crashing the process that runs the next stack.
 */
let activeFailures: unknown[] | undefined;
const seenFailures = new WeakSet<object>();
const remember = (f: unknown) => {
    if (typeof f === "object" && f !== null) seenFailures.add(f);
};
let handlerInstalled = false;
function installRejectionHandler(): void {
    if (handlerInstalled) return;
    handlerInstalled = true;
    process.on("unhandledRejection", (reason: unknown) => {
        if (activeFailures) activeFailures.push(reason);
        else if (!(typeof reason === "object" && reason !== null && seenFailures.has(reason))) {
            console.error("unhandled rejection outside a stack run:", reason);
        }
    });
}

/**
 * The SDK's Resource constructor records where each resource was declared, for the engine to
 * show in its messages: `Resource.callsites()` raises Error.stackTraceLimit to Infinity and
 * formats `new Error().stack`, every frame of it passed through the source maps of ts-node (or
 * jest), for every resource. The mock monitor receives that position and drops it, and the
 * recorded plan has no field for it, so under the mock runtime the capture is all cost: a sixth
 * of the offline plan's CPU time and 35-45 MB of its memory, with the same plan files. Set with
 * the mocks, for as long as they are (setMocks is not undone either); a process that talks to
 * the engine never calls runStack. Resources then carry no source position, as the SDK sends
 * when the stack has no frame with a position. Only if the SDK still has the method (3.248.0
 * does, as a private static).
 */
function skipSourcePositions(): void {
    const resource = pulumi.Resource as unknown as { callsites?: unknown };
    if (typeof resource.callsites === "function") resource.callsites = noCallsites;
}
const noCallsites = (): never[] => [];

export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A resource's URN as the engine builds it (sdk/go/common/resource/urn/urn.go `New`,
 * from pkg/resource/deploy's generateURN): the parent's whole qualified type chain
 * joined with `$`, except that the root stack's type is left out. The SDK's mock
 * monitor uses only the parent's last type and keeps the root stack's.
 */
export function engineUrn(stack: string, project: string, parent: string | undefined, type: string, name: string): string {
    let qualified = type;
    if (parent) {
        const parentType = parent.split("::")[2];
        if (parentType && parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/**
 * Inputs with assets and archives as plain data (`{ __pulumiAsset, text|path|uri }`,
 * `{ __pulumiArchive, assets|path|uri }`), as the engine receives and stores them.
 */
export async function plainAssets(v: unknown): Promise<unknown> {
    if (Array.isArray(v)) return Promise.all(v.map(plainAssets));
    if (v === null || typeof v !== "object") return v;
    if (pulumi.asset.Asset.isInstance(v) || pulumi.asset.Archive.isInstance(v)) {
        const out: Record<string, unknown> = pulumi.asset.Asset.isInstance(v)
            ? { __pulumiAsset: true }
            : { __pulumiArchive: true };
        for (const k of ["text", "path", "uri", "assets"]) {
            const field = await (v as unknown as Record<string, unknown>)[k];
            if (field !== undefined) out[k] = await plainAssets(field);
        }
        return out;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const entries = await Promise.all(Object.entries(v).map(async ([k, x]) => [k, await plainAssets(x)] as const));
    return Object.fromEntries(entries);
}

/**
 * The SDK turns a failed mock call into `new Error(err.details)`, the field a gRPC error carries,
 * so a plain Error thrown by a mock arrives with an empty message. Copy the message (with what
 * failed) into `details`, so the program sees, and the plan prints, what went wrong.
 */
function withDetails(err: unknown, what: string): Error & { details: string } {
    const e = (err instanceof Error ? err : new Error(String(err))) as Error & { details: string };
    e.details = `${what}: ${e.message || e.name || "failed without a message"}`;
    return e;
}

/** A failure's text, never empty: the message, else the gRPC details, else the error's name and first stack frame. */
export function describeFailure(err: unknown): string {
    if (err instanceof Error) {
        const details = (err as { details?: unknown }).details;
        const text = err.message || (typeof details === "string" ? details : "");
        if (text.trim()) return text;
        const frame = err.stack
            ?.split("\n")
            .find((l) => l.trim().startsWith("at "))
            ?.trim();
        return `${err.name || "Error"} without a message${frame ? ` (${frame})` : ""}`;
    }
    const text = String(err);
    return text.trim() ? text : `a failure without a message (${typeof err})`;
}

/* eslint-disable @typescript-eslint/no-explicit-any -- the monitor's request objects are untyped protobufs */
export async function runStack(opts: StackRunOptions): Promise<StackRunResult> {
    const accountId = opts.accountId ?? DEFAULT_ACCOUNT_ID;
    const organization = opts.organization ?? DEFAULT_ORGANIZATION;
    const config = opts.config ?? {};
    const region = config["aws:region"] ?? HOME_REGION;
    const ctx: FakeAwsContext = {
        accountId,
        region,
        stack: `${opts.project}/${opts.stack}`,
        defaultVpc: opts.defaultVpc,
        existingOrganization: opts.existingOrganization,
    };
    const stackOutputs = opts.stackOutputs ?? {};

    // The engine's builtin read (pkg/resource/deploy/builtins.go readStackReference and
    // backend.go GetStackOutputs): the outputs of a stack that exists, else "unknown stack".
    const readStackOutputs = (name: string) => {
        const outputs = stackOutputs[name];
        if (outputs === undefined) throw new Error(`unknown stack "${name}"`);
        return { name, outputs, secretOutputNames: [] };
    };

    const byKey = new Map<string, PendingRecord>();
    const order: string[] = [];

    pulumi.runtime.setAllConfig({ ...config }, []);
    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
                if (args.type === "pulumi:pulumi:StackReference") {
                    // As the engine: reading a stack that does not exist fails the read.
                    const name = String(args.inputs.name);
                    return { id: name, state: readStackOutputs(name) };
                }
                if (!args.custom) return { id: undefined, state: args.inputs };
                if (args.type.startsWith("pulumi:providers:")) return { id: `${args.name}-provider`, state: args.inputs };
                try {
                    const made = fakeResource(args.type, args.name, args.inputs, ctx);
                    return { id: made.id, state: made.state };
                } catch (err) {
                    throw withDetails(err, `${args.type} ${args.name}`);
                }
            },
            call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
                try {
                    if (args.token === "pulumi:pulumi:readStackOutputs") return readStackOutputs(String(args.inputs.name));
                    return fakeInvoke(args.token, args.inputs, ctx);
                } catch (err) {
                    throw withDetails(err, `invoke ${args.token}`);
                }
            },
        },
        opts.project,
        opts.stack,
        false,
        organization,
    );

    const failures: unknown[] = [];
    const settling: Promise<void>[] = [];
    installRejectionHandler();
    skipSourcePositions();
    // URNs as the engine makes them, so plan files carry the URNs `pulumi preview --json` shows.
    const monitor = pulumi.runtime.getMonitor() as any;
    monitor.newUrn = (parent: string | undefined, type: string, name: string) =>
        engineUrn(opts.stack, opts.project, parent || undefined, type, name);
    // Wrap the mock monitor to see what MockResourceArgs leaves out: parent,
    // protect, retainOnDelete and the dependencies of each registration.
    const wrap = (method: "registerResource" | "readResource", read: boolean) => {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req: any, callback: (err: unknown, resp: any) => void) => {
            const rec: PendingRecord = {
                type: req.getType(),
                name: req.getName(),
                parent: req.getParent() || undefined,
                custom: read ? true : Boolean(req.getCustom()),
                protect: read ? false : Boolean(req.getProtect?.()),
                retainOnDelete: read ? false : Boolean(req.getRetainondelete?.()),
                deleteBeforeReplace: read ? false : Boolean(req.getDeletebeforereplace?.()),
                ignoreChanges: read ? [] : [...(req.getIgnorechangesList?.() ?? [])],
                provider: req.getProvider() || undefined,
                dependencies: read ? [] : [...(req.getDependenciesList?.() ?? [])],
                read,
                inputs: pulumi.runtime.deserializeProperties(read ? req.getProperties() : req.getObject()),
            };
            // Asset and archive contents are promises after deserializing; record them as data.
            settling.push(
                plainAssets(rec.inputs).then((v) => {
                    rec.inputs = v as Record<string, unknown>;
                }),
            );
            original(req, (err: unknown, resp: any) => {
                if (!err && resp) {
                    try {
                        const urn = resp.getUrn();
                        rec.id = typeof resp.getId === "function" ? resp.getId() || undefined : undefined;
                        const state = read ? resp.getProperties() : resp.getObject();
                        rec.outputs = state ? pulumi.runtime.deserializeProperties(state) : {};
                        if (!byKey.has(urn)) order.push(urn);
                        byKey.set(urn, rec);
                    } catch (e) {
                        failures.push(e);
                    }
                }
                callback(err, resp);
            });
        };
    };
    wrap("registerResource", false);
    wrap("readResource", true);

    activeFailures = failures;
    let outputs: Record<string, unknown> = {};
    try {
        // The program's own error is caught inside the stack so that the stack
        // resource completes instead of rejecting every promise derived from it.
        let programError: { error: unknown } | undefined;
        const program = async () => {
            try {
                return (await opts.program()) ?? {};
            } catch (error) {
                programError = { error };
                return {};
            }
        };
        outputs = ((await pulumi.runtime.runInPulumiStack(program)) ?? {}) as Record<string, unknown>;
        if (programError) throw programError.error;
        await (pulumi.runtime as any).waitForRPCs?.();
    } catch (err) {
        failures.unshift(err);
    } finally {
        // A failed program rejects several promises derived from the same error;
        // let them surface while this run still owns them.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        failures.forEach(remember);
        activeFailures = undefined;
    }
    await Promise.all(settling);
    const resources = order.map((urn) => {
        const r = byKey.get(urn)!;
        return { urn, ...r, inputs: r.inputs ?? {}, outputs: r.outputs ?? {} } as RecordedResource;
    });
    if (failures.length > 0) throw new StackRunError(opts.project, opts.stack, failures[0], resources);
    return { project: opts.project, stack: opts.stack, resources, outputs };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Resources of one type, for assertions. */
export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** The single resource of `type` named `name`; throws listing what exists otherwise. */
export function findResource(resources: readonly RecordedResource[], type: string, name?: string): RecordedResource {
    const matches = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
    if (matches.length !== 1) {
        const names = ofType(resources, type).map((r) => r.name);
        throw new Error(
            `expected one ${type}${name ? ` named ${name}` : ""}, found ${matches.length} (registered: ${names.join(", ") || "none"})`,
        );
    }
    return matches[0];
}
