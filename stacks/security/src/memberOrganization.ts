/**
 * Organization mode: what a member account's security stack reads from the organization's layers,
 * checked before anything is registered. Single-account mode reads none of it.
 */
import {
    AccountEntry,
    HOME_REGION,
    TOPOLOGY,
    UpstreamError,
    UpstreamOptions,
    accountByKind,
    assertOrganizationAccounts,
    organizationTrailArn,
    organizationTrailBucketName,
    resolveUpstream,
} from "@baseline/lib";

export interface MemberOrganization {
    readonly organizationId: string;
    /** The organization trail that records this account (home region's stack: its ARN; elsewhere ""). */
    readonly organizationTrailArn: string;
    readonly trailBucketName: string;
    readonly delegatedAdminAccountId: string;
}

/**
 * Reads the organization, log-archive and security-tooling stacks and checks that they describe the
 * organization of topology.yaml: this account (global-iam's account id) under its name, the delegated
 * administrator, the organization trail of the management account and the log-archive bucket. A
 * mismatch means this account's detection would rest on another organization's trail and tooling.
 */
export async function resolveMemberOrganization(
    upstream: UpstreamOptions,
    account: AccountEntry,
    accountId: string,
): Promise<MemberOrganization> {
    const org = await resolveUpstream("organization", upstream);
    const logArchive = await resolveUpstream("log-archive", upstream);
    const tooling = await resolveUpstream("security-tooling", upstream);
    if (accountId !== account.id) {
        throw new UpstreamError(
            `global-iam reports account ${accountId}, but this stack is account ${account.name} (${account.id} in ${TOPOLOGY.file}): ` +
                `the credentials reach another account than the stack name says.`,
        );
    }
    const management = accountByKind("management");
    const logArchiveAccount = accountByKind("log-archive");
    const toolingAccount = accountByKind("security-tooling");
    assertOrganizationAccounts(org.accountIds, [account, management, logArchiveAccount, toolingAccount]);
    const problems: string[] = [];
    if (tooling.delegatedAdminAccountId !== toolingAccount.id)
        problems.push(
            `security-tooling's delegatedAdminAccountId is ${tooling.delegatedAdminAccountId}, not ${toolingAccount.id}`,
        );
    const trail = upstream.region === HOME_REGION ? organizationTrailArn(management.id) : "";
    if (tooling.organizationTrailArn !== trail)
        problems.push(
            `security-tooling's organizationTrailArn is ${JSON.stringify(tooling.organizationTrailArn)}, not ${JSON.stringify(trail)}`,
        );
    const bucket = organizationTrailBucketName(logArchiveAccount.id);
    if (logArchive.trailBucketName !== bucket)
        problems.push(`log-archive's trailBucketName is ${logArchive.trailBucketName}, not ${bucket}`);
    if (problems.length > 0) {
        throw new UpstreamError(
            `the organization's stacks disagree with ${TOPOLOGY.file}: ${problems.join("; ")}. ` +
                `Deploy the log-archive and security-tooling layers from this topology first.`,
        );
    }
    return {
        organizationId: org.organizationId,
        organizationTrailArn: tooling.organizationTrailArn,
        trailBucketName: logArchive.trailBucketName,
        delegatedAdminAccountId: tooling.delegatedAdminAccountId,
    };
}
