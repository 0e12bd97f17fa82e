/**
 * Every config key of global-iam, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import { accountOfPrincipal, currentStackName, isAccountRoot, refusePrincipals } from "@baseline/lib/src/principals";
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
    /** The explicit acknowledgement that lets another account's root principal assume the human roles. */
    readonly allowForeignAccountRootPrincipals: boolean;
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
    const allowForeignAccountRootPrincipals = reader.bool("allowForeignAccountRootPrincipals", false);
    return reader.finish({
        ...common,
        trustedPrincipals,
        maxSessionDurationSeconds,
        mfaMaxAgeSeconds,
        allowForeignAccountRootPrincipals,
    });
}

/**
 * Another account's root (`arn:aws:iam::<other account>:root`) in `trustedPrincipals` hands the
 * AdministratorAccess role to that account: "specifying an account in the Principal element
 * delegates authority to the account" (IAM user guide, "AWS account principals"), so whoever that
 * account's administrators allow sts:AssumeRole, with MFA, becomes administrator here, out of this
 * account's sight. Refused unless `allowForeignAccountRootPrincipals` says it is meant. The account
 * is known only from STS at run time: the program calls this before registering any resource.
 */
export function checkTrustedPrincipals(cfg: GlobalIamConfig, accountId: string, stack?: string): void {
    if (cfg.allowForeignAccountRootPrincipals) return;
    refusePrincipals({
        stack: stack ?? currentStackName(PROJECT),
        key: `${PROJECT}:trustedPrincipals`,
        principals: cfg.trustedPrincipals,
        refuse: (arn) => isAccountRoot(arn) && accountOfPrincipal(arn) !== accountId,
        allowed:
            `a role or user of this account (${accountId}), or another account's specific role: another account's root ` +
            `lets every principal that account allows sts:AssumeRole (with MFA) become administrator here; set ` +
            `${PROJECT}:allowForeignAccountRootPrincipals=true to trust it deliberately`,
    });
}
