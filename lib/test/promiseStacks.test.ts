import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { UNRECORDED_PROMISE_STACK, isPromiseBookkeeping, lightenPromiseStacks } from "../src";

/** A call site as V8 hands it to `Error.prepareStackTrace`, with what the filter reads. */
function site(functionName: string | null, fileName: string | undefined): NodeJS.CallSite {
    return { getFunctionName: () => functionName, getFileName: () => fileName } as unknown as NodeJS.CallSite;
}

const DEBUGGABLE = "/repo/node_modules/@pulumi/pulumi/runtime/debuggable.js";

describe("isPromiseBookkeeping", () => {
    it("is the stack debuggablePromise records: its own function, in the SDK's file", () => {
        expect(isPromiseBookkeeping([site("debuggablePromise", DEBUGGABLE), site("f", "/repo/x.js")])).toBe(true);
        expect(
            isPromiseBookkeeping([site("debuggablePromise", "C:\\r\\node_modules\\@pulumi\\pulumi\\runtime\\debuggable.js")]),
        ).toBe(true);
    });

    it("is not a function of the same name elsewhere, another function of that file, or an empty stack", () => {
        expect(isPromiseBookkeeping([site("debuggablePromise", "/repo/stacks/api/index.ts")])).toBe(false);
        expect(isPromiseBookkeeping([site("errorString", DEBUGGABLE)])).toBe(false);
        expect(isPromiseBookkeeping([site("main", "/repo/x.js"), site("debuggablePromise", DEBUGGABLE)])).toBe(false);
        expect(isPromiseBookkeeping([])).toBe(false);
    });
});

describe("lightenPromiseStacks", () => {
    const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    afterEach(() => {
        if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
    });

    function fakeErrorClass() {
        const calls: string[] = [];
        const inner = (err: Error) => (calls.push(err.message), `mapped ${err.message}`);
        return { cls: { prepareStackTrace: inner } as unknown as ErrorConstructor, calls, inner };
    }

    it("records a note for the SDK's promise stacks and hands every other error to the installed formatter", () => {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        const { cls, calls } = fakeErrorClass();
        lightenPromiseStacks(cls);
        const format = cls.prepareStackTrace!;
        expect(format(new Error(""), [site("debuggablePromise", DEBUGGABLE)])).toBe(UNRECORDED_PROMISE_STACK);
        expect(format(new Error("boom"), [site("main", "/repo/stacks/api/index.ts")])).toBe("mapped boom");
        expect(calls).toEqual(["boom"]);
    });

    it("wraps once however often the library is loaded", () => {
        delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
        const { cls } = fakeErrorClass();
        lightenPromiseStacks(cls);
        const first = cls.prepareStackTrace;
        lightenPromiseStacks(cls);
        expect(cls.prepareStackTrace).toBe(first);
    });

    it("leaves V8's own formatting alone, and everything mapped while leak debugging is on", () => {
        const none = { prepareStackTrace: undefined } as unknown as ErrorConstructor;
        lightenPromiseStacks(none);
        expect(none.prepareStackTrace).toBeUndefined();

        process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
        const { cls, inner } = fakeErrorClass();
        lightenPromiseStacks(cls);
        expect(cls.prepareStackTrace).toBe(inner);
    });

    it("applies to the SDK's real promises once the library is loaded, while a thrown error keeps its mapped .ts line", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module of the SDK, no typings
        const { debuggablePromise } = require("@pulumi/pulumi/runtime/debuggable") as {
            debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T>;
        };
        const p = Promise.resolve(1);
        void debuggablePromise(p, "test");
        expect((p as unknown as { _debugStackTrace: string })._debugStackTrace).toBe(UNRECORDED_PROMISE_STACK);

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
