/**
 * What the organization's layers and the member stacks check before they register anything in
 * organization mode: that the stack belongs to the account its layer runs in, and that the
 * organization stack they read knows the accounts of topology.yaml by the same ids.
 */
import { ConfigReader } from "./config";
import { ORGANIZATION_MODE, TOPOLOGY } from "./environment";
import { AccountEntry, AccountKind } from "./topology";
import { UpstreamError } from "./upstream";

/**
 * Records a config problem unless the stack (named after its account) belongs to an account of
 * `kind`: an organization layer has no stacks without topology.yaml's `accounts`, and its stack
 * in another account would build the log archive or the delegated administration in the wrong place.
 */
export function requireAccountKind(
    reader: ConfigReader,
    account: AccountEntry | undefined,
    layer: string,
    kind: AccountKind,
): void {
    if (!ORGANIZATION_MODE) {
        reader.problem(
            "(stack name)",
            reader.stack,
            `the ${layer} layer runs only in organization mode: ${TOPOLOGY.file} has no accounts section`,
        );
    } else if (account && account.kind !== kind) {
        reader.problem(
            "(stack name)",
            reader.stack,
            `a stack of the ${kind} account (${TOPOLOGY.file}); account ${account.name} is a ${account.kind} account`,
        );
    }
}

/**
 * The organization stack's `accountIds` must name each of `accounts` with topology.yaml's id: a
 * mismatch means the stack was deployed from another topology (or another organization), and the
 * bucket and key policies built from it would admit the wrong accounts.
 */
export function assertOrganizationAccounts(
    accountIds: Readonly<Record<string, string>>,
    accounts: readonly AccountEntry[],
): void {
    const wrong = accounts.filter((a) => accountIds[a.name] !== a.id);
    if (wrong.length === 0) return;
    throw new UpstreamError(
        `the organization stack's accountIds disagree with ${TOPOLOGY.file}: ` +
            wrong
                .map((a) => `${a.name} is ${a.id} in the topology, ${accountIds[a.name] ?? "(absent)"} in the stack`)
                .join("; ") +
            `. Deploy the organization layer from this topology first, or fix the accounts section.`,
    );
}
