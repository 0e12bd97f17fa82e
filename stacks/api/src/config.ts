/**
 * Every configuration key of the api layer, read once and validated together:
 * one `ConfigValidationError` lists every problem before any resource exists.
 * Each key is described (with the same default) in `Pulumi.yaml`; a test keeps
 * the two in step.
 */
import {
    CommonConfig,
    ConfigReader,
    ConfigSource,
    LAYERS,
    LOG_RETENTION_DAYS,
    pulumiConfigSource,
    readCommonConfig,
} from "@baseline/lib";

export const PROJECT = LAYERS.api.project;

export const LOGGING_LEVELS = ["ERROR", "INFO"] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

/** Defaults and limits, shared by `readConfig`, `Pulumi.yaml` (checked by a test) and the docs. */
export const RULES = {
    logRetentionDays: { default: 365, min: 1, max: 3653, oneOf: LOG_RETENTION_DAYS },
    // Account-level REST API quotas are 10,000 requests/s steady and 5,000 burst per region.
    throttlingRateLimit: { default: 50, min: 1, max: 10000 },
    throttlingBurstLimit: { default: 100, min: 1, max: 5000 },
    // 0 = no reservation (the function draws from the account's unreserved pool). The Lambda
    // developer guide ("Configuring reserved concurrency"): "You can reserve up to the Unreserved
    // account concurrency value minus 100", and its quotas page: "New AWS accounts have reduced
    // concurrency and memory quotas". On a new account (about 10 concurrent executions) any
    // reservation fails with "decreases account's UnreservedConcurrentExecution below its minimum
    // value", so reserving is an explicit choice for accounts whose quota allows it.
    lambdaReservedConcurrency: { default: 0, min: 0, max: 1000 },
    lambdaMemoryMb: { default: 256, min: 128, max: 10240 },
    // API Gateway's default integration timeout is 29 s: a longer function would be cut off.
    lambdaTimeoutSeconds: { default: 10, min: 1, max: 29 },
    dlqRetentionSeconds: { default: 1209600, min: 60, max: 1209600 },
    alarm5xxThreshold: { default: 5, min: 1, max: 100000 },
    alarmLatencyP99Ms: { default: 3000, min: 50, max: 29000 },
    alarmLambdaErrorThreshold: { default: 1, min: 1, max: 100000 },
} as const;

export const STAGE_NAME = { default: "v1", pattern: /^[A-Za-z0-9_-]{1,128}$/ } as const;

export interface ApiConfig extends CommonConfig {
    readonly stageName: string;
    readonly logRetentionDays: number;
    readonly loggingLevel: LoggingLevel;
    readonly throttlingRateLimit: number;
    readonly throttlingBurstLimit: number;
    readonly lambdaReservedConcurrency: number;
    readonly lambdaMemoryMb: number;
    readonly lambdaTimeoutSeconds: number;
    readonly dlqRetentionSeconds: number;
    readonly alarm5xxThreshold: number;
    readonly alarmLatencyP99Ms: number;
    readonly alarmLambdaErrorThreshold: number;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): ApiConfig {
    const r = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(r, { layer: "api" });
    const cfg: ApiConfig = {
        ...common,
        stageName: r.string("stageName", {
            default: STAGE_NAME.default,
            pattern: STAGE_NAME.pattern,
            describe: "1 to 128 letters, digits, - or _ (API Gateway stage name)",
        }),
        logRetentionDays: r.number("logRetentionDays", RULES.logRetentionDays),
        loggingLevel: r.oneOf("loggingLevel", LOGGING_LEVELS, "ERROR"),
        throttlingRateLimit: r.number("throttlingRateLimit", RULES.throttlingRateLimit),
        throttlingBurstLimit: r.number("throttlingBurstLimit", RULES.throttlingBurstLimit),
        lambdaReservedConcurrency: r.number("lambdaReservedConcurrency", RULES.lambdaReservedConcurrency),
        lambdaMemoryMb: r.number("lambdaMemoryMb", RULES.lambdaMemoryMb),
        lambdaTimeoutSeconds: r.number("lambdaTimeoutSeconds", RULES.lambdaTimeoutSeconds),
        dlqRetentionSeconds: r.number("dlqRetentionSeconds", RULES.dlqRetentionSeconds),
        alarm5xxThreshold: r.number("alarm5xxThreshold", RULES.alarm5xxThreshold),
        alarmLatencyP99Ms: r.number("alarmLatencyP99Ms", RULES.alarmLatencyP99Ms),
        alarmLambdaErrorThreshold: r.number("alarmLambdaErrorThreshold", RULES.alarmLambdaErrorThreshold),
    };
    // A p99 alarm above the function's own timeout could never fire on slow backends.
    r.check(
        cfg.alarmLatencyP99Ms <= cfg.lambdaTimeoutSeconds * 1000,
        "alarmLatencyP99Ms",
        cfg.alarmLatencyP99Ms,
        `at most lambdaTimeoutSeconds × 1000 (${cfg.lambdaTimeoutSeconds * 1000}), or the alarm cannot fire before requests time out`,
    );
    return r.finish(cfg);
}
