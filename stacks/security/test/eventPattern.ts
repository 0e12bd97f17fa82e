/**
 * The offline EventBridge pattern evaluator now lives in lib/src/testing/eventPattern.ts, so every
 * layer's tests (the data layer's backup-jobs rule too) run their real patterns through the same one.
 */
export { matchesEventPattern } from "@baseline/lib/src/testing";
