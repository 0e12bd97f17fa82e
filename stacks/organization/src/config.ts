/**
 * Every config key of the organization layer, read once and validated together, with the facts the
 * layer is built from (topology.yaml's accounts and regions, lib's name prefix and baseline tag): one
 * error lists every problem before any resource exists.
 */
import {
    ACCOUNTS,
    AccountEntry,
    BASELINE_TAG,
    CommonConfig,
    ConfigReader,
    ConfigSource,
    DEPLOY_REGIONS,
    DEPLOY_ROLE_NAME,
    GuardrailFacts,
    HOME_REGION,
    LAYERS,
    NAME_PREFIX,
    ORGANIZATION_MODE,
    TOPOLOGY,
    guardrailFactProblems,
    pulumiConfigSource,
    readCommonConfig,
} from "@baseline/lib";

export const PROJECT = LAYERS.organization.project;

/** The guardrail facts known before the organization exists (its id comes from AWS). */
export type StaticGuardrailFacts = Omit<GuardrailFacts, "organizationId">;

/** A placeholder organization id: the facts are checked before the real id exists. */
const PLACEHOLDER_ORGANIZATION_ID = "o-0000000000";

export interface OrganizationConfig extends CommonConfig {
    readonly management: AccountEntry;
    readonly logArchive: AccountEntry;
    readonly securityTooling: AccountEntry;
    readonly workloads: readonly AccountEntry[];
    readonly guardrails: StaticGuardrailFacts;
}

export function readConfig(source: ConfigSource = pulumiConfigSource(), stack?: string): OrganizationConfig {
    const reader = new ConfigReader(PROJECT, source, stack);
    const common = readCommonConfig(reader, { homeOnly: true, layer: "organization" });
    const of = (kind: AccountEntry["kind"]) => ACCOUNTS.filter((a) => a.kind === kind);
    reader.check(
        ORGANIZATION_MODE,
        "accounts",
        undefined,
        `an accounts section in ${TOPOLOGY.file}: the organization layer exists only in organization mode`,
    );
    const [management] = of("management");
    const [logArchive] = of("log-archive");
    const [securityTooling] = of("security-tooling");
    // The stack belongs to the management account: AWS Organizations is managed only from there.
    if (common.account && management) {
        reader.check(
            common.account.name === management.name,
            "(stack name)",
            common.account.name,
            `the management account's stack, ${management.name} (${TOPOLOGY.file})`,
        );
    }
    const guardrails: StaticGuardrailFacts = {
        regions: DEPLOY_REGIONS,
        homeRegion: HOME_REGION,
        deployRoleName: DEPLOY_ROLE_NAME,
        namePrefix: NAME_PREFIX,
        baselineTag: BASELINE_TAG,
    };
    // Each problem reads "<fact>: <what is wrong>"; the facts come from topology.yaml and lib.
    for (const problem of guardrailFactProblems({ ...guardrails, organizationId: PLACEHOLDER_ORGANIZATION_ID })) {
        const [fact, ...rest] = problem.split(": ");
        reader.problem(`(guardrail fact) ${fact}`, guardrails[fact as keyof StaticGuardrailFacts], rest.join(": "));
    }
    return reader.finish({
        ...common,
        management: management!,
        logArchive: logArchive!,
        securityTooling: securityTooling!,
        workloads: of("workload"),
        guardrails,
    });
}

/**
 * The management account is the one the deploy credentials reach: the organization is created or
 * adopted from there, and its id is what topology.yaml declares. Checked before any resource exists.
 */
export function checkCallerAccount(cfg: OrganizationConfig, callerAccountId: string): void {
    if (callerAccountId !== cfg.management.id) {
        throw new Error(
            `${PROJECT}: the credentials reach account ${callerAccountId}, but ${TOPOLOGY.file} declares the management ` +
                `account ${cfg.management.name} as ${cfg.management.id}; deploy the organization layer with the management account's credentials`,
        );
    }
}
