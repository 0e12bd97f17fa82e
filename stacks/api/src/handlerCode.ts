/**
 * The Lambda deployment package, built from `stacks/api/handler/*.ts` at program
 * time: each file is transpiled on its own with `typescript.transpileModule`
 * into CommonJS, so the source the unit tests exercise is exactly what is
 * deployed, and the archive is a deterministic function of that source (sorted
 * files, fixed compiler options, no timestamps), so an unchanged handler never
 * shows a diff.
 *
 * `typescript` is resolvable at program time: Pulumi's Node.js language host
 * needs it to run this TypeScript program (an optional peer dependency of
 * @pulumi/pulumi), and the workspace pins it in the root devDependencies.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";

export const HANDLER_DIR = path.join(__dirname, "..", "handler");

/** `index.handler`: the `handler` export of `handler/index.ts`. */
export const HANDLER_ENTRY = "index.handler";

const COMPILER_OPTIONS: ts.CompilerOptions = {
    // nodejs22.x supports ES2022 natively; no down-levelling, readable stack traces.
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    esModuleInterop: true,
    strict: true,
    removeComments: false,
    sourceMap: false,
    inlineSourceMap: false,
};

/** File name in the archive → JavaScript, sorted by name. Test files and declarations are skipped. */
export function transpileHandler(dir: string = HANDLER_DIR): Record<string, string> {
    const sources = fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts") && !f.endsWith(".test.ts"))
        .sort();
    if (!sources.includes("index.ts")) throw new Error(`the Lambda handler needs ${path.join(dir, "index.ts")}`);
    const out: Record<string, string> = {};
    for (const file of sources) {
        const source = fs.readFileSync(path.join(dir, file), "utf8");
        const result = ts.transpileModule(source, { compilerOptions: COMPILER_OPTIONS, fileName: file, reportDiagnostics: true });
        const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
        if (errors.length > 0) {
            throw new Error(
                `cannot transpile ${file}: ${errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`,
            );
        }
        out[file.replace(/\.ts$/, ".js")] = result.outputText;
    }
    return out;
}

export function handlerArchive(dir: string = HANDLER_DIR): pulumi.asset.AssetArchive {
    const files = transpileHandler(dir);
    return new pulumi.asset.AssetArchive(
        Object.fromEntries(Object.entries(files).map(([name, js]) => [name, new pulumi.asset.StringAsset(js)])),
    );
}
