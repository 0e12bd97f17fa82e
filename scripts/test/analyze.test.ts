import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyze, fromPreviewJson, parseUrn } from "../src/analyze";
import { evaluatePlans } from "../../policy-pack/src/offline";
import { PlanFile, PlanStep } from "@baseline/lib";

const URN = (type: string, name: string) => `urn:pulumi:production-us-east-1::baseline-data::${type}::${name}`;
const TAGS = { Environment: "Production" };

const DB_ARN = "arn:aws:rds:us-east-1:123456789012:db:baseline-postgres";

/**
 * A trimmed `pulumi preview --json` of one stack: a provider, a KMS key, a database with its backup
 * replication to the partner region (rds-automated-backup-replication), and a deleted topic.
 */
function preview(db: Record<string, unknown>) {
    const provider = URN("pulumi:providers:aws", "default_7_48_0");
    return {
        config: { "aws:region": "us-east-1" },
        steps: [
            {
                op: "create",
                urn: provider,
                newState: { urn: provider, type: "pulumi:providers:aws", custom: true, inputs: { region: "us-east-1" } },
            },
            {
                op: "create",
                urn: URN("aws:kms/key:Key", "db-key"),
                provider: `${provider}::04da6b54-80e4-46f7-96ec-b56ff0331ba9`,
                newState: {
                    urn: URN("aws:kms/key:Key", "db-key"),
                    type: "aws:kms/key:Key",
                    custom: true,
                    protect: true,
                    inputs: { enableKeyRotation: true, tags: TAGS },
                },
            },
            {
                op: "update",
                urn: URN("aws:rds/instance:Instance", "postgres"),
                newState: {
                    urn: URN("aws:rds/instance:Instance", "postgres"),
                    type: "aws:rds/instance:Instance",
                    custom: true,
                    protect: true,
                    inputs: {
                        storageEncrypted: true,
                        kmsKeyId: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
                        deletionProtection: true,
                        backupRetentionPeriod: 7,
                        multiAz: true,
                        iamDatabaseAuthenticationEnabled: true,
                        engine: "postgres",
                        tags: TAGS,
                        ...db,
                    },
                    outputs: { arn: DB_ARN },
                },
            },
            {
                op: "create",
                urn: URN(
                    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
                    "postgres-replication",
                ),
                newState: {
                    urn: URN(
                        "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
                        "postgres-replication",
                    ),
                    type: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
                    custom: true,
                    protect: true,
                    inputs: { region: "us-west-2", sourceDbInstanceArn: DB_ARN, retentionPeriod: 14 },
                },
            },
            { op: "delete", urn: URN("aws:sns/topic:Topic", "old"), oldState: { type: "aws:sns/topic:Topic" } },
        ],
    };
}

function write(dir: string, name: string, json: unknown): string {
    const f = path.join(dir, name);
    fs.writeFileSync(f, JSON.stringify(json));
    return f;
}

describe("analyze", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("parses project and stack from a URN", () => {
        expect(parseUrn(URN("aws:s3/bucket:Bucket", "b"))).toEqual({ stack: "production-us-east-1", project: "baseline-data" });
    });

    it("converts preview --json: drops deleted resources, keeps the provider link and the region", () => {
        const plan = fromPreviewJson(preview({}) as never, "p.json");
        expect(plan).toMatchObject({
            project: "baseline-data",
            stack: "production-us-east-1",
            layer: "data",
            region: "us-east-1",
        });
        expect(plan.steps.map((s) => [s.op, s.newState.type])).toEqual([
            ["create", "pulumi:providers:aws"],
            ["create", "aws:kms/key:Key"],
            ["update", "aws:rds/instance:Instance"],
            ["create", "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication"],
        ]);
    });

    it("passes a compliant preview; an unknown key id is only advisory at preview", () => {
        const summary = path.join(dir, "summary.md");
        // The baseline's own stack, under its conformance configuration (customer-managed keys required).
        const baseline = path.join(__dirname, "..", "..", "policy-pack", "config", "baseline.json");
        const result = analyze(["--policy-pack-config", baseline, write(dir, "preview.json", preview({})), "--summary", summary]);
        expect(result.code).toBe(0);
        // The key id also feeds the other-account check, which likewise waits for the update.
        expect(result.report!.violations.map((v) => [v.policyName, v.enforcementLevel])).toEqual([
            ["rds-storage-encrypted-cmk", "advisory"],
            ["aws-no-foreign-account-references", "advisory"],
            // The configuration's access-log exemption aims at every data stack; this trimmed one has no such bucket.
            ["pack-exemptions-report", "advisory"],
        ]);
        expect(fs.readFileSync(summary, "utf8")).toBe(result.markdown);
        expect(result.markdown).toContain("| advisory | rds-storage-encrypted-cmk |");
    });

    it("exits 1 on a mandatory violation, in a preview or a plan file", () => {
        const bad = analyze([write(dir, "preview.json", preview({ publiclyAccessible: true }))]);
        expect(bad.code).toBe(1);
        expect(bad.output).toContain("MANDATORY rds-not-publicly-accessible");
        expect(bad.markdown).toContain("| mandatory | rds-not-publicly-accessible |");
        const plan = fromPreviewJson(preview({ deletionProtection: false }) as never, "x");
        expect(analyze([write(dir, "baseline-data.production-us-east-1.json", plan)]).code).toBe(1);
    });

    it("resolves the default provider from the preview's config: aws:defaultTags count as the engine counts them", () => {
        const topicUrn = "urn:pulumi:dev::team-app::aws:sns/topic:Topic::events";
        const json = (config: Record<string, string>) => ({
            config,
            steps: [
                {
                    op: "create",
                    urn: topicUrn,
                    newState: { urn: topicUrn, type: "aws:sns/topic:Topic", custom: true, inputs: {} },
                },
            ],
        });
        const org = path.join(__dirname, "..", "..", "policy-pack", "config", "organization.json");
        const tagged = json({
            "aws:region": "ap-south-1",
            "aws:defaultTags": JSON.stringify({ tags: { Environment: "Development" } }),
        });
        expect(fromPreviewJson(tagged as never, "t").config).toEqual(tagged.config);
        const ok = analyze(["--policy-pack-config", org, write(dir, "tagged.json", tagged)]);
        expect(ok.report!.violations.filter((v) => v.policyName === "aws-required-tags")).toEqual([]);
        expect(ok.code).toBe(0);
        const bare = analyze(["--policy-pack-config", org, write(dir, "bare.json", json({ "aws:region": "ap-south-1" }))]);
        expect(bare.code).toBe(1);
        expect(bare.output).toContain("MANDATORY aws-required-tags");
    });

    it("reads every plan in a folder and skips the plan's summary.json", () => {
        const plan = fromPreviewJson(preview({}) as never, "x");
        write(dir, "baseline-data.production-us-east-1.json", plan);
        write(dir, "summary.json", { durationMs: 1, stacks: [] });
        const result = analyze([dir]);
        expect(result.code).toBe(0);
        expect(result.report!.counts.stacks).toBe(1);
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "analyze-empty-"));
        expect(analyze([empty])).toMatchObject({ code: 2, output: expect.stringContaining("no plan files in this folder") });
        fs.rmSync(empty, { recursive: true });
    });

    it("honours --policy-pack-config", () => {
        const cfg = write(dir, "cfg.json", { "rds-not-publicly-accessible": "advisory" });
        expect(analyze(["--policy-pack-config", cfg, write(dir, "p.json", preview({ publiclyAccessible: true }))]).code).toBe(0);
    });

    it("exits 2 on unreadable input or invalid config", () => {
        expect(analyze([write(dir, "x.json", { hello: 1 })])).toMatchObject({
            code: 2,
            output: expect.stringContaining("no steps"),
        });
        const cfg = write(dir, "cfg.json", { "rds-backup-retention": { minBackupRetentionDays: 0 } });
        expect(analyze(["--policy-pack-config", cfg, write(dir, "p.json", preview({}))])).toMatchObject({
            code: 2,
            output: expect.stringContaining("rds-backup-retention.minBackupRetentionDays: must be >= 1"),
        });
        expect(analyze([]).code).toBe(2);
    });
});

describe("analyze grows linearly with the number of steps", () => {
    /**
     * `n` queues that all carry the same ARN (as copies of one resource do in a generated plan), each
     * depending on the first. Every `dependencies` array counts the elements read from it: matching a
     * value to the resources that carry it by scanning the dependency list once per candidate reads
     * it n times per step (n² in all); a set built once per step reads each list once.
     */
    function sharedArnPlan(n: number): { plan: PlanFile; reads: () => number } {
        let reads = 0;
        const counted = (urns: string[]) =>
            new Proxy(urns, {
                get(target, key, receiver) {
                    if (typeof key === "string" && /^\d+$/.test(key)) reads++;
                    return Reflect.get(target, key, receiver);
                },
            });
        const arn = "arn:aws:sqs:us-east-1:123456789012:baseline-shared";
        const first = URN("aws:sqs/queue:Queue", "q0");
        const steps: PlanStep[] = Array.from({ length: n }, (_, i) => {
            const urn = URN("aws:sqs/queue:Queue", `q${i}`);
            return {
                op: "create",
                urn,
                newState: {
                    urn,
                    type: "aws:sqs/queue:Queue",
                    custom: true,
                    id: `q${i}`,
                    dependencies: counted(i === 0 ? [] : [first]),
                    inputs: { name: `q${i}`, redrivePolicy: arn, tags: TAGS },
                    outputs: { arn },
                },
            } as PlanStep;
        });
        return {
            plan: {
                project: "baseline-data",
                stack: "production-us-east-1",
                layer: "data",
                region: "us-east-1",
                steps,
                outputs: {},
            },
            reads: () => reads,
        };
    }

    test("reads per step stay constant when the plan doubles", () => {
        const small = sharedArnPlan(400);
        evaluatePlans([small.plan]);
        const large = sharedArnPlan(800);
        evaluatePlans([large.plan]);
        expect(small.reads()).toBeGreaterThan(0);
        // Linear: twice the steps, about twice the reads (quadratic would be four times).
        expect(large.reads()).toBeLessThanOrEqual(2.2 * small.reads());
        expect(large.reads()).toBeLessThanOrEqual(10 * 800);
    });
});
