import { ConformanceConfig, inConformanceScope } from "../../conformance";
import { PackConfig } from "../../config";
import { resourcePolicy } from "../../policy";
import { asArray, isCustomerManagedKey } from "../../util";

const DELIVERY = "aws:cfg/deliveryChannel:DeliveryChannel";
const CONFIG_AGGREGATOR = "aws:cfg/configurationAggregator:ConfigurationAggregator";
const FINDING_AGGREGATOR = "aws:securityhub/findingAggregator:FindingAggregator";

type Config = ConformanceConfig & Pick<PackConfig, "aggregatedRegions" | "homeRegion">;

/**
 * Baseline conformance: what AWS Config records reaches its encrypted bucket,
 * and the aggregators see every baseline region. The delivery channel names a
 * bucket and a customer-managed key; the Config aggregator covers all regions
 * or every one of `aggregatedRegions`; the Security Hub finding aggregator links
 * all regions, or every one of `aggregatedRegions` besides its own.
 *
 * Controls: Config.1 (FSBP) for the delivery; none for the aggregators (the README's cross-region view).
 */
export const deliveryAndAggregation = resourcePolicy({
    name: "detection-delivery-and-aggregation",
    description: "Baseline conformance: Config delivers to an encrypted bucket; the aggregators cover every baseline region.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "config",
    controls: [],
    configKeys: ["conformanceProjects", "aggregatedRegions", "homeRegion"],
    onUnknown: "defer",
    resourceTypes: [DELIVERY, CONFIG_AGGREGATOR, FINDING_AGGREGATOR],
    validateResource: (args, reportViolation) => {
        const cfg = args.getConfig<Config>();
        if (!inConformanceScope(args.urn, cfg)) return;
        const p = args.props;
        if (args.type === DELIVERY) {
            if (!p["s3BucketName"]) reportViolation("The delivery channel names no bucket.");
            if (!isCustomerManagedKey(p["s3KmsKeyArn"]))
                reportViolation(
                    "The delivery channel has no customer-managed s3KmsKeyArn: Config's records would not be encrypted with the logs key.",
                );
        }
        if (args.type === CONFIG_AGGREGATOR) {
            const src = (p["accountAggregationSource"] ?? p["organizationAggregationSource"]) as
                { allRegions?: boolean; regions?: string[] } | undefined;
            const regions = asArray<string>(src?.regions);
            const missing = src?.allRegions ? [] : cfg.aggregatedRegions.filter((r) => !regions.includes(r));
            if (missing.length > 0) reportViolation(`The Config aggregator does not cover ${missing.join(", ")}.`);
        }
        if (args.type === FINDING_AGGREGATOR) {
            const mode = String(p["linkingMode"] ?? "");
            const listed = asArray<string>(p["specifiedRegions"] as string[]);
            const wanted = cfg.aggregatedRegions.filter((r) => r !== cfg.homeRegion);
            const missing =
                mode === "ALL_REGIONS"
                    ? []
                    : mode === "ALL_REGIONS_EXCEPT_SPECIFIED"
                      ? wanted.filter((r) => listed.includes(r))
                      : wanted.filter((r) => !listed.includes(r));
            if (missing.length > 0) reportViolation(`The Security Hub finding aggregator does not link ${missing.join(", ")}.`);
        }
    },
});
