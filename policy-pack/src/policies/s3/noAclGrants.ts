import { resourcePolicy } from "../../policy";
import { asArray } from "../../util";

/** Canned ACLs that grant nothing beyond the bucket owner. */
const PRIVATE_ACLS = ["private", "bucket-owner-full-control", "bucket-owner-read"];

const ACL_TYPES = [
    "aws:s3/bucket:Bucket",
    "aws:s3/bucketV2:BucketV2",
    "aws:s3/bucketAcl:BucketAcl",
    "aws:s3/bucketAclV2:BucketAclV2",
    "aws:s3/bucketObject:BucketObject",
    "aws:s3/bucketObjectv2:BucketObjectv2",
    "aws:s3/objectCopy:ObjectCopy",
];
const OWNERSHIP = "aws:s3/bucketOwnershipControls:BucketOwnershipControls";

interface Grant {
    readonly type?: string;
    readonly uri?: string;
    readonly id?: string;
    readonly grantee?: Grant;
}

/**
 * No S3 ACL grants access: no canned ACL other than private / bucket-owner-*, no
 * grant to a group (AllUsers, AuthenticatedUsers, LogDelivery) or to a canonical
 * user other than the ACL's owner, on buckets and objects; and bucket ownership
 * controls stay `BucketOwnerEnforced`, which disables ACLs altogether.
 *
 * A bucket for CloudFront standard logging (legacy) needs ACLs ("Your bucket must have access
 * control list (ACL) enabled", CloudFront developer guide), and is refused here too, with a message
 * naming standard logging (v2), which delivers without ACLs. Exempting it would take the stack's
 * distributions, which a resource policy does not see; a stack policy sees them, but runs after the
 * update under `pulumi up --skip-preview`, and this policy must stop a public ACL before it is applied.
 *
 * Controls: S3.12 (FSBP: ACLs disabled), S3.2 and S3.3 (public read / write through ACLs).
 */
export const noAclGrants = resourcePolicy({
    name: "s3-no-acl-grants",
    description: "S3 ACLs grant nothing beyond the owner, and ownership controls keep ACLs disabled (BucketOwnerEnforced).",
    enforcementLevel: "mandatory",
    severity: "critical",
    service: "s3",
    controls: ["S3.12", "S3.2", "S3.3"],
    onUnknown: "defer",
    resourceTypes: [...ACL_TYPES, OWNERSHIP],
    validateResource: (args, reportViolation) => {
        const p = args.props;
        if (args.type === OWNERSHIP) {
            const o = (p["rule"] as { objectOwnership?: string } | undefined)?.objectOwnership;
            if (o !== "BucketOwnerEnforced")
                reportViolation(
                    `Ownership controls are '${o ?? "(none)"}', which enables ACLs: use BucketOwnerEnforced ` +
                        "(for CloudFront access logs, standard logging v2 delivers to S3 without ACLs).",
                );
            return;
        }
        if (!ACL_TYPES.includes(args.type)) return;
        const acl = p["acl"];
        if (typeof acl === "string" && !PRIVATE_ACLS.includes(acl))
            reportViolation(`Canned ACL '${acl}' grants access beyond the owner.`);
        const policy = p["accessControlPolicy"] as { grants?: Grant[]; owner?: { id?: string } } | undefined;
        const owner = policy?.owner?.id;
        const grants = [...asArray<Grant>(p["grants"] as Grant[]), ...asArray(policy?.grants)];
        for (const g of grants) {
            const who = g.grantee ?? g;
            if (who.type === "Group" || who.uri !== undefined)
                reportViolation(`ACL grants access to the group ${who.uri ?? "(unnamed)"}.`);
            else if (who.type === "AmazonCustomerByEmail" || (who.id !== undefined && who.id !== owner))
                reportViolation(`ACL grants access to ${who.id ?? "an e-mail grantee"}, who is not the bucket owner.`);
        }
    },
});
