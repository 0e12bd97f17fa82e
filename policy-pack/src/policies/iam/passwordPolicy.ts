import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";

type Config = Pick<PackConfig, "minPasswordLength" | "passwordReusePrevention" | "maxPasswordAgeDays">;

/**
 * The account password policy meets CIS: length >= 14, 24 remembered passwords,
 * all four character classes, and a maximum age (default 90 days).
 *
 * Controls: IAM.7 (FSBP), IAM.15 (CIS v3.0.0 1.8), IAM.16 (CIS v3.0.0 1.9).
 */
export const passwordPolicy = resourcePolicy({
    name: "iam-password-policy-cis",
    description: "The IAM account password policy meets the CIS values (length 14, reuse 24, all character classes, max age).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "iam",
    controls: ["IAM.7", "IAM.15", "IAM.16"],
    onUnknown: "fail",
    configKeys: ["minPasswordLength", "passwordReusePrevention", "maxPasswordAgeDays"],
    validateResource: validateResourceOfType(aws.iam.AccountPasswordPolicy, (pp, args, reportViolation) => {
        const cfg = args.getConfig<Config>();
        const problems: string[] = [];
        if ((pp.minimumPasswordLength ?? 0) < cfg.minPasswordLength)
            problems.push(`minimumPasswordLength must be >= ${cfg.minPasswordLength}`);
        if ((pp.passwordReusePrevention ?? 0) < cfg.passwordReusePrevention)
            problems.push(`passwordReusePrevention must be >= ${cfg.passwordReusePrevention}`);
        const age = pp.maxPasswordAge ?? 0;
        if (age < 1 || age > cfg.maxPasswordAgeDays)
            problems.push(`maxPasswordAge must be between 1 and ${cfg.maxPasswordAgeDays}`);
        for (const k of ["requireUppercaseCharacters", "requireLowercaseCharacters", "requireNumbers", "requireSymbols"] as const)
            if (pp[k] !== true) problems.push(`${k} must be true`);
        if (problems.length > 0) reportViolation(`Password policy: ${problems.join("; ")}.`);
    }),
});
