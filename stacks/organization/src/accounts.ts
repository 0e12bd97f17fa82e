/**
 * The member accounts of topology.yaml: log-archive and security-tooling in the Security OU, every
 * workload account in the Workloads OU. Existing accounts are imported under their declared ids
 * (docs/organization-guardrails.md); an account created here gets the deploy role as its
 * organization access role, so the pipeline reaches it the same way as every other account.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AccountEntry } from "@baseline/lib";

export interface MemberAccountsArgs {
    readonly securityOuId: pulumi.Input<string>;
    readonly workloadsOuId: pulumi.Input<string>;
    /** Accounts of the Security OU (log-archive, security-tooling). */
    readonly security: readonly AccountEntry[];
    readonly workloads: readonly AccountEntry[];
    /** The role Organizations creates in a new account, trusting the management account: the deploy role. */
    readonly deployRoleName: string;
}

/**
 * An account whose id AWS reports differs from topology.yaml's: every deploy role ARN and stack of that
 * account would point at another account. Undefined while the id is unknown (a preview) or when it matches.
 */
export function accountIdMismatch(entry: AccountEntry, actualId: string | undefined): string | undefined {
    if (actualId === undefined || actualId === "" || actualId === entry.id) return undefined;
    return (
        `account ${entry.name} (${entry.email ?? "no email"}) is ${actualId} in AWS Organizations, but topology.yaml ` +
        `declares ${entry.id}: write ${actualId} into its id, then deploy again`
    );
}

export class MemberAccounts extends pulumi.ComponentResource {
    /** The accounts by name. */
    public readonly accounts: Readonly<Record<string, aws.organizations.Account>>;

    constructor(name: string, args: MemberAccountsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:organization:MemberAccounts", name, {}, opts);
        const account = (entry: AccountEntry, parentId: pulumi.Input<string>) => {
            if (entry.email === undefined)
                throw new Error(`account ${entry.name}: a member account needs an email (topology.yaml)`);
            const created = new aws.organizations.Account(
                `${name}-${entry.name}`,
                {
                    name: entry.name,
                    email: entry.email,
                    parentId,
                    roleName: args.deployRoleName,
                    // Removing the resource takes the account out of the organization; it never closes it.
                    closeOnDeletion: false,
                    // Billing stays with the root user and the management account, not the member's IAM roles.
                    iamUserAccessToBilling: "DENY",
                },
                {
                    parent: this,
                    protect: true,
                    // Organizations cannot read either back after creation; on an imported account they would
                    // show a change forever, and a change of iamUserAccessToBilling would replace the account.
                    ignoreChanges: ["roleName", "iamUserAccessToBilling"],
                },
            );
            created.id.apply((id) => {
                const mismatch = accountIdMismatch(entry, id);
                if (mismatch) throw new Error(mismatch);
            });
            return [entry.name, created] as const;
        };
        this.accounts = Object.fromEntries([
            ...args.security.map((e) => account(e, args.securityOuId)),
            ...args.workloads.map((e) => account(e, args.workloadsOuId)),
        ]);
        this.registerOutputs({});
    }
}
