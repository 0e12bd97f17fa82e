import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";
import { isCustomerManagedKey } from "../../util";

/**
 * Secrets Manager secrets are encrypted with a customer-managed KMS key
 * (`kmsKeyId`; without it Secrets Manager uses `aws/secretsmanager`).
 *
 * Controls: no Security Hub control; AWS Config SECRETSMANAGER_USING_CMK.
 */
export const secretKms = resourcePolicy({
    name: "secretsmanager-secret-cmk",
    description: "Secrets Manager secrets are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "secretsmanager",
    controls: [],
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, _args, reportViolation) => {
        if (!isCustomerManagedKey(secret.kmsKeyId))
            reportViolation("Secret is not encrypted with a customer-managed key: set kmsKeyId to a CMK.");
    }),
});
