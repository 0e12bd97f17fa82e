/**
 * `npm run verify` in organization mode (the sample organization): each account is checked for what its
 * part in the topology deploys there, and an account the topology does not know is refused before any call.
 */
import { SAMPLE_ORG, loadWithTopology } from "./support/orgMode";

type Expectations = typeof import("../src/verify/expectations");
type Verify = typeof import("../src/verify");
type Lib = typeof import("@baseline/lib");
const [expectations, verify, lib] = loadWithTopology<[Expectations, Verify, Lib]>(
    SAMPLE_ORG,
    "../src/verify/expectations",
    "../src/verify",
    "../../lib/src",
);

const forAccount = (name: string, regions = lib.REGIONS) => {
    const account = lib.accountByName(name)!;
    return expectations.expectationsFor(
        regions.filter((r) => account.regions.includes(r)),
        account.id,
        "production",
        account,
    );
};
const home = (name: string) => forAccount(name).find((e) => e.region === lib.HOME_REGION)!;

describe("verify's expectations in organization mode", () => {
    it("a workload account: no trail or trail bucket of its own, its data and API layers checked as for one account", () => {
        const e = home("payments");
        expect(e.trailName).toBeUndefined();
        expect(e.objectLockedBuckets).toEqual([]);
        expect(e).toMatchObject({
            recorderName: "baseline-recorder",
            findingsRule: "baseline-securityhub-findings",
            backupJobsRule: lib.names.backupJobsRule,
            replicatedBucket: lib.names.dataBucket("444444444444", "us-east-1"),
            apiName: "baseline-api",
            lockedVaults: [lib.names.backupVault, lib.names.recoveryVault],
        });
        // Its partner regions' copies: eu-west-1 holds eu-central-1's, and runs detection as a recovery-only region.
        const ireland = forAccount("payments").find((x) => x.region === "eu-west-1")!;
        expect(ireland).toMatchObject({
            baseline: false,
            lockedVaults: [lib.names.recoveryVault],
            recorderName: "baseline-recorder",
            alarmTopicArn: "arn:aws:sns:eu-west-1:444444444444:baseline-alarms",
            findingsRule: "baseline-securityhub-findings",
        });
        expect(ireland.standards?.map((s) => s.arn)).toEqual([
            "arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
            "arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
        ]);
        // A baseline partner region not asked for is checked for its copies only.
        const west = expectations.expectationsFor(["us-east-1"], "444444444444", "production", lib.accountByName("payments"));
        expect(west.find((x) => x.region === "us-west-2")).toEqual({
            region: "us-west-2",
            baseline: false,
            deploymentMode: "production",
            objectLockedBuckets: [],
            lockedVaults: [lib.names.recoveryVault],
        });
        // ledger runs in two regions: nothing of eu-central-1 or its partner is expected.
        expect(forAccount("ledger").map((x) => x.region)).toEqual(["us-east-1", "us-west-2"]);
    });

    it("the organization's own accounts: Config, GuardDuty, Security Hub and routing, nothing of the data or API layers", () => {
        for (const name of ["management", "log-archive", "security-tooling"]) {
            const all = forAccount(name);
            // eu-west-1, eu-central-1's recovery-only partner, runs their security stacks too (detection, no copies).
            expect([name, all.map((x) => x.region)]).toEqual([name, ["us-east-1", "us-west-2", "eu-central-1", "eu-west-1"]]);
            for (const e of all) {
                expect(e.recorderName).toBe("baseline-recorder");
                expect(e.guardDutyFeatures).toBeDefined();
                expect(e.standards?.length).toBe(2);
                expect([name, e.backupJobsRule, e.replicatedBucket, e.apiName, e.lockedVaults, e.trailName]).toEqual([
                    name,
                    undefined,
                    undefined,
                    undefined,
                    [],
                    undefined,
                ]);
            }
        }
        // The organization trail's locked bucket is the log-archive account's.
        expect(home("log-archive").objectLockedBuckets).toEqual([lib.organizationTrailBucketName("222222222222")]);
        expect(home("management").objectLockedBuckets).toEqual([]);
        // The security-tooling account's own routing has the names its security stacks give it.
        expect(home("security-tooling")).toMatchObject({
            findingsRule: "baseline-securityhub-findings-account",
            findingsMarkerArn: "arn:aws:states:us-east-1:333333333333:stateMachine:baseline-mark-forwarded-findings-account",
        });
        expect(home("management").findingsRule).toBe("baseline-securityhub-findings");
    });
});

describe("npm run verify in organization mode", () => {
    const run = async (...argv: string[]) => {
        const lines: string[] = [];
        const io = { log: (l: string) => lines.push(l), error: (l: string) => lines.push(l) };
        // A loopback endpoint nothing listens on: a call made would fail, and the refusal comes before any.
        const code = await verify.main(["--endpoint-url", "http://127.0.0.1:9", ...argv], io);
        // Unwrapped: where the message wraps depends on the topology file's path.
        return { code, out: lines.join("\n").replace(/\s+/g, " ") };
    };

    it("refuses an account the topology does not name, listing the ones it does", async () => {
        const { code, out } = await run("--account", "999999999999");
        expect(code).toBe(2);
        expect(out).toContain("verify: account 999999999999 is not one of the accounts of");
        expect(out).toContain("management 111111111111, log-archive 222222222222");
    });

    it("refuses regions none of which the account runs in, and leaves out, naming them, those it does not", async () => {
        const { code, out } = await run("--account", "555555555555", "--regions", "eu-central-1");
        expect(code).toBe(2);
        expect(out).toBe("verify: account ledger runs in us-east-1, us-west-2 only, none of eu-central-1");
        const ledger = lib.accountByName("ledger")!;
        expect(verify.accountRegions(["us-east-1", "eu-central-1"], ledger)).toEqual({
            regions: ["us-east-1"],
            left: ["eu-central-1"],
        });
        expect(verify.accountRegions(["us-east-1", "eu-central-1"])).toEqual({
            regions: ["us-east-1", "eu-central-1"],
            left: [],
        });
    });
});
