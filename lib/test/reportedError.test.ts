/**
 * What the engine prints for the errors a program reports (lib/src/reportedError.ts): the
 * runner prints a RunError's message alone, and formats the error once more with
 * util.inspect(err, { colors: true }) for its trace span. Both must show the message,
 * and the second must not reach a stack frame (Node 20.20 loops on the SDK's frames).
 */
import * as util from "util";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError, UpstreamError } from "../src";

// The runner's own formatter of an uncaught error (what its trace span records).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module of the SDK's runner
const { defaultErrorMessage } = require("@pulumi/pulumi/cmd/run/error") as { defaultErrorMessage(err: unknown): string };

const errors = [
    new ConfigValidationError("baseline-network/production-us-east-1", [
        { key: "baseline-network:azCount", value: 99, allowed: "from 2 to 6" },
    ]),
    new UpstreamError(
        "upstream stack o/baseline-global-iam/production (layer global-iam) does not exist. Deploy the global-iam layer first",
    ),
];

describe.each(errors.map((e) => [e.name, e] as const))("%s", (name, err) => {
    it("is a RunError, so the engine prints its message alone", () => {
        expect(pulumi.RunError.isInstance(err)).toBe(true);
        expect(err.name).toBe(name);
    });

    it("has a stack of its message alone: no frame for inspect to mark", () => {
        expect(err.stack).toBe(`${name}: ${err.message}`);
        expect(err.stack).not.toMatch(/\n\s+at /);
    });

    it("reads as its message where the runner formats it", () => {
        const formatted = util.stripVTControlCharacters(defaultErrorMessage(err));
        expect(formatted).toContain(err.message);
        expect(util.stripVTControlCharacters(util.inspect(err))).toContain(err.message);
    });
});

it("a config error keeps the stack it names and every problem", () => {
    const err = errors[0] as ConfigValidationError;
    expect(err.stackName).toBe("baseline-network/production-us-east-1");
    expect(err.message).toBe(
        "invalid configuration for stack baseline-network/production-us-east-1 (1 problem):\n" +
            "  - baseline-network:azCount = 99: from 2 to 6",
    );
    expect(err.problems).toHaveLength(1);
});
