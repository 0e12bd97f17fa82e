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
    /**
     * Principals allowed to assume the human roles. Empty (the default): no human roles are created.
     * A fresh account chooses them explicitly; defaulting to the account root would let any principal
     * of the account with MFA and sts:AssumeRole become administrator.
     */
    readonly trustedPrincipals: readonly string[];
    readonly maxSessionDurationSeconds: number;
    readonly mfaMaxAgeSeconds: number;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): GlobalIamConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(reader, { homeOnly: true, layer: "global-iam" });
    const trustedPrincipals = reader.stringList("trustedPrincipals", {
        default: [],
        item: PRINCIPAL_ARN,
        describeItem:
            "IAM principal ARNs: arn:aws:iam::<12-digit account>:root, :role/<path/name> (Identity Center: " +
            ":role/aws-reserved/sso.amazonaws.com/<region>/AWSReservedSSO_<set>_<id>) or :user/<name>",
    });
    const dupes = trustedPrincipals.filter((p, i) => trustedPrincipals.indexOf(p) !== i);
    reader.check(dupes.length === 0, "trustedPrincipals", dupes, "each principal at most once");
    const maxSessionDurationSeconds = reader.number("maxSessionDurationSeconds", { default: 3600, min: 3600, max: 43200 });
    const mfaMaxAgeSeconds = reader.number("mfaMaxAgeSeconds", { default: 3600, min: 300, max: 43200 });
    return reader.finish({ ...common, trustedPrincipals, maxSessionDurationSeconds, mfaMaxAgeSeconds });
}
