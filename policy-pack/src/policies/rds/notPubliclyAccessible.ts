import { resourcePolicy } from "../../policy";
import { RDS_CLUSTER_INSTANCE, RDS_INSTANCE, rdsLabel } from "./kinds";

/**
 * RDS instances and cluster instances are not publicly accessible
 * (`publiclyAccessible` unset or false).
 *
 * Controls: RDS.2 (FSBP, CIS v3.0.0 2.3.3).
 */
export const rdsNotPubliclyAccessible = resourcePolicy({
    name: "rds-not-publicly-accessible",
    description: "RDS instances and cluster instances are not publicly accessible.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "rds",
    controls: ["RDS.2"],
    onUnknown: "fail",
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER_INSTANCE],
    validateResource: (args, reportViolation) => {
        if (args.type !== RDS_INSTANCE && args.type !== RDS_CLUSTER_INSTANCE) return;
        if (args.props["publiclyAccessible"] === true)
            reportViolation(`${rdsLabel(args.type)} is publicly accessible: set publiclyAccessible: false.`);
    },
});
