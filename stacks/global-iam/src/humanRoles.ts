import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { names } from "@baseline/lib";
import { HUMAN_ROLE_POLICIES, ROLE_NAMES, humanTrustPolicy } from "./policies";

/** Logged by the program when `trustedPrincipals` is empty (the default). */
export const NO_HUMAN_ROLES_MESSAGE =
    "no human access roles (admin, auditor): trustedPrincipals is empty. Set it to the principals that may " +
    "assume them, e.g. pulumi config set --path 'trustedPrincipals[0]' arn:aws:iam::<account>:role/<admins> " +
    '(see docs/deploying.md, "What a fresh account changes").';

export interface HumanRolesArgs {
    /** Principal ARNs allowed to assume the roles (with MFA). */
    readonly trustedPrincipals: readonly string[];
    readonly maxSessionDurationSeconds: number;
    readonly mfaMaxAgeSeconds: number;
}

/**
 * Human access through roles only (no IAM users, no access keys): an administrator and a read-only
 * auditor, both requiring recent MFA and short sessions.
 */
export class HumanRoles extends pulumi.ComponentResource {
    readonly admin: aws.iam.Role;
    readonly auditor: aws.iam.Role;

    constructor(name: string, args: HumanRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("baseline:global-iam:HumanRoles", name, {}, opts);
        const trustPolicy = JSON.stringify(humanTrustPolicy(args.trustedPrincipals, args.mfaMaxAgeSeconds));
        const role = (key: "admin" | "auditor", description: string) => {
            const r = new aws.iam.Role(
                `${name}-${ROLE_NAMES[key]}`,
                {
                    name: ROLE_NAMES[key],
                    path: names.rolePath,
                    description,
                    assumeRolePolicy: trustPolicy,
                    maxSessionDuration: args.maxSessionDurationSeconds,
                },
                { parent: this },
            );
            HUMAN_ROLE_POLICIES[key].forEach((policyArn, i) => {
                new aws.iam.RolePolicyAttachment(`${name}-${ROLE_NAMES[key]}-${i}`, { role: r.name, policyArn }, { parent: r });
            });
            return r;
        };
        this.admin = role("admin", "Administrator access with MFA");
        this.auditor = role("auditor", "Read-only security audit access with MFA");
        this.registerOutputs({});
    }
}
