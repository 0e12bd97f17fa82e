/**
 * Every config key of global-iam, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import {
    CommonConfig,
    ConfigReader,
    ConfigSource,
    LAYERS,
    PRINCIPAL_ARN,
    pulumiConfigSource,
    readCommonConfig,
} from "@baseline/lib";

export const PROJECT = LAYERS["global-iam"].project;

export interface GlobalIamConfig extends CommonConfig {
    /** Principals allowed to assume the human roles; `undefined` = this account's root (resolved once the account id is known). */
    readonly trustedPrincipals?: readonly string[];
    readonly maxSessionDurationSeconds: number;
    readonly mfaMaxAgeSeconds: number;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): GlobalIamConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(reader, { homeOnly: true, layer: "global-iam" });
    // Not set: default to the account root (known only at run time). Set: must be a non-empty list of ARNs.
    const trustedPrincipals =
        reader.raw("trustedPrincipals") === undefined
            ? undefined
            : reader.stringList("trustedPrincipals", {
                  nonEmpty: true,
                  item: PRINCIPAL_ARN,
                  describeItem: "IAM principal ARNs: arn:aws:iam::<12-digit account>:root, :role/<name> or :user/<name>",
              });
    const maxSessionDurationSeconds = reader.number("maxSessionDurationSeconds", { default: 3600, min: 3600, max: 43200 });
    const mfaMaxAgeSeconds = reader.number("mfaMaxAgeSeconds", { default: 3600, min: 300, max: 43200 });
    return reader.finish({ ...common, trustedPrincipals, maxSessionDurationSeconds, mfaMaxAgeSeconds });
}
