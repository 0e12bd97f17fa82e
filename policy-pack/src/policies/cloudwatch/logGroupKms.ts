import { validateResourceOfType } from "@pulumi/policy";
import { aws } from "../../awsResources";
import { resourcePolicy } from "../../policy";
import { isCustomerManagedKey } from "../../util";

/**
 * CloudWatch log groups are encrypted with a customer-managed KMS key (`kmsKeyId`).
 *
 * Controls: no Security Hub control; AWS Config CLOUDWATCH_LOG_GROUP_ENCRYPTED,
 * cdk-nag NIST.800.53.R5-CloudWatchLogGroupEncrypted, checkov CKV_AWS_158.
 */
export const logGroupKms = resourcePolicy({
    name: "cloudwatch-log-group-cmk",
    description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "cloudwatch",
    controls: [],
    onUnknown: "defer",
    validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (lg, _args, reportViolation) => {
        if (!isCustomerManagedKey(lg.kmsKeyId))
            reportViolation("Log group is not encrypted with a customer-managed key: set kmsKeyId to the logs CMK.");
    }),
});
