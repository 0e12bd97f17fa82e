import { configProblems } from "@baseline/lib/src/testing";
import { ApiConfig, PROJECT, readConfig } from "../src/config";

const source = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const read = (values: Record<string, string>): ApiConfig =>
    readConfig(source({ "aws:region": "us-east-1", ...values }), "test/stack");
const problems = (values: Record<string, string>) => configProblems(() => read(values));

describe("api config", () => {
    test("defaults", () => {
        expect(read({})).toEqual({
            region: "us-east-1",
            owner: "platform-team",
            upstreamOrg: undefined,
            upstream: { region: "us-east-1", org: undefined },
            stageName: "v1",
            logRetentionDays: 365,
            loggingLevel: "ERROR",
            throttlingRateLimit: 50,
            throttlingBurstLimit: 100,
            lambdaReservedConcurrency: 0,
            lambdaMemoryMb: 256,
            lambdaTimeoutSeconds: 10,
            dlqRetentionSeconds: 1209600,
            alarm5xxThreshold: 5,
            alarmLatencyP99Ms: 3000,
            alarmLambdaErrorThreshold: 1,
        });
    });

    test.each([
        ["throttlingRateLimit", "0", "from 1 to 10000"],
        ["throttlingRateLimit", "20000", "from 1 to 10000"],
        ["throttlingBurstLimit", "5001", "from 1 to 5000"],
        ["throttlingBurstLimit", "lots", "an integer from 1 to 5000"],
        ["logRetentionDays", "10", "one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365"],
        ["logRetentionDays", "0", "one of 1, 3, 5"],
        ["logRetentionDays", "5000", "one of 1, 3, 5"],
        ["lambdaTimeoutSeconds", "60", "from 1 to 29"],
        ["loggingLevel", "DEBUG", "one of ERROR, INFO"],
        ["stageName", "v 1", "1 to 128 letters, digits, - or _"],
        ["lambdaReservedConcurrency", "-1", "from 0 to 1000"],
    ])("%s = %s is a ConfigValidationError naming key, value and what is allowed", (key, value, allowed) => {
        const p = problems({ [`${PROJECT}:${key}`]: value });
        expect(p).toHaveLength(1);
        expect(p[0].key).toBe(`${PROJECT}:${key}`);
        expect(String(p[0].value)).toBe(value);
        expect(p[0].allowed).toContain(allowed);
        expect(() => read({ [`${PROJECT}:${key}`]: value })).toThrow(`${PROJECT}:${key} = `);
    });

    test("reserving concurrency is an explicit choice: 0 (the default) reserves nothing, 1 to 1000 reserve", () => {
        // A new account's quota (about 10) leaves no room for any reservation, so the default must be none.
        expect(read({}).lambdaReservedConcurrency).toBe(0);
        expect(read({ [`${PROJECT}:lambdaReservedConcurrency`]: "0" }).lambdaReservedConcurrency).toBe(0);
        expect(read({ [`${PROJECT}:lambdaReservedConcurrency`]: "25" }).lambdaReservedConcurrency).toBe(25);
    });

    test("every problem is reported at once", () => {
        const p = problems({
            "aws:region": "ap-south-1",
            [`${PROJECT}:throttlingRateLimit`]: "-5",
            [`${PROJECT}:logRetentionDays`]: "999",
        });
        expect(p.map((x) => x.key).sort()).toEqual([
            "aws:region",
            `${PROJECT}:logRetentionDays`,
            `${PROJECT}:throttlingRateLimit`,
        ]);
        expect(() => read({ [`${PROJECT}:throttlingRateLimit`]: "-5", [`${PROJECT}:logRetentionDays`]: "999" })).toThrow(
            /invalid configuration for stack test\/stack \(2 problems\)/,
        );
    });

    test("a latency alarm above the function timeout could never fire", () => {
        const p = problems({ [`${PROJECT}:lambdaTimeoutSeconds`]: "5", [`${PROJECT}:alarmLatencyP99Ms`]: "6000" });
        expect(p).toEqual([
            {
                key: `${PROJECT}:alarmLatencyP99Ms`,
                value: 6000,
                allowed: expect.stringContaining("at most lambdaTimeoutSeconds × 1000 (5000)"),
            },
        ]);
    });
});
