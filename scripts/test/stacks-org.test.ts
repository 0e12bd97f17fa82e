/**
 * `npm run stacks` in organization mode: stack files named by account, each with the provider's
 * `aws:assumeRoles` naming its account's deploy role; a file that reaches another account (or none)
 * is reported and never rewritten. The sample organization is loaded in isolation.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { SAMPLE_ORG, loadWithTopology } from "./support/orgMode";

type Sync = typeof import("../src/topologySync");
type Lib = typeof import("@baseline/lib");
const [sync, lib] = loadWithTopology<[Sync, Lib]>(SAMPLE_ORG, "../src/topologySync", "../../lib/src");

describe("npm run stacks in organization mode", () => {
    let root: string;
    const rel = (layer: string, stack: string) => path.join("stacks", layer, `Pulumi.${stack}.yaml`);
    const at = (p: string) => path.join(root, p);

    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "stacks-org-"));
        fs.mkdirSync(at("policy-pack/src"), { recursive: true });
        fs.copyFileSync(path.join(sync.ROOT, sync.PACK_TOPOLOGY_FILE), at(sync.PACK_TOPOLOGY_FILE));
        fs.copyFileSync(path.join(sync.ROOT, "README.md"), at("README.md"));
        fs.mkdirSync(at("docs"));
        fs.copyFileSync(path.join(sync.ROOT, "docs/contracts.md"), at("docs/contracts.md"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("writes one stack file per account and region, each assuming the deploy role of its own account", () => {
        const r = sync.syncStacks({ root });
        const instances = lib.allInstances();
        expect(r.created).toEqual(instances.map((i) => rel(i.layer, i.stack)));
        // Every account's stacks, named by account: a global layer by the account alone.
        expect(r.created).toEqual(
            expect.arrayContaining([
                rel("organization", "management"),
                rel("log-archive", "log-archive"),
                rel("security-tooling", "security-tooling-eu-west-1"),
                rel("global-iam", "payments"),
                rel("global-iam", "ledger"),
                rel("network", "ledger-us-west-2"),
            ]),
        );
        expect(r.created).not.toContain(rel("network", "ledger-eu-central-1")); // ledger runs in two regions only
        expect(fs.readFileSync(at(rel("network", "ledger-us-west-2")), "utf8")).toBe(
            [
                "config:",
                "  aws:region: us-west-2",
                "  aws:assumeRoles:",
                "    - roleArn: arn:aws:iam::555555555555:role/baseline-deploy",
                "      sessionName: baseline-deploy",
                "",
            ].join("\n"),
        );
        for (const i of instances) {
            const doc = yaml.load(fs.readFileSync(at(rel(i.layer, i.stack)), "utf8")) as { config: Record<string, unknown> };
            const account = lib.accountByName(i.account!)!;
            expect(doc.config).toEqual({
                "aws:region": i.region,
                "aws:assumeRoles": [
                    { roleArn: `arn:aws:iam::${account.id}:role/baseline-deploy`, sessionName: "baseline-deploy" },
                ],
            });
        }
        expect(r.wrongAccount).toEqual([]);
        expect(sync.syncStacks({ root, check: true }).created).toEqual([]);
    });

    it("reports a stack file that assumes another account's role, or none, and leaves it as it is", () => {
        sync.syncStacks({ root });
        const other =
            "config:\n  aws:region: us-east-1\n  aws:assumeRoles:\n    - roleArn: arn:aws:iam::444444444444:role/baseline-deploy\n";
        const none = "config:\n  aws:region: us-east-1\n";
        fs.writeFileSync(at(rel("data", "ledger-us-east-1")), other);
        fs.writeFileSync(at(rel("api", "payments-us-east-1")), none);

        for (const check of [true, false]) {
            const r = sync.syncStacks({ root, check });
            expect(r.code).toBe(1);
            expect([...r.wrongAccount].sort()).toEqual([rel("api", "payments-us-east-1"), rel("data", "ledger-us-east-1")]);
            expect(r.lines).toContain(
                `${rel("data", "ledger-us-east-1")}: aws:assumeRoles ends with roleArn "arn:aws:iam::444444444444:role/baseline-deploy", ` +
                    "but stack ledger-us-east-1 runs in account ledger through arn:aws:iam::555555555555:role/baseline-deploy: correct it by hand",
            );
            expect(r.lines).toContain(
                `${rel("api", "payments-us-east-1")}: aws:assumeRoles is not set, but stack payments-us-east-1 runs in account ` +
                    "payments through arn:aws:iam::444444444444:role/baseline-deploy: correct it by hand",
            );
        }
        expect(fs.readFileSync(at(rel("data", "ledger-us-east-1")), "utf8")).toBe(other);
        expect(fs.readFileSync(at(rel("api", "payments-us-east-1")), "utf8")).toBe(none);
    });

    it("judges the accounts' stack files and a single account's leftovers, not another environment's", () => {
        sync.syncStacks({ root });
        fs.writeFileSync(at(rel("network", "production-us-east-1")), "config:\n  aws:region: us-east-1\n");
        fs.writeFileSync(at(rel("network", "payments-ap-south-1")), "config:\n  aws:region: ap-south-1\n");
        fs.writeFileSync(at(rel("network", "staging-us-east-1")), "config:\n  aws:region: us-east-1\n");
        const r = sync.syncStacks({ root, check: true });
        expect(r.extra.map((e) => e.file)).toEqual([
            rel("network", "payments-ap-south-1"),
            rel("network", "production-us-east-1"),
        ]);
    });
});
