/**
 * Every config key of the Deployments program, read once and validated together: one
 * ConfigValidationError lists every problem before any resource exists.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
    ConfigReader,
    ConfigSource,
    ORGANIZATION_MODE,
    TOPOLOGY,
    configKeyProblems,
    pulumiConfigSource,
    readProjectSpec,
} from "@baseline/lib";

export const PROJECT = "baseline-deployments";
export const PROJECT_FILE = path.resolve(__dirname, "..", "Pulumi.yaml");

export interface DeploymentsConfig {
    readonly repoUrl: string;
    readonly branch: string;
    readonly oidcRoleName: string;
    /** `XhYmZs`, as Pulumi Deployments' AWS OIDC settings take it. */
    readonly oidcSessionDuration: string;
}

/** An IAM role name (IAM's own pattern for RoleName: 1-64 of letters, digits and +=,.@_-). */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const REPO_URL = /^(https:\/\/[^\s@]+|git@[^\s:]+:[^\s]+)$/;
/** A branch name git accepts (git check-ref-format, the common subset): no spaces, `..`, leading `-` or `/`. */
const BRANCH = /^(?![-/])(?!.*\.\.)(?!.*\/$)[A-Za-z0-9._/-]+$/;
const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Seconds of an `XhYmZs` duration; undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
    const m = DURATION.exec(text);
    if (!m || text === "") return undefined;
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/**
 * The program's config source: Pulumi config, with the keys checked against this project's own
 * Pulumi.yaml (the provider's `pulumiservice:*` keys are the provider's to check).
 */
export function deploymentsConfigSource(base: ConfigSource = pulumiConfigSource()): ConfigSource {
    return {
        get: (key) => base.get(key),
        emptyMeansUnset: (key) => key === `${PROJECT}:repoUrl`,
        unknownKeys: () =>
            configKeyProblems(readProjectSpec(PROJECT_FILE), Object.keys(pulumi.runtime.allConfig()), {
                pulumiservice: "any",
                pulumi: "any",
            }),
    };
}

export function readConfig(source: ConfigSource = deploymentsConfigSource(), stack?: string): DeploymentsConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const repoUrl = reader.string("repoUrl", {
        pattern: REPO_URL,
        describe:
            "the git URL Pulumi Deployments clones this repository from: https://host/owner/repo.git or git@host:owner/repo.git",
    });
    const branch = reader.string("branch", { default: "main", pattern: BRANCH, describe: "a git branch name" });
    const oidcRoleName = reader.string("oidcRoleName", {
        default: "baseline-deployments",
        pattern: ROLE_NAME,
        describe: "an IAM role name (1-64 of letters, digits and +=,.@_-)",
    });
    const oidcSessionDuration = reader.string("oidcSessionDuration", { default: "1h0m0s" });
    const seconds = durationSeconds(oidcSessionDuration);
    // AssumeRoleWithWebIdentity, DurationSeconds: "The value can range from 900 seconds (15 minutes) up to the
    // maximum session duration setting for the role. This setting can have a value from 1 hour to 12 hours."
    reader.check(
        seconds !== undefined && seconds >= 900 && seconds <= 43200,
        "oidcSessionDuration",
        oidcSessionDuration,
        "a duration XhYmZs from 0h15m0s to 12h0m0s (AssumeRoleWithWebIdentity's range; at most the role's MaxSessionDuration)",
    );
    return reader.finish({ repoUrl, branch, oidcRoleName, oidcSessionDuration });
}

/**
 * The program chains an organization's stacks: without an `accounts` section there is no account to
 * give each stack OIDC credentials for. Thrown before anything is registered.
 */
export function requireOrganizationMode(): void {
    if (!ORGANIZATION_MODE)
        throw new Error(
            `${TOPOLOGY.file} declares no accounts: the Deployments program configures an organization's stacks ` +
                "(topology.yaml accounts, docs/organization.md); a single account deploys with deploy.yml",
        );
}
