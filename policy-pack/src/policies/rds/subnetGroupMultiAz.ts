import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

const TYPE = "aws:rds/subnetGroup:SubnetGroup";

/**
 * Baseline conformance: the database subnet group spans at least two subnets
 * (one per Availability Zone: Multi-AZ needs a standby's zone). RDS itself
 * requires "at least two Availability Zones" for a DB subnet group (Amazon RDS
 * User Guide, Working with DB subnet groups).
 *
 * Controls: RDS.5 (FSBP) in part.
 */
export const subnetGroupMultiAz = resourcePolicy({
    name: "rds-subnet-group-multi-az",
    description: "Baseline conformance: database subnet groups span at least two subnets.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: [],
    configKeys: ["conformanceProjects"],
    onUnknown: "defer",
    resourceTypes: [TYPE],
    validateResource: (args, reportViolation) => {
        if (args.type !== TYPE || !inConformanceScope(args.urn, args.getConfig<ConformanceConfig>())) return;
        const n = asArray(args.props["subnetIds"] as unknown[]).length;
        if (n < 2)
            reportViolation(`The subnet group has ${n} subnet(s): it needs one in each of at least two Availability Zones.`);
    },
});
