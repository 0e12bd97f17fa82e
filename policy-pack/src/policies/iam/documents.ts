/**
 * The identity-policy documents a resource carries, shared by the IAM policies:
 * customer-managed policies, inline role/user/group policies, a role's
 * `inlinePolicies`, and an IAM Identity Center permission set's inline policy.
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import { asArray } from "../../util";
import { parseDocument, Statement, statementLabel } from "../../iam";

const POLICY_PROPERTY: Readonly<Record<string, string>> = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": "inlinePolicy",
};

/** Every resource type whose inputs carry an identity policy. */
export const IDENTITY_POLICY_TYPES = [...Object.keys(POLICY_PROPERTY), "aws:iam/role:Role"];

export interface IdentityDocument {
    /** Where the document sits, for messages: `policy`, `inlinePolicies[logs]`. */
    readonly where: string;
    readonly doc: unknown;
}

export function identityDocuments(args: ResourceValidationArgs): IdentityDocument[] {
    const key = POLICY_PROPERTY[args.type];
    if (key !== undefined) return args.props[key] === undefined ? [] : [{ where: key, doc: args.props[key] }];
    if (args.type === "aws:iam/role:Role")
        return asArray<{ name?: string; policy?: unknown }>(args.props["inlinePolicies"])
            .filter((p) => p.policy !== undefined)
            .map((p, i) => ({ where: `inlinePolicies[${p.name ?? i}]`, doc: p.policy }));
    return [];
}

/**
 * Runs `check` on every Allow statement of every identity document of the
 * resource and reports what it returns, prefixed with where the statement is.
 * Documents that do not parse are left to `iam-no-admin-statements`, which
 * reports them once.
 */
export function eachAllowStatement(
    args: ResourceValidationArgs,
    report: (message: string) => void,
    check: (s: Statement) => string | undefined,
): void {
    for (const { where, doc } of identityDocuments(args)) {
        const parsed = parseDocument(doc);
        if ("error" in parsed) continue;
        for (const s of parsed.statements) {
            if (!s.isAllow()) continue;
            const finding = check(s);
            if (finding !== undefined) report(`${where}: ${statementLabel(s)} ${finding}`);
        }
    }
}
