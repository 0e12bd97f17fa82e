import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { accountsIn, OWN_ACCOUNT_REFERENCES, stackIdentity, valuesAt } from "../../principals";
import { isAwsOwnedSource } from "../../awsOwnedAccounts";

type Config = Pick<PackConfig, "accountIds" | "organizationIds">;

/**
 * Nothing is shared with, delivered to or borrowed from another account:
 * snapshots and AMIs shared with an account, alarms, EventBridge targets and
 * RDS event subscriptions sending to another account's topic, backups copied to
 * another account's vault, aliases, keys and roles of another account, API
 * integrations calling another account's function (the inputs are listed once,
 * in principals.ts). The stack's accounts come from `accountIds`, the provider's
 * `allowedAccountIds`, or the ARNs its resources carry. An AWS-owned resource the
 * stack consumes as AWS documents it is not another account's (awsOwnedAccounts.ts:
 * a subscription to the AmazonIpSpaceChanged topic, and the Lambda permission it needs).
 *
 * Controls: none in Security Hub (RDS.4/EC2.1 cover public snapshots; this is the
 * same exposure to one named stranger).
 */
export const foreignReferences = stackPolicy({
    name: "aws-no-foreign-account-references",
    description: "Snapshots, alarms, event targets, backups, aliases, roles and integrations stay in the stack's own accounts.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "general",
    controls: [],
    configKeys: ["accountIds", "organizationIds"],
    onUnknown: "defer",
    resourceTypes: Object.keys(OWN_ACCOUNT_REFERENCES),
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        // Every reference is read first: one unknown at preview defers the policy to the update.
        const refs: { r: (typeof args.resources)[number]; path: string; account: string }[] = [];
        for (const r of args.resources)
            for (const path of OWN_ACCOUNT_REFERENCES[r.type] ?? [])
                for (const v of valuesAt(r.props, path)) {
                    // AWS's own resource where AWS documents consuming it (awsOwnedAccounts.ts): that value, at that input, only.
                    if (isAwsOwnedSource(r.type, path, v)) continue;
                    for (const account of accountsIn(v)) refs.push({ r, path, account });
                }
        const id = stackIdentity(args.resources, cfg.accountIds, cfg.organizationIds);
        if (id.accounts.size === 0) return;
        for (const { r, path, account } of refs)
            if (account === "*")
                reportViolation(
                    `${r.type.split(":")[1]} '${r.name}' ${path.replace(/\[\]/g, "")} names every account (an ARN with a wildcard account): name the stack's own.`,
                    r.urn,
                );
            else if (!id.accounts.has(account))
                reportViolation(
                    `${r.type.split(":")[1]} '${r.name}' ${path.replace(/\[\]/g, "")} names account ${account}, which is not the stack's (${[...id.accounts].join(", ")}): keep it in the stack's own account, or list the account in accountIds.`,
                    r.urn,
                );
    },
});
