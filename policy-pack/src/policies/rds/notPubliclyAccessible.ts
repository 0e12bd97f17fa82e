import * as aws from "@pulumi/aws";
import { validateResourceOfType } from "@pulumi/policy";
import { resourcePolicy } from "../../policy";

/**
 * RDS instances are not publicly accessible (`publiclyAccessible` unset or false).
 *
 * Controls: RDS.2 (FSBP, CIS v3.0.0 2.3.3).
 */
export const rdsNotPubliclyAccessible = resourcePolicy({
    name: "rds-not-publicly-accessible",
    description: "RDS instances are not publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "rds",
    controls: ["RDS.2"],
    onUnknown: "fail",
    validateResource: validateResourceOfType(aws.rds.Instance, (db, _args, reportViolation) => {
        if (db.publiclyAccessible === true)
            reportViolation("RDS instance is publicly accessible: set publiclyAccessible: false.");
    }),
});
