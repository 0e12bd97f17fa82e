import { resourcePolicy } from "../../policy";

/**
 * SQS queues are encrypted at rest: `sqsManagedSseEnabled: false` without a
 * `kmsMasterKeyId` turns off the SSE-SQS encryption queues get by default.
 *
 * Controls: none mapped (the pack's control reference lists no SQS control).
 */
export const queueEncrypted = resourcePolicy({
    name: "sqs-queue-encrypted",
    description: "SQS queues are encrypted at rest (SSE-SQS or SSE-KMS).",
    enforcementLevel: "mandatory",
    severity: "medium",
    service: "sqs",
    controls: [],
    onUnknown: "defer",
    resourceTypes: ["aws:sqs/queue:Queue"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:sqs/queue:Queue") return;
        const kms = args.props["kmsMasterKeyId"];
        if (args.props["sqsManagedSseEnabled"] === false && (typeof kms !== "string" || kms === ""))
            reportViolation("SQS queue is not encrypted: sqsManagedSseEnabled is false and no kmsMasterKeyId is set.");
    },
});
