import { StackValidationArgs } from "@pulumi/policy";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { judgedAccounts } from "../../accounts";
import { judgeEach } from "../../unknown";
import { documentFindings, RESOURCE_POLICY_PROPERTIES, resourceRegion, TRUST_POLICY_PROPERTIES } from "../../principals";

type Config = Pick<PackConfig, "accountIds" | "organizationIds" | "conformanceProjects">;

/**
 * Every resource policy (S3, KMS, SNS, SQS, Secrets Manager, API Gateway, ECR,
 * Backup, EFS, EventBridge, CloudWatch Logs, OpenSearch) and every role trust
 * policy of the stack grants only to the stack's own accounts: a principal of
 * another account is reported (a trust to one needs a literal sts:ExternalId),
 * and `*` counts as pinned only by a condition that names the stack's own
 * account, organization, endpoint or source (a wildcard, variable or another
 * account's id in aws:PrincipalArn, aws:SourceAccount, kms:CallerAccount, ...
 * pins no one). The organization's accounts are those it declares: `accountIds` or
 * the providers' `allowedAccountIds`. With neither, an account principal is not
 * reported: the account most of the stack's ARNs name is only the stack's own, a
 * grant to a central ops or security account of the same organization is the usual
 * design, and one unrelated resource more could change which account that is (the
 * baseline's own stacks, `conformanceProjects`, keep that account: they are built in
 * one account by design, see `judgedAccounts`); `*` is judged whatever the
 * configuration. AWS's own accounts are
 * not another account where AWS documents them, and only there (awsOwnedAccounts.ts):
 * the Region's Elastic Load Balancing account granted `s3:PutObject` in an access-log
 * bucket policy, and the AmazonIpSpaceChanged topic as an `aws:SourceArn`. A `*` that the holder's own design
 * already opens is not reported either (openByDesign.ts): Invoke on a REGIONAL or EDGE REST API, and the
 * domain's own ARN of an OpenSearch domain in a VPC with fine-grained access control.
 *
 * Controls: none in Security Hub; IAM Access Analyzer reports the same grants as external access.
 */
export const foreignPrincipals = stackPolicy({
    name: "aws-no-foreign-principals",
    description:
        "Resource and trust policies grant only to the stack's own accounts, and '*' only under a condition that names them or where the resource's own settings decide who reaches it.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "general",
    controls: [],
    configKeys: ["accountIds", "organizationIds", "conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [...Object.keys(RESOURCE_POLICY_PROPERTIES), ...Object.keys(TRUST_POLICY_PROPERTIES)],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const id = {
            accounts: judgedAccounts(args.resources, cfg.accountIds, cfg.conformanceProjects),
            orgIds: new Set(cfg.organizationIds),
        };
        // A document unknown at preview (built from outputs) defers that resource to the update, not the others.
        judgeEach(args.resources, (r) => {
            const trustKey = TRUST_POLICY_PROPERTIES[r.type];
            const key = trustKey ?? RESOURCE_POLICY_PROPERTIES[r.type];
            if (key === undefined) return;
            const doc = r.props[key];
            if (doc === undefined || doc === "") return;
            const at = { type: r.type, region: resourceRegion(r), props: r.props };
            for (const m of documentFindings(doc, id, trustKey !== undefined, at))
                reportViolation(`${r.type.split(":")[1]} '${r.name}' ${key}: ${m}`, r.urn);
        });
    },
});
