import { ResourceValidationArgs } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";
import { asArray, PolicyStatement, policyStatements } from "../../util";

/** True for `Allow` of every action (`*` or `*:*`) on every resource. */
export function isAdminStatement(s: PolicyStatement): boolean {
    return s.Effect === "Allow" && asArray(s.Action).some((a) => a === "*" || a === "*:*") && asArray(s.Resource).includes("*");
}

const POLICY_PROPERTY: Readonly<Record<string, string>> = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
};

function documents(args: ResourceValidationArgs): { where: string; doc: unknown }[] {
    const key = POLICY_PROPERTY[args.type];
    if (key !== undefined) return [{ where: key, doc: args.props[key] }];
    if (args.type === "aws:iam/role:Role")
        return asArray<{ name?: string; policy?: unknown }>(args.props["inlinePolicies"]).map((p, i) => ({
            where: `inlinePolicies[${p.name ?? i}]`,
            doc: p.policy,
        }));
    return [];
}

/**
 * No customer-managed or inline IAM policy allows all actions on all resources
 * (`"Action": "*"`, `"Resource": "*"`). Checks `aws.iam.Policy`, `RolePolicy`,
 * `UserPolicy`, `GroupPolicy` and `aws.iam.Role.inlinePolicies`.
 *
 * Controls: IAM.1 (FSBP).
 */
export const noAdminStatements = resourcePolicy({
    name: "iam-no-admin-statements",
    description: "No IAM policy statement allows '*' actions on '*' resources.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: ["IAM.1"],
    validateResource: (args, reportViolation) => {
        for (const { where, doc } of documents(args)) {
            const admin = (policyStatements(doc) ?? []).filter(isAdminStatement);
            for (const s of admin)
                reportViolation(`${where}: statement ${s.Sid ? `'${s.Sid}' ` : ""}allows '*' actions on '*' resources.`);
        }
    },
});
