import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { accountsIn, OWN_ACCOUNT_REFERENCES, valuesAt } from "../../principals";
import { judgedAccounts } from "../../accounts";
import { isAwsOwnedSource } from "../../awsOwnedAccounts";

type Config = Pick<PackConfig, "accountIds" | "organizationIds" | "conformanceProjects">;

/**
 * Nothing is shared with, delivered to or borrowed from another account:
 * snapshots and AMIs shared with an account, alarms, EventBridge targets and
 * RDS event subscriptions sending to another account's topic, backups copied to
 * another account's vault, aliases, keys and roles of another account, API
 * integrations calling another account's function (the inputs are listed once,
 * in principals.ts). The organization's accounts are those it declares: `accountIds`
 * or the provider's `allowedAccountIds`. With neither, an account is not reported:
 * the account most of the stack's ARNs name is only the stack's own, and an alarm
 * to a central alerting account or a backup copied to a vault account of the same
 * organization is the usual design (the baseline's own stacks, `conformanceProjects`,
 * keep that account: they are built in one account by design, see `judgedAccounts`);
 * an ARN whose account is a wildcard names every account, and is reported whatever
 * the configuration. An AWS-owned resource the
 * stack consumes as AWS documents it is not another account's (awsOwnedAccounts.ts:
 * a subscription to a topic AWS publishes, such as AmazonIpSpaceChanged or the AMI and price
 * update topics, and the Lambda permission it needs). Another account's topic stays a
 * reference even as a subscription's source: the permission lets whoever may publish to it
 * invoke the function.
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
    configKeys: ["accountIds", "organizationIds", "conformanceProjects"],
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
        const own = judgedAccounts(args.resources, cfg.accountIds, cfg.conformanceProjects);
        for (const { r, path, account } of refs)
            if (account === "*")
                reportViolation(
                    `${r.type.split(":")[1]} '${r.name}' ${path.replace(/\[\]/g, "")} names every account (an ARN with a wildcard account): name the stack's own.`,
                    r.urn,
                );
            else if (own.size > 0 && !own.has(account))
                reportViolation(
                    `${r.type.split(":")[1]} '${r.name}' ${path.replace(/\[\]/g, "")} names account ${account}, which is not the stack's (${[...own].join(", ")}): keep it in the stack's own account, or list the account in accountIds.`,
                    r.urn,
                );
    },
});
