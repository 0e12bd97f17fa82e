import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";

/**
 * RDS instances have deletion protection (`deletionProtection: true`), on top of
 * Pulumi's `protect`, which only guards against `pulumi destroy`.
 *
 * Controls: RDS.8 (FSBP).
 */
export const rdsDeletionProtection = resourcePolicy({
    name: "rds-deletion-protection",
    description: "RDS instances have deletion protection enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: ["RDS.8"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, reportViolation) => {
        if (db.deletionProtection !== true)
            reportViolation("RDS instance has no deletion protection: set deletionProtection: true.");
    }),
});
