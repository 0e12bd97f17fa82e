import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { tagOf } from "../../tags";
import { RDS_CLUSTER, RDS_CLUSTER_INSTANCE, RDS_INSTANCE, rdsLabel } from "./kinds";

type Config = Pick<PackConfig, "productionTags">;

/** Engines whose RDS flavour has no IAM database authentication. */
const NO_IAM_AUTH = /^(sqlserver|oracle|db2|custom)/;

/**
 * Production databases (tagged with `productionTags`, default
 * `Environment: Production`, on the database or through its provider's
 * `defaultTags`: src/tags.ts) survive an AZ failure and patch themselves:
 * instances are Multi-AZ, instances and clusters use IAM database
 * authentication (where the engine has it), and automatic minor version
 * upgrades stay on for instances and cluster instances.
 *
 * Controls: RDS.5, RDS.10 (FSBP), RDS.13 (FSBP, CIS v3.0.0 2.3.2).
 */
export const rdsProductionResilience = resourcePolicy({
    name: "rds-production-resilience",
    description: "Production RDS databases are Multi-AZ, use IAM authentication and keep automatic minor version upgrades.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "rds",
    controls: ["RDS.5", "RDS.10", "RDS.13"],
    configKeys: ["productionTags"],
    onUnknown: "fail",
    resourceTypes: [RDS_INSTANCE, RDS_CLUSTER, RDS_CLUSTER_INSTANCE],
    validateResource: (args, reportViolation) => {
        const what = rdsLabel(args.type);
        if (what === undefined) return;
        const { productionTags } = args.getConfig<Config>();
        // Tags computed from another resource decide only whether the policy applies: tagOf defers.
        if (!Object.entries(productionTags).every(([k, v]) => tagOf(args, k) === v)) return;
        const p = args.props;
        const problems: string[] = [];
        if (args.type === RDS_INSTANCE && p["multiAz"] !== true) problems.push("multiAz must be true");
        if (
            args.type !== RDS_CLUSTER_INSTANCE &&
            !NO_IAM_AUTH.test(String(p["engine"] ?? "")) &&
            p["iamDatabaseAuthenticationEnabled"] !== true
        )
            problems.push("iamDatabaseAuthenticationEnabled must be true");
        if (args.type !== RDS_CLUSTER && p["autoMinorVersionUpgrade"] === false)
            problems.push("autoMinorVersionUpgrade must not be false");
        if (problems.length > 0) reportViolation(`Production ${what}: ${problems.join("; ")}.`);
    },
});
