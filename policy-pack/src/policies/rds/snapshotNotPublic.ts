import { resourcePolicy } from "../../policy";
import { deferred } from "../../unknown";
import { asArray } from "../../util";

const TYPES = ["aws:rds/snapshot:Snapshot", "aws:rds/clusterSnapshot:ClusterSnapshot", "aws:rds/snapshotCopy:SnapshotCopy"];

/**
 * RDS snapshots are not public: `sharedAccounts` does not contain `all`, which
 * lets every AWS account copy or restore the database ("If the value all is
 * specified, then the Amazon RDS DB snapshot is public", IAM Access Analyzer API).
 *
 * Controls: none mapped; AWS Config RDS_SNAPSHOTS_PUBLIC_PROHIBITED.
 */
export const rdsSnapshotNotPublic = resourcePolicy({
    name: "rds-snapshot-not-public",
    description: "RDS snapshots are not shared with all accounts.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "rds",
    controls: [],
    onUnknown: "defer",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return;
        // Account ids computed from another resource (a partner stack's output) are not 'all':
        // an unknown list defers to `pulumi up` instead of failing the preview.
        const shared = deferred(() => asArray<unknown>(args.props["sharedAccounts"] as unknown[]).map(String));
        if (shared.some((a) => a.toLowerCase() === "all"))
            reportViolation(
                "Snapshot is shared with 'all': every AWS account can restore it. Share it with named accounts only.",
            );
    },
});
