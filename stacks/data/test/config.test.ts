import { names } from "@baseline/lib";
import { configProblems } from "@baseline/lib/src/testing";
import { readConfig } from "../src/config";

const read = (values: Record<string, string>) =>
    readConfig(
        {
            get: (k) =>
                ({
                    "aws:region": "us-east-1",
                    ...Object.fromEntries(Object.entries(values).map(([key, v]) => [`baseline-data:${key}`, v])),
                })[k],
        },
        "baseline-data/production-us-east-1",
    );

const problemsOf = (values: Record<string, string>) => configProblems(() => read(values));

describe("data config", () => {
    it("has production defaults", () => {
        const c = read({});
        expect(c.db).toMatchObject({
            instanceClass: "db.m7g.large",
            engineVersion: "16",
            parameterGroupFamily: "postgres16",
            multiAz: true,
            backupRetentionDays: 14,
            monitoringIntervalSeconds: 60,
            allocatedStorageGiB: 100,
            maxAllocatedStorageGiB: 200,
            masterUsername: "baseline_admin",
        });
    });

    it("derives the parameter group family from a full version", () => {
        expect(read({ dbEngineVersion: "17.2" }).db.parameterGroupFamily).toBe("postgres17");
    });

    it.each(["6", "36", "x"])("rejects backup retention %s, naming key, value and range", (v) => {
        const [p, ...rest] = problemsOf({ dbBackupRetentionDays: v });
        expect(rest).toEqual([]);
        expect(p.key).toBe("baseline-data:dbBackupRetentionDays");
        expect(String(p.value)).toBe(v);
        expect(p.allowed).toMatch(/7 to 35/);
    });

    it("rejects an unknown instance class family and burstable classes", () => {
        for (const v of ["db.x9z.large", "db.t4g.medium", "m7g.large"]) {
            const [p] = problemsOf({ dbInstanceClass: v });
            expect(p).toMatchObject({ key: "baseline-data:dbInstanceClass", value: v });
            expect(p.allowed).toContain("m7g");
            expect(p.allowed).toMatch(/burstable/);
        }
    });

    it("rejects a storage ceiling below the allocation (or less than 10% above it)", () => {
        const [p] = problemsOf({ dbAllocatedStorageGiB: "500", dbMaxAllocatedStorageGiB: "400" });
        expect(p).toMatchObject({ key: "baseline-data:dbMaxAllocatedStorageGiB", value: 400 });
        expect(p.allowed).toMatch(/at least 550 GiB/);
        expect(problemsOf({ dbAllocatedStorageGiB: "500", dbMaxAllocatedStorageGiB: "549" })[0].allowed).toMatch(/550/);
        expect(read({ dbAllocatedStorageGiB: "500", dbMaxAllocatedStorageGiB: "550" }).db.maxAllocatedStorageGiB).toBe(550);
    });

    it("rejects a monitoring interval RDS does not offer, the default master user and an unsupported major", () => {
        const problems = problemsOf({ dbMonitoringIntervalSeconds: "0", dbMasterUsername: "postgres", dbEngineVersion: "12" });
        expect(problems.map((p) => p.key).sort()).toEqual([
            "baseline-data:dbEngineVersion",
            "baseline-data:dbMasterUsername",
            "baseline-data:dbMonitoringIntervalSeconds",
        ]);
    });

    it("takes the database port from lib naming.ts, the port the network layer's security groups open", () => {
        expect(read({}).db.port).toBe(names.dbPort);
        // An old stack file that spells out the shared port keeps working.
        expect(read({ dbPort: String(names.dbPort) }).db.port).toBe(names.dbPort);
    });

    it("refuses a dbPort that differs from the port the network layer opens, instead of silently cutting the database off", () => {
        const [p, ...rest] = problemsOf({ dbPort: "6543" });
        expect(rest).toEqual([]);
        expect(p).toMatchObject({ key: "baseline-data:dbPort", value: "6543" });
        expect(p.allowed).toMatch(new RegExp(`fixed at ${names.dbPort} \\(names\\.dbPort`));
    });

    it("lists every problem in one error message", () => {
        expect(() => read({ dbBackupRetentionDays: "40", dbInstanceClass: "db.foo.large", dbMultiAz: "yes" })).toThrow(
            /3 problems[\s\S]*dbInstanceClass = "db.foo.large"[\s\S]*dbMultiAz = "yes": true or false[\s\S]*dbBackupRetentionDays = 40: from 7 to 35/,
        );
    });
});
