import { resourcePolicy } from "../../policy";
import { asArray, isCustomerManagedKey } from "../../util";

interface EventSelector {
    readonly includeManagementEvents?: boolean;
    readonly readWriteType?: string;
}

interface AdvancedSelector {
    readonly fieldSelectors?: { readonly field?: string; readonly equals?: readonly string[] }[];
}

/**
 * Whether a trail logs management events: with advanced selectors, one selects eventCategory
 * Management; with basic selectors, one includes them; with neither, CloudTrail logs them by default.
 */
function logsManagementEvents(p: Record<string, unknown>): boolean {
    const advanced = asArray<AdvancedSelector>(p["advancedEventSelectors"] as AdvancedSelector[]);
    if (advanced.length > 0)
        return advanced.some((s) =>
            asArray(s.fieldSelectors).some((f) => f.field === "eventCategory" && (f.equals ?? []).includes("Management")),
        );
    const basic = asArray<EventSelector>(p["eventSelectors"] as EventSelector[]);
    return basic.length === 0 || basic.some((s) => s.includeManagementEvents !== false);
}

/**
 * Every CloudTrail trail records what CloudTrail.1 asks for and keeps it
 * trustworthy: multi-region, logging on, global service events, read and write
 * management events, log file validation, SSE-KMS with a customer-managed key,
 * and delivery to CloudWatch Logs (the CIS metric-filter alarms read it there).
 * A trail of data events only (its advanced selectors select no management
 * events) needs no CloudWatch Logs delivery: a trail sends every event it logs
 * to its log group, and object-level events are kept out of the alarms' group
 * on purpose. Security Hub's CloudTrail.5 still reports such a trail.
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
        const management = logsManagementEvents(p);
        if (management && (!p["cloudWatchLogsGroupArn"] || !p["cloudWatchLogsRoleArn"]))
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
