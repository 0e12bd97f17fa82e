import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { accountOf, stackAccounts } from "../../accounts";
import { S3_BUCKET_TYPES } from "../../util";
import { SSE_CONFIG_TYPES } from "./encryption";

type Config = Pick<PackConfig, "accountIds">;

/**
 * S3 default encryption uses a KMS key of the organization's own accounts: a
 * key ARN of another account hands that account the power to read (or to
 * lock away) everything written to the bucket. The stack's accounts are
 * `accountIds`, else the account its resources' ARNs name (see accounts.ts).
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
    configKeys: ["accountIds"],
    onUnknown: "defer",
    resourceTypes: [...SSE_CONFIG_TYPES],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const own = stackAccounts(args.resources, args.getConfig<Config>().accountIds);
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
                if (account !== undefined && own.size > 0 && !own.has(account))
                    reportViolation(
                        `Default encryption uses KMS key ${String(key)} of account ${account}, which is not this organization's (${[...own].join(", ")}).`,
                        r.urn,
                    );
            }
        }
    },
});
