import { ConfigProblem, ConfigValidationError } from "../config";

/**
 * Runs a config read that must fail and returns the problems of its single
 * ConfigValidationError; any other outcome (no error, another error) fails the test.
 */
export function configProblems(read: () => unknown): ConfigProblem[] {
    try {
        read();
    } catch (e) {
        if (e instanceof ConfigValidationError) return [...e.problems];
        throw e;
    }
    throw new Error("expected a ConfigValidationError, but the config was accepted");
}
