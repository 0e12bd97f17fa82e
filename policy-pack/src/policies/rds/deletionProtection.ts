import { resourcePolicy } from "../../policy";
import { RDS_CLUSTER, RDS_INSTANCE, rdsLabel } from "./kinds";

/**
 * RDS instances and clusters have deletion protection (`deletionProtection:
 * true`), on top of Pulumi's `protect`, which only guards against `pulumi destroy`.
 *
 * Controls: RDS.8 (FSBP).
 */
export const rdsDeletionProtection = resourcePolicy({
    name: "rds-deletion-protection",
    description: "RDS instances and clusters have deletion protection enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: ["RDS.8"],
    onUnknown: "fail",
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER],
    validateResource: (args, reportViolation) => {
        if (args.type !== RDS_INSTANCE && args.type !== RDS_CLUSTER) return;
        if (args.props["deletionProtection"] !== true)
            reportViolation(`${rdsLabel(args.type)} has no deletion protection: set deletionProtection: true.`);
    },
});
