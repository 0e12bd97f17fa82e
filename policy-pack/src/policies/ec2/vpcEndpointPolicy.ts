import { StackValidationArgs } from "@pulumi/policy";
import {
    conditionEntries,
    conditionProblem,
    PINNING_KEYS,
    RESOURCE_KEYS,
    rawLabel,
    rawStatements,
    strings,
} from "../../conditions";
import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { PackConfig } from "../../config";
import { stackPolicy } from "../../policy";
import { accountsIn, stackIdentity } from "../../principals";

const TYPE = "aws:ec2/vpcEndpoint:VpcEndpoint";
const POLICY_TYPE = "aws:ec2/vpcEndpointPolicy:VpcEndpointPolicy";

type Config = ConformanceConfig & Pick<PackConfig, "accountIds" | "organizationIds">;

/**
 * Baseline conformance: the VPC endpoints' policies keep the network path to
 * the account's own resources (README: the S3 gateway endpoint reaches only
 * this account's data bucket, the execute-api endpoint only this account's
 * APIs). An endpoint without a policy gets "a default policy that allows full
 * access to the service" (AWS PrivateLink guide, endpoint policies); an Allow
 * statement must name resources of the stack's own account, or carry a
 * condition on the resource or caller (aws:ResourceAccount, aws:PrincipalAccount,
 * ...) that names it, and no ARN or condition may name another account.
 *
 * Controls: none in Security Hub.
 */
export const vpcEndpointPolicy = stackPolicy({
    name: "ec2-vpc-endpoint-policy-own-account",
    description: "Baseline conformance: VPC endpoint policies exist and reach only the account's own resources.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "ec2",
    controls: [],
    configKeys: ["conformanceProjects", "accountIds", "organizationIds"],
    onUnknown: "defer",
    resourceTypes: [TYPE, POLICY_TYPE],
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const cfg = args.getConfig<Config>();
        if (!inConformanceScope(args.resources[0]?.urn, cfg)) return;
        const id = stackIdentity(args.resources, cfg.accountIds, cfg.organizationIds);
        const keys = [...PINNING_KEYS, ...RESOURCE_KEYS];
        for (const r of args.resources.filter((x) => x.type === TYPE || x.type === POLICY_TYPE)) {
            const doc = r.props["policy"];
            if (doc === undefined || doc === "") {
                if (r.type === TYPE)
                    reportViolation(`Endpoint '${r.name}' has no policy: it allows full access to the service.`, r.urn);
                continue;
            }
            const statements = rawStatements(doc);
            if (!statements) {
                reportViolation(`Endpoint '${r.name}' policy is not a policy document.`, r.urn);
                continue;
            }
            statements.forEach((s, i) => {
                if (s.Effect !== "Allow") return;
                const label = `Endpoint '${r.name}' ${rawLabel(s, i)}`;
                const resources = strings(s.Resource);
                const foreign = [
                    ...resources.flatMap(accountsIn),
                    ...conditionEntries(s).flatMap((c) => c.values.flatMap(accountsIn)),
                ].filter((a) => id.accounts.size > 0 && !id.accounts.has(a));
                if (foreign.length > 0) {
                    reportViolation(`${label} names another account (${[...new Set(foreign)].join(", ")}).`, r.urn);
                    return;
                }
                const ownResources =
                    resources.length > 0 &&
                    resources.every(
                        (x) => accountsIn(x).length > 0 || (/^arn:[^:]+:s3:::[^*?]/.test(x) && !x.startsWith("arn:aws:s3:::*")),
                    );
                const pinned = conditionEntries(s).some(
                    (c) => keys.includes(c.key) && conditionProblem(c, id, keys) === undefined,
                );
                if (!ownResources && !pinned)
                    reportViolation(
                        `${label} allows ${JSON.stringify(s.Action ?? s.NotAction)} on ${JSON.stringify(s.Resource ?? s.NotResource)} with no condition naming the account.`,
                        r.urn,
                    );
            });
        }
    },
});
