import { resourcePolicy } from "../../policy";
import { asArray, isCustomerManagedKey } from "../../util";

interface FieldSelector {
    readonly field?: string;
    readonly equals?: readonly string[];
    readonly notEquals?: readonly string[];
    readonly startsWiths?: readonly string[];
    readonly notStartsWiths?: readonly string[];
    readonly endsWiths?: readonly string[];
    readonly notEndsWiths?: readonly string[];
}

/**
 * True when an advanced selector logs every management event, read and write:
 * `eventCategory` equals Management and no other field narrows it (a `readOnly`
 * selector keeps only reads or only writes; an `eventSource` one keeps some
 * services).
 */
export function logsAllManagementEvents(selectors: readonly { fieldSelectors?: readonly FieldSelector[] }[]): boolean {
    return selectors.some((sel) => {
        const fields = asArray<FieldSelector>(sel.fieldSelectors as FieldSelector[]);
        const category = fields.find((f) => f.field === "eventCategory");
        if (!category || !asArray(category.equals as string[]).includes("Management")) return false;
        return fields.every((f) => f === category);
    });
}

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
 * events, or its basic selectors all set `includeManagementEvents: false`) is
 * judged neither on its management events nor on CloudWatch Logs delivery: it
 * needs no log group, since a trail sends every event it logs
 * to its log group, and object-level events are kept out of the alarms' group
 * on purpose. Security Hub's CloudTrail.5 still reports such a trail. Nor need
 * it be multi-region or include global service events: CloudTrail.1 is an
 * account's finding, met by one trail ("Checks if there is at least one
 * multi-region AWS CloudTrail", Config rule multi-region-cloudtrail-enabled,
 * which asks that trail for read and write management events), and global
 * service events are the management events of IAM, STS and CloudFront. Its
 * log file validation and customer-managed key are judged as any trail's.
 *
 * Controls: CloudTrail.1, CloudTrail.2, CloudTrail.4, CloudTrail.5 (FSBP; CIS v3.0.0 3.1, 3.5, 3.2).
 */
export const trailHardened = resourcePolicy({
    name: "cloudtrail-trail-hardened",
    description:
        "CloudTrail trails are logging, validated and KMS-encrypted; a trail of management events is also multi-region and delivered to CloudWatch Logs.",
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
        const management = logsManagementEvents(p);
        // CloudTrail.1 is met by the account's multi-region trail of management events: a trail of data events only
        // is an addition to it, free to cover one region, and global service events are management events.
        if (management && p["isMultiRegionTrail"] !== true) problems.push("isMultiRegionTrail must be true");
        if (p["enableLogging"] === false) problems.push("enableLogging must not be false");
        if (management && p["includeGlobalServiceEvents"] === false)
            problems.push("includeGlobalServiceEvents must not be false");
        if (p["enableLogFileValidation"] !== true) problems.push("enableLogFileValidation must be true");
        if (!isCustomerManagedKey(p["kmsKeyId"])) problems.push("kmsKeyId must be a customer-managed key");
        if (management && (!p["cloudWatchLogsGroupArn"] || !p["cloudWatchLogsRoleArn"]))
            problems.push("cloudWatchLogsGroupArn and cloudWatchLogsRoleArn must be set");
        const advanced = asArray<{ fieldSelectors?: FieldSelector[] }>(p["advancedEventSelectors"] as never);
        const selectors = asArray<EventSelector>(p["eventSelectors"] as EventSelector[]);
        // CloudTrail takes one kind or the other; a program that sets both is judged on both.
        // A trail of data events only selects no management event at all, with either kind of
        // selector (advanced: no eventCategory Management; basic: includeManagementEvents false on
        // every selector); one that selects some must select them all.
        if (advanced.length > 0 && management && !logsAllManagementEvents(advanced))
            problems.push(
                "an advanced event selector must log every management event (eventCategory Management, not narrowed by readOnly or eventSource)",
            );
        if (
            selectors.length > 0 &&
            management &&
            !selectors.some((s) => s.includeManagementEvents !== false && (s.readWriteType ?? "All") === "All")
        )
            problems.push("an event selector must include read and write management events");
        if (problems.length > 0) reportViolation(`Trail: ${problems.join("; ")}.`);
    },
});
