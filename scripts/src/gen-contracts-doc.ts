/**
 * Generates the layer contract tables of docs/contracts.md from lib/src/contracts.ts,
 * read with the TypeScript compiler API: for each layer of `LayerContracts`, its
 * interface, every key with its type and doc comment, the stack that produces
 * it and the layers that read it (from the layer graph). It also writes the
 * README's architecture diagram from the same layer graph. Only the text between
 * the `contracts (generated)` markers (docs/contracts.md) and the
 * `architecture (generated)` markers (README.md) is rewritten.
 *
 *   npm run gen:contracts            rewrite both sections
 *   npm run gen:contracts -- --check fail when either is stale (CI; a jest test does the same)
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { instancesOf, LayerName, layerOrder, LAYERS, layersMermaid } from "@baseline/lib/src/facts";
import { CommandResult, checkOrWrite, generatorArgs, generatorUsage, printResult } from "./cli";

export const CONTRACTS_FILE = path.resolve(__dirname, "../../lib/src/contracts.ts");
export const ROOT = path.resolve(__dirname, "../..");
/** Where the architecture diagram lives: the front door. */
export const README_FILE = path.join(ROOT, "README.md");
/** Where the contract tables live. */
export const CONTRACTS_DOC_FILE = path.join(ROOT, "docs", "contracts.md");
export const BEGIN = "<!-- BEGIN contracts (generated) -->";
export const END = "<!-- END contracts (generated) -->";
export const ARCH_BEGIN = "<!-- BEGIN architecture (generated) -->";
export const ARCH_END = "<!-- END architecture (generated) -->";

/** The layer graph as a Mermaid block: what each layer reads from the layers before it. */
export function renderArchitecture(): string {
    return ["", "```mermaid", layersMermaid().trimEnd(), "```", ""].join("\n");
}

export interface ContractKey {
    readonly name: string;
    readonly type: string;
    readonly optional: boolean;
    readonly doc: string;
}

export interface Contract {
    readonly layer: string;
    readonly interfaceName: string;
    readonly doc: string;
    readonly keys: readonly ContractKey[];
}

function docOf(node: ts.Node): string {
    return ts
        .getJSDocCommentsAndTags(node)
        .filter(ts.isJSDoc)
        .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
        .join(" ")
        .replace(/\s+/g, " ")
        .trim();
}

function propertyName(name: ts.PropertyName, sf: ts.SourceFile): string {
    return ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : name.getText(sf);
}

/** Every layer's contract, in the order `LayerContracts` lists them. */
export function readContracts(source: string, fileName = CONTRACTS_FILE): Contract[] {
    const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const interfaces = new Map<string, ts.InterfaceDeclaration>();
    sf.forEachChild((n) => {
        if (ts.isInterfaceDeclaration(n)) interfaces.set(n.name.text, n);
    });
    const index = interfaces.get("LayerContracts");
    if (!index) throw new Error(`${fileName}: interface LayerContracts not found`);
    return index.members.filter(ts.isPropertySignature).map((m) => {
        const layer = propertyName(m.name, sf);
        if (!m.type || !ts.isTypeReferenceNode(m.type))
            throw new Error(`${fileName}: LayerContracts.${layer} is not an interface reference`);
        const interfaceName = m.type.typeName.getText(sf);
        const decl = interfaces.get(interfaceName);
        if (!decl) throw new Error(`${fileName}: interface ${interfaceName} (LayerContracts.${layer}) not found`);
        return {
            layer,
            interfaceName,
            doc: docOf(decl),
            keys: decl.members.filter(ts.isPropertySignature).map((p) => ({
                name: propertyName(p.name, sf),
                type: p.type ? p.type.getText(sf).replace(/\s+/g, " ") : "unknown",
                optional: p.questionToken !== undefined,
                doc: docOf(p),
            })),
        };
    });
}

/** A markdown table laid out the way Prettier lays it out, so `prettier --check` leaves it alone. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
    const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
    return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

const cell = (s: string): string => s.replace(/\|/g, "\\|");

export function renderContracts(contracts: readonly Contract[]): string {
    const byLayer = new Map(contracts.map((c) => [c.layer, c]));
    const out = [
        "<!-- Generated from lib/src/contracts.ts by scripts/src/gen-contracts-doc.ts: edit the interfaces there, then run `npm run gen:contracts`. -->",
        "",
        "Each layer's stack exports exactly these outputs; downstream layers read them through `resolveUpstream`, which fails before any resource is registered when a key is missing.",
    ];
    const ordered = [
        ...layerOrder().filter((l) => byLayer.has(l)),
        ...contracts.map((c) => c.layer).filter((l) => !(l in LAYERS)),
    ];
    for (const layer of ordered) {
        const c = byLayer.get(layer)!;
        const spec = LAYERS[layer as LayerName];
        out.push("", `## ${layer}: \`${c.interfaceName}\``, "");
        if (c.doc) out.push(c.doc, "");
        if (spec) {
            const stacks = instancesOf(layer as LayerName).map((i) => `\`${i.stack}\``);
            // An organization layer has no stack for a single account: say where it runs once accounts are declared.
            if (stacks.length === 0)
                stacks.push(`organization mode only: \`<${spec.account} account>${spec.scope === "global" ? "" : "-<region>"}\``);
            const readers = layerOrder().filter((l) =>
                [...LAYERS[l].dependsOn, ...(LAYERS[l].orgDependsOn ?? [])].includes(layer as LayerName),
            );
            out.push(
                `Project \`${spec.project}\`, stack${stacks.length === 1 && spec.scope === "global" ? "" : "s"} ${stacks.join(", ")}. ` +
                    `Read by ${readers.length > 0 ? readers.map((r) => `${r} (${LAYERS[r].consumes[layer as LayerName] ?? "outputs"})`).join("; ") : "no other layer"}.`,
                "",
            );
        }
        out.push(
            ...table(
                ["Output", "Type", "Description"],
                c.keys.map((k) => [`\`${k.name}\`${k.optional ? " (optional)" : ""}`, cell(`\`${k.type}\``), cell(k.doc)]),
            ),
        );
    }
    // A blank line before the END marker, as Prettier wants after a table.
    return out.join("\n") + "\n";
}

/** `text` with everything between the markers replaced by `body`; throws when a marker is missing. */
export function replaceSection(text: string, body: string, begin = BEGIN, end = END): string {
    const b = text.indexOf(begin);
    const e = text.indexOf(end, b + begin.length);
    if (b < 0 || e < 0) throw new Error(`markers ${begin} / ${end} not found`);
    return `${text.slice(0, b + begin.length)}\n${body}\n${text.slice(e)}`;
}

export function currentSection(text: string, begin = BEGIN, end = END): string | undefined {
    const b = text.indexOf(begin);
    const e = text.indexOf(end, b + begin.length);
    return b < 0 || e < 0 ? undefined : text.slice(b + begin.length, e);
}

/** docs/contracts.md's text with its contract tables regenerated from `contractsSource`. */
export function generatedContractsDoc(doc: string, contractsSource: string): string {
    return replaceSection(doc, renderContracts(readContracts(contractsSource)));
}

/** README.md's text with its architecture diagram regenerated from the layer graph. */
export function generatedReadme(readme: string): string {
    return replaceSection(readme, renderArchitecture(), ARCH_BEGIN, ARCH_END);
}

/** Each generated file with the function that regenerates it from its current text. */
export function generatedFiles(contractsSource: string): [file: string, what: string, render: (text: string) => string][] {
    return [
        [CONTRACTS_DOC_FILE, "layer contracts", (text) => generatedContractsDoc(text, contractsSource)],
        [README_FILE, "architecture diagram", generatedReadme],
    ];
}

export const USAGE = generatorUsage(
    "gen:contracts",
    "Rewrites the layer contract tables of docs/contracts.md (from lib/src/contracts.ts) and the README's\n" +
        "architecture diagram (from the layer graph): only the text between their generated markers.",
);

export function main(argv: readonly string[]): CommandResult {
    const args = generatorArgs(argv, "gen:contracts", USAGE);
    if ("code" in args) return args;
    const results = generatedFiles(fs.readFileSync(CONTRACTS_FILE, "utf8")).map(([file, what, render]) => {
        const rel = path.relative(process.cwd(), file);
        return checkOrWrite(file, render(fs.readFileSync(file, "utf8")), args.check, {
            stale: () => `${rel}: the generated ${what} section is stale: run npm run gen:contracts`,
            current: `${rel}: ${what} up to date`,
            written: `${rel}: ${what}`,
        });
    });
    return { code: Math.max(...results.map((r) => r.code)), lines: results.flatMap((r) => r.lines) };
}

if (require.main === module) printResult(main(process.argv.slice(2)));
