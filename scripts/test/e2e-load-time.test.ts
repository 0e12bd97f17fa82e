import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { measureLoad } from "../src/e2e/loadTime";

const ROOT = path.resolve(__dirname, "../..");

/**
 * A repository with one stack folder configured as the baseline's are (the repository's own
 * tsconfig.base.json, whose "ts-node" section asks for swc, and the api stack's
 * tsconfig.pulumi.json), holding a program with a type error: transpile-only loads it, a
 * type-checking load must refuse it.
 */
function repoWithTypeError(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "baseline-load-time-test-"));
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
    fs.copyFileSync(path.join(ROOT, "tsconfig.base.json"), path.join(root, "tsconfig.base.json"));
    const stack = path.join(root, "stacks", "api");
    fs.mkdirSync(stack, { recursive: true });
    const tsconfig = { extends: "../../tsconfig.base.json", compilerOptions: { rootDir: "." }, include: ["index.ts"] };
    fs.writeFileSync(path.join(stack, "tsconfig.json"), JSON.stringify(tsconfig));
    fs.copyFileSync(path.join(ROOT, "stacks", "api", "tsconfig.pulumi.json"), path.join(stack, "tsconfig.pulumi.json"));
    fs.writeFileSync(path.join(stack, "index.ts"), 'const port: number = "443";\nexport { port };\n');
    return root;
}

describe("npm run e2e -- --load-time: measureLoad", () => {
    let root: string;
    beforeAll(() => (root = repoWithTypeError()));
    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    it("loads a program transpile-only, as the runtime tsconfig (noCheck, swc) asks, whatever its types say", () => {
        expect(measureLoad("api", "transpile-only", root)).toBeGreaterThan(0);
    });

    it("type-checks in typecheck mode although the tsconfig asks for swc, and says what the type error is", () => {
        expect(() => measureLoad("api", "typecheck", root)).toThrow(
            /^loading stacks\/api \(typecheck\) failed: TSError: .*index\.ts\(1,7\): error TS2322: Type 'string' is not assignable to type 'number'\./,
        );
    });
});
