import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DebuggableModule, UNRECORDED_PROMISE_STACK, lightenPromiseStacks } from "../src";

/** The SDK's internal module, as this test file's SDK loaded it (and @baseline/lib wrapped it). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module of the SDK, no typings
const sdk = require("@pulumi/pulumi/runtime/debuggable") as Required<DebuggableModule> & {
    leakedPromises: () => [Set<Promise<unknown>>, string];
};

/** A stand-in for the SDK's module whose `debuggablePromise` records what the real one does: `new Error().stack`. */
function fakeModule() {
    const limits: number[] = [];
    const module: DebuggableModule = {
        debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => {
            limits.push(Error.stackTraceLimit);
            if (ctx === "throw") throw new Error("bookkeeping failed");
            Object.defineProperty(p, "_debugStackTrace", { writable: true, value: new Error().stack });
            return p;
        },
    };
    return { module, limits };
}

const recorded = (p: Promise<unknown>) => (p as unknown as { _debugStackTrace?: string })._debugStackTrace;

describe("lightenPromiseStacks", () => {
    const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    afterEach(() => {
        if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
    });

    it("has the SDK capture no stack for its promises and record a note instead, then restores the limit", () => {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        const { module, limits } = fakeModule();
        const before = Error.stackTraceLimit;
        lightenPromiseStacks(module);
        const p = Promise.resolve(1);
        expect(module.debuggablePromise!(p, "ctx")).toBe(p);
        expect(limits).toEqual([0]);
        expect(recorded(p)).toBe(UNRECORDED_PROMISE_STACK);
        expect(Error.stackTraceLimit).toBe(before);
        // Every other error keeps its frames.
        expect(new Error("boom").stack!.split("\n").length).toBeGreaterThan(1);
    });

    it("restores the limit when the SDK's bookkeeping throws", () => {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        const { module } = fakeModule();
        const before = Error.stackTraceLimit;
        lightenPromiseStacks(module);
        expect(() => module.debuggablePromise!(Promise.resolve(1), "throw")).toThrow("bookkeeping failed");
        expect(Error.stackTraceLimit).toBe(before);
    });

    it("wraps once however often the library is loaded", () => {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        const { module, limits } = fakeModule();
        lightenPromiseStacks(module);
        const first = module.debuggablePromise;
        lightenPromiseStacks(module);
        expect(module.debuggablePromise).toBe(first);
        module.debuggablePromise!(Promise.resolve(1), "ctx");
        expect(limits).toEqual([0]);
    });

    it("leaves the SDK alone while leak debugging is on, so each promise records its real stack", () => {
        process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
        const { module } = fakeModule();
        const original = module.debuggablePromise;
        lightenPromiseStacks(module);
        expect(module.debuggablePromise).toBe(original);
        const p = Promise.resolve(1);
        module.debuggablePromise!(p, "ctx");
        expect(recorded(p)).toMatch(/^Error\b.*\n\s+at /);
    });

    it("does nothing to a module without the function (another SDK)", () => {
        const module: DebuggableModule = {};
        lightenPromiseStacks(module);
        expect(module).toEqual({});
    });

    it("applies to the SDK's real promises once the library is loaded: a note, the bookkeeping kept, errors still mapped", async () => {
        expect((sdk.debuggablePromise as unknown as Record<symbol, unknown>)[Symbol.for("@baseline/lib/promiseStacks")]).toBe(
            true,
        );
        const p = Promise.resolve(1);
        await expect(sdk.debuggablePromise(p, "test")).resolves.toBe(1);
        expect(recorded(p)).toBe(UNRECORDED_PROMISE_STACK);
        // The leak check still sees a promise that never settles, and only that one.
        const never = new Promise<number>(() => undefined);
        void sdk.debuggablePromise(never, "never");
        const [leaked, message] = sdk.leakedPromises();
        expect([...leaked]).toEqual([never]);
        expect(message).toContain("1 promise was still active");

        const line = Number(new Error().stack!.split("\n")[1].match(/promiseStacks\.test\.ts:(\d+):/)![1]) + 1;
        const thrown = new Error("boom");
        expect(thrown.stack).toContain(`promiseStacks.test.ts:${line}:`);
    });
});

describe("a stack program's own exception, loaded as `pulumi up` loads it", () => {
    it("names the .ts file and line it was thrown from", () => {
        // The runtime tsconfig every layer names in Pulumi.yaml; ts-node reads swc from it through extends.
        const project = path.resolve(__dirname, "../../stacks/network/tsconfig.pulumi.json");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-stack-"));
        try {
            const program = path.join(dir, "index.ts");
            fs.writeFileSync(
                program,
                [
                    'import { wrapText } from "@baseline/lib";',
                    "",
                    "interface Args {",
                    "    readonly owner: string;",
                    "}",
                    "",
                    "export = async (args: Args = { owner: wrapText('x', 10) }): Promise<void> => {",
                    "    const owner: string = args.owner;",
                    "    throw new Error(`program failed for ${owner}`);",
                    "};",
                    "",
                ].join("\n"),
            );
            const script = `require(${JSON.stringify(program)})().catch((e) => { console.log(e.stack); });`;
            const out = execFileSync(process.execPath, ["-r", require.resolve("ts-node/register"), "-e", script], {
                cwd: path.dirname(project),
                env: { ...process.env, TS_NODE_PROJECT: project, NODE_PATH: path.resolve(__dirname, "../../node_modules") },
                encoding: "utf8",
            });
            expect(out).toContain("Error: program failed for x");
            expect(out).toContain(`${program}:9:11`);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }, 60000);
});
