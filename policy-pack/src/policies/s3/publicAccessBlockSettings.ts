import { resourcePolicy } from "../../policy";
import { ifKnown } from "../../unknown";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

const TYPES = [
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
];

/**
 * Every public access block a stack declares, bucket or account level, enables
 * all four settings, whether or not the stack owns the bucket: a block with a
 * setting off, for a bucket of another stack or for the whole account, turns
 * that protection off where the bucket's own stack cannot see it.
 *
 * Only the four flags decide: they are literals in any honest program (unknown
 * flags fail). The bucket is read for the message alone, and only when a flag is
 * off: a block written the way the Pulumi docs write it (`bucket: bucket.id`, the
 * id unknown until the bucket exists) passes at preview.
 *
 * Controls: S3.1 (FSBP, CIS v3.0.0 2.1.4; account level), S3.8 (bucket level).
 */
export const publicAccessBlockSettings = resourcePolicy({
    name: "s3-public-access-block-settings",
    description: "Every S3 public access block (bucket and account level) enables all four settings.",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: ["S3.1", "S3.8"],
    onUnknown: "fail",
    resourceTypes: TYPES,
    validateResource: (args, reportViolation) => {
        if (!TYPES.includes(args.type)) return;
        const off = FLAGS.filter((f) => args.props[f] !== true);
        if (off.length === 0) return;
        const bucket = ifKnown(() => args.props["bucket"]);
        const scope = args.type.includes("account")
            ? "Account-level"
            : `Bucket ${bucket === undefined ? "(known after the bucket is created)" : String(bucket)}`;
        reportViolation(`${scope} public access block does not enable ${off.join(", ")}.`);
    },
});
