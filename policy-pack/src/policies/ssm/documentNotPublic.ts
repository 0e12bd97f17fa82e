import { resourcePolicy } from "../../policy";

/**
 * No Systems Manager document is shared with every AWS account: `permissions: { type: "Share", accountIds:
 * "All" }` makes it public ("accountIds: The AWS user accounts that should have access to the document. The
 * account IDs can either be a group of account IDs or All", @pulumi/aws), and with it whatever the document's
 * steps reveal (commands, paths, parameter names). Sharing with named accounts is judged by
 * aws-no-foreign-account-references where it names one.
 *
 * Controls: SSM.4 (FSBP).
 */
export const ssmDocumentNotPublic = resourcePolicy({
    name: "ssm-document-not-public",
    description: "Systems Manager documents are not shared with all AWS accounts.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "ssm",
    controls: ["SSM.4"],
    onUnknown: "defer",
    resourceTypes: ["aws:ssm/document:Document"],
    validateResource: (args, reportViolation) => {
        if (args.type !== "aws:ssm/document:Document") return;
        const p = args.props["permissions"] as { type?: unknown; accountIds?: unknown } | undefined;
        const accounts = typeof p?.accountIds === "string" ? p.accountIds.split(",").map((a) => a.trim()) : [];
        if (accounts.some((a) => a.toLowerCase() === "all"))
            reportViolation(
                'Document is shared with accountIds "All": every AWS account can read and run it; name the accounts instead.',
            );
    },
});
