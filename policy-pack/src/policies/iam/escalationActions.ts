import { rawLabel, rawStatements } from "../../conditions";
import {
    broadResources,
    canRetagIam,
    canRetagServiceOf,
    grantsAllBroadly,
    confinedToAccount,
    DATA_ACTIONS,
    ESCALATION_ACTIONS,
    namedPermissionsManagement,
    narrowedByCondition,
    riskyActionsOf,
} from "../../escalation";
import { isPermissionsManagement } from "../../iam";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { identityDocuments, IDENTITY_POLICY_TYPES } from "./documents";

/**
 * No identity policy grants, on a broad resource, an action that escalates
 * privilege (Rhino Security Labs' methods: iam:CreatePolicyVersion,
 * iam:AttachRolePolicy, iam:UpdateAssumeRolePolicy, iam:CreateAccessKey,
 * iam:PassRole, lambda:UpdateFunctionCode, sts:AssumeRole, ...) or reads data
 * wholesale (kms:Decrypt, secretsmanager:GetSecretValue, s3:GetObject, ...),
 * whether named one by one or through a pattern. "Broad" is judged by meaning:
 * `*`, `arn:aws:s3:::*\/*`, `...:role*`, `arn:aws:kms:*:*:key/*` all name no
 * particular resource, unless a condition names which ones (kms:ResourceAliases,
 * kms:ViaService, aws:ResourceTag/..., iam:PassedToService, a permissions
 * boundary). The methods that run a passed role (ec2:RunInstances,
 * lambda:CreateFunction, cloudformation:CreateStack, ecs:RunTask, ...) count only
 * where the same document also grants a broad iam:PassRole: launching an instance
 * or creating a stack with no role to hand over gives the caller nothing it did not
 * have. Statements with `NotAction` are judged by `iam-no-allow-not-action`.
 *
 * Controls: IAM.1 (FSBP) in spirit: each is administrator access one step away.
 */
export const escalationActions = resourcePolicy({
    name: "iam-no-escalation-actions",
    description:
        "No IAM policy grants privilege-escalation actions (by name or pattern) or wholesale data reads on broad resources.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "iam",
    controls: ["IAM.1"],
    onUnknown: "defer",
    configKeys: ["forbiddenManagedPolicies"],
    resourceTypes: IDENTITY_POLICY_TYPES,
    validateResource: (args, reportViolation) => {
        // An iam:PolicyARN condition narrows an attach only to policies that are not these (escalation.ts).
        const { forbiddenManagedPolicies: forbidden } = args.getConfig<Pick<PackConfig, "forbiddenManagedPolicies">>();
        for (const { where, doc } of identityDocuments(args)) {
            const statements = rawStatements(doc);
            if (statements === undefined) continue;
            // A tag condition names resources only while the holder cannot tag others itself: IAM's tagging
            // counts for every statement (a role is tagged, then passed or assumed), a service's for its own.
            const retagIam = canRetagIam(statements);
            const retag = (s: (typeof statements)[number]) => retagIam || canRetagServiceOf(s, statements);
            // A PassRole method escalates only with a role to pass: the document must also grant iam:PassRole on
            // a broad resource, without a condition naming the roles or the service. A broad PassRole in another
            // policy of the principal is reported there, by this policy and by iam-pass-role-restricted; a
            // narrowed one passes only the roles it names.
            const passesAnyRole = statements.some(
                (s) =>
                    s.Effect === "Allow" &&
                    broadResources(s).length > 0 &&
                    !narrowedByCondition(s, forbidden, retag(s)) &&
                    riskyActionsOf(s, ESCALATION_ACTIONS).some((a) => a.action === "iam:PassRole"),
            );
            statements.forEach((s, i) => {
                if (s.Effect !== "Allow") return;
                const broad = broadResources(s);
                if (broad.length === 0 || narrowedByCondition(s, forbidden, retag(s))) return;
                const named = riskyActionsOf(s, ESCALATION_ACTIONS).filter(
                    (a) =>
                        (passesAnyRole || !a.withPassRole) &&
                        (a.needs === undefined ||
                            grantsAllBroadly(statements, a.needs, (t) => narrowedByCondition(t, forbidden, retag(t)))),
                );
                const risky = [
                    ...named,
                    // Resource-policy writes confined to the account's own resources are how remediation works
                    // (AWS Config's RestrictBucketSSLRequestsOnly rewrites any bucket's policy); beyond it, they expose.
                    ...(confinedToAccount(s) ? [] : namedPermissionsManagement(s, isPermissionsManagement)).filter(
                        (a) => !named.some((n) => n.action.toLowerCase() === a.action.toLowerCase()),
                    ),
                    ...riskyActionsOf(s, DATA_ACTIONS),
                ];
                if (risky.length === 0) return;
                reportViolation(
                    `${where}: ${rawLabel(s, i)} grants ${risky.map((a) => `${a.action} (${a.why})`).join(", ")} on ${broad.join(", ")}: name the resources it needs.`,
                );
            });
        }
    },
});
