// The findings routing is shared with the delegated administrator's aggregation region (security-tooling layer).
export {
    FindingsRouting,
    FORWARDED_SEVERITIES,
    FORWARDED_STATUS,
    MARKER_NOTE_AUTHOR,
    markNotifiedDefinition,
    markerArn,
    markerLogDeliveryPolicy,
    markerRolePolicy,
    markerStartRolePolicy,
    markerStartTrustPolicy,
    markerTrustPolicy,
    securityHubFindingsPattern,
} from "@baseline/lib";
export type { FindingsRoutingArgs, MarkerContext } from "@baseline/lib";
