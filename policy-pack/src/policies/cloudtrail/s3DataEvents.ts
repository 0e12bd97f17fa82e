import { StackValidationArgs } from "@pulumi/policy";
import { stackPolicy } from "../../policy";
import { asArray } from "../../util";

type FieldSelector = { field?: string; equals?: string[]; startsWiths?: string[]; endsWiths?: string[] };

/** Fields a selector may set without narrowing "every bucket's objects" (exclusions are `not...`); limiting the buckets by ARN is a documented choice (see below). */
const NOT_NARROWING = ["eventCategory", "resources.type", "readOnly", "resources.ARN"];

/** True when an advanced selector logs S3 object data events, read and write (no readOnly filter, or both). */
function logsS3DataEvents(selectors: unknown): boolean {
    const reads = new Set<string>();
    for (const s of asArray(selectors as { fieldSelectors?: FieldSelector[] }[])) {
        const fields = asArray(s.fieldSelectors);
        const eq = (f: string) => fields.find((x) => x.field === f)?.equals ?? [];
        if (!eq("eventCategory").includes("Data") || !eq("resources.type").includes("AWS::S3::Object")) continue;
        // A positive match on any other field (resources.ARN startsWith one bucket, eventName equals ...) narrows the selector.
        if (
            fields.some(
                (f) => !NOT_NARROWING.includes(String(f.field)) && (f.equals ?? f.startsWiths ?? f.endsWiths) !== undefined,
            )
        )
            continue;
        const readOnly = fields.find((x) => x.field === "readOnly");
        if (!readOnly) return true;
        for (const v of readOnly.equals ?? []) reads.add(v);
    }
    return reads.has("true") && reads.has("false");
}

/** The same for basic event selectors: an AWS::S3::Object data resource with readWriteType All. */
function basicLogsS3DataEvents(selectors: unknown): boolean {
    return asArray(selectors as { readWriteType?: string; dataResources?: { type?: string; values?: string[] }[] }[]).some(
        (s) =>
            (s.readWriteType ?? "All") === "All" &&
            asArray(s.dataResources).some(
                // `arn:aws:s3` (or `arn:aws:s3:::`) is every bucket; a bucket's own prefix is one bucket.
                (d) => d.type === "AWS::S3::Object" && asArray(d.values).some((v) => /^arn:[^:]+:s3(:::)?$/.test(v)),
            ),
    );
}

/**
 * A stack with a multi-region trail has one (that one or another multi-region trail of the stack) that
 * logs S3 object-level data events, read and write: the baseline keeps them on a trail of their own, so
 * the trail that feeds the CIS alarms' log group carries management events only. A selector may limit
 * the buckets by ARN (the baseline's data buckets, or every bucket but the trail's own), which this
 * policy does not judge.
 *
 * Controls: S3.22, S3.23 (CIS v3.0.0 3.8, 3.9).
 */
export const trailS3DataEvents = stackPolicy({
    name: "cloudtrail-s3-data-events",
    description: "A multi-region CloudTrail trail of the stack logs S3 object-level read and write data events.",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "cloudtrail",
    controls: ["S3.22", "S3.23"],
    // Reads ids, names and tags; an unknown one at preview is left to the engine.
    onUnknown: "defer",
    resourceTypes: ["aws:cloudtrail/trail:Trail"],
    remediationSteps:
        "Add a multi-region trail (or an advanced event selector) with eventCategory Data and resources.type AWS::S3::Object (no readOnly filter).",
    validateStack: (args: StackValidationArgs, reportViolation) => {
        const trails = args.resources.filter(
            (r) => r.type === "aws:cloudtrail/trail:Trail" && r.props["isMultiRegionTrail"] === true,
        );
        if (trails.length === 0) return;
        if (
            trails.some(
                (t) => logsS3DataEvents(t.props["advancedEventSelectors"]) || basicLogsS3DataEvents(t.props["eventSelectors"]),
            )
        )
            return;
        reportViolation("No multi-region trail logs S3 data events for both reads and writes (CIS 3.8, 3.9).", trails[0].urn);
    },
});
