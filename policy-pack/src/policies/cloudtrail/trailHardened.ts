import { resourcePolicy } from "../../policy";
import { asArray, isCustomerManagedKey } from "../../util";

interface EventSelector {
    readonly includeManagementEvents?: boolean;
    readonly readWriteType?: string;
}

/**
 * Every CloudTrail trail records what CloudTrail.1 asks for and keeps it
 * trustworthy: multi-region, logging on, global service events, read and write
 * management events, log file validation, SSE-KMS with a customer-managed key,
 * and delivery to CloudWatch Logs (the CIS metric-filter alarms read it there).
 *
 * Controls: CloudTrail.1, CloudTrail.2, CloudTrail.4, CloudTrail.5 (FSBP; CIS v3.0.0 3.1, 3.5, 3.2).
 */
export const trailHardened = resourcePolicy({
    name: "cloudtrail-trail-hardened",
    description: "CloudTrail trails are multi-region, logging, validated, KMS-encrypted and delivered to CloudWatch Logs.",
    enforcementLevel: "mandatory",
    severity: "high",
    service: "cloudtrail",
    controls: ["CloudTrail.1", "CloudTrail.2", "CloudTrail.4", "CloudTrail.5"],
    onUnknown: "defer",
    resourceTypes: ["aws:cloudtrail/trail:Trail"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:cloudtrail/trail:Trail") return;
        const p = args.props;
        const problems: string[] = [];
        if (p["isMultiRegionTrail"] !== true) problems.push("isMultiRegionTrail must be true");
        if (p["enableLogging"] === false) problems.push("enableLogging must not be false");
        if (p["includeGlobalServiceEvents"] === false) problems.push("includeGlobalServiceEvents must not be false");
        if (p["enableLogFileValidation"] !== true) problems.push("enableLogFileValidation must be true");
        if (!isCustomerManagedKey(p["kmsKeyId"])) problems.push("kmsKeyId must be a customer-managed key");
        if (!p["cloudWatchLogsGroupArn"] || !p["cloudWatchLogsRoleArn"])
            problems.push("cloudWatchLogsGroupArn and cloudWatchLogsRoleArn must be set");
        const selectors = asArray<EventSelector>(p["eventSelectors"] as EventSelector[]);
        if (
            selectors.length > 0 &&
            !selectors.some((s) => s.includeManagementEvents !== false && (s.readWriteType ?? "All") === "All")
        )
            problems.push("an event selector must include read and write management events");
        if (problems.length > 0) reportViolation(`Trail: ${problems.join("; ")}.`);
    },
});
