/**
 * The layer contract tables of docs/contracts.md and the README's architecture diagram are
 * generated from lib/src/contracts.ts and the layer graph; this fails when they are stale, like
 * cdk-nag's stale-file CI step.
 */
import * as fs from "fs";
import { CONTRACT_KEYS, LAYER_NAMES, activeLayers } from "@baseline/lib";
import {
    ARCH_BEGIN,
    ARCH_END,
    CONTRACTS_DOC_FILE,
    CONTRACTS_FILE,
    README_FILE,
    currentSection,
    generatedContractsDoc,
    generatedReadme,
    readContracts,
    renderContracts,
    replaceSection,
} from "../src/gen-contracts-doc";

const source = fs.readFileSync(CONTRACTS_FILE, "utf8");

describe("contracts doc", () => {
    it("docs/contracts.md's contracts section is up to date (run `npm run gen:contracts` when this fails)", () => {
        const doc = fs.readFileSync(CONTRACTS_DOC_FILE, "utf8");
        expect(currentSection(doc)).toBeDefined();
        expect(currentSection(doc)).toBe(currentSection(generatedContractsDoc(doc, source)));
        for (const layer of LAYER_NAMES) expect(doc).toContain(`\n## ${layer}: \``);
    });

    it("the README keeps no contract tables of its own: they live in docs/contracts.md", () => {
        expect(currentSection(fs.readFileSync(README_FILE, "utf8"))).toBeUndefined();
    });

    it("README's architecture diagram is the layer graph's (run `npm run gen:contracts` when this fails)", () => {
        const readme = fs.readFileSync(README_FILE, "utf8");
        const section = currentSection(readme, ARCH_BEGIN, ARCH_END);
        expect(section).toBeDefined();
        expect(section).toBe(currentSection(generatedReadme(readme), ARCH_BEGIN, ARCH_END));
        for (const layer of activeLayers()) expect(section).toContain(`["${layer}<br/>`);
    });

    it("reads every layer's interface and exactly the keys of CONTRACT_KEYS, with types and doc comments", () => {
        const contracts = readContracts(source);
        expect(contracts.map((c) => c.layer)).toEqual([...LAYER_NAMES]);
        for (const c of contracts) {
            expect(c.keys.map((k) => k.name).sort()).toEqual([...CONTRACT_KEYS[c.layer as keyof typeof CONTRACT_KEYS]].sort());
        }
        const network = contracts.find((c) => c.layer === "network")!;
        expect(network.interfaceName).toBe("NetworkOutputs");
        expect(network.keys.find((k) => k.name === "interfaceEndpointIds")).toEqual({
            name: "interfaceEndpointIds",
            type: "Record<string, string>",
            optional: false,
            doc: "Interface endpoint ids by service short name (e.g. `logs`, `kms`, `secretsmanager`).",
        });
        expect(contracts.find((c) => c.layer === "global-iam")!.doc).toMatch(/^global-iam \(one stack, home region\)/);
    });

    it("renders a table row per key, escaping pipes, and names producers and readers", () => {
        const text = renderContracts(
            readContracts(`
                /** Demo. */
                export interface DataOutputs {
                    /** Either | or. */
                    mode: "a" | "b";
                    note?: string;
                }
                export interface LayerContracts { data: DataOutputs }
            `),
        );
        expect(text).toContain("## data: `DataOutputs`");
        expect(text).toContain(
            "Project `baseline-data`, stacks `production-us-east-1`, `production-us-west-2`, `production-eu-central-1`.",
        );
        expect(text).toContain("Read by api (data bucket, database endpoint).");
        expect(text).toMatch(/\| `mode` +\| `"a" \\\| "b"` \| Either \\\| or\. \|/);
        expect(text).toMatch(/\| `note` \(optional\) \| `string` +\| +\|/);
    });

    it("rewrites only the text between the markers", () => {
        const readme = "# T\n\nbefore\n<!-- BEGIN contracts (generated) -->\nold\n<!-- END contracts (generated) -->\nafter\n";
        expect(replaceSection(readme, "new")).toBe(
            "# T\n\nbefore\n<!-- BEGIN contracts (generated) -->\nnew\n<!-- END contracts (generated) -->\nafter\n",
        );
        expect(() => replaceSection("no markers", "x")).toThrow(/markers/);
    });
});
