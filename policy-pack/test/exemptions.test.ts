/** Exemptions as data: validation, what they exempt, and what the report says about each. */
import { evaluatePlans, PolicyConfigError } from "../src/offline";
import { POLICIES } from "../src/pack";
import { exemptionProblems } from "../src/exemptions";
import { Exemption } from "../src/exemptions";
import { compliantResources, found, LOG_BUCKET_EXEMPTION, patched, planOf, PROJECT, STACK, underBaseline } from "./fixtures";

const names = POLICIES.map((p) => p.name);
const publicDb = () => planOf(patched("postgres", { publiclyAccessible: true }));
const exemption = (over: Partial<Exemption> = {}): Exemption => ({
    policy: "rds-not-publicly-accessible",
    resource: `${PROJECT}/*/postgres`,
    reason: "Reporting replica reached by a partner over TLS.",
    owner: "data-platform",
    expires: "2099-01-31",
    ...over,
});
const run = (exemptions: Exemption[], plan = publicDb()) =>
    evaluatePlans([plan], undefined, {
        // The fixture's SSE-S3 access-log bucket keeps its own exemption throughout.
        policyPackConfig: underBaseline(
            POLICIES,
            {},
            { "pack-exemptions": { exemptions: [LOG_BUCKET_EXEMPTION, ...exemptions] } },
        ),
    });
/** The report's notices, without the access-log bucket's. */
const notices = (r: ReturnType<typeof run>) =>
    r.violations
        .filter((v) => v.policyName === "pack-exemptions-report" && !v.message.includes("access-logs"))
        .map((v) => v.message);

describe("validation", () => {
    it("accepts a well-formed list", () => {
        expect(exemptionProblems([exemption()], names)).toEqual([]);
    });
    it("names every bad entry, key and value in one error", () => {
        const bad = [
            exemption({ expires: "2026-02-30" }),
            exemption({ policy: "rds-not-public" }),
            exemption({ reason: " " }),
            { ...exemption(), note: "x" },
        ];
        expect(exemptionProblems(bad, names)).toEqual([
            'pack-exemptions.exemptions[0].expires: "2026-02-30" is not a date YYYY-MM-DD (the last day the exemption applies)',
            "pack-exemptions.exemptions[1].policy: 'rds-not-public' is not a policy of the pack (see the roster in the pack's README)",
            'pack-exemptions.exemptions[2].reason: " " is empty or missing: why the resource may break the policy, for the auditor',
            "pack-exemptions.exemptions[3].note: not an exemption key (policy, resource, type, reason, owner, expires)",
        ]);
        const evaluate = () =>
            evaluatePlans([publicDb()], undefined, { policyPackConfig: { "pack-exemptions": { exemptions: bad } } });
        expect(evaluate).toThrow(PolicyConfigError);
        try {
            evaluate();
        } catch (e) {
            expect((e as PolicyConfigError).problems).toEqual([
                // The schema's own check, as the CLI runs it, then the pack's.
                "pack-exemptions.exemptions[3].note: not allowed",
                ...exemptionProblems(bad, names),
            ]);
        }
    });
    it("stops the analyzer's policy with one error listing the problems", () => {
        const policy = POLICIES.find((p) => p.name === "pack-exemptions")!;
        const args = {
            type: "aws:sns/topic:Topic",
            urn: `urn:pulumi:${STACK}::${PROJECT}::aws:sns/topic:Topic::t`,
            props: {},
            getConfig: () => ({ exemptions: [exemption({ owner: "" })] }),
        };
        const validate = policy.kind === "resource" ? (policy.validateResource as (a: never, r: () => void) => void) : undefined;
        expect(() => validate!(args as never, () => undefined)).toThrow(
            /Invalid exemptions:\n {2}pack-exemptions\.exemptions\[0\]\.owner: "" is empty or missing/,
        );
    });
});

describe("effect and report", () => {
    it("exempts the named resource from the named policy only, and reports the exemption as used", () => {
        const without = run([]);
        expect(found(without)).toContainEqual([
            "postgres",
            "RDS instance is publicly accessible: set publiclyAccessible: false.",
        ]);
        const report = run([exemption()]);
        expect(report.violations.filter((v) => v.policyName === "rds-not-publicly-accessible")).toEqual([]);
        expect(report.passed).toBe(true);
        expect(notices(report)).toEqual([
            `Exemption of '${PROJECT}/*/postgres' from 'rds-not-publicly-accessible' (reason: "Reporting replica reached by a partner over TLS."; owner data-platform; expires 2099-01-31) is in use: the policy is not enforced on urn:pulumi:${STACK}::${PROJECT}::aws:rds/instance:Instance::postgres.`,
        ]);
        expect(report.violations.find((v) => v.policyName === "pack-exemptions-report")!.enforcementLevel).toBe("advisory");
    });
    it("with a type, exempts only a resource of that type: another named alike is still judged", () => {
        expect(run([exemption({ type: "aws:rds/instance:Instance" })]).passed).toBe(true);
        const other = run([exemption({ type: "aws:rds/clusterInstance:ClusterInstance" })]);
        expect(found(other)).toContainEqual(["postgres", "RDS instance is publicly accessible: set publiclyAccessible: false."]);
        expect(other.passed).toBe(false);
        expect(exemptionProblems([exemption({ type: "RDS instance" as never })], names)).toEqual([
            'pack-exemptions.exemptions[0].type: "RDS instance" is not a Pulumi resource type (like aws:s3/bucketPolicy:BucketPolicy)',
        ]);
    });
    it("also takes the resource's URN", () => {
        const urn = `urn:pulumi:${STACK}::${PROJECT}::aws:rds/instance:Instance::postgres`;
        expect(run([exemption({ resource: urn })]).passed).toBe(true);
    });
    it("no longer exempts once expired, and says so in the finding and in the report", () => {
        const report = run([exemption({ expires: "2021-03-01" })]);
        expect(report.passed).toBe(false);
        const v = report.violations.find((x) => x.policyName === "rds-not-publicly-accessible")!;
        expect(v.message).toContain("expired on 2021-03-01 and no longer applies");
        expect(notices(report)).toEqual([
            expect.stringMatching(
                /expires 2021-03-01\) has expired and no longer exempts anything \(it matches urn:.*postgres\)/,
            ),
        ]);
    });
    it("reports an exemption that matches nothing in its stack, and one the policy did not need", () => {
        const report = run([exemption({ resource: `${PROJECT}/*/no-such-db` }), exemption({ policy: "kms-key-rotation" })]);
        expect(notices(report)).toEqual([
            expect.stringMatching(/^Exemption of 'baseline-test\/\*\/no-such-db' .* matches no resource of this stack\.$/),
            expect.stringMatching(
                /from 'kms-key-rotation' .* matches urn:.*postgres, where the policy finds nothing to exempt: remove it\.$/,
            ),
        ]);
    });
    it("says nothing in stacks the exemption is not aimed at", () => {
        const other = planOf(compliantResources(), { project: "other-team" });
        const report = evaluatePlans([other], undefined, {
            policyPackConfig: underBaseline(POLICIES, {}, { "pack-exemptions": { exemptions: [exemption()] } }),
        });
        expect(notices(report)).toEqual([]);
    });
});
