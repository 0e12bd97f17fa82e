import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { accountOf, judgedAccounts } from "../../accounts";
import { S3_BUCKET_TYPES } from "../../util";
import { SSE_CONFIG_TYPES } from "./encryption";

type Config = Pick<PackConfig, "accountIds" | "conformanceProjects">;

/**
 * S3 default encryption uses a KMS key of the organization's own accounts: a
 * key ARN of another account hands that account the power to read (or to
 * lock away) everything written to the bucket. The organization's accounts are
 * those it declares: `accountIds`, or the provider's `allowedAccountIds`. With
 * neither, the policy stays silent, as the pack's other "another account" checks
 * do on an unknown account: a central key account of the same organization is a
 * common design, and the account the stack's ARNs name most (accounts.ts) is only
 * the stack's own, and changes with the resources added beside the bucket. The
 * baseline's own stacks (`conformanceProjects`) keep that account when none is
 * declared: they are built in one account by design (`judgedAccounts`).
 *
 * Controls: none in Security Hub (S3.17 only asks for SSE-KMS).
 */
export const bucketKeyOwnAccount = stackPolicy({
    name: "s3-bucket-key-own-account",
    description: "S3 default encryption uses KMS keys of the organization's own accounts.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "s3",
    controls: [],
    configKeys: ["accountIds", "conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [...SSE_CONFIG_TYPES],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const own = judgedAccounts(args.resources, cfg.accountIds, cfg.conformanceProjects);
        if (own.size === 0) return;
        const sources = args.resources.filter(
            (r) =>
                (SSE_CONFIG_TYPES as readonly string[]).includes(r.type) ||
                (S3_BUCKET_TYPES as readonly string[]).includes(r.type),
        );
        for (const r of sources) {
            const rules = [
                ...((r.props["rules"] as unknown[] | undefined) ?? []),
                ...[(r.props["serverSideEncryptionConfiguration"] as { rule?: unknown } | undefined)?.rule].filter(
                    (x) => x !== undefined,
                ),
            ] as { applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: unknown } }[];
            for (const rule of rules) {
                const key = rule.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
                const account = typeof key === "string" ? accountOf(key) : undefined;
                if (account !== undefined && !own.has(account))
                    reportViolation(
                        `Default encryption uses KMS key ${String(key)} of account ${account}, which is not this organization's (${[...own].join(", ")}).`,
                        r.urn,
                    );
            }
        }
    },
});
